#include "vitvmc/model/factory.hpp"

#include <utility>

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

SymmetryGroup symmetry_group_for(const SquareLattice& lattice, const ModelConfig& config) {
  const bool spin_flip = config.symmetrize == "lattice_spinflip";
  const bool point_group = config.symmetrize != "translations";
  if (config.type == "vit" && !config.full_alpha)
    return SymmetryGroup(lattice, config.patch, config.patch, spin_flip, point_group);
  return SymmetryGroup(lattice, lattice.lx(), lattice.ly(), spin_flip, point_group);
}

std::vector<Translation> invariant_translations(const SquareLattice& lattice,
                                                const ModelConfig& config) {
  if (config.symmetrize != "none") return translations_by(lattice, 1, 1);
  if (config.type == "vit" && !config.full_alpha)
    return translations_by(lattice, config.patch, config.patch);
  return translations_by(lattice, lattice.lx(), lattice.ly());
}

std::unique_ptr<WaveFunction> make_wave_function(const SquareLattice& lattice,
                                                 const ModelConfig& config) {
  const std::string& sym = config.symmetrize;
  require_input(
      sym == "none" || sym == "translations" || sym == "lattice" || sym == "lattice_spinflip",
      "--model.symmetrize",
      "unknown value '" + sym + "' (allowed: none, translations, lattice, lattice_spinflip)");
  std::unique_ptr<WaveFunction> model = make_inner(lattice, config);
  if (sym == "none") return model;
  return std::make_unique<SymmetrizedWaveFunction>(std::move(model),
                                                   symmetry_group_for(lattice, config));
}

}  // namespace vitvmc
