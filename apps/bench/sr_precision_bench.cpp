#include "sr_precision_bench.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <iostream>

#include "vitvmc/driver/sr_system.hpp"
#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc::bench {
namespace {

/// Columns per float32 block in the blocked variant: each block's products are summed in float,
/// the blocks in double.
constexpr Index kBlockColumns = 1024;

using ColumnMatrix = Eigen::MatrixXd;
using ColumnMatrixF = Eigen::MatrixXf;

/// Lower triangle of X X^T from row-major X (n x p) read as column-major X^T: dsyrk.
ColumnMatrix kernel_float64(const RealMatrix& x) {
  const int n = static_cast<int>(x.rows()), p = static_cast<int>(x.cols());
  ColumnMatrix t = ColumnMatrix::Zero(n, n);
  const double one = 1.0, zero = 0.0;
  dsyrk_("L", "T", &n, &p, &one, x.data(), &p, &zero, t.data(), &n);
  return t;
}

/// The same from X rounded to float, summed in float over `block` columns at a time and the
/// blocks in double (block = p: one ssyrk, float accumulation throughout).
ColumnMatrix kernel_float32(const RealMatrix& x, Index block) {
  const RowMatrix<float> xf = x.cast<float>();
  const int n = static_cast<int>(x.rows()), p = static_cast<int>(x.cols());
  ColumnMatrix t = ColumnMatrix::Zero(n, n);
  ColumnMatrixF part(n, n);
  const float one = 1.0f, zero = 0.0f;
  for (Index first = 0; first < p; first += block) {
    const int width = static_cast<int>(std::min<Index>(block, p - first));
    ssyrk_("L", "T", &n, &width, &one, xf.data() + first, &p, &zero, part.data(), &n);
    t.triangularView<Eigen::Lower>() += part.cast<double>();
  }
  return t;
}

/// delta = X^T (T + shift)^-1 e with the lower triangle of T.
RealVector kernel_update(const RealMatrix& x, const RealVector& e, ColumnMatrix t, Real shift) {
  t.diagonal().array() += shift;
  const Eigen::LLT<ColumnMatrix, Eigen::Lower> llt(t);
  VITVMC_REQUIRE(llt.info() == Eigen::Success, "sr_precision: Cholesky failed");
  return x.transpose() * llt.solve(e);
}

double relative(const RealVector& a, const RealVector& reference) {
  return (a - reference).norm() / reference.norm();
}

}  // namespace

void bench_sr_precision(const BenchOptions& o, const RunContext& ctx) {
  require_input(ctx.comm.size() == 1, "--bench.what",
                "sr_precision runs on one rank (the whole 2M x P system on it)");
  VmcState state = make_initial_state(ctx);
  enter_stage(state, ctx);
  if (state.chains) ctx.sampler.sweep(*state.chains, *state.psi, ctx.config.sampler.warmup);
  const std::unique_ptr<SrSolver> solver = choose_sr_solver(ctx, state.psi->n_params());
  for (Index k = 0; k < o.warmup_steps; ++k) {
    enter_stage(state, ctx);
    vmc_step(state, ctx, *solver);
  }
  // One more step's system, built as vmc_step builds it.
  PhaseTimers timers;
  const Index m = ctx.config.sampler.samples;
  const SampleBatch batch = draw_samples(state, ctx, m, timers);
  const ComplexVector e_loc = compute_local_energies(batch, ctx, *state.psi, timers);
  ComplexVector log_psi;
  ComplexMatrix jacobian;
  state.psi->log_psi_and_jacobian(batch.configs, log_psi, jacobian);
  const EnergyEstimate estimate = estimate_energy(batch, e_loc, ctx, timers);
  const SrSystem system = build_sr_system(batch, e_loc, estimate.energy, jacobian, m, ctx.comm);
  jacobian.resize(0, 0);
  const Real shift = current_diag_shift(state, ctx);

  const ColumnMatrix t64 = kernel_float64(system.x);
  const RealVector reference = kernel_update(system.x, system.e, t64, shift);
  const ColumnMatrix t32 = kernel_float32(system.x, system.x.cols());
  const ColumnMatrix t32_blocked = kernel_float32(system.x, kBlockColumns);
  const RealVector plain = kernel_update(system.x, system.e, t32, shift);
  const RealVector blocked = kernel_update(system.x, system.e, t32_blocked, shift);
  const Eigen::SelfAdjointEigenSolver<ColumnMatrix> eig(t64, Eigen::EigenvaluesOnly);
  const double largest = eig.eigenvalues().maxCoeff();
  const auto kernel_error = [&](const ColumnMatrix& t) {
    const ColumnMatrix d = (t - t64).triangularView<Eigen::Lower>();
    return d.cwiseAbs().maxCoeff() / t64.diagonal().cwiseAbs().maxCoeff();
  };
  Json j;
  j["what"] = "sr_precision";
  j["model"] = state.psi->describe();
  j["n_params"] = state.psi->n_params();
  j["sr_rows"] = system.x.rows();
  j["after_steps"] = o.warmup_steps;
  j["shift"] = json_number(shift);
  j["kernel_largest_eigenvalue"] = json_number(largest);
  j["condition_with_shift"] = json_number((largest + shift) / shift);
  j["kernel_max_abs_error_float32"] = json_number(kernel_error(t32));
  j["kernel_max_abs_error_float32_blocked"] = json_number(kernel_error(t32_blocked));
  j["update_relative_error_float32"] = json_number(relative(plain, reference));
  j["update_relative_error_float32_blocked"] = json_number(relative(blocked, reference));
  j["block_columns"] = kBlockColumns;
  j["criterion"] = 1e-6;
  std::cout << json_text(j) << std::endl;
}

}  // namespace vitvmc::bench
