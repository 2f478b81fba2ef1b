#pragma once
/// \file ed_reference.hpp
/// Test helpers: exact ground state of a lattice, and the entries of
/// tests/physics/data/j1j2_ed_reference.json (one vmc_ed --json line per entry).

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
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

// One entry per line, in vmc_ed --json format.
inline std::vector<ReferenceEntry> read_reference() {
  std::ifstream in(VITVMC_ED_REFERENCE_JSON);
  EXPECT_TRUE(in.good()) << VITVMC_ED_REFERENCE_JSON;
  const std::regex entry(
      R"(\{"lx":(\d+),"ly":(\d+),"j1":1,"j2":([-0-9.eE]+),"dimension":(\d+),"energy":([-0-9.eE]+),)"
      R"("energy_per_site":([-0-9.eE]+)\})");
  std::vector<ReferenceEntry> entries;
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!std::regex_search(line, m, entry)) continue;
    entries.push_back({std::stoll(m[1]), std::stoll(m[2]), std::stod(m[3]), std::stoll(m[4]),
                       std::stod(m[5]), std::stod(m[6])});
  }
  return entries;
}

}  // namespace vitvmc::testing
