#pragma once
// Checks shared by the symmetry-group and symmetrised-model tests: bond lists as sets of site
// pairs, their image under a group element (computed here, not by BondSet), and the invariance of
// log psi under a group.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include "vitvmc/model/symmetry_group.hpp"
#include "vitvmc/model/wavefunction.hpp"

namespace vitvmc::test {

using BondPairs = std::set<std::pair<Index, Index>>;

/// The bonds as unordered site pairs.
inline BondPairs bond_pairs(const std::vector<Bond>& bonds) {
  BondPairs out;
  for (const Bond& b : bonds) out.insert(std::minmax(b.a, b.b));
  return out;
}

/// Image of a bond list under element g: source(g)[new] = old, so invert first.
inline BondPairs mapped(const SymmetryGroup& group, Index g, const BondPairs& bonds) {
  std::vector<Index> target(group.source(g).size());
  for (std::size_t s = 0; s < target.size(); ++s)
    target[static_cast<std::size_t>(group.source(g)[s])] = static_cast<Index>(s);
  BondPairs out;
  for (const auto& [a, b] : bonds)
    out.insert(
        std::minmax(target[static_cast<std::size_t>(a)], target[static_cast<std::size_t>(b)]));
  return out;
}

/// |exp(a - b) - 1|: compares two logs up to 2 pi i.
inline Real log_distance(Complex a, Complex b) { return std::abs(std::exp(a - b) - 1.0); }

/// log psi(g sigma) == log psi(sigma) within `tol` for every element g of `group` (the model's own
/// projection group, or a larger one).
inline void expect_invariant(const WaveFunction& model, const SymmetryGroup& group,
                             const ConfigBatch& configs, Real tol) {
  const ComplexVector reference = model.log_psi(configs);
  ConfigBatch moved(group.size(), configs.cols());
  for (Index s = 0; s < configs.rows(); ++s) {
    for (Index g = 0; g < group.size(); ++g)
      group.apply(g, configs.row(s).data(), moved.row(g).data());
    const ComplexVector lp = model.log_psi(moved);
    for (Index g = 0; g < group.size(); ++g)
      EXPECT_LT(log_distance(lp(g), reference(s)), tol) << "sample " << s << " element " << g;
  }
}

}  // namespace vitvmc::test
