#pragma once
/// \file ompio_semaphore.hpp
/// A guard against a defect of Open MPI's OMPIO (sharedfp/sm, the component it takes when all
/// ranks share one node): every MPI_File_open creates a POSIX semaphore named after the file's
/// basename alone (/dev/shm/sem.OMPIO_<basename>, shared by every job on the machine), and rank 0
/// takes and releases it once. A rank killed between the two leaves it at 0, and every later open
/// of a file with that name on the machine then waits forever.

#include <string>

namespace vitvmc {

/// Removes OMPIO's semaphore for `path`'s basename when it stays taken for a second (a live open
/// holds it for microseconds; a replacement starts at 1, and a job still holding the old one keeps
/// its own copy). Call on one rank before a parallel open; does nothing without Open MPI or when
/// there is no such semaphore (the usual case). Returns true when it removed one.
bool clear_stale_ompio_semaphore(const std::string& path);

}  // namespace vitvmc
