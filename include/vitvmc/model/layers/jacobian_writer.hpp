#pragma once
/// \file jacobian_writer.hpp
/// Conventions of the batched reverse pass, shared by every layer.
///
/// Activations of a batch of B samples are row-major (B * rows) x width matrices, row s * rows + t
/// (rows = tokens per sample, or 1 after pooling). The adjoint of log psi is complex but the
/// network is real up to the last step, so adjoints travel as 2B "virtual samples": rows of virtual
/// sample v < B hold Re, rows of v = B + s hold Im of sample s. Every backward product is then a
/// real GEMM, and the forward activation of virtual row r is row r mod (B * rows).

#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// Writes per-sample gradients into the Jacobian O (B x P, complex, row-major).
class JacobianWriter {
 public:
  /// Sample s of the batch (of `batch` samples) is row first_row + s of `jacobian`, which must
  /// already have those rows (the model goes through a large batch in chunks). `buffer`, when
  /// given, backs scratch() and outlives the writer (reused across calls).
  JacobianWriter(ComplexMatrix& jacobian, Index batch, Index first_row = 0,
                 std::vector<Real>* buffer = nullptr)
      : jacobian_(jacobian),
        batch_(batch),
        first_row_(first_row),
        buffer_(buffer != nullptr ? buffer : &own_buffer_) {}
  JacobianWriter(const JacobianWriter&) = delete;
  JacobianWriter& operator=(const JacobianWriter&) = delete;

  Index batch() const { return batch_; }

  /// At least `size` reals of scratch for per-sample gradients, valid until the next call. Freshly
  /// allocated gradient temporaries cost page faults on every layer of every chunk.
  Real* scratch(Index size) {
    if (static_cast<Index>(buffer_->size()) < size) buffer_->resize(static_cast<std::size_t>(size));
    return buffer_->data();
  }

  /// O[first_row + s, offset + k] = re[k] + i im[k] for k < size.
  void set(Index sample, Index offset, const Real* re, const Real* im, Index size) {
    Complex* dst = jacobian_.data() + (first_row_ + sample) * jacobian_.cols() + offset;
    for (Index k = 0; k < size; ++k) dst[k] = Complex(re[k], im[k]);
  }

 private:
  ComplexMatrix& jacobian_;
  Index batch_;
  Index first_row_;
  std::vector<Real> own_buffer_;
  std::vector<Real>* buffer_;
};

}  // namespace vitvmc
