#include "vitvmc/model/factory.hpp"

#include <numeric>
#include <utility>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/rbm.hpp"
#include "vitvmc/model/symmetrized.hpp"
#include "vitvmc/model/symmetry_level.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

std::unique_ptr<WaveFunction> make_inner(const SquareLattice& lattice, const ModelConfig& config) {
  switch (config.type) {
    case ModelKind::rbm:
      return std::make_unique<RbmWaveFunction>(lattice.n_sites(), config.alpha, config.seed);
    case ModelKind::vit:
      return std::make_unique<ViTWaveFunction>(lattice, config);
  }
  VITVMC_REQUIRE(false, "unknown model kind");
}

// A translation-invariant ViT already has the translations by multiples of b.
bool translation_invariant_vit(const ModelConfig& config) {
  return config.type == ModelKind::vit && !config.full_alpha;
}

SymmetryCandidates candidates_for(const SquareLattice& lattice, const BondSet& bonds,
                                  const ModelConfig& config) {
  if (translation_invariant_vit(config)) return {lattice, bonds, config.patch, config.patch};
  return {lattice, bonds, lattice.lx(), lattice.ly()};
}

}  // namespace

std::optional<SymmetryGroup> symmetry_group_for(const SquareLattice& lattice, const BondSet& bonds,
                                                const ModelConfig& config) {
  return symmetry_group_of(config.symmetrize, candidates_for(lattice, bonds, config));
}

std::vector<Translation> invariant_translations(const SquareLattice& lattice, const BondSet& bonds,
                                                const ModelConfig& config) {
  // Exact summation over orbits needs E_loc constant on an orbit: psi and H both invariant.
  const auto [cell_x, cell_y] = translation_steps(lattice, bonds);
  if (config.symmetrize != SymmetryLevel::none) return translations_by(lattice, cell_x, cell_y);
  if (translation_invariant_vit(config))
    return translations_by(lattice, std::lcm(config.patch, cell_x), std::lcm(config.patch, cell_y));
  return translations_by(lattice, lattice.lx(), lattice.ly());
}

std::unique_ptr<WaveFunction> make_wave_function(const SquareLattice& lattice, const BondSet& bonds,
                                                 const ModelConfig& config) {
  std::unique_ptr<WaveFunction> model = make_inner(lattice, config);
  std::optional<SymmetryGroup> group = symmetry_group_for(lattice, bonds, config);
  if (!group) return model;
  return std::make_unique<SymmetrizedWaveFunction>(std::move(model), std::move(*group));
}

std::optional<SymmetryGroup> symmetry_group_for(const SquareLattice& lattice,
                                                const ModelConfig& config) {
  return symmetry_group_for(lattice, square_j1j2_bonds(lattice), config);
}

std::vector<Translation> invariant_translations(const SquareLattice& lattice,
                                                const ModelConfig& config) {
  return invariant_translations(lattice, square_j1j2_bonds(lattice), config);
}

std::unique_ptr<WaveFunction> make_wave_function(const SquareLattice& lattice,
                                                 const ModelConfig& config) {
  return make_wave_function(lattice, square_j1j2_bonds(lattice), config);
}

}  // namespace vitvmc
