#pragma once
/// \file local_energy_clipping.hpp
/// Clipping of local energies for the gradient only (as in FermiNet-style VMC codes): near a node
/// of psi, E_loc has heavy tails, and a few rarely sampled configurations then dominate the noise
/// of the SR right-hand side. Real and imaginary parts are clipped separately to
///   median +- width * mean |E_loc - median|
/// over all samples of the step. The reported energy always uses the unclipped values.

#include <span>
#include <utility>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// Centre and half-width of the clipping window of one component.
struct ClipWindow {
  Real centre = 0;
  Real half_width = 0;
  Real clip(Real v) const;
};

/// Windows of the real and imaginary parts from every sample of the step (`all`, any order).
std::pair<ClipWindow, ClipWindow> clip_windows(std::span<const Complex> all, Real width);

/// One local energy with each component clipped to its window.
Complex clip_local_energy(Complex value, const std::pair<ClipWindow, ClipWindow>& windows);

/// `values` with each component clipped to its window.
ComplexVector clip_local_energies(const ComplexVector& values,
                                  const std::pair<ClipWindow, ClipWindow>& windows);

}  // namespace vitvmc
