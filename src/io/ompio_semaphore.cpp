#include "ompio_semaphore.hpp"

#include <mpi.h>  // defines OPEN_MPI

#ifdef OPEN_MPI
#include <fcntl.h>
#include <semaphore.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "vitvmc/util/error_line.hpp"
#endif

namespace vitvmc {

#ifdef OPEN_MPI
namespace {

/// OMPIO's name for the semaphore of `path` ("OMPIO_%s" of the basename, at most 251 characters).
std::string ompio_semaphore_name(const std::string& path) {
  return ("OMPIO_" + std::filesystem::path(path).filename().string()).substr(0, 251);
}

/// True when `semaphore` can be taken within about a second (it is then given back at once).
bool becomes_free(sem_t* semaphore) {
  constexpr int kTries = 100;
  for (int i = 0; i < kTries; ++i) {
    if (sem_trywait(semaphore) == 0) {
      sem_post(semaphore);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

bool clear_stale_ompio_semaphore(const std::string& path) {
  const std::string name = ompio_semaphore_name(path);
  sem_t* semaphore = sem_open(name.c_str(), 0);
  if (semaphore == SEM_FAILED) return false;
  const bool stale = !becomes_free(semaphore);
  sem_close(semaphore);
  if (!stale || sem_unlink(name.c_str()) != 0) return false;
  write_error_line("note: removed /dev/shm/sem." + name +
                   ", an Open MPI semaphore left taken by a killed run (docs/running.md)");
  return true;
}

#else

bool clear_stale_ompio_semaphore(const std::string&) { return false; }

#endif

}  // namespace vitvmc
