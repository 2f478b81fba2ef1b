#include "vitvmc/sampler/metropolis_exchange.hpp"

#include <cmath>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

MetropolisExchange::MetropolisExchange(const SquareLattice& lattice, MoveMixture mixture)
    : MetropolisExchange(square_j1j2_bonds(lattice), mixture) {}

MetropolisExchange::MetropolisExchange(const BondSet& bonds, MoveMixture mixture, Real psi_power)
    : MetropolisExchange(bonds, mixture) {
  require_input(psi_power > 0 && std::isfinite(psi_power), "--sampler.psi_power",
                "must be > 0 (2 samples |psi|^2)");
  psi_power_ = psi_power;
}

MetropolisExchange::MetropolisExchange(const BondSet& bonds, MoveMixture mixture)
    : n_sites_(bonds.n_sites()), j1_bonds_(bonds.j1_bonds()), j2_bonds_(bonds.j2_bonds()) {
  const Real total = mixture.j1_bond + mixture.j2_bond + mixture.random_pair;
  require_input(
      mixture.j1_bond >= 0 && mixture.j2_bond >= 0 && mixture.random_pair >= 0 && total > 0,
      "--sampler.j1_moves",
      "move weights (--sampler.j1_moves, --sampler.j2_moves, --sampler.pair_moves) must be >= 0 "
      "with a positive sum");
  require_input(mixture.j1_bond == 0 || !j1_bonds_.empty(), "--sampler.j1_moves",
                "must be 0 on a lattice without kind-1 bonds");
  require_input(mixture.j2_bond == 0 || !j2_bonds_.empty(), "--sampler.j2_moves",
                "must be 0 on a lattice without kind-2 bonds");
  cumulative_ = {mixture.j1_bond / total, (mixture.j1_bond + mixture.j2_bond) / total, 1.0};
}

MetropolisExchange::Proposal MetropolisExchange::propose(const Spin* config,
                                                         PhiloxStream& stream) const {
  const Real kind = stream.uniform();
  Proposal p;
  if (kind < cumulative_[1]) {
    const std::vector<Bond>& bonds = kind < cumulative_[0] ? j1_bonds_ : j2_bonds_;
    const Bond& bond = bonds[stream.uniform_index(bonds.size())];
    p.a = bond.a;
    p.b = bond.b;
    p.null_move = config[bond.a] == config[bond.b];
    return p;
  }
  // Random opposite pair: a uniform site, then the k-th site of opposite spin (N/2 of them in the
  // S^z = 0 sector), so every opposite pair has probability 4 / N^2 in every configuration.
  p.a = static_cast<Index>(stream.uniform_index(static_cast<std::uint64_t>(n_sites_)));
  auto k = static_cast<Index>(stream.uniform_index(static_cast<std::uint64_t>(n_sites_ / 2)));
  for (Index s = 0; s < n_sites_; ++s) {
    if (config[s] != config[p.a] && k-- == 0) {
      p.b = s;
      break;
    }
  }
  p.null_move = false;
  return p;
}

void MetropolisExchange::step(ChainSet& chains, const WaveFunction& psi) const {
  const Index n_chains = chains.count();
  std::vector<Proposal> proposals(static_cast<std::size_t>(n_chains));
  std::vector<Index> live;  // chains with a real (non-null) proposal
  live.reserve(static_cast<std::size_t>(n_chains));
  for (Index c = 0; c < n_chains; ++c) {
    Proposal& p = proposals[static_cast<std::size_t>(c)];
    p = propose(chains.configs().row(c).data(), chains.stream(c));
    if (p.null_move) {
      chains.record(c, false);
    } else {
      live.push_back(c);
    }
  }
  if (live.empty()) return;

  ConfigBatch trial(static_cast<Index>(live.size()), n_sites_);
  for (std::size_t r = 0; r < live.size(); ++r) {
    const Proposal& p = proposals[static_cast<std::size_t>(live[r])];
    auto row = trial.row(static_cast<Index>(r));
    row = chains.configs().row(live[r]);
    std::swap(row(p.a), row(p.b));
  }
  const ComplexVector trial_log_psi = psi.log_psi(trial);

  for (std::size_t r = 0; r < live.size(); ++r) {
    const Index c = live[r];
    const Real log_ratio =
        psi_power_ * (trial_log_psi(static_cast<Index>(r)) - chains.log_psi()(c)).real();
    // Always draw u, so a chain consumes its stream identically whatever the other chains do.
    const Real u = chains.stream(c).uniform();
    const bool accept = log_ratio >= 0 || u < std::exp(log_ratio);
    chains.record(c, accept);
    if (accept) {
      chains.configs().row(c) = trial.row(static_cast<Index>(r));
      chains.log_psi()(c) = trial_log_psi(static_cast<Index>(r));
    }
  }
}

void MetropolisExchange::advance(ChainSet& chains, const WaveFunction& psi, Index n_sweeps) const {
  for (Index s = 0; s < n_sweeps * n_sites_; ++s) step(chains, psi);
}

void MetropolisExchange::refresh(ChainSet& chains, const WaveFunction& psi) {
  if (chains.count() > 0) chains.log_psi() = psi.log_psi(chains.configs());
}

void MetropolisExchange::sweep(ChainSet& chains, const WaveFunction& psi, Index n_sweeps) const {
  VITVMC_REQUIRE(chains.n_sites() == n_sites_ && psi.n_sites() == n_sites_,
                 "chains, model and lattice disagree on the number of sites");
  VITVMC_REQUIRE(n_sweeps >= 0, "negative number of sweeps");
  refresh(chains, psi);
  advance(chains, psi, n_sweeps);
}

SampleBatch MetropolisExchange::sample(ChainSet& chains, const WaveFunction& psi,
                                       Index samples_per_chain, Index sweeps_between,
                                       Index discard) const {
  VITVMC_REQUIRE(chains.n_sites() == n_sites_ && psi.n_sites() == n_sites_,
                 "chains, model and lattice disagree on the number of sites");
  VITVMC_REQUIRE(samples_per_chain >= 0 && sweeps_between >= 1 && discard >= 0,
                 "need samples_per_chain >= 0, sweeps_between >= 1, discard >= 0");
  const std::uint64_t proposed0 = chains.total_proposed();
  const std::uint64_t accepted0 = chains.total_accepted();
  refresh(chains, psi);
  advance(chains, psi, discard);

  SampleBatch batch;
  batch.samples_per_chain = samples_per_chain;
  batch.n_chains = chains.count();
  batch.first_chain = chains.first();
  batch.configs.resize(chains.count() * samples_per_chain, n_sites_);
  batch.log_psi.resize(chains.count() * samples_per_chain);
  for (Index t = 0; t < samples_per_chain; ++t) {
    advance(chains, psi, sweeps_between);
    for (Index c = 0; c < chains.count(); ++c) {
      batch.configs.row(c * samples_per_chain + t) = chains.configs().row(c);
      batch.log_psi(c * samples_per_chain + t) = chains.log_psi()(c);
    }
  }
  batch.proposed = chains.total_proposed() - proposed0;
  batch.accepted = chains.total_accepted() - accepted0;
  return batch;
}

}  // namespace vitvmc
