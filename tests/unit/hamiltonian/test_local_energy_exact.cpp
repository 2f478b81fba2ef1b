// Local energy exactness: E_loc(sigma) = diag + sum over for_each_connected of element
// psi(sigma')/psi(sigma) must equal (H psi)(sigma)/psi(sigma) with H an independently written
// sparse matrix, for a random complex psi over the whole S^z = 0 sector.

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "independent_heisenberg.hpp"
#include "vitvmc/hamiltonian/j1j2.hpp"
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"

namespace vitvmc {
namespace {

struct Couplings {
  double j2;
  bool marshall;
};

class LocalEnergyExact : public ::testing::TestWithParam<Couplings> {};

TEST_P(LocalEnergyExact, FourByFourRandomComplexState) {
  const auto [j2, marshall] = GetParam();
  const SquareLattice lattice(4, 4);
  const J1J2Hamiltonian h(lattice, 1.0, j2, marshall);
  const SzZeroBasis basis(16);
  const auto states = testing::brute_force_sector(16);
  const Eigen::VectorXd u =
      marshall ? testing::marshall_signs(lattice, states) : Eigen::VectorXd::Ones(basis.size());
  const Eigen::SparseMatrix<double> ref = testing::independent_heisenberg(lattice, 1.0, j2, states);

  std::mt19937_64 rng(2024);
  std::normal_distribution<double> normal;
  ComplexVector psi(basis.size());
  for (Index i = 0; i < basis.size(); ++i) psi[i] = Complex(normal(rng), normal(rng));
  // In the Marshall basis the matrix is U H U.
  const ComplexVector h_psi =
      u.cast<Complex>().cwiseProduct(ref.cast<Complex>() * u.cast<Complex>().cwiseProduct(psi));

  std::vector<Spin> config(16);
  std::vector<Spin> flipped(16);
  double worst = 0;
  for (Index i = 0; i < basis.size(); ++i) {
    basis.fill_config(i, config.data());
    Complex e_loc = h.diagonal(config.data());
    h.for_each_connected(config.data(), [&](Index a, Index b, Real element) {
      flipped = config;
      std::swap(flipped[static_cast<std::size_t>(a)], flipped[static_cast<std::size_t>(b)]);
      const Index j = basis.index_of(SzZeroBasis::mask_of(flipped.data(), 16));
      e_loc += element * psi[j] / psi[i];
    });
    const Complex expected = h_psi[i] / psi[i];
    worst = std::max(worst, std::abs(e_loc - expected) / std::max(1.0, std::abs(expected)));
  }
  EXPECT_LT(worst, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Couplings, LocalEnergyExact,
                         ::testing::Values(Couplings{0.0, false}, Couplings{0.5, false},
                                           Couplings{0.5, true}, Couplings{0.8, true}));

}  // namespace
}  // namespace vitvmc
