#pragma once
/// \file parameter_store.hpp
/// ParameterStore: the one owner of theta, a contiguous real vector, with named slices
/// (name, offset, shape). Layers view their slices through Eigen::Map; checkpoints store the table.

#include <cstdint>
#include <string>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

struct ParameterSlice {
  std::string name;
  Index offset = 0;
  std::vector<Index> shape;  ///< row-major; a matrix is {rows, cols}
  Index size() const;
};

class ParameterStore {
 public:
  /// Appends a slice and zero-initialises it; returns its offset. Names must be unique.
  Index add(const std::string& name, std::vector<Index> shape);

  Index size() const { return values_.size(); }
  /// Mutable access counts as a change (generation()): fetch it again after a model call rather
  /// than writing through a reference kept from before one.
  RealVector& values() {
    ++generation_;
    return values_;
  }
  const RealVector& values() const { return values_; }
  const std::vector<ParameterSlice>& slices() const { return slices_; }
  /// Changes whenever theta may have changed (any mutable access): models key derived copies of
  /// theta (the float32 copy) on it.
  std::uint64_t generation() const { return generation_; }
  /// Throws std::out_of_range for an unknown name.
  const ParameterSlice& slice(const std::string& name) const;

  /// Row-major matrix view of a 2-D slice.
  Eigen::Map<RealMatrix> matrix(const ParameterSlice& s);
  Eigen::Map<const RealMatrix> matrix(const ParameterSlice& s) const;
  /// Flat vector view of any slice.
  Eigen::Map<RealVector> vector(const ParameterSlice& s);
  Eigen::Map<const RealVector> vector(const ParameterSlice& s) const;

 private:
  RealVector values_;
  std::vector<ParameterSlice> slices_;
  std::uint64_t generation_ = 0;
};

}  // namespace vitvmc
