#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <random>

#include "independent_heisenberg.hpp"
#include "vitvmc/hamiltonian/lanczos.hpp"
#include "vitvmc/hamiltonian/sz_zero_hamiltonian.hpp"

namespace vitvmc {
namespace {

Eigen::VectorXd random_vector(Index n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::VectorXd v(n);
  for (Index i = 0; i < n; ++i) v[i] = normal(rng);
  return v;
}

struct Case {
  Index lx, ly;
  double j2;
  bool marshall;
};

class ApplyMatchesIndependentMatrix : public ::testing::TestWithParam<Case> {};

TEST_P(ApplyMatchesIndependentMatrix, OnRandomVectors) {
  const Case c = GetParam();
  const SquareLattice lattice(c.lx, c.ly);
  const J1J2Hamiltonian h(lattice, 1.0, c.j2, c.marshall);
  const SzZeroBasis basis(lattice.n_sites());
  const SzZeroHamiltonian op(h, basis);
  const auto states = testing::brute_force_sector(static_cast<int>(lattice.n_sites()));
  ASSERT_EQ(states, basis.states());
  const Eigen::SparseMatrix<double> ref =
      testing::independent_heisenberg(lattice, 1.0, c.j2, states);
  // The Marshall basis is U H U with U diagonal +-1.
  const Eigen::VectorXd u =
      c.marshall ? testing::marshall_signs(lattice, states) : Eigen::VectorXd::Ones(basis.size());

  const Eigen::VectorXd x = random_vector(basis.size(), 7);
  Eigen::VectorXd y(basis.size());
  op.apply(x.data(), y.data());
  const Eigen::VectorXd expected = u.cwiseProduct(ref * u.cwiseProduct(x));
  EXPECT_LT((y - expected).lpNorm<Eigen::Infinity>(), 1e-12 * expected.lpNorm<Eigen::Infinity>());

  // Symmetric: <z, H x> = <H z, x>.
  const Eigen::VectorXd z = random_vector(basis.size(), 11);
  Eigen::VectorXd hz(basis.size());
  op.apply(z.data(), hz.data());
  EXPECT_NEAR(z.dot(y), hz.dot(x), 1e-10 * std::abs(z.dot(y)));
}

INSTANTIATE_TEST_SUITE_P(Lattices, ApplyMatchesIndependentMatrix,
                         ::testing::Values(Case{4, 4, 0.0, false}, Case{4, 4, 0.5, false},
                                           Case{4, 4, 0.5, true}, Case{3, 4, 0.3, false},
                                           Case{6, 3, 0.5, false}));

TEST(SzZeroHamiltonian, ThreadedApplyEqualsSerialBitwise) {
  // 184,756 states: large enough that 2 and 3 threads really split the rows.
  const SquareLattice lattice(4, 5);
  const J1J2Hamiltonian h(lattice, 1.0, 0.5);
  const SzZeroBasis basis(lattice.n_sites());
  const Eigen::VectorXd x = random_vector(basis.size(), 3);
  Eigen::VectorXd serial(basis.size());
  SzZeroHamiltonian(h, basis, 1).apply(x.data(), serial.data());
  for (const int threads : {2, 3}) {
    Eigen::VectorXd parallel(basis.size());
    SzZeroHamiltonian(h, basis, threads).apply(x.data(), parallel.data());
    EXPECT_EQ(parallel, serial) << threads << " threads";  // each row is summed in the same order
  }
}

TEST(Lanczos, GroundStateMatchesDenseDiagonalisation) {
  const SquareLattice lattice(3, 4);  // 924 states: dense is cheap
  const J1J2Hamiltonian h(lattice, 1.0, 0.4);
  const SzZeroBasis basis(lattice.n_sites());
  const SzZeroHamiltonian op(h, basis);
  const Eigen::MatrixXd dense =
      Eigen::MatrixXd(testing::independent_heisenberg(lattice, 1.0, 0.4, basis.states()));
  const double exact = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(dense).eigenvalues()[0];

  LanczosOptions options;
  options.want_vector = true;
  const GroundState gs = lanczos_ground_state(op, options);
  EXPECT_NEAR(gs.energy, exact, 1e-10 * std::abs(exact));
  ASSERT_EQ(gs.vector.size(), basis.size());
  EXPECT_NEAR(gs.vector.norm(), 1.0, 1e-12);
  EXPECT_LT((dense * gs.vector - gs.energy * gs.vector).norm(), 1e-8);
  EXPECT_GT(gs.matvecs, 0);
}

TEST(Lanczos, RejectsKrylovDimensionOutsideRange) {
  const SquareLattice lattice(3, 4);
  const J1J2Hamiltonian h(lattice, 1.0, 0.0);
  const SzZeroBasis basis(lattice.n_sites());
  const SzZeroHamiltonian op(h, basis);
  LanczosOptions options;
  options.krylov_dimension = 2;
  EXPECT_THROW(lanczos_ground_state(op, options), std::logic_error);
  options.krylov_dimension = basis.size();
  EXPECT_THROW(lanczos_ground_state(op, options), std::logic_error);
}

}  // namespace
}  // namespace vitvmc
