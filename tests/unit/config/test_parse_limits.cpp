// Regression tests for what fuzzing the configuration parser found (tests/fuzz, docs/testing.md).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "config_test_helpers.hpp"
#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using test::rejected_option;

// The option a config file holding `text` is refused by, or "(accepted)".
std::string rejected_config(const std::string& text) {
  const std::string path = ::testing::TempDir() + "vitvmc_parse_limits.ini";
  std::ofstream(path) << text;
  return rejected_option({"--config", path});
}

// lx * ly overflowed (UBSan: signed integer overflow) and its parity check passed by accident.
TEST(ParseLimits, HugeLatticeSidesAreRejected) {
  EXPECT_EQ(rejected_option({"--lattice.lx", "4000000000", "--lattice.ly", "4000000000"}),
            "--lattice.lx");
  EXPECT_EQ(rejected_option({"--lattice.lx", "4", "--lattice.ly", "4097"}), "--lattice.ly");
  EXPECT_EQ(rejected_option({"--lattice.lx", "4096", "--lattice.ly", "4096", "--model.patch", "4"}),
            "(accepted)");
}

// Boost's error message substitution looped forever on a value holding its own placeholder: the
// fuzzer's input repeated --lattice.j2 with the value "-0.25%value%..." (a timeout after 10 s).
TEST(ParseLimits, ErrorMessagePlaceholdersInValuesAreRefusedNotLoopedOn) {
  EXPECT_EQ(rejected_option({"--lattice.j2", "x%value%"}), "--lattice.j2");
  EXPECT_EQ(rejected_option({"--lattice.j2=0.5%option%"}), "--lattice.j2");
  EXPECT_EQ(rejected_option({"--output.dir", "a%original_token%b"}), "--output.dir");
  EXPECT_EQ(rejected_option({"--lattice.j2", "-0.25%value%", "--lattice.j2", "-0.25"}),
            "--lattice.j2");
  EXPECT_EQ(rejected_option({"--output.dir", "run_%j"}), "(accepted)");  // Slurm-style names stay
}

TEST(ParseLimits, ErrorMessagePlaceholdersInTheConfigFileAreRefused) {
  EXPECT_EQ(rejected_config("[lattice]\nj2 = x%value%\n"), "--config");
  EXPECT_EQ(rejected_config("[lattice]\nj2 = 0.25\n"), "(accepted)");
}

// A line that is not "key = value" makes Boost format "... contains an invalid line
// '%invalid_line%'" with the line itself: the fuzzer's line "c%invalid_line%..." hung vmc_dist.
TEST(ParseLimits, InvalidConfigLineHoldingItsOwnPlaceholderIsRefused) {
  EXPECT_EQ(rejected_config("[lattice]\nlx = 6\n c%invalid_line%x\n"), "--config");
  EXPECT_EQ(rejected_config("[lattice]\nlx = 6\n c%prefix%x\n"), "--config");
  // The plain syntax error, for comparison.
  EXPECT_EQ(rejected_config("[lattice]\nlx = 6\n not an option line\n"), "--config");
}

}  // namespace
}  // namespace vitvmc
