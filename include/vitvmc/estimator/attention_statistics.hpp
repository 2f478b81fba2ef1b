#pragma once
/// \file attention_statistics.hpp
/// How much trained attention maps depend on the input (issue 12). For one layer and head mu,
/// with maps A_mu(sigma) (n x n, n patches) over configurations sigma drawn from |psi|^2:
///
///   mean map   Abar_mu = E_sigma A_mu(sigma)
///   spread     D_mu    = E_sigma ||A_mu(sigma) - Abar_mu||_F / ||Abar_mu||_F
///
/// E_sigma is the plain average over Markov samples (every sample counts 1/M), or the |psi|^2 / Z
/// weighted sum over the enumerated sector in exact mode. D = 0 exactly when the maps do not depend
/// on sigma (factored attention). The mean needs every sample before the spread, so the sums are
/// taken in two passes over the same samples: add_map_sums, reduce, then add_spread_sums, reduce.
/// Sums only; the caller reduces them over ranks (no MPI here).

#include <vector>

#include "vitvmc/lattice/patch_map.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// sum[mu, :] += w_s * maps[s * h + mu, :] over the samples s of `maps` ((B * h) x (n * n), the
/// layout of ViTWaveFunction::attention_maps). weights: B entries, or empty for 1 each. `sum` is
/// h x (n * n), resized and zeroed when empty.
void add_map_sums(const RealMatrix& maps, Index heads, const RealVector& weights, RealMatrix& sum);

/// spread[mu] += w_s * ||maps[s * h + mu, :] - mean[mu, :]||_2 (`spread` has h entries, resized
/// and zeroed when empty).
void add_spread_sums(const RealMatrix& maps, Index heads, const RealMatrix& mean,
                     const RealVector& weights, RealVector& spread);

/// D_mu = spread_mean[mu] / ||mean[mu, :]||_2 (spread_mean: the weighted average of the distances).
RealVector relative_spread(const RealVector& spread_mean, const RealMatrix& mean);

/// The translation average of h x (n * n) maps as a function of the patch displacement:
/// out[mu, k] = (1/n) sum_{I,J : displacement(I, J) = k} map[mu, I * n + J], h x n, k = dy * gx +
/// dx with (dx, dy) = (J - I) mod the patch grid: the table a factored-attention head learns.
RealMatrix translation_average(const RealMatrix& maps, const PatchMap& patches);

}  // namespace vitvmc
