#include "vitvmc/driver/measurement.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "vitvmc/config/stages.hpp"
#include "vitvmc/driver/sample_statistics.hpp"
#include "vitvmc/driver/trained_state.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// Fresh samples of state.psi with the statistics of their local energies. Collective.
struct Evaluation {
  SampleBatch batch;
  ComplexVector e_loc;
  EnergyStatistics energy;
};

Evaluation evaluate(const RunContext& ctx, VmcState& state, Index samples) {
  const Index chains = ctx.config.sampler.chains;
  PhaseTimers timers;
  Evaluation ev;
  ev.batch = draw_samples(state, ctx, (samples + chains - 1) / chains * chains, timers);
  ev.e_loc = compute_local_energies(ev.batch, ctx, *state.psi, timers);
  ev.energy = sample_statistics(ev.batch, ev.e_loc, ctx.lattice.n_sites(), chains, ctx.comm);
  ev.energy.tail = sample_tail_diagnostics(ev.batch, ev.e_loc, ev.energy, ctx.comm);
  return ev;
}

/// This rank's chains: the checkpoint's when their count and seed are the measurement's (warmed
/// up again when they sampled another power of |psi|), otherwise new ones, warmed up.
ChainSet measurement_chains(const RunContext& ctx, const WaveFunction& psi,
                            const MeasureRequest& request, ChainStart& start) {
  const SamplerConfig& c = ctx.config.sampler;
  const CheckpointData saved = read_trained_state(request.checkpoint, c.chains, ctx.comm);
  std::optional<ChainSet> chains;
  if (saved.sampler_seed == c.seed) chains = saved_chains(saved, c.chains);
  start = !chains                                ? ChainStart::kNew
          : request.run_psi_power == c.psi_power ? ChainStart::kRestored
                                                 : ChainStart::kRewarmed;
  if (!chains) {
    const auto [first, count] = block_chain_range(c.chains, ctx.comm.rank(), ctx.comm.size());
    chains.emplace(ctx.lattice.n_sites(), first, count, c.seed);
  }
  if (start != ChainStart::kRestored) ctx.sampler.sweep(*chains, psi, c.warmup);
  return std::move(*chains);
}

/// Exact mode: the sector's weight profile, summed over ranks in rank order.
WeightProfile sector_weight_profile(const Evaluation& ev, const Communicator& comm) {
  const auto local =
      weight_profile(ev.e_loc, ev.batch.weights, ev.batch.multiplicity, ev.energy.mean).to_array();
  const std::vector<Real> total = allreduce_sum_deterministic(std::span<const Real>(local), comm);
  std::array<Real, 4 * WeightProfile::kDecades> sum{};
  std::copy(total.begin(), total.end(), sum.begin());
  return WeightProfile::from_array(sum);
}

/// --attention.freeze: the checkpoint's standard/decoupled ViT with A(sigma) replaced by the mean
/// maps, i.e. factored attention with a full alpha = Abar and every other weight copied, sampled
/// with new chains (seed + 1).
EnergyStatistics frozen_energy(const RunContext& ctx, const ModelConfig& model,
                               const WaveFunction& psi, const AttentionMeasurement& a,
                               Index samples) {
  VmcState frozen;
  frozen.psi = make_wave_function(ctx.lattice, ctx.bonds, frozen_attention_config(model));
  set_attention_tables(psi.parameters().slices(), psi.parameters().values(), a.mean,
                       frozen.psi->parameters(), "--attention.freeze");
  if (!ctx.exact) {
    const SamplerConfig& c = ctx.config.sampler;
    const auto [first, count] = block_chain_range(c.chains, ctx.comm.rank(), ctx.comm.size());
    frozen.chains.emplace(ctx.lattice.n_sites(), first, count, c.seed + 1);
    ctx.sampler.sweep(*frozen.chains, *frozen.psi, c.warmup);
  }
  return evaluate(ctx, frozen, samples).energy;
}

std::vector<StructureFactorStatistics> structure_factors(const RunContext& ctx,
                                                         const SampleBatch& batch) {
  std::vector<StructureFactorStatistics> out;
  for (const WaveVector& q : reported_wave_vectors()) {
    const ComplexVector x = structure_factor_samples(batch.configs, ctx.lattice, q);
    out.push_back({q, sample_statistics(batch, x, 1, ctx.config.sampler.chains, ctx.comm)});
  }
  return out;
}

/// Every rank's rows of `ev`, concatenated in rank order on rank 0.
MeasuredSamples gather_samples(const Evaluation& ev, const Communicator& comm) {
  const SampleBatch& b = ev.batch;
  const Index n = b.size();
  RealVector weight = b.weighted() ? b.weights : RealVector::Ones(n);
  RealVector multiplicity = b.multiplicity.size() > 0 ? b.multiplicity : RealVector::Ones(n);
  const auto rows = static_cast<std::size_t>(n);
  const std::vector<Complex> e = gather(std::span<const Complex>(ev.e_loc.data(), rows), 0, comm);
  const std::vector<Real> w = gather(std::span<const Real>(weight.data(), rows), 0, comm);
  const std::vector<Real> m = gather(std::span<const Real>(multiplicity.data(), rows), 0, comm);
  MeasuredSamples out;
  out.e_loc = Eigen::Map<const ComplexVector>(e.data(), static_cast<Index>(e.size()));
  out.weight = Eigen::Map<const RealVector>(w.data(), static_cast<Index>(w.size()));
  out.multiplicity = Eigen::Map<const RealVector>(m.data(), static_cast<Index>(m.size()));
  if (!b.weighted() && out.weight.size() > 0) out.weight /= static_cast<Real>(out.weight.size());
  return out;
}

// Per layer: mean, spread and by-displacement table, as the measurement file holds them.
std::vector<MeasurementFile::AttentionLayer> attention_layers(const MapStatistics& a) {
  std::vector<MeasurementFile::AttentionLayer> layers;
  for (std::size_t l = 0; l < a.mean.size(); ++l)
    layers.push_back({a.mean[l], a.spread[l], a.by_displacement[l]});
  return layers;
}

}  // namespace

Measurement measure_trained_state(const RunContext& ctx, const CheckpointData& saved,
                                  const MeasureRequest& request) {
  const RunConfig& c = ctx.config;
  const bool exact = ctx.exact.has_value();
  require_input(
      exact || c.sampler.chains >= ctx.comm.size(), "--sampler.chains",
      "must be at least the number of MPI ranks (" + std::to_string(ctx.comm.size()) + ")");
  // A staged run's checkpoint holds theta of the stage that ran its last step.
  const ModelConfig model = model_at_step(c, saved.step);
  VmcState state;
  state.psi = make_wave_function(ctx.lattice, ctx.bonds, model);
  load_parameters(*state.psi, saved, c, request.checkpoint);
  const auto* vit = dynamic_cast<const ViTWaveFunction*>(state.psi.get());
  require_input(!request.freeze || (vit != nullptr && vit->attention(0).input_dependent_maps()),
                "--attention.freeze",
                "needs a checkpoint of a ViT with input-dependent maps (standard or decoupled "
                "attention) without symmetrisation, got " +
                    state.psi->describe());

  Measurement m;
  m.checkpoint = request.checkpoint;
  m.step = saved.step;
  m.n_sites = ctx.lattice.n_sites();
  m.lx = c.lattice.lx;
  m.ly = c.lattice.ly;
  m.gx = model.patch > 0 ? c.lattice.lx / model.patch : 0;
  m.gy = model.patch > 0 ? c.lattice.ly / model.patch : 0;
  m.psi_power = exact ? 2.0 : c.sampler.psi_power;
  m.model = state.psi->describe();
  m.n_params = state.psi->parameters().size();
  if (!exact) state.chains = measurement_chains(ctx, *state.psi, request, m.chains);

  const Evaluation ev = evaluate(ctx, state, request.samples);
  m.energy = ev.energy;
  if (exact) m.profile = sector_weight_profile(ev, ctx.comm);
  m.acceptance = global_acceptance(ev.batch, ctx.comm);
  m.structure = structure_factors(ctx, ev.batch);
  if (request.keep_samples) {
    MeasuredSamples all = gather_samples(ev, ctx.comm);
    if (ctx.comm.rank() == 0) m.samples = std::move(all);
  }
  if (vit != nullptr) {
    m.forward_flops_per_sample = vit->forward_flops_per_sample();
    m.attention = measure_attention(*vit, ev.batch, ctx.lattice, ctx.comm);
  }
  if (request.freeze)
    m.frozen = frozen_energy(ctx, model, *state.psi, *m.attention, request.samples);
  return m;
}

MeasurementFile measurement_file(const Measurement& m) {
  MeasurementFile f;
  f.checkpoint = m.checkpoint;
  f.step = m.step;
  f.energy = {m.energy.energy_per_site,
              m.energy.error_per_site,
              m.energy.variance,
              m.energy.variance_error,
              m.energy.v_score,
              static_cast<Real>(m.energy.n_samples),
              m.psi_power};
  for (const StructureFactorStatistics& s : m.structure)
    f.structure_factor.push_back(
        {s.q.name, s.q.qx, s.q.qy, s.stats.energy_per_site, s.stats.error_per_site});
  if (m.attention) {
    f.patches = m.attention->patches;
    f.gx = m.gx;
    f.gy = m.gy;
    f.attention = attention_layers(*m.attention);
    for (const MapTermStatistics& t : m.attention->terms)
      f.attention_terms.push_back({t.name, attention_layers(t.stats)});
  }
  if (m.samples)
    f.samples =
        MeasurementFile::Samples{m.samples->e_loc, m.samples->weight, m.samples->multiplicity};
  if (m.frozen)
    f.freeze = MeasurementFile::Frozen{m.frozen->energy_per_site, m.frozen->error_per_site};
  return f;
}

}  // namespace vitvmc
