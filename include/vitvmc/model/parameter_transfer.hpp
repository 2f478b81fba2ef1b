#pragma once
/// \file parameter_transfer.hpp
/// Starting a model from another run's parameters (--init.from): same family and widths, possibly
/// another lattice size. Slices that do not depend on the lattice are copied by name; the
/// translation-invariant position tables (`*.attn.alpha`, h x n: factored attention weights and
/// the relative-position bias of standard attention) are re-indexed by patch displacement:
///
///   target displacement (dx, dy) on the target patch grid (gx, gy)
///   -> minimum image  mx = dx if dx <= gx/2 else dx - gx  (mx in (-gx/2, gx/2]), same for y
///   -> on the source grid (sx, sy): mx is kept when |mx| <= floor(sx/2), otherwise
///        zero:    the entry is set to 0 (no attention / no bias at displacements never seen;
///                 the default of --init.new_displacements), or
///        nearest: clamped to sign(mx) * floor(sx/2), the largest displacement the source had
///                 in that direction, or
///        wrap:    (factored attention; standard attention uses zero) see wrap_weights: the
///                 antipodal line of an even source grid is split in halves between +-sx/2, and a
///                 smaller target sums what folds onto one displacement
///   -> source index (mx mod sx) + sx * (my mod sy).
///
/// On the same lattice the map is the identity, so the transferred model is the source model.
/// Pure physics code: no MPI, no file access (the driver reads the checkpoint).

#include <string>
#include <utility>
#include <vector>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// The run the parameters come from: its lattice and model (from the checkpoint's configuration
/// echo), and its parameters with their layout.
struct TransferSource {
  Index lx = 0;
  Index ly = 0;
  MarshallRule marshall = MarshallRule::off;  ///< the source basis: resolved_sign_rule()
  ModelConfig model;
  std::vector<ParameterSlice> layout;
  RealVector theta;
};

/// Throws InvalidInput naming the first setting that forbids the transfer: model type, attention
/// type, full_alpha, d, heads, layers, patch, ffn (RBM: alpha), the Marshall basis, or a lattice
/// change for a model whose parameters are tied to the site count (RBM, full_alpha ViT).
/// Symmetrisation and the seed may differ.
void check_transferable(const TransferSource& source, const LatticeConfig& target_lattice,
                        const ModelConfig& target_model);

/// Source displacement index of target displacement `target_index` (dy * gx + dx) under `rule`, or
/// -1 when the rule is kZero and the displacement is outside the source grid.
Index source_displacement(Index target_index, Index target_gx, Index target_gy, Index source_gx,
                          Index source_gy, DisplacementRule rule);

/// Rule kWrap for a factored-attention table: the source weights as a profile on the plane (its
/// displacements m with |m_x| <= sx/2, |m_y| <= sy/2; on an even source grid the antipodal line
/// m_x = +-sx/2 appears twice, each copy with weight 1/2), wrapped onto the target torus by summing
/// the copies that land on one displacement. Conserves each head's total attention weight; 0 where
/// nothing lands; the identity on the same lattice. Returns {source index, total weight} pairs.
std::vector<std::pair<Index, Real>> wrap_weights(Index target_index, Index target_gx,
                                                 Index target_gy, Index source_gx, Index source_gy);

/// Counts of what transfer_parameters did, for the run header.
struct TransferReport {
  Index copied_slices = 0;
  Index remapped_tables = 0;
  Index new_displacements = 0;  ///< displacements of one table (per head) the source grid lacked
};

/// Writes the source parameters into `target` (already built for the target lattice and model,
/// checked with check_transferable). Every target slice must have a source slice of that name.
TransferReport transfer_parameters(const TransferSource& source,
                                   const LatticeConfig& target_lattice,
                                   const ModelConfig& target_model, DisplacementRule rule,
                                   ParameterStore& target);

}  // namespace vitvmc
