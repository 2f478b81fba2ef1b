// --init.from parameter transfer: exact on the same lattice, displacement tables re-indexed by
// minimum image as documented in parameter_transfer.hpp, refusals name the setting at fault.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "vit_test_helpers.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/parameter_transfer.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

ModelConfig small_vit(AttentionKind attention, std::uint64_t seed) {
  ModelConfig c;
  c.attention = attention;
  c.d = 8;
  c.heads = 2;
  c.layers = 2;
  c.patch = 2;
  c.ffn = 2;
  c.seed = seed;
  return c;
}

LatticeConfig lattice_of(Index l) {
  LatticeConfig c;
  c.lx = l;
  c.ly = l;
  c.j2 = 0.5;
  return c;
}

TransferSource source_of(const WaveFunction& psi, const LatticeConfig& l, const ModelConfig& m) {
  TransferSource s;
  s.lx = l.lx;
  s.ly = l.ly;
  s.marshall = resolved_sign_rule(l);
  s.model = m;
  s.layout = psi.parameters().slices();
  s.theta = psi.parameters().values();
  return s;
}

void expect_same_log_psi(AttentionKind attention, SymmetryLevel symmetrize) {
  const LatticeConfig l = lattice_of(4);
  const SquareLattice lattice(4, 4);
  const ModelConfig from = small_vit(attention, 11);
  auto source = make_wave_function(lattice, from);
  test::perturb(source->parameters(), 0.3, 5);  // no zero biases, unit gains: every slice counts
  ModelConfig to = small_vit(attention, 99);    // another seed: the transfer must overwrite it
  to.symmetrize = symmetrize;
  auto target = make_wave_function(lattice, to);
  ASSERT_NE(target->parameters().values(), source->parameters().values());
  transfer_parameters(source_of(*source, l, from), l, to, DisplacementRule::nearest,
                      target->parameters());
  EXPECT_EQ(target->parameters().values(), source->parameters().values());
  // The reference: the source parameters in a model built with the target's settings.
  ModelConfig reference_config = from;
  reference_config.symmetrize = symmetrize;
  auto reference = make_wave_function(lattice, reference_config);
  reference->parameters().values() = source->parameters().values();
  const ConfigBatch configs = test::random_configs(16, 16, 3);
  const ComplexVector got = target->log_psi(configs);
  const ComplexVector want = reference->log_psi(configs);
  for (Index s = 0; s < configs.rows(); ++s) EXPECT_EQ(got(s), want(s)) << "sample " << s;
  if (symmetrize == SymmetryLevel::none) {
    EXPECT_EQ(got, source->log_psi(configs));
  }
}

TEST(ParameterTransfer, SameLatticeReproducesLogPsiExactly) {
  expect_same_log_psi(AttentionKind::factored, SymmetryLevel::none);
  expect_same_log_psi(AttentionKind::standard, SymmetryLevel::none);
}

TEST(ParameterTransfer, TurningSymmetrisationOnKeepsTheParameters) {
  expect_same_log_psi(AttentionKind::factored, SymmetryLevel::lattice);
  expect_same_log_psi(AttentionKind::standard, SymmetryLevel::lattice_spinflip);
}

TEST(ParameterTransfer, RbmOnTheSameLatticeIsCopied) {
  const LatticeConfig l = lattice_of(4);
  ModelConfig m;
  m.type = ModelKind::rbm;
  m.alpha = 1.0;
  auto source = make_wave_function(SquareLattice(4, 4), m);
  m.seed += 1;
  auto target = make_wave_function(SquareLattice(4, 4), m);
  transfer_parameters(source_of(*source, l, m), l, m, DisplacementRule::nearest,
                      target->parameters());
  EXPECT_EQ(target->parameters().values(), source->parameters().values());
}

// Patch grid 2x2 (4x4 lattice, b = 2) -> 4x4 (8x8 lattice): target components 0, 1, 2, 3 have
// minimum images 0, 1, 2, -1; the source reaches +-1, so 2 is new: nearest takes source 1, zero
// leaves 0; -1 is source index 1 (mod 2).
TEST(ParameterTransfer, DisplacementIndexByHand) {
  const auto nearest = DisplacementRule::nearest;
  const auto zero = DisplacementRule::zero;
  const Index expected_x[4] = {0, 1, 1, 1};
  for (Index dy = 0; dy < 4; ++dy)
    for (Index dx = 0; dx < 4; ++dx) {
      const Index k = dy * 4 + dx;
      EXPECT_EQ(source_displacement(k, 4, 4, 2, 2, nearest), expected_x[dy] * 2 + expected_x[dx]);
      const bool outside = dx == 2 || dy == 2;
      EXPECT_EQ(source_displacement(k, 4, 4, 2, 2, zero),
                outside ? -1 : expected_x[dy] * 2 + expected_x[dx]);
    }
  // Grid 4 -> 6: components 0..5 are 0, 1, 2, 3, -2, -1; the source reaches +-2 (2 = -2 there).
  const Index four_to_six[6] = {0, 1, 2, 2, 2, 3};
  for (Index dx = 0; dx < 6; ++dx)
    EXPECT_EQ(source_displacement(dx, 6, 6, 4, 4, nearest), four_to_six[dx]) << dx;
  EXPECT_EQ(source_displacement(3, 6, 6, 4, 4, zero), -1);
  EXPECT_EQ(source_displacement(4, 6, 6, 4, 4, zero), 2);
  // Shrinking (grid 4 -> 2) and the identity (grid 3 -> 3, odd) need no rule.
  EXPECT_EQ(source_displacement(1, 2, 2, 4, 4, zero), 1);
  EXPECT_EQ(source_displacement(3, 2, 2, 4, 4, zero), 4 + 1);
  for (Index k = 0; k < 9; ++k) EXPECT_EQ(source_displacement(k, 3, 3, 3, 3, zero), k);
}

// The same map applied to a whole model: the 4x4 -> 8x8 tables hold the documented source entries,
// every other slice is copied unchanged.
TEST(ParameterTransfer, TablesOfAModelMapAsDocumented) {
  for (const auto rule : {DisplacementRule::nearest, DisplacementRule::zero}) {
    const ModelConfig m = small_vit(AttentionKind::factored, 7);
    auto source = make_wave_function(SquareLattice(4, 4), m);
    ParameterStore& sp = source->parameters();
    for (const std::string layer : {"layer0", "layer1"}) {
      auto table = sp.vector(sp.slice(layer + ".attn.alpha"));  // 2 heads x 4 displacements
      for (Index i = 0; i < table.size(); ++i) table(i) = 1.0 + static_cast<Real>(i);
    }
    auto target = make_wave_function(SquareLattice(8, 8), m);
    const TransferReport report = transfer_parameters(source_of(*source, lattice_of(4), m),
                                                      lattice_of(8), m, rule, target->parameters());
    EXPECT_EQ(report.remapped_tables, 2);
    EXPECT_EQ(report.new_displacements, 7);  // dx == 2 or dy == 2 on the 4x4 grid
    const ParameterStore& tp = target->parameters();
    const auto table = tp.vector(tp.slice("layer1.attn.alpha"));
    ASSERT_EQ(table.size(), 2 * 16);
    const Index near[4] = {0, 1, 1, 1};
    for (Index mu = 0; mu < 2; ++mu)
      for (Index dy = 0; dy < 4; ++dy)
        for (Index dx = 0; dx < 4; ++dx) {
          const bool outside = dx == 2 || dy == 2;
          const Real want = rule == DisplacementRule::zero && outside
                                ? 0.0
                                : 1.0 + static_cast<Real>(mu * 4 + near[dy] * 2 + near[dx]);
          EXPECT_EQ(table(mu * 16 + dy * 4 + dx), want) << mu << " " << dx << " " << dy;
        }
    for (const ParameterSlice& s : tp.slices()) {
      if (s.name.find(".attn.alpha") != std::string::npos) continue;
      EXPECT_EQ(tp.vector(s), sp.vector(sp.slice(s.name))) << s.name;
    }
    const ComplexVector log_psi = target->log_psi(test::random_configs(4, 64, 1));
    EXPECT_TRUE(log_psi.allFinite());
  }
}

// kWrap, one axis at a time (gy = 1 grids): grid 4 -> 5 (8x8 -> 10x10 with 2x2 patches) splits
// the source's antipodal displacement 2 in halves between +2 and -2; grid 2 -> 4 puts half of
// source 1 on +1 and on -1 and nothing on 2; grid 4 -> 2 folds (sums); the same grid is the
// identity.
TEST(ParameterTransfer, WrapWeightsByHand) {
  using Copies = std::vector<std::pair<Index, Real>>;
  const auto w = [](Index k, Index tg, Index sg) { return wrap_weights(k, tg, 1, sg, 1); };
  EXPECT_EQ(w(0, 5, 4), (Copies{{0, 1.0}}));
  EXPECT_EQ(w(1, 5, 4), (Copies{{1, 1.0}}));
  EXPECT_EQ(w(2, 5, 4), (Copies{{2, 0.5}}));
  EXPECT_EQ(w(3, 5, 4), (Copies{{2, 0.5}}));
  EXPECT_EQ(w(4, 5, 4), (Copies{{3, 1.0}}));
  EXPECT_EQ(w(1, 4, 2), (Copies{{1, 0.5}}));
  EXPECT_EQ(w(2, 4, 2), Copies{});
  EXPECT_EQ(w(3, 4, 2), (Copies{{1, 0.5}}));
  EXPECT_EQ(w(0, 2, 4), (Copies{{2, 1.0}, {0, 1.0}}));  // m = -2 (1/2), 0, +2 (1/2)
  for (Index k = 0; k < 4; ++k) EXPECT_EQ(w(k, 4, 4), (Copies{{k, 1.0}}));
  // Two axes: the corner (2, 2) of a 4x4 -> 5x5 transfer holds a quarter of source (2, 2).
  EXPECT_EQ(wrap_weights(3 * 5 + 2, 5, 5, 4, 4), (Copies{{2 * 4 + 2, 0.25}}));
  // Every head's total weight is conserved, growing and shrinking.
  for (const auto& [tg, sg] : {std::pair<Index, Index>{5, 4}, {4, 3}, {8, 4}, {2, 4}, {3, 3}}) {
    Real total = 0;
    for (Index k = 0; k < tg * tg; ++k)
      for (const auto& copy : wrap_weights(k, tg, tg, sg, sg)) total += copy.second;
    EXPECT_DOUBLE_EQ(total, static_cast<Real>(sg * sg)) << tg << " <- " << sg;
  }
}

TEST(ParameterTransfer, WrapIsExactOnTheSameLatticeAndConservesTheTable) {
  const ModelConfig m = small_vit(AttentionKind::factored, 3);
  auto source = make_wave_function(SquareLattice(8, 8), m);
  test::perturb(source->parameters(), 0.3, 9);
  auto same = make_wave_function(SquareLattice(8, 8), small_vit(AttentionKind::factored, 4));
  transfer_parameters(source_of(*source, lattice_of(8), m), lattice_of(8), m,
                      DisplacementRule::wrap, same->parameters());
  EXPECT_EQ(same->parameters().values(), source->parameters().values());
  auto bigger = make_wave_function(SquareLattice(10, 10), m);
  transfer_parameters(source_of(*source, lattice_of(8), m), lattice_of(10), m,
                      DisplacementRule::wrap, bigger->parameters());
  const ParameterStore& sp = source->parameters();
  const ParameterStore& bp = bigger->parameters();
  const auto from = sp.vector(sp.slice("layer0.attn.alpha"));  // 2 heads x 16
  const auto to = bp.vector(bp.slice("layer0.attn.alpha"));    // 2 heads x 25
  for (Index mu = 0; mu < 2; ++mu)
    EXPECT_NEAR(to.segment(mu * 25, 25).sum(), from.segment(mu * 16, 16).sum(), 1e-12);
  EXPECT_EQ(to(25 + 3 * 5 + 1), 0.5 * from(16 + 2 * 4 + 1));  // (1, -2) <- half of (1, 2)
}

void expect_refused(const TransferSource& source, const LatticeConfig& l, const ModelConfig& m,
                    const std::string& option) {
  try {
    check_transferable(source, l, m);
    FAIL() << "accepted a transfer that changes " << option;
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.option(), option) << e.what();
  }
}

TEST(ParameterTransfer, RefusesAnotherArchitecture) {
  const ModelConfig m = small_vit(AttentionKind::factored, 1);
  auto psi = make_wave_function(SquareLattice(4, 4), m);
  const TransferSource source = source_of(*psi, lattice_of(4), m);
  const LatticeConfig l8 = lattice_of(8);
  auto changed = [&](auto edit) {
    ModelConfig c = m;
    edit(c);
    return c;
  };
  expect_refused(source, l8, changed([](ModelConfig& c) { c.d = 16; }), "--model.d");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.heads = 4; }), "--model.heads");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.layers = 3; }), "--model.layers");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.patch = 4; }), "--model.patch");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.ffn = 4; }), "--model.ffn");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.type = ModelKind::rbm; }),
                 "--model.type");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.attention = AttentionKind::standard; }),
                 "--model.attention");
  expect_refused(source, l8, changed([](ModelConfig& c) { c.full_alpha = true; }),
                 "--model.full_alpha");
  LatticeConfig plain = l8;
  plain.marshall = MarshallRule::off;
  expect_refused(source, plain, m, "--lattice.marshall");
  EXPECT_NO_THROW(check_transferable(source, l8, changed([](ModelConfig& c) {
                                       c.seed = 5;
                                       c.symmetrize = SymmetryLevel::lattice;
                                     })));
}

TEST(ParameterTransfer, RefusesALatticeChangeForSiteTiedParameters) {
  ModelConfig full = small_vit(AttentionKind::factored, 1);
  full.full_alpha = true;
  auto psi = make_wave_function(SquareLattice(4, 4), full);
  expect_refused(source_of(*psi, lattice_of(4), full), lattice_of(8), full, "--model.full_alpha");
  EXPECT_NO_THROW(check_transferable(source_of(*psi, lattice_of(4), full), lattice_of(4), full));
  ModelConfig rbm;
  rbm.type = ModelKind::rbm;
  auto r = make_wave_function(SquareLattice(4, 4), rbm);
  expect_refused(source_of(*r, lattice_of(4), rbm), lattice_of(6), rbm, "--lattice.lx");
}

}  // namespace
}  // namespace vitvmc
