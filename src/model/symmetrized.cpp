#include "vitvmc/model/symmetrized.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// log((1/n) sum_g exp(l_g)) for a segment of n complex logs; fills the softmax weights if asked.
template <class Segment>
Complex log_mean_exp(const Segment& logs, ComplexVector* weights) {
  Real shift = logs(0).real();
  for (Index g = 1; g < logs.size(); ++g) shift = std::max(shift, logs(g).real());
  ComplexVector terms(logs.size());
  Complex sum = 0.0;
  for (Index g = 0; g < logs.size(); ++g) {
    terms(g) = std::exp(logs(g) - shift);
    sum += terms(g);
  }
  if (weights != nullptr) *weights = terms / sum;
  return shift + std::log(sum) - std::log(static_cast<Real>(logs.size()));
}

}  // namespace

SymmetrizedWaveFunction::SymmetrizedWaveFunction(std::unique_ptr<WaveFunction> inner,
                                                 SymmetryGroup group, SymmetrizedLimits limits)
    : inner_(std::move(inner)), group_(std::move(group)), limits_(limits) {
  VITVMC_REQUIRE(inner_ != nullptr, "SymmetrizedWaveFunction needs a model");
  VITVMC_REQUIRE(group_.n_sites() == inner_->n_sites(), "symmetry group and model sizes differ");
}

std::string SymmetrizedWaveFunction::describe() const {
  std::ostringstream out;
  out << inner_->describe() << " symmetrized |G|=" << group_.size();
  return out.str();
}

double SymmetrizedWaveFunction::forward_flops_per_sample() const {
  return static_cast<double>(group_.size()) * inner_->forward_flops_per_sample();
}

ConfigBatch SymmetrizedWaveFunction::images(const ConfigBatch& configs, Index first,
                                            Index count) const {
  const Index n_group = group_.size();
  ConfigBatch out(count * n_group, configs.cols());
  for (Index s = 0; s < count; ++s)
    for (Index g = 0; g < n_group; ++g)
      group_.apply(g, configs.row(first + s).data(), out.row(s * n_group + g).data());
  return out;
}

ComplexVector SymmetrizedWaveFunction::log_psi(const ConfigBatch& configs) const {
  const Index n_group = group_.size();
  const Index chunk = std::max<Index>(1, limits_.max_inner_rows / n_group);
  ComplexVector out(configs.rows());
  for (Index first = 0; first < configs.rows(); first += chunk) {
    const Index count = std::min(chunk, configs.rows() - first);
    const ComplexVector logs = inner_->log_psi(images(configs, first, count));
    for (Index s = 0; s < count; ++s)
      out(first + s) = log_mean_exp(logs.segment(s * n_group, n_group), nullptr);
  }
  return out;
}

void SymmetrizedWaveFunction::log_psi_and_jacobian(const ConfigBatch& configs,
                                                   ComplexVector& log_psi,
                                                   ComplexMatrix& jacobian) const {
  const Index n_group = group_.size();
  const Index row_bytes = n_params() * static_cast<Index>(sizeof(Complex));
  const Index chunk = std::max<Index>(1, limits_.jacobian_bytes / (row_bytes * n_group));
  log_psi.resize(configs.rows());
  jacobian.resize(configs.rows(), n_params());
  ComplexVector logs;
  ComplexMatrix inner_jacobian;
  ComplexVector weights;
  for (Index first = 0; first < configs.rows(); first += chunk) {
    const Index count = std::min(chunk, configs.rows() - first);
    inner_->log_psi_and_jacobian(images(configs, first, count), logs, inner_jacobian);
    for (Index s = 0; s < count; ++s) {
      log_psi(first + s) = log_mean_exp(logs.segment(s * n_group, n_group), &weights);
      jacobian.row(first + s).noalias() =
          weights.transpose() * inner_jacobian.middleRows(s * n_group, n_group);
    }
  }
}

}  // namespace vitvmc
