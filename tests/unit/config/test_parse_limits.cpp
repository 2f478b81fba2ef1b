// Regression tests for what fuzzing the configuration parser found (tests/fuzz, docs/testing.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

std::string rejected_option(std::vector<std::string> args) {
  args.insert(args.begin(), "vmc_dist");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    parse_run_config(static_cast<int>(argv.size()), argv.data());
  } catch (const InvalidInput& e) {
    return e.option();
  }
  return "(accepted)";
}

// lx * ly overflowed (UBSan: signed integer overflow) and its parity check passed by accident.
TEST(ParseLimits, HugeLatticeSidesAreRejected) {
  EXPECT_EQ(rejected_option({"--lattice.lx", "4000000000", "--lattice.ly", "4000000000"}),
            "--lattice.lx");
  EXPECT_EQ(rejected_option({"--lattice.lx", "4", "--lattice.ly", "4097"}), "--lattice.ly");
  EXPECT_EQ(rejected_option({"--lattice.lx", "4096", "--lattice.ly", "4096", "--model.patch", "4"}),
            "(accepted)");
}

}  // namespace
}  // namespace vitvmc
