// A written checkpoint is self-consistent: /chains/log_psi is log psi of the stored configurations
// under the stored /parameters/theta (it used to be the value under the parameters before the last
// update, which is what the chains' cache holds after a step).
#include <gtest/gtest.h>

#include <string>

#include "vitvmc/driver/checkpointing.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/support/mpi_test_env.hpp"
#include "vitvmc/support/scratch_dir.hpp"

namespace vitvmc {
namespace {

RunConfig small_metropolis_run(const std::string& dir) {
  RunConfig c;
  c.lattice.lx = 4;
  c.lattice.ly = 4;
  c.model.d = 8;
  c.model.heads = 2;
  c.model.layers = 1;
  c.sampler.chains = 8;
  c.sampler.samples = 64;
  c.sampler.warmup = 5;
  c.optimizer.lr = 0.05;
  c.optimizer.steps = 2;
  c.output.dir = dir;
  return c;
}

TEST(Checkpoint, LogPsiMatchesTheStoredTheta) {
  const Communicator& comm = testing_support::world();
  const testing_support::ScratchDir scratch("log_psi");
  const std::string& dir = scratch.path();
  const RunConfig config = small_metropolis_run(dir);
  RunContext ctx(config, "", comm);
  VmcState state = make_initial_state(ctx);
  auto solver = choose_sr_solver(ctx, state.psi->n_params());
  ctx.sampler.sweep(*state.chains, *state.psi, config.sampler.warmup);
  for (Index k = 0; k < config.optimizer.steps; ++k)
    ASSERT_FALSE(vmc_step(state, ctx, *solver).rejected);
  save_checkpoint(state, ctx);

  const CheckpointData saved = read_checkpoint(checkpoint_path(dir), comm);
  ASSERT_GT(saved.n_local_chains(), 0);
  std::unique_ptr<WaveFunction> psi = make_wave_function(ctx.lattice, config.model);
  psi->parameters().values() = saved.theta;
  const ComplexVector expected = psi->log_psi(saved.configs);
  const Real scale = expected.cwiseAbs().maxCoeff();
  EXPECT_LT((saved.log_psi - expected).cwiseAbs().maxCoeff(), 1e-12 * scale);
  // The check has teeth: the step moved theta enough to change log psi far beyond that tolerance.
  psi->parameters().values() = state.optimizer.previous_theta;
  EXPECT_GT((saved.log_psi - psi->log_psi(saved.configs)).cwiseAbs().maxCoeff(), 1e-6 * scale);
}

}  // namespace
}  // namespace vitvmc
