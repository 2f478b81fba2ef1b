#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "config_test_helpers.hpp"
#include "vitvmc/config/parse.hpp"
#include "vitvmc/config/stages.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using test::parse;

// InvalidInput naming --optimizer.stages whose message contains `text`.
void expect_bad_plan(const std::string& plan, const std::string& text) {
  try {
    parse_stages(plan);
    ADD_FAILURE() << "accepted '" << plan << "'";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.option(), "--optimizer.stages") << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("level:steps"), std::string::npos) << e.what();
  }
}

TEST(Stages, EmptyMeansNoPlan) {
  EXPECT_TRUE(parse_stages("").empty());
  EXPECT_TRUE(parse_stages("  ").empty());
}

TEST(Stages, ParsesLevelsStepsAndSettings) {
  const auto s =
      parse_stages("none:250, translations:30 ,lattice:20:lr=0.05:shift=1e-4:samples=512");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].symmetrize, SymmetryLevel::none);
  EXPECT_EQ(s[0].steps, 250);
  EXPECT_FALSE(s[0].lr || s[0].shift || s[0].samples);
  EXPECT_EQ(s[1].symmetrize, SymmetryLevel::translations);
  EXPECT_EQ(s[1].steps, 30);
  EXPECT_EQ(s[2].symmetrize, SymmetryLevel::lattice);
  EXPECT_EQ(*s[2].lr, 0.05);
  EXPECT_EQ(*s[2].shift, 1e-4);
  EXPECT_EQ(*s[2].samples, 512);
  EXPECT_EQ(total_stage_steps(s), 300);
  EXPECT_EQ(parse_stages("\"lattice_spinflip:5\"").at(0).symmetrize,
            SymmetryLevel::lattice_spinflip);
}

TEST(Stages, RejectsMalformedPlans) {
  expect_bad_plan("none", "needs level:steps");
  expect_bad_plan("none:", "steps must be a positive integer");
  expect_bad_plan("none:0", "steps must be a positive integer");
  expect_bad_plan("none:-3", "steps must be a positive integer");
  expect_bad_plan("none:2.5", "steps must be a positive integer");
  expect_bad_plan("spacegroup:3", "unknown level 'spacegroup'");
  expect_bad_plan("none:3,", "stage 2");
  expect_bad_plan("none:3,,lattice:2", "stage 2");
  expect_bad_plan("none:3:lr", "expected key=value");
  expect_bad_plan("none:3:eta=0.1", "unknown setting 'eta'");
  expect_bad_plan("none:3:lr=0", "lr must be > 0");
  expect_bad_plan("none:3:lr=fast", "non-negative number");
  expect_bad_plan("none:3:shift=-1", "non-negative number");
  expect_bad_plan("none:3:samples=0", "samples must be a positive integer");
}

TEST(Stages, StageOfAStepAndModelOfACheckpoint) {
  const auto s = parse_stages("none:3,translations:2,lattice:2");
  // Step k + 1 runs after k completed steps.
  const std::vector<Index> expected = {0, 0, 0, 1, 1, 2, 2, 2, 2};
  for (Index k = 0; k < static_cast<Index>(expected.size()); ++k)
    EXPECT_EQ(stage_index(s, k), expected[static_cast<std::size_t>(k)]) << k;
  RunConfig c;
  c.optimizer.stages = "none:3,translations:2,lattice:2";
  EXPECT_EQ(model_at_step(c, 0).symmetrize, SymmetryLevel::none);
  EXPECT_EQ(model_at_step(c, 3).symmetrize, SymmetryLevel::none);  // step 3 ran in stage 1
  EXPECT_EQ(model_at_step(c, 4).symmetrize, SymmetryLevel::translations);
  EXPECT_EQ(model_at_step(c, 7).symmetrize, SymmetryLevel::lattice);
  c.optimizer.stages.clear();
  c.model.symmetrize = SymmetryLevel::lattice;
  EXPECT_EQ(model_at_step(c, 4).symmetrize, SymmetryLevel::lattice);
}

TEST(Stages, PlanSetsTheStepCountAndIsEchoed) {
  const auto p = parse({"--optimizer.stages", "none:3,lattice:2"});
  EXPECT_EQ(p.config.optimizer.steps, 5);
  EXPECT_NE(p.echo.find("stages = none:3,lattice:2"), std::string::npos);
  EXPECT_EQ(parse({"--optimizer.stages", "none:3,lattice:2", "--optimizer.steps", "5"})
                .config.optimizer.steps,
            5);
  EXPECT_EQ(parse({"--optimizer.stages", ""}).echo.find("stages"), std::string::npos);
}

// The built-in plan of the default study applies only when the run sets neither the step count
// nor the symmetrisation, so runs and INI files that set them behave as before it existed.
TEST(Stages, DefaultPlanOnlyWhenStepsAndSymmetrizeAreLeftOut) {
  const auto defaults = parse({});
  ASSERT_FALSE(parse_stages(defaults.config.optimizer.stages).empty());
  EXPECT_EQ(defaults.config.optimizer.steps,
            total_stage_steps(parse_stages(defaults.config.optimizer.stages)));
  EXPECT_NE(defaults.echo.find("stages = " + defaults.config.optimizer.stages), std::string::npos);
  const auto with_steps = parse({"--optimizer.steps", "7"});
  EXPECT_EQ(with_steps.config.optimizer.stages, "");
  EXPECT_EQ(with_steps.config.optimizer.steps, 7);
  EXPECT_EQ(with_steps.echo.find("stages"), std::string::npos);
  EXPECT_EQ(parse({"--model.symmetrize", "lattice"}).config.optimizer.stages, "");
  const std::string path = ::testing::TempDir() + "vitvmc_steps.ini";
  std::ofstream(path) << "[optimizer]\nsteps = 9\n";
  EXPECT_EQ(parse({"--config", path}).config.optimizer.stages, "");
  std::remove(path.c_str());
}

TEST(Stages, IniSectionMayQuoteThePlan) {
  const std::string path = ::testing::TempDir() + "vitvmc_stages.ini";
  std::ofstream(path) << "[optimizer]\nstages = \"none:4,translations:1:samples=64\"\n";
  const auto p = parse({"--config", path});
  EXPECT_EQ(p.config.optimizer.stages, "none:4,translations:1:samples=64");
  EXPECT_EQ(p.config.optimizer.steps, 5);
  EXPECT_NE(p.echo.find("stages = none:4,translations:1:samples=64\n"), std::string::npos);
  std::remove(path.c_str());
}

TEST(Stages, RunConfigRefusesInconsistentPlans) {
  const auto rejected = [](std::vector<std::string> args, const std::string& text) {
    try {
      parse(args);
      ADD_FAILURE() << "accepted";
    } catch (const InvalidInput& e) {
      EXPECT_EQ(e.option(), "--optimizer.stages") << e.what();
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  rejected({"--optimizer.stages", "none:3,lattice:2", "--optimizer.steps", "7"}, "sum to 5");
  rejected({"--optimizer.stages", "none:3", "--model.symmetrize", "lattice"}, "--model.symmetrize");
  rejected({"--optimizer.stages", "none:3:samples=100", "--sampler.chains", "32"}, "multiple");
  rejected({"--optimizer.stages", "none:x"}, "positive integer");
}

}  // namespace
}  // namespace vitvmc
