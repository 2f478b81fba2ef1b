// The memory plan's arithmetic: object sizes that follow from the layouts, the 1/R fall of the
// distributed objects, the refusal message, the JSON names scripts rely on, and byte-size parsing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "vitvmc/job/resource_plan.hpp"
#include "vitvmc/util/byte_size.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

RunConfig kernel_config(Index samples) {
  RunConfig c;
  c.lattice.lx = c.lattice.ly = 4;
  c.model.d = 8;
  c.model.layers = 1;
  c.sampler.chains = 64;
  c.sampler.samples = samples;
  c.optimizer.solver = SolverChoice::kernel;
  return c;
}

PlanInputs inputs(Index p, Index m) {
  PlanInputs in;
  in.n_params = p;
  in.sample_rows = m;
  in.forward_flops = 1e5;
  return in;
}

TEST(ResourcePlan, KernelAndJacobianFollowTheirLayouts) {
  const ResourcePlan plan = plan_resources(kernel_config(4096), 1, inputs(1000, 4096));
  EXPECT_EQ(plan.solver(), "kernel");
  EXPECT_DOUBLE_EQ(plan.object("sr_kernel").bytes, 8.0 * 8192 * 8192);
  EXPECT_DOUBLE_EQ(plan.object("jacobian").bytes, 16.0 * 4096 * 1000);
  EXPECT_DOUBLE_EQ(plan.object("sr_x_local").bytes, 8.0 * 8192 * 1000);
  // One rank forms T by one dsyrk on X in place: no block-cyclic copy, no messages.
  EXPECT_THROW(plan.object("sr_x_block_cyclic"), std::exception);
  EXPECT_THROW(plan.object("sr_slice_buffers"), std::exception);
  EXPECT_EQ(plan.peak_phase, "sr_matrix");
  EXPECT_EQ(plan.largest_in_peak().name, "sr_kernel");
  EXPECT_GT(plan.fallback_peak_bytes_per_rank, plan.peak_bytes_per_rank);
}

// The ViT workspace follows the attention type's declared cost (attention_registry.hpp): on
// 10x10 with 2x2 patches (n = 25, 40 samples per chunk), standard attention adds q, k and their
// adjoints per token row and per-sample maps over factored; decoupled adds its softmax term.
TEST(ResourcePlan, ModelWorkspaceFollowsTheAttentionType) {
  const auto workspace = [](AttentionKind attention) {
    RunConfig c = kernel_config(4096);
    c.lattice.lx = c.lattice.ly = 10;
    c.model.d = 60;
    c.model.heads = 10;
    c.model.layers = 4;
    c.model.attention = attention;
    return plan_resources(c, 1, inputs(1000, 4096)).object("model_workspace").bytes;
  };
  const double rows = 40 * 25, maps = 40 * 10 * 25 * 25, shared = 10 * 25 * 25;
  EXPECT_DOUBLE_EQ(workspace(AttentionKind::standard) - workspace(AttentionKind::factored),
                   8.0 * (4 * (rows * 2 * 60 + maps - shared) + 2 * rows * 2 * 60));
  EXPECT_DOUBLE_EQ(workspace(AttentionKind::decoupled) - workspace(AttentionKind::standard),
                   8.0 * 4 * maps);
}

TEST(ResourcePlan, DistributedObjectsFallAsOneOverRanks) {
  // 2M = 8192 > P = 1000: more than one rank takes the block-cyclic route, whose objects are
  // shares of the one-process grid's (8 N P and 8 N^2 bytes).
  const RunConfig c = kernel_config(4096);
  const ResourcePlan one = plan_resources(c, 1, inputs(1000, 4096));
  const double x_whole = 8.0 * 8192 * 1000, t_whole = 8.0 * 8192 * 8192;
  EXPECT_DOUBLE_EQ(one.object("sr_kernel").bytes, t_whole);
  for (int r : {2, 4, 8, 16}) {
    const ResourcePlan plan = plan_resources(c, r, inputs(1000, 4096));
    EXPECT_DOUBLE_EQ(plan.object("sr_kernel").bytes * r, t_whole) << r;
    EXPECT_DOUBLE_EQ(plan.object("jacobian").bytes * r, one.object("jacobian").bytes) << r;
    EXPECT_NEAR(plan.object("sr_x_block_cyclic").bytes * r, x_whole, 0.05 * x_whole)
        << r;  // 1000 columns are 15.6 blocks of 64: the first grid column holds one block more
    // Every O(M^2) / O(M P) object together.
    double sum = 0;
    for (const char* name : {"jacobian", "sr_x_local", "sr_x_block_cyclic", "sr_kernel"})
      sum += plan.object(name).bytes;
    EXPECT_LT(sum * r, 1.05 * (one.object("jacobian").bytes + 2 * x_whole + t_whole)) << r;
  }
}

double phase_bytes(const ResourcePlan& plan, const std::string& name) {
  for (const PlanPhase& phase : plan.phases)
    if (phase.name == name) return phase.bytes;
  ADD_FAILURE() << "no phase " << name;
  return 0;
}

bool has_phase(const ResourcePlan& plan, const std::string& name) {
  for (const PlanPhase& phase : plan.phases)
    if (phase.name == name) return true;
  return false;
}

TEST(ResourcePlan, ParameterSlicesHoldTheWholeKernelAndNoBlockCyclicCopy) {
  // 2M = 2048 on 2 ranks against P = 100,000 (N R <= P): every rank forms an N x N partial
  // kernel from all rows of its share of the columns, moved in ~64 MB chunks.
  const RunConfig c = kernel_config(1024);
  const ResourcePlan plan = plan_resources(c, 2, inputs(100000, 1024));
  const double n = 2048;
  EXPECT_DOUBLE_EQ(plan.object("sr_kernel").bytes, 8.0 * n * n);
  EXPECT_THROW(plan.object("sr_x_block_cyclic"), std::exception);
  const double share = std::floor((64.0 * 1024 * 1024) / (8 * n));  // 4096 columns
  EXPECT_DOUBLE_EQ(plan.object("sr_slice_buffers").bytes, 8.0 * (1024 * 2 * share + n * share));
  EXPECT_FALSE(has_phase(plan, "sr_redistribute"));
  double expected = 0;
  for (const char* name :
       {"runtime", "parameters", "optimiser_state", "model_workspace", "sampler_state",
        "sr_x_local", "sr_kernel", "sr_slice_buffers", "sr_replicated_vectors", "sr_lapack_panel"})
    expected += plan.object(name).bytes;
  EXPECT_DOUBLE_EQ(phase_bytes(plan, "sr_matrix"), expected);
  EXPECT_DOUBLE_EQ(plan.object("sr_lapack_panel").bytes, 8.0 * n * 512);
}

TEST(ResourcePlan, KernelIsAllocatedBeforeXIsRedistributed) {
  // KernelSrSolver zero-fills T, then redistributes X into the block-cyclic layout: the four
  // copies of X's rows and T are resident together.
  const ResourcePlan plan = plan_resources(kernel_config(4096), 2, inputs(1000, 4096));
  double expected = 0;
  for (const char* name :
       {"runtime", "parameters", "optimiser_state", "model_workspace", "sampler_state",
        "sr_x_local", "sr_x_block_cyclic", "sr_redistribution_buffers", "sr_kernel"})
    expected += plan.object(name).bytes;
  EXPECT_DOUBLE_EQ(phase_bytes(plan, "sr_redistribute"), expected);
  EXPECT_EQ(plan.peak_phase, "sr_redistribute");
  // The parameter solver allocates S after the redistribution.
  RunConfig c = kernel_config(4096);
  c.optimizer.solver = SolverChoice::parameter;
  const ResourcePlan param = plan_resources(c, 2, inputs(1000, 4096));
  EXPECT_DOUBLE_EQ(phase_bytes(param, "sr_redistribute"),
                   expected - plan.object("sr_kernel").bytes);
}

TEST(ResourcePlan, FinalMeasurementHoldsItsSamples) {
  RunConfig c = kernel_config(1024);
  c.measure.samples = 8000;  // 125 per chain of 64: 32 chains on the largest of 2 ranks
  const ResourcePlan plan = plan_resources(c, 2, inputs(1000, 1024));
  const double n_sites = 16;
  EXPECT_DOUBLE_EQ(plan.object("measurement_samples").bytes, 32.0 * 125 * (n_sites + 16 + 16 + 8));
  EXPECT_DOUBLE_EQ(phase_bytes(plan, "final_measurement"),
                   phase_bytes(plan, "sampling") + plan.object("measurement_samples").bytes +
                       plan.object("eloc_chunk").bytes);
  // 3 ranks: ceil(64 / 3) = 22 chains on the largest.
  EXPECT_DOUBLE_EQ(plan_resources(c, 3, inputs(1000, 1024)).object("measurement_samples").bytes,
                   22.0 * 125 * (n_sites + 16 + 16 + 8));
  c.measure.samples = 0;
  EXPECT_FALSE(has_phase(plan_resources(c, 2, inputs(1000, 1024)), "final_measurement"));
  c.measure.samples = 8000;
  c.sampler.type = SamplerKind::exact;  // the measurement is the sector again
  EXPECT_FALSE(has_phase(plan_resources(c, 2, inputs(1000, 1024)), "final_measurement"));
}

TEST(ResourcePlan, ParameterSolverHoldsSAndItsCopy) {
  RunConfig c = kernel_config(4096);
  c.optimizer.solver = SolverChoice::automatic;  // 2M = 8192 >= P: the parameter route
  const ResourcePlan plan = plan_resources(c, 4, inputs(1000, 4096));
  EXPECT_EQ(plan.solver(), "parameter");
  EXPECT_NEAR(plan.object("sr_s_matrix").bytes, 8.0 * 1000 * 1000 / 4, 8.0 * 64 * 1000);
  EXPECT_DOUBLE_EQ(plan.object("sr_s_matrix_copy").bytes, plan.object("sr_s_matrix").bytes);
}

TEST(ResourcePlan, JsonHasTheNamesScriptsUse) {
  const ResourcePlan plan = plan_resources(kernel_config(1024), 256, inputs(5000, 1024));
  const std::string line = plan_json(plan);
  ASSERT_EQ(line.front(), '{');
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto j = nlohmann::json::parse(line);
  EXPECT_DOUBLE_EQ(j.at("peak_bytes_per_rank").get<double>(), plan.peak_bytes_per_rank);
  EXPECT_DOUBLE_EQ(j.at("objects").at("sr_kernel").get<double>(), plan.object("sr_kernel").bytes);
  EXPECT_GT(j.at("flops_per_step").at("sr_matrix").get<double>(), 0.0);
  EXPECT_EQ(j.at("ranks").get<int>(), 256);
}

TEST(ResourcePlan, RejectsNonPositiveRankCounts) {
  EXPECT_THROW(plan_resources(kernel_config(1024), 0, inputs(100, 1024)), InvalidInput);
}

TEST(ByteSize, ParsesSuffixesAndRejectsTheRest) {
  EXPECT_DOUBLE_EQ(*parse_byte_size("1000"), 1000.0);
  EXPECT_DOUBLE_EQ(*parse_byte_size("2K"), 2048.0);
  EXPECT_DOUBLE_EQ(*parse_byte_size("1.5g"), 1.5 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*parse_byte_size("512MiB"), 512.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*parse_byte_size("3GB"), 3.0 * 1024 * 1024 * 1024);
  for (const char* bad : {"", "abc", "-1G", "0", "12X", "4 G", " 4G", "inf", "nan", "1e400", "G"})
    EXPECT_FALSE(parse_byte_size(bad).has_value()) << bad;
}

}  // namespace
}  // namespace vitvmc
