// The optimisation trajectory does not depend on the number of ranks: run k steps on the full
// communicator with the distributed (ScaLAPACK) SR solver, and on rank 0 alone (a split
// communicator) with the serial Eigen solver, and compare parameters and energies. On one rank the
// two runs still differ in the SR solve, so the comparison is never a run against itself.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/driver/vmc_driver.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/sr/serial_sr.hpp"
#include "vitvmc/sr/sr_solver.hpp"
#include "vitvmc/support/mpi_test_env.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

// Exact mode on 4x3 (924 states, patch 1) keeps the full-sector SR small; Metropolis runs on 4x4.
RunConfig small_config(SamplerKind sampler, AttentionKind attention) {
  RunConfig c;
  c.lattice.lx = 4;
  c.lattice.ly = sampler == SamplerKind::exact ? 3 : 4;
  c.model.patch = sampler == SamplerKind::exact ? 1 : 2;
  c.lattice.j2 = 0.5;
  c.model.d = 8;
  c.model.heads = 2;
  c.model.layers = 1;
  c.model.attention = attention;
  c.sampler.type = sampler;
  c.sampler.chains = 8;
  c.sampler.samples = 128;
  c.sampler.warmup = 5;
  c.sampler.discard = 1;
  c.optimizer.lr = 0.05;
  c.optimizer.steps = 3;
  return c;
}

struct Trajectory {
  std::vector<Real> energies;
  RealVector theta;
};

// The serial reference SR solve (solve_sr_serial, Eigen) behind the solver interface; one rank
// only.
class SerialSrSolver final : public SrSolver {
 public:
  explicit SerialSrSolver(SolverChoice kind) : kind_(kind) {}
  RealVector solve(const RealMatrix& x, const RealVector& e, Real shift, const Communicator& comm,
                   SrDiagnostics* diag) override {
    VITVMC_REQUIRE(comm.size() == 1, "SerialSrSolver runs on one rank");
    return solve_sr_serial(x, e, shift, kind_, SrSolverOptions{}.rcond, diag);
  }
  SolverChoice kind() const override { return kind_; }

 private:
  SolverChoice kind_;
};

// The solver vmc_dist would use ("distributed"), or the serial one of the same kind ("serial").
Trajectory run_steps(const RunConfig& config, const Communicator& comm,
                     const std::string& solver_kind = "distributed") {
  RunContext ctx(config, "", comm);
  VmcState state = make_initial_state(ctx);
  std::unique_ptr<SrSolver> solver = choose_sr_solver(ctx, state.psi->n_params());
  if (solver_kind == "serial") solver = std::make_unique<SerialSrSolver>(solver->kind());
  if (state.chains) ctx.sampler.sweep(*state.chains, *state.psi, config.sampler.warmup);
  Trajectory t;
  for (Index k = 0; k < config.optimizer.steps; ++k) {
    const VmcStepResult r = vmc_step(state, ctx, *solver);
    EXPECT_FALSE(r.rejected);
    t.energies.push_back(r.estimate.energy_per_site);
  }
  t.theta = state.psi->parameters().values();
  return t;
}

void expect_rank_count_invariance(const RunConfig& config) {
  Communicator& world = testing_support::world();
  const Trajectory full = run_steps(config, world);
  // Rank 0 alone repeats the run with the serial solver; the other ranks sit this one out.
  const Communicator solo = world.split(world.rank() == 0 ? 0 : 1, world.rank());
  if (world.rank() == 0) {
    const Trajectory serial = run_steps(config, solo, "serial");
    ASSERT_EQ(full.energies.size(), serial.energies.size());
    for (std::size_t k = 0; k < full.energies.size(); ++k)
      EXPECT_NEAR(full.energies[k], serial.energies[k], 1e-10) << "step " << k;
    EXPECT_LT((full.theta - serial.theta).cwiseAbs().maxCoeff(), 1e-9);
  }
  world.barrier();
}

TEST(VmcTrajectory, ExactModeIsRankCountInvariant) {
  expect_rank_count_invariance(small_config(SamplerKind::exact, AttentionKind::factored));
}

TEST(VmcTrajectory, MetropolisIsRankCountInvariant) {
  expect_rank_count_invariance(small_config(SamplerKind::metropolis, AttentionKind::standard));
}

TEST(VmcTrajectory, ClippedMetropolisIsRankCountInvariant) {
  RunConfig c = small_config(SamplerKind::metropolis, AttentionKind::factored);
  c.optimizer.clip_local_energy = 2;  // narrow enough to clip some samples of this small run
  expect_rank_count_invariance(c);
  // Clipping changes the updates but not the reported energy of the first step.
  const Trajectory clipped = run_steps(c, testing_support::world());
  c.optimizer.clip_local_energy = 0;
  const Trajectory plain = run_steps(c, testing_support::world());
  EXPECT_DOUBLE_EQ(clipped.energies.front(), plain.energies.front());
  EXPECT_GT((clipped.theta - plain.theta).norm(), 1e-6);
}

// Chains of |psi|^1 with importance weights |psi|: the weights are normalised over all ranks, so
// the trajectory is the same on any rank count (to round-off), and it differs from |psi|^2 chains.
TEST(VmcTrajectory, ImportanceSampledMetropolisIsRankCountInvariant) {
  RunConfig c = small_config(SamplerKind::metropolis, AttentionKind::factored);
  c.sampler.psi_power = 1;
  expect_rank_count_invariance(c);
  const Trajectory flattened = run_steps(c, testing_support::world());
  c.sampler.psi_power = 2;
  const Trajectory born = run_steps(c, testing_support::world());
  EXPECT_NE(flattened.energies.front(), born.energies.front());
}

// At one theta, the reweighted estimate from chains of |psi|^q agrees with the exact sum over the
// 4x4 sector within 4 error bars, for q = 2, 1 and 0.5 (fixed seeds: the test cannot flake).
TEST(VmcTrajectory, ImportanceWeightedEnergyMatchesTheExactSum) {
  RunConfig c = small_config(SamplerKind::metropolis, AttentionKind::factored);
  c.sampler.type = SamplerKind::exact;
  RunContext exact_ctx(c, "", testing_support::world());
  VmcState exact_state = make_initial_state(exact_ctx);
  const EnergyEstimate exact_estimate = measure_energy(exact_state, exact_ctx, 0);
  const Real exact = exact_estimate.energy_per_site;
  // 1 / sum p^2 over the 12,870 S^z = 0 states of 4x4: between 1 and all of them.
  EXPECT_GT(exact_estimate.effective_samples, 1.0);
  EXPECT_LT(exact_estimate.effective_samples, 12870.0);
  for (const Real q : {2.0, 1.0, 0.5}) {
    c.sampler.type = SamplerKind::metropolis;
    c.sampler.psi_power = q;
    c.sampler.chains = 16;
    c.sampler.warmup = 50;
    RunContext ctx(c, "", testing_support::world());
    VmcState state = make_initial_state(ctx);
    ctx.sampler.sweep(*state.chains, *state.psi, c.sampler.warmup);
    const EnergyEstimate e = measure_energy(state, ctx, 8192);
    EXPECT_GT(e.error_per_site, 0.0) << "q = " << q;
    EXPECT_LT(std::abs(e.energy_per_site - exact), 4 * e.error_per_site)
        << "q = " << q << ": " << e.energy_per_site << " +- " << e.error_per_site << ", exact "
        << exact;
    // Equal weights are worth every sample; importance weights fewer, but not a handful.
    if (q == 2.0) {
      EXPECT_DOUBLE_EQ(e.effective_samples, static_cast<Real>(e.samples));
    } else {
      EXPECT_LT(e.effective_samples, 0.999 * static_cast<Real>(e.samples)) << "q = " << q;
      EXPECT_GT(e.effective_samples, 0.1 * static_cast<Real>(e.samples)) << "q = " << q;
    }
  }
}

TEST(VmcTrajectory, EnergyDecreasesInExactMode) {
  RunConfig c = small_config(SamplerKind::exact, AttentionKind::factored);
  c.optimizer.steps = 15;
  const Trajectory t = run_steps(c, testing_support::world());
  EXPECT_LT(t.energies.back(), t.energies.front() - 0.01);
}

// A step whose parameters give non-finite energies is rejected on every rank: theta goes back to
// the parameters before the last update, the shift is raised tenfold, and the next step proceeds.
TEST(VmcStep, NonFiniteParametersAreRejectedAndRolledBack) {
  const RunConfig config = small_config(SamplerKind::metropolis, AttentionKind::factored);
  RunContext ctx(config, "", testing_support::world());
  VmcState state = make_initial_state(ctx);
  auto solver = choose_sr_solver(ctx, state.psi->n_params());
  ctx.sampler.sweep(*state.chains, *state.psi, config.sampler.warmup);
  ASSERT_FALSE(vmc_step(state, ctx, *solver).rejected);
  const RealVector before_update = state.optimizer.previous_theta;
  const Real shift = current_diag_shift(state, ctx);

  state.psi->parameters().values()(0) =
      std::numeric_limits<Real>::quiet_NaN();  // a blown-up update
  const VmcStepResult bad = vmc_step(state, ctx, *solver);
  EXPECT_TRUE(bad.rejected);
  EXPECT_EQ(state.step, 1);
  EXPECT_EQ(state.optimizer.consecutive_rejections, 1);
  EXPECT_DOUBLE_EQ(current_diag_shift(state, ctx), 10 * shift);
  EXPECT_TRUE((state.psi->parameters().values().array() == before_update.array()).all());

  const VmcStepResult next = vmc_step(state, ctx, *solver);
  EXPECT_FALSE(next.rejected);
  EXPECT_TRUE(std::isfinite(next.estimate.energy_per_site));
  EXPECT_EQ(state.optimizer.consecutive_rejections, 0);
  EXPECT_EQ(state.step, 2);
  EXPECT_DOUBLE_EQ(current_diag_shift(state, ctx), 5 * shift);  // the boost relaxes by half
}

// The shift follows its schedule from diag_shift (first step) to diag_shift * fraction (last).
TEST(VmcStep, DiagShiftFollowsItsSchedule) {
  RunConfig config = small_config(SamplerKind::exact, AttentionKind::factored);
  config.optimizer.diag_shift = 1e-2;
  config.optimizer.shift_schedule = ScheduleKind::exponential;
  config.optimizer.final_shift_fraction = 1e-2;
  config.optimizer.steps = 11;
  RunContext ctx(config, "", testing_support::world());
  VmcState state = make_initial_state(ctx);
  EXPECT_DOUBLE_EQ(current_diag_shift(state, ctx), 1e-2);
  state.step = 5;
  EXPECT_NEAR(current_diag_shift(state, ctx), 1e-3, 1e-15);
  state.step = 10;
  EXPECT_NEAR(current_diag_shift(state, ctx), 1e-4, 1e-16);
  state.optimizer.shift_boost = 10;
  EXPECT_NEAR(current_diag_shift(state, ctx), 1e-3, 1e-15);
}

// Without a good state to return to, every step is rejected and counted (the run stops at 5).
TEST(VmcStep, RejectionsInARowAreCounted) {
  const RunConfig config = small_config(SamplerKind::exact, AttentionKind::factored);
  RunContext ctx(config, "", testing_support::world());
  VmcState state = make_initial_state(ctx);
  auto solver = choose_sr_solver(ctx, state.psi->n_params());
  state.psi->parameters().values()(3) = std::numeric_limits<Real>::infinity();
  for (Index k = 1; k <= 3; ++k) {
    EXPECT_TRUE(vmc_step(state, ctx, *solver).rejected);
    EXPECT_EQ(state.optimizer.consecutive_rejections, k);
  }
  EXPECT_EQ(state.step, 0);
}

}  // namespace
}  // namespace vitvmc
