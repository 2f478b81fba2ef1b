#include "vitvmc/support/scratch_dir.hpp"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <span>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/support/mpi_test_env.hpp"

namespace vitvmc::testing_support {

ScratchDir::ScratchDir(const std::string& tag) {
  std::int64_t pid = ::getpid();
  broadcast(std::span<std::int64_t>(&pid, 1), 0, world());
  path_ = (std::filesystem::temp_directory_path() /
           ("vitvmc_" + tag + "_" + std::to_string(pid) + "_np" + std::to_string(world().size())))
              .string();
  world().barrier();
  if (world().rank() == 0) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  world().barrier();
}

ScratchDir::~ScratchDir() {
  world().barrier();
  if (world().rank() == 0) std::filesystem::remove_all(path_);
}

}  // namespace vitvmc::testing_support
