#pragma once
/// \file vit.hpp
/// The Vision Transformer wave function (DESIGN.md section 3): b x b patches -> linear embedding ->
/// n_l pre-LN encoder blocks (an attention type of attention_registry.hpp) -> sum pooling ->
/// complex log cosh head. Batched throughout: B configurations go through as (B * n) x d GEMMs, and
/// the Jacobian comes from one reverse pass with complex adjoints carried as 2B real virtual
/// samples.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/patch_map.hpp"
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/model/layers/dense.hpp"
#include "vitvmc/model/layers/encoder_block.hpp"
#include "vitvmc/model/layers/output_head.hpp"
#include "vitvmc/model/wavefunction.hpp"

namespace vitvmc {

class ViTWaveFunction : public WaveFunction {
 public:
  /// Validates the architecture (InvalidInput naming --model.attention, --model.d, --model.heads,
  /// --model.layers, --model.patch or --model.ffn) and initialises theta from config.seed.
  ViTWaveFunction(const SquareLattice& lattice, const ModelConfig& config);
  ~ViTWaveFunction() override;

  Index n_sites() const override { return n_sites_; }
  const ParameterStore& parameters() const override { return store_; }
  ParameterStore& parameters() override { return store_; }
  std::string describe() const override;

  ComplexVector log_psi(const ConfigBatch& configs) const override;
  void log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                            ComplexMatrix& jacobian) const override;

  /// Attention maps for analysis: one matrix per layer, shape (B * h) x (n * n); row s * h + mu
  /// holds alpha^mu_{I,J} of sample s at column I * n + J (I the attending patch, J the attended).
  /// Factored attention gives the same rows for every sample; standard rows each sum to 1 over J,
  /// decoupled rows to 1 + sum_J a^mu.
  std::vector<RealMatrix> attention_maps(const ConfigBatch& configs) const;
  /// Per layer, the additive terms of those maps when the attention type has them (decoupled:
  /// "softmax" and "position", each in the layout of attention_maps); empty lists otherwise.
  std::vector<std::vector<AttentionMapTerm>> attention_map_terms(const ConfigBatch& configs) const;

  /// The attention layer of encoder block `layer`: what its type is like (Attention's virtual
  /// methods: input-dependent maps, map terms, cost).
  const Attention& attention(Index layer) const {
    return blocks_[static_cast<std::size_t>(layer)].attention();
  }
  const PatchMap& patches() const { return patches_; }
  const ModelConfig& config() const { return config_; }
  /// Multiply-add count of one forward pass per sample, for benchmarks (2 flops per multiply-add).
  double forward_flops_per_sample() const override;
  /// True with --model.precision float32: log_psi runs the forward pass in float on a float copy
  /// of theta (log_psi_and_jacobian stays in double).
  bool single_precision() const { return config_.precision == Precision::float32; }
  /// Samples per chunk: a batch goes through the network in chunks whose activations fit in
  /// cache (the dense layers are still GEMMs with chunk * n rows).
  Index chunk_samples() const;
  /// A batch goes through in chunk_count(batch) chunks of equal size (within one sample), at most
  /// chunk_samples() each: 90 samples as 3 x 30, not 40 + 40 + 10 (a small last chunk runs its
  /// GEMMs at a poor rate). chunk(batch, c) is {first, count} of chunk c.
  Index chunk_count(Index batch) const;
  std::pair<Index, Index> chunk(Index batch, Index c) const;

 private:
  /// Activations reused across calls (the model is used from one thread per rank): no page
  /// faults or zero-fills of fresh temporaries in the hot path.
  /// The forward pass's activations, in its scalar.
  template <class S>
  struct ForwardWork {
    MatrixOf<S> p;  ///< patch features of the chunk
    MatrixOf<S> x;  ///< tokens
    /// One per layer (the forward-only pass uses the first).
    std::vector<EncoderCacheOf<S>> blocks;
    HeadCacheOf<S> head;
    ComplexVector log_psi;  ///< log psi of the chunk
  };
  struct Workspace : ForwardWork<Real> {
    RealMatrix g;                 ///< token adjoints of the reverse pass
    ReverseScratch reverse;       ///< the layers' reverse-pass temporaries
    std::vector<Real> gradients;  ///< per-sample weight gradients (JacobianWriter::scratch)
  };

  /// (count * n) x b^2 patch features of configurations first .. first + count - 1.
  RealMatrix patch_features(const ConfigBatch& configs) const;
  template <class S>
  void patch_features(const ConfigBatch& configs, Index first, Index count, MatrixOf<S>& p) const;
  /// Forward pass of `count` samples from `first`; the tokens end in work.x, log psi in
  /// work.log_psi. Keeps every layer's activations when `for_backward`.
  template <class S>
  void forward_chunk(const VectorOf<S>& theta, const ConfigBatch& configs, Index first, Index count,
                     bool for_backward, ForwardWork<S>& work) const;
  void forward_chunk(const ConfigBatch& configs, Index first, Index count,
                     bool for_backward) const {
    forward_chunk(store_.values(), configs, first, count, for_backward, work_);
  }
  /// The float copy of theta, converted again only when the store's generation changed.
  const VectorOf<float>& theta_float() const;

  ModelConfig config_;
  Index n_sites_;
  PatchMap patches_;
  ParameterStore store_;
  Dense embedding_;
  std::vector<EncoderBlock> blocks_;
  std::unique_ptr<OutputHead> head_;
  mutable Workspace work_;
  mutable ForwardWork<float> work_float_;
  mutable VectorOf<float> theta_float_;
  mutable std::uint64_t theta_float_generation_ = ~std::uint64_t{0};
};

}  // namespace vitvmc
