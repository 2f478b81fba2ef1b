#include "model_bench.hpp"

#include <algorithm>
#include <iostream>

#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc::bench {
namespace {

struct Result {
  Measurement what = Measurement::forward;
  double per_s = 0.0;      ///< configurations, Jacobian rows or samples per second, all ranks
  double gflops = 0.0;     ///< documented model flops / time, all ranks
  double connected = 0.0;  ///< local energy: mean connected configurations per sample
  Timing timing;
};

Result measure_once(Measurement what, const WaveFunction& model, const HeisenbergModel& hamiltonian,
                    const ConfigBatch& configs, const BenchOptions& o, const Communicator& comm) {
  Result out;
  out.what = what;
  const double batch = static_cast<double>(configs.rows()), ranks = comm.size();
  double flops_per_sample = model.forward_flops_per_sample();
  if (what == Measurement::forward) {
    out.timing = time_all_ranks(comm, o.seconds, [&] { model.log_psi(configs); });
  } else if (what == Measurement::jacobian) {
    ComplexVector lp;
    ComplexMatrix jac;
    out.timing =
        time_all_ranks(comm, o.seconds, [&] { model.log_psi_and_jacobian(configs, lp, jac); });
    flops_per_sample *= 5.0;  // forward + two real backward passes of 2F each
  } else {
    const ComplexVector lp = model.log_psi(configs);
    std::vector<Index> counts;
    out.timing = time_all_ranks(comm, o.seconds, [&] {
      local_energies(hamiltonian, model, configs, lp, o.chunk_rows, &counts);
    });
    double connected = 0;
    for (Index c : counts) connected += static_cast<double>(c);
    out.connected = sum_over_ranks(comm, connected / batch) / ranks;
    flops_per_sample *= out.connected;
  }
  const double samples = ranks * out.timing.reps * batch;
  out.per_s = samples / out.timing.seconds;
  out.gflops = out.per_s * flops_per_sample * 1e-9;
  return out;
}

Json json_line(const Result& m, const WaveFunction& model, const BenchOptions& o, int ranks,
               const Calibration& cal, bool single) {
  const char* rate_key = m.what == Measurement::forward    ? "configs_per_s"
                         : m.what == Measurement::jacobian ? "rows_per_s"
                                                           : "samples_per_s";
  Json j = {{"what", std::string(name_of(m.what))},
            {"model", model.describe()},
            {"n_params", model.n_params()},
            {"batch", o.batch},
            {"ranks", ranks},
            {"precision", single ? Precision::float32 : Precision::float64},
            {rate_key, json_number(m.per_s)}};
  if (m.what == Measurement::local_energy) {
    j["connected_per_sample"] = json_number(m.connected);
    j["chunk_rows"] = o.chunk_rows;
  }
  const double gflops_cpu = m.gflops * m.timing.seconds / m.timing.cpu_seconds;
  j["seconds"] = json_number(m.timing.seconds);
  j["cpu_seconds"] = json_number(m.timing.cpu_seconds);
  j["gflops"] = json_number(m.gflops);
  j["dgemm_gflops"] = json_number(cal.dgemm.gflops);
  j["dgemm_model_shape_gflops"] = json_number(cal.dgemm_shape.gflops);
  j["fraction_of_dgemm"] = json_number(cal.dgemm.gflops > 0 ? m.gflops / cal.dgemm.gflops : 0.0);
  j["fraction_of_dgemm_cpu"] =
      json_number(cal.dgemm.gflops_cpu > 0 ? gflops_cpu / cal.dgemm.gflops_cpu : 0.0);
  if (single) {
    j["sgemm_gflops"] = json_number(cal.sgemm.gflops);
    j["sgemm_model_shape_gflops"] = json_number(cal.sgemm_shape.gflops);
    j["fraction_of_sgemm"] = json_number(m.gflops / cal.sgemm.gflops);
    j["fraction_of_sgemm_cpu"] = json_number(gflops_cpu / cal.sgemm.gflops_cpu);
  }
  return j;
}

}  // namespace

Calibration calibrate(const BenchOptions& o, const RunContext& ctx) {
  const double seconds = std::min(o.seconds, 1.0);
  const ModelConfig& model = ctx.config.model;
  const Index tokens = o.batch * ctx.lattice.n_sites() / (model.patch * model.patch);
  const Index f = model.ffn * model.d;
  const bool vit = model.type == ModelKind::vit;
  Calibration cal;
  cal.dgemm = gemm_rate<double>(ctx.comm, 1024, 1024, 1024, seconds, o.rounds);
  if (vit) cal.dgemm_shape = gemm_rate<double>(ctx.comm, tokens, model.d, f, seconds, o.rounds);
  if (o.precision != BenchPrecision::float64) {
    cal.sgemm = gemm_rate<float>(ctx.comm, 1024, 1024, 1024, seconds, o.rounds);
    cal.sgemm_shape = gemm_rate<float>(ctx.comm, tokens, model.d, f, seconds, o.rounds);
  }
  return cal;
}

ModelBench::ModelBench(const BenchOptions& o, const RunContext& ctx)
    : options_(o),
      ctx_(ctx),
      precisions_(o.precision == BenchPrecision::both
                      ? std::vector{Precision::float64, Precision::float32}
                  : o.precision == BenchPrecision::float32 ? std::vector{Precision::float32}
                                                           : std::vector{Precision::float64}),
      configs_(random_configs(ctx.lattice.n_sites(), o.batch, ctx.comm.rank())) {
  for (const Precision p : precisions_) {
    ModelConfig config = ctx.config.model;
    config.precision = p;
    models_.push_back(make_wave_function(ctx.lattice, ctx.bonds, config));
  }
}

void ModelBench::measure(Measurement what, const Calibration& cal) const {
  // The Jacobian is always float64: measured once, on the first model.
  const std::size_t n_models = what == Measurement::jacobian ? 1 : models_.size();
  // Rounds alternate the precisions, and each keeps its best round: on a shared machine a load
  // change then hits both instead of biasing the ratio.
  std::vector<Result> best(n_models);
  std::vector<Json> rates(n_models, Json::array());
  for (Index round = 0; round < options_.rounds; ++round) {
    for (std::size_t k = 0; k < n_models; ++k) {
      const Result m =
          measure_once(what, *models_[k], ctx_.hamiltonian, configs_, options_, ctx_.comm);
      rates[k].push_back(json_number(m.per_s));
      if (m.per_s > best[k].per_s) best[k] = m;
    }
  }
  double float64_per_s = 0.0;
  for (std::size_t k = 0; k < n_models; ++k) {
    const bool single = what != Measurement::jacobian && precisions_[k] == Precision::float32;
    if (!single) float64_per_s = best[k].per_s;
    Json line = json_line(best[k], *models_[k], options_, ctx_.comm.size(), cal, single);
    if (options_.rounds > 1) line["rates_per_round"] = rates[k];
    if (single && float64_per_s > 0)
      line["speedup_vs_float64"] = json_number(best[k].per_s / float64_per_s);
    if (ctx_.comm.rank() == 0) std::cout << json_text(line) << std::endl;
  }
}

void ModelBench::precision_check() const {
  if (models_.size() != 2 || ctx_.comm.rank() != 0) return;
  const WaveFunction& model64 = *models_[0];
  const WaveFunction& model32 = *models_[1];
  const ComplexVector lp64 = model64.log_psi(configs_), lp32 = model32.log_psi(configs_);
  // E_loc on the first few samples only: each costs ~2N forward passes per precision.
  constexpr Index kCheckedEnergies = 4;
  const Index m = std::min(kCheckedEnergies, configs_.rows());
  const ConfigBatch some = configs_.topRows(m);
  const ComplexVector e64 =
      local_energies(ctx_.hamiltonian, model64, some, lp64.head(m), options_.chunk_rows);
  const ComplexVector e32 =
      local_energies(ctx_.hamiltonian, model32, some, lp32.head(m), options_.chunk_rows);
  const ComplexVector d = lp32 - lp64;
  Json j = {
      {"what", "precision_check"}, {"model", model64.describe()}, {"samples", configs_.rows()}};
  j["log_psi_max_abs_diff_real"] = json_number(d.real().cwiseAbs().maxCoeff());
  j["log_psi_max_abs_diff_imag"] = json_number(d.imag().cwiseAbs().maxCoeff());
  j["log_psi_mean_abs_real"] = json_number(lp64.real().cwiseAbs().mean());
  j["e_loc_samples"] = m;
  j["e_loc_max_abs_diff_over_mean_abs"] =
      json_number((e32 - e64).cwiseAbs().maxCoeff() / e64.cwiseAbs().mean());
  j["e_loc_mean_diff_over_mean_abs"] =
      json_number(std::abs((e32 - e64).mean()) / e64.cwiseAbs().mean());
  std::cout << json_text(j) << std::endl;
}

}  // namespace vitvmc::bench
