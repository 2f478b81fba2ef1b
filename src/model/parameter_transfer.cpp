#include "vitvmc/model/parameter_transfer.hpp"

#include <algorithm>
#include <sstream>
#include <type_traits>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr const char* kWhy =
    " (--init.from keeps the architecture; only the lattice size, J1/J2, "
    "symmetrisation and seed may change)";

// Option text of a value: kinds by name, booleans as true / false.
template <class T>
std::string shown(const T& v) {
  if constexpr (std::is_enum_v<T>) {
    return std::string(name_of(v));
  } else {
    std::ostringstream s;
    s << std::boolalpha << v;
    return s.str();
  }
}

template <class T>
void require_same(const T& source, const T& target, const std::string& option) {
  if (source == target) return;
  std::ostringstream m;
  m << "the --init.from checkpoint has " << option.substr(2) << " = " << shown(source)
    << ", this run " << shown(target) << kWhy;
  throw InvalidInput(option, m.str());
}

/// A translation-invariant position table: `<prefix>.attn.alpha` with shape {heads, n}.
bool is_displacement_table(const ParameterSlice& s) {
  const std::string suffix = ".attn.alpha";
  return s.shape.size() == 2 && s.name.size() > suffix.size() &&
         s.name.compare(s.name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Signed minimum image of displacement component d on a ring of g: in (-g/2, g/2].
Index minimum_image(Index d, Index g) { return 2 * d <= g ? d : d - g; }

/// The source ring's component for signed displacement m, or -1 (kZero, outside the source).
Index source_component(Index m, Index g, DisplacementRule rule) {
  const Index reach = g / 2;
  if (m > reach || -m > reach) {
    if (rule == DisplacementRule::zero) return -1;
    m = m > 0 ? reach : -reach;
  }
  return ((m % g) + g) % g;
}

const ParameterSlice* find_slice(const std::vector<ParameterSlice>& layout,
                                 const std::string& name) {
  for (const ParameterSlice& s : layout)
    if (s.name == name) return &s;
  return nullptr;
}

std::string shape_text(const std::vector<Index>& shape) {
  std::ostringstream t;
  t << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) t << (i ? "," : "") << shape[i];
  t << ']';
  return t.str();
}

}  // namespace

void check_transferable(const TransferSource& source, const LatticeConfig& target_lattice,
                        const ModelConfig& target_model) {
  const ModelConfig& s = source.model;
  const ModelConfig& t = target_model;
  require_same(s.type, t.type, "--model.type");
  require_same(source.marshall, resolved_sign_rule(target_lattice), "--lattice.marshall");
  const bool same_lattice = source.lx == target_lattice.lx && source.ly == target_lattice.ly;
  if (t.type == ModelKind::rbm) {
    require_same(s.alpha, t.alpha, "--model.alpha");
    require_input(same_lattice, "--lattice.lx",
                  "an RBM's weights are tied to the sites: --init.from needs the checkpoint's "
                  "lattice " +
                      std::to_string(source.lx) + "x" + std::to_string(source.ly));
    return;
  }
  require_input(s.attention == t.attention, "--model.attention",
                "the --init.from checkpoint has attention = " + shown(s.attention) + ", this run " +
                    shown(t.attention) +
                    ": factored from standard (through the mean attention maps) belongs to the "
                    "attention study (issue 12) and is not available yet; other pairs have no "
                    "meaningful map");
  require_same(s.full_alpha, t.full_alpha, "--model.full_alpha");
  require_same(s.d, t.d, "--model.d");
  require_same(s.heads, t.heads, "--model.heads");
  require_same(s.layers, t.layers, "--model.layers");
  require_same(s.patch, t.patch, "--model.patch");
  require_same(s.ffn, t.ffn, "--model.ffn");
  require_input(same_lattice || !t.full_alpha, "--model.full_alpha",
                "a full (h x n x n) alpha has one entry per patch pair and cannot change lattice; "
                "--init.from needs the checkpoint's lattice " +
                    std::to_string(source.lx) + "x" + std::to_string(source.ly));
}

namespace {
/// One axis of wrap_weights: for each target component, its {source component, weight} copies.
std::vector<std::vector<std::pair<Index, Real>>> wrap_axis(Index target_g, Index source_g) {
  std::vector<std::vector<std::pair<Index, Real>>> out(static_cast<std::size_t>(target_g));
  const Index reach = source_g / 2;
  const bool even = source_g % 2 == 0;
  for (Index m = -reach; m <= reach; ++m) {
    const Real w = even && (m == reach || m == -reach) ? 0.5 : 1.0;
    out[static_cast<std::size_t>(((m % target_g) + target_g) % target_g)].emplace_back(
        ((m % source_g) + source_g) % source_g, w);
  }
  return out;
}
}  // namespace

std::vector<std::pair<Index, Real>> wrap_weights(Index target_index, Index target_gx,
                                                 Index target_gy, Index source_gx,
                                                 Index source_gy) {
  const auto xs = wrap_axis(target_gx, source_gx);
  const auto ys = wrap_axis(target_gy, source_gy);
  std::vector<std::pair<Index, Real>> out;  // weights of one source index summed first: exact
  for (const auto& [sy, wy] : ys[static_cast<std::size_t>(target_index / target_gx)])
    for (const auto& [sx, wx] : xs[static_cast<std::size_t>(target_index % target_gx)]) {
      const Index src = sy * source_gx + sx;
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == src; });
      if (it == out.end())
        out.emplace_back(src, wx * wy);
      else
        it->second += wx * wy;
    }
  return out;
}

Index source_displacement(Index target_index, Index target_gx, Index target_gy, Index source_gx,
                          Index source_gy, DisplacementRule rule) {
  const Index mx = minimum_image(target_index % target_gx, target_gx);
  const Index my = minimum_image(target_index / target_gx, target_gy);
  const Index sx = source_component(mx, source_gx, rule);
  const Index sy = source_component(my, source_gy, rule);
  return sx < 0 || sy < 0 ? -1 : sy * source_gx + sx;
}

namespace {

/// The two patch grids of a transfer.
struct Grids {
  Index tgx, tgy, sgx, sgy;
};

/// Writes the re-indexed heads x n table `to` from the source table `from` (heads x sgx*sgy);
/// returns the number of target displacements the source lacked.
template <class From, class To>
Index remap_table(const From& from, To to, Index heads, const Grids& g, DisplacementRule rule,
                  bool factored) {
  // Wrapping conserves attention weight; a standard-attention bias is a logit, not a weight.
  const bool wrap = rule == DisplacementRule::wrap && factored;
  const DisplacementRule index_rule =
      rule == DisplacementRule::wrap ? DisplacementRule::zero : rule;
  const Index n_from = g.sgx * g.sgy, n_to = g.tgx * g.tgy;
  Index new_displacements = 0;
  for (Index k = 0; k < n_to; ++k) {
    if (source_displacement(k, g.tgx, g.tgy, g.sgx, g.sgy, DisplacementRule::zero) < 0)
      ++new_displacements;
    const Index src = source_displacement(k, g.tgx, g.tgy, g.sgx, g.sgy, index_rule);
    const auto copies =
        wrap ? wrap_weights(k, g.tgx, g.tgy, g.sgx, g.sgy) : std::vector<std::pair<Index, Real>>{};
    for (Index mu = 0; mu < heads; ++mu) {
      Real value = src < 0 ? 0.0 : from(mu * n_from + src);
      if (wrap) {
        value = 0.0;
        for (const auto& [index, weight] : copies) value += weight * from(mu * n_from + index);
      }
      to(mu * n_to + k) = value;
    }
  }
  return new_displacements;
}

}  // namespace

TransferReport transfer_parameters(const TransferSource& source,
                                   const LatticeConfig& target_lattice,
                                   const ModelConfig& target_model, DisplacementRule rule,
                                   ParameterStore& target) {
  check_transferable(source, target_lattice, target_model);
  const Index b = target_model.patch;
  const Grids g{target_lattice.lx / b, target_lattice.ly / b, source.lx / b, source.ly / b};
  TransferReport report;
  for (const ParameterSlice& t : target.slices()) {
    const ParameterSlice* s = find_slice(source.layout, t.name);
    require_input(s != nullptr, "--init.from",
                  "the checkpoint has no parameter slice '" + t.name + "'");
    VITVMC_REQUIRE(s->offset + s->size() <= source.theta.size(), "slice beyond theta: " + s->name);
    const auto from = source.theta.segment(s->offset, s->size());
    const bool remap = target_model.type == ModelKind::vit && !target_model.full_alpha &&
                       is_displacement_table(t) && s->shape.size() == 2 &&
                       s->shape[0] == t.shape[0] && s->shape[1] == g.sgx * g.sgy &&
                       t.shape[1] == g.tgx * g.tgy;
    if (remap) {
      // The same count for every table.
      report.new_displacements = remap_table(from, target.vector(t), t.shape[0], g, rule,
                                             target_model.attention == AttentionKind::factored);
      ++report.remapped_tables;
      continue;
    }
    require_input(s->shape == t.shape, "--init.from",
                  "parameter slice '" + t.name + "' has shape " + shape_text(s->shape) +
                      " in the checkpoint, " + shape_text(t.shape) + " in this run");
    target.vector(t) = from;
    ++report.copied_slices;
  }
  return report;
}

}  // namespace vitvmc
