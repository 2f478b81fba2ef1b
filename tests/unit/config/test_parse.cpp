#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

ParsedCommandLine parse(std::vector<std::string> args) {
  args.insert(args.begin(), "vmc_dist");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_run_config(static_cast<int>(argv.size()), argv.data());
}

// Expects InvalidInput whose option is `option`.
void expect_rejected(std::vector<std::string> args, const std::string& option) {
  try {
    parse(args);
    ADD_FAILURE() << "accepted " << args.front();
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.option(), option) << e.what();
  }
}

TEST(ParseRunConfig, DefaultsAreValid) {
  const auto parsed = parse({});
  EXPECT_FALSE(parsed.help);
  EXPECT_EQ(parsed.config.lattice.lx, 6);
  EXPECT_EQ(parsed.config.model.type, "vit");
  EXPECT_NE(parsed.echo.find("[lattice]"), std::string::npos);
}

TEST(ParseRunConfig, HelpListsEveryOptionWithDefaults) {
  const auto parsed = parse({"--help"});
  EXPECT_TRUE(parsed.help);
  for (const char* name : {"--lattice.j2", "--model.attention", "--sampler.chains",
                           "--optimizer.solver", "--measure.samples", "--output.dir", "--restart"})
    EXPECT_NE(parsed.help_text.find(name), std::string::npos) << name;
  EXPECT_NE(parsed.help_text.find("(=factored)"), std::string::npos);
}

TEST(ParseRunConfig, IniFileAndCommandLineOverride) {
  const std::string path = testing::TempDir() + "vitvmc_test_run.ini";
  {
    std::ofstream f(path);
    f << "[lattice]\nlx = 4\nly = 4\nj2 = 0.0\n[model]\nattention = standard\nd = 8\n"
      << "[sampler]\nchains = 4\nsamples = 64\n";
  }
  const auto parsed = parse({"--config", path, "--lattice.ly", "6", "--optimizer.momentum=0.8"});
  EXPECT_EQ(parsed.config.lattice.lx, 4);
  EXPECT_EQ(parsed.config.lattice.ly, 6);  // command line wins
  EXPECT_EQ(parsed.config.lattice.j2, 0.0);
  EXPECT_EQ(parsed.config.model.attention, "standard");
  EXPECT_EQ(parsed.config.model.d, 8);
  EXPECT_EQ(parsed.config.optimizer.momentum, 0.8);
  // The echo parses back to the same configuration.
  {
    std::ofstream f(path);
    f << parsed.echo;
  }
  EXPECT_EQ(parse({"--config", path}).echo, parsed.echo);
  std::remove(path.c_str());
}

TEST(ParseRunConfig, RejectsBadInputNamingTheOption) {
  expect_rejected({"--no.such", "1"}, "--no.such");
  expect_rejected({"--lattice.lx", "abc"}, "--lattice.lx");
  expect_rejected({"--lattice.lx", "-4"}, "--lattice.lx");
  expect_rejected({"--lattice.lx", "0"}, "--lattice.lx");
  expect_rejected({"--lattice.lx", "5", "--lattice.ly", "5"}, "--lattice.lx");
  expect_rejected({"--config", "/nonexistent/run.ini"}, "--config");
  expect_rejected({"--model.type", "cnn"}, "--model.type");
  expect_rejected({"--model.attention", "linear"}, "--model.attention");
  expect_rejected({"--model.d", "10", "--model.heads", "3"}, "--model.d");
  expect_rejected({"--model.patch", "4"}, "--model.patch");
  expect_rejected({"--model.heads", "0"}, "--model.heads");
  expect_rejected({"--sampler.samples", "100", "--sampler.chains", "32"}, "--sampler.samples");
  expect_rejected({"--sampler.type", "gibbs"}, "--sampler.type");
  expect_rejected({"--optimizer.solver", "cg"}, "--optimizer.solver");
  expect_rejected({"--optimizer.lr", "-0.1"}, "--optimizer.lr");
  expect_rejected({"--optimizer.schedule", "linear"}, "--optimizer.schedule");
  expect_rejected({"--optimizer.momentum", "1.5"}, "--optimizer.momentum");
  expect_rejected({"--output.dir", ""}, "--output.dir");
  expect_rejected({"--lattice.marshall", "maybe"}, "--lattice.marshall");
  expect_rejected({"--lattice.lx", "3", "--lattice.ly", "4", "--lattice.marshall", "true",
                   "--model.patch", "1"},
                  "--lattice.marshall");
}

// auto turns the Marshall sign on exactly when both sides are even; the echo stores the resolved
// choice, so a checkpoint records which basis its parameters belong to.
TEST(ParseRunConfig, MarshallAutoFollowsTheLatticeSides) {
  const auto even = parse({});
  EXPECT_EQ(even.config.lattice.marshall, "auto");
  EXPECT_TRUE(uses_marshall_sign(even.config.lattice));
  EXPECT_NE(even.echo.find("marshall = true"), std::string::npos);
  const auto odd = parse({"--lattice.lx", "4", "--lattice.ly", "3", "--model.patch", "1"});
  EXPECT_FALSE(uses_marshall_sign(odd.config.lattice));
  EXPECT_NE(odd.echo.find("marshall = false"), std::string::npos);
  EXPECT_FALSE(uses_marshall_sign(parse({"--lattice.marshall", "false"}).config.lattice));
  EXPECT_TRUE(uses_marshall_sign(parse({"--lattice.marshall", "true"}).config.lattice));
}

TEST(ParseRunConfig, InitFromIsEchoedOnlyWhenSet) {
  EXPECT_EQ(parse({}).echo.find("[init]"), std::string::npos);  // old echoes stay as they were
  const auto parsed =
      parse({"--init.from", "runs/6x6/checkpoint.h5", "--init.new_displacements", "zero"});
  EXPECT_EQ(parsed.config.init.from, "runs/6x6/checkpoint.h5");
  EXPECT_NE(parsed.echo.find("[init]\nfrom = runs/6x6/checkpoint.h5\nnew_displacements = zero"),
            std::string::npos)
      << parsed.echo;
  expect_rejected({"--init.new_displacements", "far"}, "--init.new_displacements");
}

}  // namespace
}  // namespace vitvmc
