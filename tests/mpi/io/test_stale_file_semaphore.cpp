// A rank killed inside MPI_File_open can leave Open MPI's per-basename semaphore
// (/dev/shm/sem.OMPIO_<basename>) taken. Files of that name must still open: the parallel opens
// remove such a semaphore first (src/io/ompio_semaphore.hpp). Without that the first test hangs
// until ctest's timeout.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <semaphore.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "io_test_support.hpp"
#include "ompio_semaphore.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc::io_test {
namespace {

/// A named POSIX semaphore created at `value` (0: taken, as a killed holder leaves it); unlinked at
/// scope exit.
class NamedSemaphore {
 public:
  NamedSemaphore(std::string name, unsigned value) : name_(std::move(name)) {
    handle_ = sem_open(name_.c_str(), O_CREAT | O_EXCL, 0644, value);
  }
  ~NamedSemaphore() {
    if (handle_ == SEM_FAILED) return;
    sem_close(handle_);
    sem_unlink(name_.c_str());
  }
  NamedSemaphore(const NamedSemaphore&) = delete;
  NamedSemaphore& operator=(const NamedSemaphore&) = delete;
  bool created() const { return handle_ != SEM_FAILED; }

 private:
  std::string name_;
  sem_t* handle_ = SEM_FAILED;
};

TEST(StaleFileSemaphore, FileOfThatNameStillOpensAndWrites) {
  ScratchDir dir("stale_sem");
  // Unique to this run (the directory's name holds rank 0's pid), so a failed (killed) run of the
  // test never blocks anything else.
  const std::string basename = std::filesystem::path(dir.path()).filename().string() + ".h5";
  std::unique_ptr<NamedSemaphore> taken;
  on_root([&] {
    taken = std::make_unique<NamedSemaphore>("/OMPIO_" + basename, 0);
    ASSERT_TRUE(taken->created()) << "could not create the semaphore OMPIO_" << basename;
  });
  {
    H5File file = h5_create_parallel(dir.file(basename), world());
    h5_write_attribute(file.id(), "rank_count", std::int32_t{world().size()});
  }
  const H5File reread = h5_open_serial(dir.file(basename), H5Access::kReadOnly);
  EXPECT_EQ(h5_read_attribute<std::int32_t>(reread.id(), "rank_count"), world().size());
  world().barrier();
}

bool semaphore_exists(const std::string& name) {
  sem_t* handle = sem_open(name.c_str(), 0);
  if (handle == SEM_FAILED) return false;
  sem_close(handle);
  return true;
}

// The guard removes a semaphore only when it stays taken: one at 1 belongs to a live open (or is
// harmless) and is left alone; one at 0 is removed.
TEST(StaleFileSemaphore, OnlyANamedSemaphoreIsRemoved) {
  const std::string basename = "vitvmc_sem_" + std::to_string(::getpid()) + ".h5";
  const std::string path = "/nonexistent/dir/" + basename;
  const std::string name = "/OMPIO_" + basename;
  EXPECT_FALSE(clear_stale_ompio_semaphore(path)) << "no semaphore: nothing to remove";
  {
    const NamedSemaphore free_one(name, 1);
    ASSERT_TRUE(free_one.created());
    EXPECT_FALSE(clear_stale_ompio_semaphore(path));
    EXPECT_TRUE(semaphore_exists(name));
  }
  {
    const NamedSemaphore taken(name, 0);
    ASSERT_TRUE(taken.created());
    EXPECT_TRUE(clear_stale_ompio_semaphore(path));
    EXPECT_FALSE(semaphore_exists(name));
  }
}

}  // namespace
}  // namespace vitvmc::io_test
