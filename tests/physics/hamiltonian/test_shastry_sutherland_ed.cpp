// ED of the 4x4 Shastry-Sutherland cluster against an independent reference: the Hamiltonian is
// written out here from a literal list of bonds (site s = 4y + x) as a sparse matrix on the
// S^z = 0 sector, and its lowest eigenvalue found by a plain Lanczos with full
// re-orthogonalisation, sharing no code with HeisenbergModel, lattice_bonds, SzZeroBasis or the
// library's (Spectra) Lanczos.

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/SparseCore>
#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/hamiltonian/lanczos.hpp"
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/hamiltonian/sz_zero_hamiltonian.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"

namespace vitvmc {
namespace {

using Pair = std::pair<int, int>;

/// The eight dimers of the 4x4 cluster, drawn by hand: diagonals (x,y)-(x+1,y+1) of the plaquettes
/// at (0,0), (2,0), (0,2), (2,2) and anti-diagonals (x+1,y)-(x,y+1) of those at (1,1), (3,1),
/// (1,3), (3,3), wrapped periodically.
const std::array<Pair, 8> kDimers = {Pair{0, 5}, {2, 7},  {8, 13}, {10, 15},
                                     Pair{6, 9}, {4, 11}, {1, 14}, {3, 12}};

std::vector<Pair> square_bonds() {
  std::vector<Pair> out;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      out.push_back({4 * y + x, 4 * y + (x + 1) % 4});
      out.push_back({4 * y + x, 4 * ((y + 1) % 4) + x});
    }
  return out;
}

/// H = j1 sum_square S.S + j2 sum_dimers S.S on the 16-bit masks with 8 bits set.
struct Reference {
  std::vector<std::uint32_t> states;
  Eigen::SparseMatrix<double> h;
};

Reference reference_hamiltonian(double j1, double j2) {
  Reference r;
  for (std::uint32_t m = 0; m < (1U << 16); ++m)
    if (__builtin_popcount(m) == 8) r.states.push_back(m);
  const auto dim = static_cast<Index>(r.states.size());
  std::vector<Eigen::Triplet<double>> entries;
  auto add = [&](const Pair& bond, double coupling) {
    for (Index col = 0; col < dim; ++col) {
      const std::uint32_t m = r.states[static_cast<std::size_t>(col)];
      const bool a = (m >> bond.first) & 1U, b = (m >> bond.second) & 1U;
      entries.emplace_back(col, col, a == b ? coupling / 4 : -coupling / 4);
      if (a == b) continue;
      const std::uint32_t swapped = m ^ (1U << bond.first) ^ (1U << bond.second);
      const auto row =
          std::lower_bound(r.states.begin(), r.states.end(), swapped) - r.states.begin();
      entries.emplace_back(static_cast<Index>(row), col, coupling / 2);
    }
  };
  for (const Pair& b : square_bonds()) add(b, j1);
  for (const Pair& b : kDimers) add(b, j2);
  r.h.resize(dim, dim);
  r.h.setFromTriplets(entries.begin(), entries.end());
  return r;
}

/// Lowest eigenvalue by m steps of Lanczos with full re-orthogonalisation.
double plain_lanczos(const Eigen::SparseMatrix<double>& h, int m) {
  const Index n = h.rows();
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd v(n, m);
  Eigen::VectorXd q(n);
  for (Index i = 0; i < n; ++i) q[i] = normal(rng);
  v.col(0) = q.normalized();
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
  for (int k = 0; k < m; ++k) {
    Eigen::VectorXd w = h * v.col(k);
    for (int pass = 0; pass < 2; ++pass)
      w -= v.leftCols(k + 1) * (v.leftCols(k + 1).transpose() * w);
    t(k, k) = v.col(k).dot(h * v.col(k));
    if (k + 1 == m) break;
    const double beta = w.norm();
    t(k, k + 1) = t(k + 1, k) = beta;
    v.col(k + 1) = w / beta;
  }
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(t).eigenvalues()[0];
}

double library_energy(double j1, double j2, bool marshall) {
  const SquareLattice lattice(4, 4);
  const HeisenbergModel model(shastry_sutherland_bonds(lattice), j1, j2, marshall);
  const SzZeroBasis basis(16);
  const SzZeroHamiltonian op(model, basis);
  return lanczos_ground_state(op).energy;
}

TEST(ShastrySutherlandEd, FourByFourMatchesAnIndependentHamiltonian) {
  // J'/J in the dimer phase, near the plaquette phase, and in the Neel phase.
  for (const double j1 : {0.5, 0.8, 1.5}) {
    const Reference ref = reference_hamiltonian(j1, 1.0);
    const double expected = plain_lanczos(ref.h, 160);
    for (const bool marshall : {false, true}) {
      const double got = library_energy(j1, 1.0, marshall);
      EXPECT_NEAR(got, expected, 1e-9 * std::abs(expected))
          << "J'/J = " << j1 << (marshall ? " (dimer sign rule)" : "");
    }
    RecordProperty("E0_" + std::to_string(j1), std::to_string(expected));
  }
}

TEST(ShastrySutherlandEd, FourByFourDimerPhaseIsTheDimerProduct) {
  // Deep in the dimer phase the ground state is the dimer product, E = -3/8 J per site.
  EXPECT_NEAR(library_energy(0.3, 1.0, false), -3.0 / 8 * 16, 1e-9);
  EXPECT_NEAR(library_energy(0.3, 2.0, true), -3.0 / 8 * 2.0 * 16, 1e-9);
}

TEST(ShastrySutherlandEd, ApplyMatchesTheIndependentMatrix) {
  const Reference ref = reference_hamiltonian(0.7, 1.0);
  const SquareLattice lattice(4, 4);
  const HeisenbergModel model(shastry_sutherland_bonds(lattice), 0.7, 1.0, false);
  const SzZeroBasis basis(16);
  const SzZeroHamiltonian op(model, basis);
  ASSERT_EQ(static_cast<std::size_t>(basis.size()), ref.states.size());
  for (std::size_t i = 0; i < ref.states.size(); ++i) ASSERT_EQ(basis.states()[i], ref.states[i]);
  std::mt19937_64 rng(9);
  std::normal_distribution<double> normal;
  Eigen::VectorXd x(basis.size()), y(basis.size());
  for (Index i = 0; i < x.size(); ++i) x[i] = normal(rng);
  op.apply(x.data(), y.data());
  const Eigen::VectorXd expected = ref.h * x;
  EXPECT_LT((y - expected).lpNorm<Eigen::Infinity>(), 1e-12 * expected.lpNorm<Eigen::Infinity>());
}

/// (-1)^{number of up spins on sites with (x + y) even}: the checkerboard rotation, by hand.
double checkerboard_sign(std::uint64_t m) {
  int ups = 0;
  for (int site = 0; site < 16; ++site)
    if (((site % 4 + site / 4) % 2 == 0) && ((m >> site) & 1U) != 0) ++ups;
  return ups % 2 == 0 ? 1.0 : -1.0;
}

TEST(ShastrySutherlandEd, CheckerboardBasisIsTheRotatedHamiltonian) {
  // --lattice.marshall checkerboard on shastry_sutherland: H' = D H D with D the rotation above.
  const Reference ref = reference_hamiltonian(1.5, 1.0);
  const SquareLattice lattice(4, 4);
  const HeisenbergModel model(lattice_bonds(lattice, LatticeKind::shastry_sutherland, true), 1.5,
                              1.0, true);
  const SzZeroBasis basis(16);
  const SzZeroHamiltonian op(model, basis);
  Eigen::VectorXd d(basis.size());
  for (Index i = 0; i < d.size(); ++i)
    d[i] = checkerboard_sign(ref.states[static_cast<std::size_t>(i)]);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  Eigen::VectorXd x(basis.size()), y(basis.size());
  for (Index i = 0; i < x.size(); ++i) x[i] = normal(rng);
  op.apply(x.data(), y.data());
  const Eigen::VectorXd expected = d.cwiseProduct(ref.h * d.cwiseProduct(x));
  EXPECT_LT((y - expected).lpNorm<Eigen::Infinity>(), 1e-12 * expected.lpNorm<Eigen::Infinity>());
  // Without the flag the builder keeps the dimer rule, whose basis differs.
  const HeisenbergModel dimer_rule(lattice_bonds(lattice, LatticeKind::shastry_sutherland, false),
                                   1.5, 1.0, true);
  const SzZeroHamiltonian op_dimer(dimer_rule, basis);
  op_dimer.apply(x.data(), y.data());
  EXPECT_GT((y - expected).lpNorm<Eigen::Infinity>(), 1e-3);
}

/// |sum_s psi_s^2 sign(psi_s r_s)|: 1 when the rotation r makes the ground state sign-definite.
double sign_agreement(const RealVector& psi, const std::vector<SzZeroBasis::Mask>& states,
                      bool rotate) {
  double sum = 0;
  for (std::size_t i = 0; i < states.size(); ++i) {
    const double v = psi[static_cast<Index>(i)] * (rotate ? checkerboard_sign(states[i]) : 1.0);
    sum += v * v * (v > 0 ? 1.0 : -1.0);
  }
  return std::abs(sum);
}

TEST(ShastrySutherlandEd, CheckerboardSignIsNearlyExactOnTheNeelSideOfFourByFour) {
  // Why --lattice.marshall checkerboard exists: on 4x4 the ground states at J'/J = 0.8 and 1.5 are
  // sign-definite in the checkerboard basis (to 1e-4 of their weight), not in the plain basis.
  const SquareLattice lattice(4, 4);
  const SzZeroBasis basis(16);
  LanczosOptions options;
  options.want_vector = true;
  for (const double j1 : {0.8, 1.5}) {
    const HeisenbergModel model(shastry_sutherland_bonds(lattice), j1, 1.0, false);
    const SzZeroHamiltonian op(model, basis);
    const GroundState gs = lanczos_ground_state(op, options);
    ASSERT_EQ(gs.vector.size(), basis.size());
    EXPECT_GT(sign_agreement(gs.vector, basis.states(), true), 0.999) << "J'/J = " << j1;
    EXPECT_LT(sign_agreement(gs.vector, basis.states(), false), 0.1) << "J'/J = " << j1;
  }
}

}  // namespace
}  // namespace vitvmc
