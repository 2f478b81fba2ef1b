#pragma once
/// \file communicator.hpp
/// Communicator: move-only owner of an MPI communicator (MPI_Comm_dup / MPI_Comm_free).
/// Passed explicitly to everything that communicates.

#include <mpi.h>

namespace vitvmc {

class Communicator {
 public:
  Communicator() = default;
  /// Duplicates `comm`; the duplicate is freed by the destructor.
  static Communicator duplicate(MPI_Comm comm);
  ~Communicator();
  Communicator(Communicator&& other) noexcept;
  Communicator& operator=(Communicator&& other) noexcept;
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

  /// Splits into sub-communicators by `color`, ordered by `key` (MPI_Comm_split).
  Communicator split(int color, int key) const;
  /// The ranks that share this rank's node (memory), in rank order (MPI_Comm_split_type shared).
  Communicator split_by_node() const;

  int rank() const;
  int size() const;
  void barrier() const;
  MPI_Comm raw() const { return comm_; }

 private:
  explicit Communicator(MPI_Comm owned) : comm_(owned) {}
  MPI_Comm comm_ = MPI_COMM_NULL;
};

}  // namespace vitvmc
