// vmc_dist: distributed VMC for the J1-J2 model with Transformer (or RBM) wave functions.
//   mpirun -n R vmc_dist [--config run.ini] [--section.key value ...]
// Exit codes: 0 success, 2 bad input (every rank ends), 1 any other error (all ranks aborted).
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/driver/run_plan.hpp"
#include "vitvmc/driver/vmc_driver.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/job/memory_budget.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/error_line.hpp"

namespace {

constexpr int kExitBadInput = 2;

// --plan: the table and one JSON line for --plan.ranks ranks, from the model built here; nothing
// runs and no other process is needed.
void print_plan(const vitvmc::RunContext& ctx, bool root) {
  const int ranks =
      ctx.config.plan.ranks > 0 ? static_cast<int>(ctx.config.plan.ranks) : ctx.comm.size();
  const vitvmc::ResourcePlan plan = vitvmc::plan_run(ctx, ranks);
  if (root) std::cout << vitvmc::plan_table(plan) << "\n" << vitvmc::plan_json(plan) << std::endl;
}

// Setup: every rank parses the same input, so every rank reaches the same verdict and none waits.
int run(vitvmc::MpiEnvironment& env, int argc, char** argv) {
  const bool root = env.world().rank() == 0;
  vitvmc::ParsedCommandLine parsed;
  std::unique_ptr<vitvmc::RunContext> ctx;
  std::optional<vitvmc::PreparedRun> prepared;
  std::optional<vitvmc::ResourcePlan> plan;
  try {
    parsed = vitvmc::parse_run_config(argc, argv);
    if (parsed.help) {
      if (root) std::cout << parsed.help_text << std::endl;
      return 0;
    }
    ctx = std::make_unique<vitvmc::RunContext>(parsed.config, parsed.echo, env.world());
    if (parsed.plan) {
      print_plan(*ctx, root);
      return 0;
    }
    prepared.emplace(vitvmc::prepare_run(*ctx));
    // Refuse a run that would not fit before it allocates anything large (same verdict on all
    // ranks: same plan, budget reduced to its minimum).
    plan.emplace(vitvmc::plan_run(*ctx, ctx->comm.size()));
    vitvmc::check_memory_budget(*plan, vitvmc::memory_per_rank(ctx->config, ctx->comm));
  } catch (const vitvmc::InvalidInput& e) {
    if (root)
      vitvmc::write_error_line(std::string("vmc_dist: error: ") + e.what() +
                               "\n(see vmc_dist --help)");
    return kExitBadInput;
  } catch (const vitvmc::CheckpointError& e) {
    if (root) vitvmc::write_error_line(std::string("vmc_dist: error: --restart: ") + e.what());
    return kExitBadInput;
  }
  vitvmc::run_vmc(*ctx, std::move(*prepared), *plan);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  vitvmc::MpiEnvironment env(argc, argv);
  const int rank = env.world().rank();
  try {
    return run(env, argc, argv);
  } catch (const vitvmc::InvalidInput& e) {
    // Raised after setup (e.g. by a component on some ranks only): end every rank now.
    vitvmc::write_error_line("vmc_dist: error on rank " + std::to_string(rank) + ": " + e.what());
    vitvmc::MpiEnvironment::abort_all(kExitBadInput);
  } catch (const std::exception& e) {
    vitvmc::write_error_line("vmc_dist: fatal error on rank " + std::to_string(rank) + ": " +
                             e.what());
    vitvmc::MpiEnvironment::abort_all(1);
  }
}
