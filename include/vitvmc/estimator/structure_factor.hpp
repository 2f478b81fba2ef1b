#pragma once
/// \file structure_factor.hpp
/// The spin structure factor S(q) = (1/N) sum_ij <S^z_i S^z_j> exp(i q (r_i - r_j)) as a
/// per-sample observable: its average over samples of |psi|^2 (or weighted samples) is S(q).

#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// A wave vector (in 1/lattice spacing) and the name outputs use for it.
struct WaveVector {
  Real qx = 0;
  Real qy = 0;
  const char* name = "";
};

/// (pi, pi) (Neel order) and (pi, 0) (stripe order): what vmc_measure reports.
const std::vector<WaveVector>& reported_wave_vectors();

/// Per-sample S(q) = (1/N) |sum_i S^z_i e^{i q r_i}|^2 of every row of `configs` (real, stored
/// complex so that the energy statistics apply unchanged).
ComplexVector structure_factor_samples(const ConfigBatch& configs, const SquareLattice& lattice,
                                       const WaveVector& q);

}  // namespace vitvmc
