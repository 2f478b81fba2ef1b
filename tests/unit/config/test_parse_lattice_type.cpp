// --lattice.type: parsing, validation, the echo, and what --lattice.marshall auto resolves to.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config_test_helpers.hpp"
#include "vitvmc/config/parse.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using test::parse;
using test::rejected_option;

TEST(LatticeType, DefaultIsSquareAndTheEchoOmitsIt) {
  const auto parsed = parse({});
  EXPECT_EQ(parsed.config.lattice.type, LatticeKind::square);
  EXPECT_EQ(parsed.echo.find("type = square"), std::string::npos);
}

TEST(LatticeType, ShastrySutherlandIsParsedEchoedAndReparsed) {
  const auto parsed = parse({"--lattice.type", "shastry_sutherland", "--lattice.lx", "8",
                             "--lattice.ly", "8", "--lattice.j1", "0.5", "--lattice.j2", "1"});
  EXPECT_EQ(parsed.config.lattice.type, LatticeKind::shastry_sutherland);
  EXPECT_NE(parsed.echo.find("[lattice]"), std::string::npos);
  EXPECT_NE(parsed.echo.find("type = shastry_sutherland\n"), std::string::npos) << parsed.echo;
}

TEST(LatticeType, RefusesUnknownTypesOddSidesAndOddPatches) {
  EXPECT_EQ(rejected_option({"--lattice.type", "kagome"}), "--lattice.type");
  EXPECT_EQ(rejected_option({"--lattice.type", "shastry_sutherland", "--lattice.lx", "6",
                             "--lattice.ly", "5", "--model.patch", "1"}),
            "--lattice.type");
  // An odd patch makes the ViT invariant under translations that move the dimers.
  EXPECT_EQ(rejected_option({"--lattice.type", "shastry_sutherland", "--lattice.lx", "6",
                             "--lattice.ly", "6", "--model.patch", "3"}),
            "--model.patch");
  EXPECT_EQ(rejected_option({"--lattice.type", "shastry_sutherland", "--lattice.lx", "6",
                             "--lattice.ly", "6", "--model.patch", "3", "--model.type", "rbm"}),
            "(accepted)");
}

TEST(LatticeType, MarshallAutoIsTheDimerRuleInTheDimerPhaseOnly) {
  LatticeConfig c;
  c.type = LatticeKind::shastry_sutherland;
  c.lx = c.ly = 8;
  c.j2 = 1.0;
  c.j1 = 0.5;
  EXPECT_TRUE(uses_marshall_sign(c));
  c.j1 = 0.8;  // beyond J'/J = 0.675: no sign rule is exact
  EXPECT_FALSE(uses_marshall_sign(c));
  c.marshall = MarshallRule::on;
  EXPECT_TRUE(uses_marshall_sign(c));
  c.marshall = MarshallRule::off;
  c.j1 = 0.1;
  EXPECT_FALSE(uses_marshall_sign(c));
  // The square lattice keeps its rule: auto = on with even sides whatever the couplings.
  c.type = LatticeKind::square;
  c.marshall = MarshallRule::automatic;
  c.j1 = 1.0;
  c.j2 = 0.8;
  EXPECT_TRUE(uses_marshall_sign(c));
}

TEST(LatticeType, MarshallCheckerboardIsParsedEchoedAndNeedsEvenSides) {
  const auto parsed =
      parse({"--lattice.type", "shastry_sutherland", "--lattice.lx", "4", "--lattice.ly", "4",
             "--lattice.j1", "1.5", "--lattice.j2", "1", "--lattice.marshall", "checkerboard"});
  EXPECT_TRUE(uses_marshall_sign(parsed.config.lattice));
  EXPECT_TRUE(uses_checkerboard_sign(parsed.config.lattice));
  EXPECT_EQ(resolved_sign_rule(parsed.config.lattice), MarshallRule::checkerboard);
  EXPECT_NE(parsed.echo.find("marshall = checkerboard\n"), std::string::npos) << parsed.echo;
  // The other values keep their echo (true / false), so older checkpoints compare equal.
  EXPECT_NE(parse({"--lattice.marshall", "true"}).echo.find("marshall = true\n"),
            std::string::npos);
  EXPECT_FALSE(uses_checkerboard_sign(parse({"--lattice.marshall", "true"}).config.lattice));
  EXPECT_EQ(rejected_option({"--lattice.lx", "3", "--lattice.ly", "4", "--lattice.marshall",
                             "checkerboard", "--model.patch", "1"}),
            "--lattice.marshall");
}

}  // namespace
}  // namespace vitvmc
