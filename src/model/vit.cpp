#include "vitvmc/model/vit.hpp"

#include <sstream>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

namespace {

/// Throws InvalidInput naming the first option at fault; the patch size is checked by PatchMap.
const ModelConfig& validated(const ModelConfig& config) {
  require_input(config.attention == "factored" || config.attention == "standard",
                "--model.attention",
                "must be 'factored' or 'standard', got '" + config.attention + "'");
  const auto positive = [](Index value, const std::string& option) {
    require_input(value >= 1, option, "must be >= 1, got " + std::to_string(value));
  };
  positive(config.d, "--model.d");
  positive(config.heads, "--model.heads");
  positive(config.layers, "--model.layers");
  positive(config.patch, "--model.patch");
  positive(config.ffn, "--model.ffn");
  require_input(config.d % config.heads == 0, "--model.heads",
                "must divide --model.d (" + std::to_string(config.d) + "), got " +
                    std::to_string(config.heads));
  return config;
}

}  // namespace

ViTWaveFunction::ViTWaveFunction(const SquareLattice& lattice, const ModelConfig& config)
    : config_(validated(config)), n_sites_(lattice.n_sites()), patches_(lattice, config.patch) {
  const std::uint64_t seed = config.seed;
  embedding_ = Dense(store_, "embed.E", patches_.features(), config.d, seed);
  blocks_.reserve(static_cast<std::size_t>(config.layers));
  for (Index l = 0; l < config.layers; ++l)
    blocks_.emplace_back(store_, "layer" + std::to_string(l), patches_, config, seed);
  head_ = std::make_unique<OutputHead>(store_, config.d, seed);
}

ViTWaveFunction::~ViTWaveFunction() = default;

std::string ViTWaveFunction::describe() const {
  std::ostringstream out;
  out << "ViT(" << config_.attention << (config_.full_alpha ? " full-alpha" : "")
      << " attention, d=" << config_.d << ", heads=" << config_.heads
      << ", layers=" << config_.layers << ", patch=" << config_.patch
      << ", ffn=" << config_.ffn * config_.d << ", tokens=" << patches_.n_patches()
      << ", P=" << n_params() << ")";
  return out.str();
}

RealMatrix ViTWaveFunction::patch_features(const ConfigBatch& configs) const {
  VITVMC_REQUIRE(configs.cols() == n_sites_, "configuration width does not match the lattice");
  const Index n = patches_.n_patches();
  const Index q_count = patches_.features();
  RealMatrix p(configs.rows() * n, q_count);
  for (Index s = 0; s < configs.rows(); ++s)
    for (Index i = 0; i < n; ++i)
      for (Index q = 0; q < q_count; ++q) p(s * n + i, q) = configs(s, patches_.site(i, q));
  return p;
}

ComplexVector ViTWaveFunction::log_psi(const ConfigBatch& configs) const {
  const RealVector& theta = store_.values();
  RealMatrix x;
  embedding_.forward(theta, patch_features(configs), x);
  EncoderCache cache;
  for (const EncoderBlock& block : blocks_) block.forward(theta, x, cache, false);
  ComplexVector result;
  HeadCache head_cache;
  head_->forward(theta, x, patches_.n_patches(), result, head_cache);
  return result;
}

void ViTWaveFunction::log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                                           ComplexMatrix& jacobian) const {
  const RealVector& theta = store_.values();
  const Index batch = configs.rows();
  const Index n = patches_.n_patches();
  jacobian.resize(batch, n_params());
  log_psi.resize(batch);
  if (batch == 0) return;
  const RealMatrix p = patch_features(configs);
  RealMatrix x;
  embedding_.forward(theta, p, x);
  std::vector<EncoderCache> caches(blocks_.size());
  for (std::size_t l = 0; l < blocks_.size(); ++l) blocks_[l].forward(theta, x, caches[l], true);
  HeadCache head_cache;
  head_->forward(theta, x, n, log_psi, head_cache);
  // One reverse pass; every slice of every row of O is written exactly once.
  JacobianWriter writer(jacobian, batch);
  RealMatrix g;
  head_->backward(theta, head_cache, n, g, writer);
  for (std::size_t l = blocks_.size(); l-- > 0;) {
    blocks_[l].backward(theta, caches[l], g, writer);
    caches[l] = EncoderCache();
  }
  embedding_.write_jacobian(p, g, writer);
}

std::vector<RealMatrix> ViTWaveFunction::attention_maps(const ConfigBatch& configs) const {
  const RealVector& theta = store_.values();
  RealMatrix x;
  embedding_.forward(theta, patch_features(configs), x);
  std::vector<RealMatrix> maps;
  EncoderCache cache;
  for (const EncoderBlock& block : blocks_) {
    maps.push_back(block.attention_maps(theta, x));
    block.forward(theta, x, cache, false);
  }
  return maps;
}

double ViTWaveFunction::forward_flops_per_sample() const {
  const double n = static_cast<double>(patches_.n_patches());
  const double d = static_cast<double>(config_.d);
  const double f = static_cast<double>(config_.ffn * config_.d);
  const double b2 = static_cast<double>(patches_.features());
  const bool standard = config_.attention == "standard";
  // Multiply-adds: V, W (and Q, K) projections, the two FFN layers, alpha v (and q k^T).
  const double per_layer =
      (standard ? 4.0 : 2.0) * n * d * d + 2.0 * n * d * f + (standard ? 2.0 : 1.0) * n * n * d;
  return 2.0 * (n * b2 * d + static_cast<double>(config_.layers) * per_layer + 2.0 * d * d);
}

}  // namespace vitvmc
