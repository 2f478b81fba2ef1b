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
  EXPECT_DOUBLE_EQ(plan.object("sr_redistribution_buffers").bytes, 0.0);  // one rank: no messages
  EXPECT_EQ(plan.peak_phase, "sr_matrix");
  EXPECT_EQ(plan.largest_in_peak().name, "sr_kernel");
  EXPECT_GT(plan.fallback_peak_bytes_per_rank, plan.peak_bytes_per_rank);
}

TEST(ResourcePlan, DistributedObjectsFallAsOneOverRanks) {
  const RunConfig c = kernel_config(4096);
  const ResourcePlan one = plan_resources(c, 1, inputs(1000, 4096));
  for (int r : {2, 4, 8, 16}) {
    const ResourcePlan plan = plan_resources(c, r, inputs(1000, 4096));
    EXPECT_DOUBLE_EQ(plan.object("sr_kernel").bytes * r, one.object("sr_kernel").bytes) << r;
    EXPECT_DOUBLE_EQ(plan.object("jacobian").bytes * r, one.object("jacobian").bytes) << r;
    EXPECT_NEAR(plan.object("sr_x_block_cyclic").bytes * r, one.object("sr_x_block_cyclic").bytes,
                0.05 * one.object("sr_x_block_cyclic").bytes)
        << r;  // 1000 columns are 15.6 blocks of 64: the first grid column holds one block more
    // Every O(M^2) / O(M P) object together, redistribution buffers included.
    double sum = 0, sum_one = 0;
    for (const char* name : {"jacobian", "sr_x_local", "sr_x_block_cyclic", "sr_kernel"}) {
      sum += plan.object(name).bytes;
      sum_one += one.object(name).bytes;
    }
    EXPECT_LT(sum * r, 1.05 * sum_one) << r;
  }
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
