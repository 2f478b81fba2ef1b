// The option table: every option is declared once, and parsing, the echo and its reading back
// agree.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config_test_helpers.hpp"
#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using test::parse;
using test::rejection;

// The echo of the default run, byte for byte as the string-typed configuration wrote it before the
// table (checked against the e49e279 binary): checkpoints and restart checks compare it.
TEST(OptionTable, DefaultEchoIsUnchanged) {
  const std::string expected =
      "[lattice]\nlx = 6\nly = 6\nj1 = 1\nj2 = 0.5\nmarshall = true\n"
      "[model]\ntype = vit\nattention = factored\nfull_alpha = false\nd = 16\nheads = 2\n"
      "layers = 2\npatch = 2\nffn = 4\nsymmetrize = none\nalpha = 2\nseed = 1234\n"
      "precision = float64\n"
      "[sampler]\ntype = metropolis\nchains = 32\nsamples = 1024\nsweeps = 1\ndiscard = 5\n"
      "warmup = 100\nj1_moves = 0.4\nj2_moves = 0.3\npair_moves = 0.3\npsi_power = 2\nseed = 42\n"
      "[optimizer]\nmethod = sr\nsolver = auto\nlr = 0.1\ndiag_shift = 0.001\nsteps = 360\n"
      "schedule = constant\nfinal_lr_fraction = 0.1\nclip_local_energy = 0\n"
      "shift_schedule = constant\nfinal_shift_fraction = 0.1\nmomentum = 0\n"
      "stages = none:300,translations:20,translations:40:lr=0.03\n"
      "[measure]\nsamples = 4096\n"
      "[output]\ndir = vmc_output\ncheckpoint_every = 10\nkeep = 3\ncheckpoint_minutes = 0\n";
  EXPECT_EQ(parse({}).echo, expected);
}

// Reading an echo back gives the same run: the echo of the re-read configuration is identical.
TEST(OptionTable, EchoReadsBackToTheSameRun) {
  const std::vector<std::vector<std::string>> runs = {
      {},
      {"--lattice.type",
       "shastry_sutherland",
       "--lattice.lx",
       "8",
       "--lattice.ly",
       "4",
       "--lattice.j1",
       "0.5",
       "--lattice.j2",
       "1",
       "--model.attention",
       "standard",
       "--optimizer.schedule",
       "cosine",
       "--optimizer.shift_schedule",
       "exponential",
       "--run.walltime",
       "01:02:03",
       "--optimizer.reproducible",
       "true",
       "--output.checkpoint_minutes",
       "0.1",
       "--sampler.psi_power",
       "1.25"},
      {"--lattice.marshall", "checkerboard", "--model.symmetrize", "lattice_spinflip",
       "--optimizer.solver", "parameter", "--optimizer.method", "adam", "--model.type", "rbm",
       "--init.from", "x.h5", "--init.new_displacements", "nearest"},
      {"--lattice.lx", "4", "--lattice.ly", "3", "--model.patch", "1", "--sampler.type", "exact",
       "--model.precision", "float32", "--optimizer.stages", "none:3,lattice:2:lr=0.05"}};
  for (const auto& args : runs) {
    const ParsedCommandLine first = parse(args);
    const RunConfig again = run_config_from_echo(first.echo);
    EXPECT_EQ(config_to_ini(again), first.echo);
  }
}

TEST(OptionTable, OverridesOfAnEchoWin) {
  const RunConfig c =
      run_config_from_echo(parse({}).echo, {"--sampler.chains", "64", "--sampler.samples", "128"});
  EXPECT_EQ(c.sampler.chains, 64);
  EXPECT_EQ(c.sampler.samples, 128);
  EXPECT_EQ(c.optimizer.steps, 360);  // the rest as echoed
}

// Every name of every kind option parses to its value and is echoed as the same text; an unknown
// name is refused with the option and the whole list.
template <class E>
void expect_names_round_trip(const std::string& option, const std::string& section_key) {
  for (const E kind : all_kinds<E>()) {
    const std::string name(name_of(kind));
    EXPECT_EQ(kind_from_name<E>(name), kind);
    std::vector<std::string> args = {option, name};
    if (name == "exact") args.insert(args.end(), {"--lattice.lx", "4", "--lattice.ly", "4"});
    const std::string echo = parse(args).echo;
    EXPECT_NE(echo.find(section_key + " = " + name + "\n"), std::string::npos) << echo;
  }
  const std::string refused = rejection({option, "no_such_name"});
  EXPECT_NE(refused.find(option + ": must be one of " + kind_choices<E>()), std::string::npos)
      << refused;
}

TEST(OptionTable, EveryKindNameRoundTrips) {
  expect_names_round_trip<AttentionKind>("--model.attention", "attention");
  expect_names_round_trip<ModelKind>("--model.type", "type");
  expect_names_round_trip<Precision>("--model.precision", "precision");
  expect_names_round_trip<SamplerKind>("--sampler.type", "type");
  expect_names_round_trip<OptimizerMethod>("--optimizer.method", "method");
  expect_names_round_trip<SolverChoice>("--optimizer.solver", "solver");
  expect_names_round_trip<ScheduleKind>("--optimizer.schedule", "schedule");
  expect_names_round_trip<ScheduleKind>("--optimizer.shift_schedule", "shift_schedule");
}

TEST(OptionTable, WrongTypesNameTheOptionAndTheForm) {
  EXPECT_NE(rejection({"--lattice.lx", "six"}).find("--lattice.lx: must be an integer, got 'six'"),
            std::string::npos);
  EXPECT_NE(rejection({"--optimizer.lr", "fast"}).find("--optimizer.lr: must be a number"),
            std::string::npos);
  EXPECT_NE(rejection({"--model.full_alpha", "maybe"}).find("--model.full_alpha: must be true"),
            std::string::npos);
  EXPECT_NE(rejection({"--model.seed", "-3"}).find("--model.seed: must be a non-negative integer"),
            std::string::npos);
}

// An older echo's Marshall field (1 / 0) still reads.
TEST(OptionTable, LegacyMarshallSpellingsRead) {
  std::string echo = parse({}).echo;
  echo.replace(echo.find("marshall = true"), 15, "marshall = 0");
  EXPECT_EQ(run_config_from_echo(echo).lattice.marshall, MarshallRule::off);
}

TEST(OptionTable, AliasesAreOneOptionAndNotBoth) {
  LatticeConfig lattice;
  OptionTable table;
  add_lattice_options(table, lattice);
  table.find("lattice.lx")->alias("lx");
  const char* short_form[] = {"app", "--lx", "8"};
  EXPECT_FALSE(parse_options(table, 3, short_form, {"t", false}));
  EXPECT_EQ(lattice.lx, 8);
  EXPECT_EQ(table.find("lattice.lx")->spelling(), "--lx");
  OptionTable again;
  add_lattice_options(again, lattice);
  again.find("lattice.lx")->alias("lx");
  const char* both[] = {"app", "--lx", "8", "--lattice.lx", "8"};
  EXPECT_THROW(parse_options(again, 5, both, {"t", false}), InvalidInput);
}

// What a restart compares: every lattice and model field but the seed and the precision, the sign
// rule resolved (auto on an even lattice reads as true, as the echo stores it).
TEST(OptionTable, RestartFieldsAreTheLatticeAndTheArchitecture) {
  const auto fields = restart_compatibility_fields(parse({"--model.seed", "7"}).config);
  EXPECT_EQ(fields.at("lattice.lx"), "6");
  EXPECT_EQ(fields.at("lattice.marshall"), "true");
  EXPECT_EQ(fields.at("lattice.type"), "square");
  EXPECT_EQ(fields.at("model.attention"), "factored");
  EXPECT_EQ(fields.count("model.seed"), 0U);
  EXPECT_EQ(fields.count("model.precision"), 0U);
  EXPECT_EQ(fields.count("sampler.seed"), 0U);
  EXPECT_EQ(restart_compatibility_fields(parse({"--model.precision", "float32"}).config),
            restart_compatibility_fields(parse({}).config));
  EXPECT_NE(restart_compatibility_fields(parse({"--lattice.j2", "0.4"}).config),
            restart_compatibility_fields(parse({}).config));
}

}  // namespace
}  // namespace vitvmc
