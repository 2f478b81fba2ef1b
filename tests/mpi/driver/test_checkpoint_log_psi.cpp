// A written checkpoint is self-consistent: /chains/log_psi is log psi of the stored configurations
// under the stored /parameters/theta (it used to be the value under the parameters before the last
// update, which is what the chains' cache holds after a step).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "vitvmc/driver/checkpointing.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/support/mpi_test_env.hpp"

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

// The same directory name on every rank: rank 0's process id, broadcast.
std::string scratch_dir(const Communicator& comm) {
  std::int64_t id = ::getpid();
  broadcast(std::span<std::int64_t>(&id, 1), 0, comm);
  return (std::filesystem::temp_directory_path() /
          ("vitvmc_log_psi_" + std::to_string(id) + "_np" + std::to_string(comm.size())))
      .string();
}

TEST(Checkpoint, LogPsiMatchesTheStoredTheta) {
  const Communicator& comm = testing_support::world();
  const std::string dir = scratch_dir(comm);
  if (comm.rank() == 0) std::filesystem::create_directories(dir);
  comm.barrier();
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
  comm.barrier();
  if (comm.rank() == 0) std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vitvmc
