#include "vitvmc/model/vit.hpp"

#include <algorithm>
#include <sstream>

#include "vitvmc/util/block_partition.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

namespace {

/// Throws InvalidInput naming the first option at fault; the patch size is checked by PatchMap.
const ModelConfig& validated(const ModelConfig& config) {
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
      << ", P=" << n_params() << (single_precision() ? ", float32 forward" : "") << ")";
  return out.str();
}

RealMatrix ViTWaveFunction::patch_features(const ConfigBatch& configs) const {
  RealMatrix p;
  patch_features(configs, 0, configs.rows(), p);
  return p;
}

template <class S>
void ViTWaveFunction::patch_features(const ConfigBatch& configs, Index first, Index count,
                                     MatrixOf<S>& p) const {
  VITVMC_REQUIRE(configs.cols() == n_sites_, "configuration width does not match the lattice");
  const Index n = patches_.n_patches();
  const Index q_count = patches_.features();
  p.resize(count * n, q_count);
  for (Index s = 0; s < count; ++s)
    for (Index i = 0; i < n; ++i)
      for (Index q = 0; q < q_count; ++q)
        p(s * n + i, q) = static_cast<S>(configs(first + s, patches_.site(i, q)));
}

Index ViTWaveFunction::chunk_samples() const {
  // About 1000 token rows: the (rows x ffn d) FFN activations (2 MB on 10x10) stay in cache, and
  // the GEMMs still have hundreds of rows.
  constexpr Index kChunkRows = 1000;
  return std::max<Index>(1, kChunkRows / patches_.n_patches());
}

template <class S>
void ViTWaveFunction::forward_chunk(const VectorOf<S>& theta, const ConfigBatch& configs,
                                    Index first, Index count, bool for_backward,
                                    ForwardWork<S>& work) const {
  // Never shrinks: a VMC step alternates log_psi and Jacobian calls.
  work.blocks.resize(std::max(work.blocks.size(), for_backward ? blocks_.size() : 1));
  patch_features(configs, first, count, work.p);
  embedding_.forward(theta, work.p, work.x);
  for (std::size_t l = 0; l < blocks_.size(); ++l)
    blocks_[l].forward(theta, work.x, work.blocks[for_backward ? l : 0], for_backward);
  head_->forward(theta, work.x, patches_.n_patches(), work.log_psi, work.head);
}

const VectorOf<float>& ViTWaveFunction::theta_float() const {
  if (theta_float_generation_ != store_.generation() || theta_float_.size() != n_params()) {
    theta_float_ = store_.values().cast<float>();
    theta_float_generation_ = store_.generation();
  }
  return theta_float_;
}

std::pair<Index, Index> ViTWaveFunction::chunk(Index batch, Index c) const {
  return block_partition(batch, static_cast<int>(c), static_cast<int>(chunk_count(batch)));
}

Index ViTWaveFunction::chunk_count(Index batch) const {
  return (batch + chunk_samples() - 1) / chunk_samples();
}

ComplexVector ViTWaveFunction::log_psi(const ConfigBatch& configs) const {
  const Index batch = configs.rows();
  ComplexVector result(batch);
  for (Index c = 0; c < chunk_count(batch); ++c) {
    const auto [first, count] = chunk(batch, c);
    if (single_precision()) {
      forward_chunk(theta_float(), configs, first, count, false, work_float_);
      result.segment(first, count) = work_float_.log_psi;
    } else {
      forward_chunk(configs, first, count, false);
      result.segment(first, count) = work_.log_psi;
    }
  }
  return result;
}

void ViTWaveFunction::log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                                           ComplexMatrix& jacobian) const {
  const RealVector& theta = store_.values();
  const Index batch = configs.rows();
  const Index n = patches_.n_patches();
  jacobian.resize(batch, n_params());
  log_psi.resize(batch);
  for (Index c = 0; c < chunk_count(batch); ++c) {
    const auto [first, count] = chunk(batch, c);
    forward_chunk(configs, first, count, true);
    log_psi.segment(first, count) = work_.log_psi;
    // One reverse pass; every slice of every row of O is written exactly once.
    JacobianWriter writer(jacobian, count, first, &work_.gradients);
    head_->backward(theta, work_.head, n, work_.g, writer);
    for (std::size_t l = blocks_.size(); l-- > 0;)
      blocks_[l].backward(theta, work_.blocks[l], work_.g, writer, work_.reverse);
    embedding_.write_jacobian(work_.p, work_.g, writer);
  }
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

std::vector<std::vector<AttentionMapTerm>> ViTWaveFunction::attention_map_terms(
    const ConfigBatch& configs) const {
  const RealVector& theta = store_.values();
  RealMatrix x;
  embedding_.forward(theta, patch_features(configs), x);
  std::vector<std::vector<AttentionMapTerm>> terms;
  EncoderCache cache;
  for (const EncoderBlock& block : blocks_) {
    terms.push_back(block.attention_map_terms(theta, x));
    block.forward(theta, x, cache, false);
  }
  return terms;
}

double ViTWaveFunction::forward_flops_per_sample() const {
  const Index n = patches_.n_patches();
  const double d = static_cast<double>(config_.d);
  const double f = static_cast<double>(config_.ffn * config_.d);
  const double b2 = static_cast<double>(patches_.features());
  // Multiply-adds: the attention (its projections and map products) and the two FFN layers.
  double layers = 0;
  for (const EncoderBlock& block : blocks_)
    layers += block.attention().cost().multiply_adds + 2.0 * static_cast<double>(n) * d * f;
  return 2.0 * (static_cast<double>(n) * b2 * d + layers + 2.0 * d * d);
}

}  // namespace vitvmc
