#pragma once
/// \file ed_reference.hpp
/// Test helpers: exact ground state of a lattice, and the entries of
/// tests/physics/data/j1j2_ed_reference.json (one vmc_ed --json line per entry).

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vitvmc/hamiltonian/j1j2.hpp"
#include "vitvmc/hamiltonian/lanczos.hpp"
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/hamiltonian/sz_zero_hamiltonian.hpp"

namespace vitvmc::testing {

inline GroundState exact_ground_state(Index lx, Index ly, Real j2, bool marshall, int threads = 1) {
  const SquareLattice lattice(lx, ly);
  const J1J2Hamiltonian h(lattice, 1.0, j2, marshall);
  const SzZeroBasis basis(lattice.n_sites());
  const SzZeroHamiltonian op(h, basis, threads);
  return lanczos_ground_state(op);
}

struct ReferenceEntry {
  Index lx, ly;
  Real j2;
  Index dimension;
  Real energy, energy_per_site;
};

// The "entries" array: one vmc_ed --json object per entry.
inline std::vector<ReferenceEntry> read_reference() {
  std::ifstream in(VITVMC_ED_REFERENCE_JSON);
  EXPECT_TRUE(in.good()) << VITVMC_ED_REFERENCE_JSON;
  std::vector<ReferenceEntry> entries;
  const nlohmann::json file = nlohmann::json::parse(in);
  for (const auto& e : file.at("entries")) {
    EXPECT_EQ(e.at("j1").get<Real>(), 1.0);
    entries.push_back({e.at("lx").get<Index>(), e.at("ly").get<Index>(), e.at("j2").get<Real>(),
                       e.at("dimension").get<Index>(), e.at("energy").get<Real>(),
                       e.at("energy_per_site").get<Real>()});
  }
  return entries;
}

}  // namespace vitvmc::testing
