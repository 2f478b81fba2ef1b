#pragma once
/// \file factory.hpp
/// make_wave_function: the one place that turns a ModelConfig into a model.

#include <memory>
#include <optional>
#include <vector>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/lattice/translation.hpp"
#include "vitvmc/model/symmetry_group.hpp"
#include "vitvmc/model/wavefunction.hpp"

namespace vitvmc {

/// vit -> ViTWaveFunction, rbm -> RbmWaveFunction; wrapped in a SymmetrizedWaveFunction when
/// config.symmetrize is a projecting level (see symmetry_group_for).
std::unique_ptr<WaveFunction> make_wave_function(const SquareLattice& lattice,
                                                 const ModelConfig& config);

/// The projection group the factory uses. A translation-invariant ViT already has the translations
/// by multiples of b, so it gets the b x b intra-patch translations; the RBM (and a ViT with a
/// full, non-invariant alpha) has no built-in translation symmetry and gets all Lx x Ly
/// translations. The level (symmetry_level.hpp) picks the elements: the translations alone, x the
/// point group (C4v, or C2v when Lx != Ly), x the spin flip. Nothing for "none".
std::optional<SymmetryGroup> symmetry_group_for(const SquareLattice& lattice,
                                                const ModelConfig& config);

/// Translations under which the model make_wave_function builds is invariant for every theta:
/// every lattice translation once symmetrised (the projection then averages over the whole space
/// group), the translations by multiples of b for a plain translation-invariant ViT, the identity
/// alone otherwise. Exact summation uses them to sum over orbits (tested numerically per model).
std::vector<Translation> invariant_translations(const SquareLattice& lattice,
                                                const ModelConfig& config);

/// The same three on a lattice given by its bonds (lattice_bonds.hpp): the projection group keeps
/// only the elements that preserve the bonds (the lattice's own space group), and the invariant
/// translations are those of the model that also preserve the bonds (steps lcm(b, unit cell)).
/// On square_j1j2_bonds they equal the overloads above.
std::unique_ptr<WaveFunction> make_wave_function(const SquareLattice& lattice, const BondSet& bonds,
                                                 const ModelConfig& config);
std::optional<SymmetryGroup> symmetry_group_for(const SquareLattice& lattice, const BondSet& bonds,
                                                const ModelConfig& config);
std::vector<Translation> invariant_translations(const SquareLattice& lattice, const BondSet& bonds,
                                                const ModelConfig& config);

}  // namespace vitvmc
