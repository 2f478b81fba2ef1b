// A rank killed inside MPI_File_open can leave Open MPI's per-basename semaphore
// (/dev/shm/sem.OMPIO_<basename>) taken. Files of that name must still open: MpiEnvironment keeps
// OMPIO's sm shared-file-pointer component out. Without that this test hangs until ctest's timeout.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <semaphore.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "io_test_support.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc::io_test {
namespace {

/// A named POSIX semaphore created at value 0, as a killed holder leaves it; unlinked at scope
/// exit.
class TakenSemaphore {
 public:
  explicit TakenSemaphore(std::string name) : name_(std::move(name)) {
    handle_ = sem_open(name_.c_str(), O_CREAT | O_EXCL, 0644, 0);
  }
  ~TakenSemaphore() {
    if (handle_ == SEM_FAILED) return;
    sem_close(handle_);
    sem_unlink(name_.c_str());
  }
  TakenSemaphore(const TakenSemaphore&) = delete;
  TakenSemaphore& operator=(const TakenSemaphore&) = delete;
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
  std::unique_ptr<TakenSemaphore> taken;
  on_root([&] {
    taken = std::make_unique<TakenSemaphore>("/OMPIO_" + basename);
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

}  // namespace
}  // namespace vitvmc::io_test
