#include "vitvmc/model/parameter_store.hpp"

#include <stdexcept>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

Index ParameterSlice::size() const {
  Index n = 1;
  for (Index extent : shape) n *= extent;
  return n;
}

Index ParameterStore::add(const std::string& name, std::vector<Index> shape) {
  for (const ParameterSlice& s : slices_) VITVMC_REQUIRE(s.name != name, "duplicate slice " + name);
  ParameterSlice slice{name, values_.size(), std::move(shape)};
  const Index old_size = values_.size();
  values_.conservativeResize(old_size + slice.size());
  values_.tail(slice.size()).setZero();
  slices_.push_back(std::move(slice));
  ++generation_;
  return old_size;
}

const ParameterSlice& ParameterStore::slice(const std::string& name) const {
  for (const ParameterSlice& s : slices_)
    if (s.name == name) return s;
  throw std::out_of_range("no parameter slice named " + name);
}

namespace {
void require_matrix(const ParameterSlice& s) {
  VITVMC_REQUIRE(s.shape.size() == 2, "slice " + s.name + " is not a matrix");
}
}  // namespace

Eigen::Map<RealMatrix> ParameterStore::matrix(const ParameterSlice& s) {
  require_matrix(s);
  ++generation_;
  return {values_.data() + s.offset, s.shape[0], s.shape[1]};
}

Eigen::Map<const RealMatrix> ParameterStore::matrix(const ParameterSlice& s) const {
  require_matrix(s);
  return {values_.data() + s.offset, s.shape[0], s.shape[1]};
}

Eigen::Map<RealVector> ParameterStore::vector(const ParameterSlice& s) {
  ++generation_;
  return {values_.data() + s.offset, s.size()};
}

Eigen::Map<const RealVector> ParameterStore::vector(const ParameterSlice& s) const {
  return {values_.data() + s.offset, s.size()};
}

}  // namespace vitvmc
