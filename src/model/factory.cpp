#include "vitvmc/model/factory.hpp"

#include <numeric>
#include <utility>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/rbm.hpp"
#include "vitvmc/model/symmetrized.hpp"
#include "vitvmc/util/error.hpp"

// The ViT lives in its own files; build the factory with or without it so the RBM path works first.
#if __has_include("vitvmc/model/vit.hpp")
#include "vitvmc/model/vit.hpp"
#define VITVMC_HAVE_VIT 1
#else
#define VITVMC_HAVE_VIT 0
#endif

namespace vitvmc {
namespace {

std::unique_ptr<WaveFunction> make_inner(const SquareLattice& lattice, const ModelConfig& config) {
  if (config.type == "rbm")
    return std::make_unique<RbmWaveFunction>(lattice.n_sites(), config.alpha, config.seed);
  if (config.type == "vit") {
#if VITVMC_HAVE_VIT
    return std::make_unique<ViTWaveFunction>(lattice, config);
#else
    throw InvalidInput("--model.type", "vit is not available in this build (allowed: vit, rbm)");
#endif
  }
  throw InvalidInput("--model.type", "unknown model '" + config.type + "' (allowed: vit, rbm)");
}

}  // namespace

SymmetryGroup symmetry_group_for(const SquareLattice& lattice, const BondSet& bonds,
                                 const ModelConfig& config) {
  const bool spin_flip = config.symmetrize == "lattice_spinflip";
  const bool point_group = config.symmetrize != "translations";
  if (config.type == "vit" && !config.full_alpha)
    return SymmetryGroup(lattice, bonds, config.patch, config.patch, spin_flip, point_group);
  return SymmetryGroup(lattice, bonds, lattice.lx(), lattice.ly(), spin_flip, point_group);
}

std::vector<Translation> invariant_translations(const SquareLattice& lattice, const BondSet& bonds,
                                                const ModelConfig& config) {
  // Exact summation over orbits needs E_loc constant on an orbit: psi and H both invariant.
  const auto [cell_x, cell_y] = translation_steps(lattice, bonds);
  if (config.symmetrize != "none") return translations_by(lattice, cell_x, cell_y);
  if (config.type == "vit" && !config.full_alpha)
    return translations_by(lattice, std::lcm(config.patch, cell_x), std::lcm(config.patch, cell_y));
  return translations_by(lattice, lattice.lx(), lattice.ly());
}

std::unique_ptr<WaveFunction> make_wave_function(const SquareLattice& lattice, const BondSet& bonds,
                                                 const ModelConfig& config) {
  const std::string& sym = config.symmetrize;
  require_input(
      sym == "none" || sym == "translations" || sym == "lattice" || sym == "lattice_spinflip",
      "--model.symmetrize",
      "unknown value '" + sym + "' (allowed: none, translations, lattice, lattice_spinflip)");
  std::unique_ptr<WaveFunction> model = make_inner(lattice, config);
  if (sym == "none") return model;
  return std::make_unique<SymmetrizedWaveFunction>(std::move(model),
                                                   symmetry_group_for(lattice, bonds, config));
}

SymmetryGroup symmetry_group_for(const SquareLattice& lattice, const ModelConfig& config) {
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
