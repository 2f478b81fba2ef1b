#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "config_test_helpers.hpp"
#include "vitvmc/config/parse.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using test::parse;

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
  EXPECT_EQ(parsed.config.model.type, ModelKind::vit);
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
  EXPECT_EQ(parsed.config.model.attention, AttentionKind::standard);
  EXPECT_EQ(parsed.config.model.d, 8);
  EXPECT_EQ(parsed.config.optimizer.momentum, 0.8);
  std::remove(path.c_str());
}

// Bit pattern of a double: equal only when the values are identical (0.1 + 0.2 != 0.3 included).
std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

// Parses the echo again, as vmc_measure and the restart check do.
RunConfig reparse_echo(const std::string& echo) {
  const std::string path = testing::TempDir() + "vitvmc_test_echo.ini";
  {
    std::ofstream f(path);
    f << echo;
  }
  const RunConfig back = parse({"--config", path}).config;
  std::remove(path.c_str());
  return back;
}

// Every floating-point option reads back from the echo bit-identical to the value the user gave,
// for values that need all 17 significant digits (6 used to be printed: 0.123456789012345678 came
// back as 0.123457, so vmc_measure measured another Hamiltonian).
TEST(ParseRunConfig, EchoReadsBackBitIdenticalToTheOriginalOptions) {
  struct Field {
    std::string option;
    std::string text;  // needs all 17 significant digits
    Real (*get)(const RunConfig&);
  };
  const std::vector<Field> fields = {
      {"--lattice.j1", "0.99999999999999989", [](const RunConfig& c) { return c.lattice.j1; }},
      {"--lattice.j2", "0.123456789012345678", [](const RunConfig& c) { return c.lattice.j2; }},
      {"--model.alpha", "2.0000000000000004", [](const RunConfig& c) { return c.model.alpha; }},
      {"--sampler.j1_moves", "0.30000000000000004",
       [](const RunConfig& c) { return c.sampler.j1_moves; }},
      {"--sampler.j2_moves", "1.2345678901234567e-300",
       [](const RunConfig& c) { return c.sampler.j2_moves; }},
      {"--sampler.pair_moves", "0.1234567890123456",
       [](const RunConfig& c) { return c.sampler.pair_moves; }},
      {"--sampler.psi_power", "0.70000000000000007",
       [](const RunConfig& c) { return c.sampler.psi_power; }},
      {"--optimizer.lr", "0.030000000000000002", [](const RunConfig& c) { return c.optimizer.lr; }},
      {"--optimizer.diag_shift", "1.0000000000000002e-3",
       [](const RunConfig& c) { return c.optimizer.diag_shift; }},
      {"--optimizer.final_lr_fraction", "0.33333333333333331",
       [](const RunConfig& c) { return c.optimizer.final_lr_fraction; }},
      {"--optimizer.clip_local_energy", "0.70000000000000007",
       [](const RunConfig& c) { return c.optimizer.clip_local_energy; }},
      {"--optimizer.final_shift_fraction", "0.99999999999999989",
       [](const RunConfig& c) { return c.optimizer.final_shift_fraction; }},
      {"--optimizer.momentum", "0.89999999999999991",
       [](const RunConfig& c) { return c.optimizer.momentum; }}};
  std::vector<std::string> args = {"--lattice.lx",        "4", "--lattice.ly", "4", "--model.seed",
                                   "18446744073709551615"};
  for (const Field& f : fields) {
    args.push_back(f.option);
    args.push_back(f.text);
  }
  const ParsedCommandLine original = parse(args);
  const RunConfig back = reparse_echo(original.echo);
  for (const Field& f : fields) {
    const Real wanted = std::strtod(f.text.c_str(), nullptr);
    EXPECT_EQ(bits(f.get(original.config)), bits(wanted)) << f.option << " as parsed";
    EXPECT_EQ(bits(f.get(back)), bits(wanted)) << f.option << " from the echo:\n" << original.echo;
  }
  EXPECT_EQ(back.lattice.lx, 4);
  EXPECT_EQ(back.model.seed, 18446744073709551615ULL);
  // A sum that is not the literal next to it (0.1 + 0.2 = 0.30000000000000004) survives as well.
  RunConfig sum = original.config;
  sum.lattice.j2 = 0.1 + 0.2;
  EXPECT_EQ(bits(reparse_echo(config_to_ini(sum)).lattice.j2), bits(0.1 + 0.2));
  EXPECT_NE(bits(reparse_echo(config_to_ini(sum)).lattice.j2), bits(0.3));
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

TEST(ParseRunConfig, ReproducibleSolveIsEchoedAndNeedsMarkovSampling) {
  EXPECT_FALSE(parse({}).config.optimizer.reproducible);
  const ParsedCommandLine on = parse({"--optimizer.reproducible", "true"});
  EXPECT_TRUE(on.config.optimizer.reproducible);
  EXPECT_TRUE(reparse_echo(on.echo).optimizer.reproducible) << on.echo;
  EXPECT_FALSE(
      reparse_echo(parse({"--optimizer.reproducible", "false"}).echo).optimizer.reproducible);
  expect_rejected({"--optimizer.reproducible", "maybe"}, "--optimizer.reproducible");
  expect_rejected(
      {"--optimizer.reproducible", "true", "--sampler.type", "exact", "--model.patch", "1"},
      "--optimizer.reproducible");
}

TEST(ParseRunConfig, WalltimeAndCheckpointMinutes) {
  EXPECT_EQ(walltime_seconds(""), 0.0);
  EXPECT_EQ(walltime_seconds("00:00:04"), 4.0);
  EXPECT_EQ(walltime_seconds("36:30:15"), 36 * 3600.0 + 30 * 60 + 15);
  for (const char* bad : {"1:30", "01:60:00", "00:00:60", "00:00:00", "-1:00:00", "1:2:3:4", "soon",
                          "01:00:00x", " 01:00:00"})
    EXPECT_THROW(walltime_seconds(bad), InvalidInput) << bad;
  const auto c = parse({"--run.walltime", "01:02:03", "--output.checkpoint_minutes", "2.5"});
  EXPECT_EQ(c.config.run.walltime, "01:02:03");
  EXPECT_EQ(c.config.output.checkpoint_minutes, 2.5);
  expect_rejected({"--run.walltime", "1:30"}, "--run.walltime");
  expect_rejected({"--output.checkpoint_minutes", "-1"}, "--output.checkpoint_minutes");
}

// auto turns the Marshall sign on exactly when both sides are even; the echo stores the resolved
// choice, so a checkpoint records which basis its parameters belong to.
TEST(ParseRunConfig, MarshallAutoFollowsTheLatticeSides) {
  const auto even = parse({});
  EXPECT_EQ(even.config.lattice.marshall, MarshallRule::automatic);
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
