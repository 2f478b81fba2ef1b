#include <gtest/gtest.h>

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {
namespace {

/// H of the J1-J2 model on the S^z = 0 sector built independently of J1J2Hamiltonian: bonds from
/// coordinates, and S_a.S_b applied to each basis state (diagonal +-1/4, exchange 1/2).
Eigen::SparseMatrix<Real> independent_hamiltonian(const SzZeroBasis& basis, Index lx, Index ly,
                                                  Real j2) {
  struct Pair {
    Index a, b;
    Real j;
  };
  std::vector<Pair> pairs;
  for (Index y = 0; y < ly; ++y) {
    for (Index x = 0; x < lx; ++x) {
      const auto site = [&](Index dx, Index dy) {
        return ((y + dy + ly) % ly) * lx + (x + dx) % lx;
      };
      pairs.push_back({site(0, 0), site(1, 0), 1.0});
      pairs.push_back({site(0, 0), site(0, 1), 1.0});
      pairs.push_back({site(0, 0), site(1, 1), j2});
      pairs.push_back({site(0, 0), site(1, -1), j2});
    }
  }
  std::vector<Eigen::Triplet<Real>> entries;
  for (Index i = 0; i < basis.size(); ++i) {
    const SzZeroBasis::Mask m = basis.state(i);
    for (const Pair& p : pairs) {
      const bool up_a = (m >> p.a) & 1U, up_b = (m >> p.b) & 1U;
      entries.emplace_back(i, i, up_a == up_b ? p.j / 4 : -p.j / 4);
      if (up_a != up_b) {
        const SzZeroBasis::Mask flipped =
            m ^ ((SzZeroBasis::Mask{1} << p.a) | (SzZeroBasis::Mask{1} << p.b));
        entries.emplace_back(basis.index_of(flipped), i, p.j / 2);
      }
    }
  }
  Eigen::SparseMatrix<Real> h(basis.size(), basis.size());
  h.setFromTriplets(entries.begin(), entries.end());
  return h;
}

ConfigBatch all_configs(const SzZeroBasis& basis) {
  ConfigBatch out(basis.size(), basis.n_sites());
  for (Index i = 0; i < basis.size(); ++i) basis.fill_config(i, out.row(i).data());
  return out;
}

std::unique_ptr<WaveFunction> perturbed_model(const SquareLattice& lattice, ModelConfig config) {
  auto model = make_wave_function(lattice, config);
  PhiloxStream rng(5, 5);
  for (Real& v : model->parameters().values()) v += 0.1 * (2.0 * rng.uniform() - 1.0);
  return model;
}

/// E_loc on every state of `rows` equals (H psi)(sigma) / psi(sigma) from the independent matrix.
void expect_exact_local_energies(const WaveFunction& model, Real j2, Index stride, Index chunk) {
  const SquareLattice lattice(4, 4);
  const SzZeroBasis basis(16);
  const ConfigBatch configs = all_configs(basis);
  const ComplexVector log_psi = model.log_psi(configs);
  const Real shift = log_psi.real().maxCoeff();
  const ComplexVector psi = (log_psi.array() - shift).exp().matrix();
  const ComplexVector h_psi = independent_hamiltonian(basis, 4, 4, j2).cast<Complex>() * psi;

  std::vector<Index> rows;
  for (Index i = 0; i < basis.size(); i += stride) rows.push_back(i);
  ConfigBatch samples(static_cast<Index>(rows.size()), 16);
  ComplexVector sample_logs(samples.rows());
  for (Index r = 0; r < samples.rows(); ++r) {
    samples.row(r) = configs.row(rows[static_cast<std::size_t>(r)]);
    sample_logs(r) = log_psi(rows[static_cast<std::size_t>(r)]);
  }
  const J1J2Hamiltonian h(lattice, 1.0, j2);
  std::vector<Index> counts;
  const ComplexVector e_loc = local_energies(h, model, samples, sample_logs, chunk, &counts);
  ASSERT_EQ(counts.size(), rows.size());
  for (Index r = 0; r < samples.rows(); ++r) {
    const Index i = rows[static_cast<std::size_t>(r)];
    const Complex exact = h_psi(i) / psi(i);
    EXPECT_LT(std::abs(e_loc(r) - exact), 1e-10 * (1.0 + std::abs(exact))) << "state " << i;
    Index antiparallel = 0;
    h.for_each_connected(samples.row(r).data(), [&](Index, Index, Real) { ++antiparallel; });
    EXPECT_EQ(counts[static_cast<std::size_t>(r)], antiparallel);
  }
}

TEST(LocalEnergy, RbmMatchesExactHPsiOnTheWholeSector) {
  const SquareLattice lattice(4, 4);
  ModelConfig config;
  config.type = ModelKind::rbm;
  config.alpha = 2.0;
  const auto model = perturbed_model(lattice, config);
  expect_exact_local_energies(*model, 0.5, 2, 4096);
  expect_exact_local_energies(*model, 0.0, 7, 4096);
}

TEST(LocalEnergy, ChunkSizeDoesNotChangeResults) {
  const SquareLattice lattice(4, 4);
  ModelConfig config;
  config.type = ModelKind::rbm;
  const auto model = perturbed_model(lattice, config);
  const J1J2Hamiltonian h(lattice, 1.0, 0.5);
  const ConfigBatch samples = all_configs(SzZeroBasis(16)).topRows(40);
  const ComplexVector logs = model->log_psi(samples);
  const ComplexVector reference = local_energies(h, *model, samples, logs, 100000);
  for (Index chunk : {1, 7, 23, 1000}) {
    const ComplexVector e = local_energies(h, *model, samples, logs, chunk);
    EXPECT_LT((e - reference).cwiseAbs().maxCoeff(), 1e-12) << "chunk " << chunk;
  }
}

TEST(LocalEnergy, UniformStateOnNeel) {
  // A model with all parameters zero is the uniform state: E_loc = diag + sum of the elements.
  const SquareLattice lattice(4, 4);
  ModelConfig config;
  config.type = ModelKind::rbm;
  auto model = make_wave_function(lattice, config);
  model->parameters().values().setZero();
  ConfigBatch neel(1, 16);
  for (Index s = 0; s < 16; ++s) neel(0, s) = lattice.sublattice(s) ? -1 : 1;
  const J1J2Hamiltonian h(lattice, 1.0, 0.5);
  std::vector<Index> counts;
  const ComplexVector e = local_energies(h, *model, neel, model->log_psi(neel), 5, &counts);
  // diag: 32 antiparallel J1 (-1/4) + 32 parallel J2 (+0.5/4); 32 exchanges of 1/2.
  EXPECT_NEAR(e(0).real(), -8.0 + 4.0 + 16.0, 1e-12);
  EXPECT_NEAR(e(0).imag(), 0.0, 1e-12);
  EXPECT_EQ(counts[0], 32);
}

#if __has_include("vitvmc/model/vit.hpp")
TEST(LocalEnergy, VitMatchesExactHPsi) {
  const SquareLattice lattice(4, 4);
  ModelConfig config;
  config.type = ModelKind::vit;
  config.d = 8;
  config.heads = 2;
  config.layers = 1;
  config.ffn = 2;
  for (const AttentionKind attention : {AttentionKind::factored, AttentionKind::standard}) {
    config.attention = attention;
    expect_exact_local_energies(*perturbed_model(lattice, config), 0.5, 31, 2000);
  }
}
#endif

}  // namespace
}  // namespace vitvmc
