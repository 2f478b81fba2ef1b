#include "vitvmc/job/resource_plan.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "vitvmc/model/layers/attention_registry.hpp"
#include "vitvmc/sr/kernel_build.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/grid_shape.hpp"

namespace vitvmc {
namespace {

constexpr double kReal = 8, kComplex = 16;
// Constants of the code the plan mirrors: vmc_step.cpp (kLocalEnergyChunkRows), vit.cpp
// (kChunkRows), SrSolverOptions::block_size, SymmetrizedLimits.
constexpr double kLocalEnergyChunkRows = 8192;
constexpr double kVitTokenRows = 1000;
constexpr double kSrBlock = 64;
constexpr double kSymmetrizedInnerRows = 16384;
constexpr double kSymmetrizedJacobianBytes = 268435456.0;

const char* kShrinkRows =
    "--sampler.samples (fewer samples per step), more ranks (mpirun -n), a smaller model "
    "(--model.d, --model.layers)";
const char* kShrinkKernel = "--sampler.samples (the kernel is (2M)^2), more ranks (mpirun -n)";
const char* kShrinkModel = "--model.d, --model.layers, --model.heads";

double d(Index v) { return static_cast<double>(v); }

/// Activations the ViT keeps between calls (ViTWaveFunction::Workspace after a Jacobian pass):
/// every layer's EncoderCache for one chunk of ~1000 token rows, plus the reverse-pass scratch.
double vit_workspace_bytes(const RunConfig& c) {
  const ModelConfig& m = c.model;
  const double n = d((c.lattice.lx / m.patch) * (c.lattice.ly / m.patch));
  const double chunk = std::max(1.0, std::floor(kVitTokenRows / n));
  const double rows = chunk * n, dm = d(m.d), f = d(m.ffn * m.d), h = d(m.heads);
  const AttentionCost a = attention_prototype(m, c.lattice.lx, c.lattice.ly)->cost();
  // ln1.xhat, u, v, mixed, ln2.xhat, t (+ the attention's: q, k), pre, hidden, GELU', gathered +
  // product; the maps.
  const double maps = chunk * a.cache_per_sample + a.cache_shared;
  const double per_layer = rows * (6 * dm + a.cache_per_row + 3 * f + 2 * dm / h + 2) + maps;
  // g; g_hidden, g_branch, g_mixed, g_v (+ the attention's: g_q, g_k); g_alpha.
  const double reverse =
      2 * rows * dm + 2 * rows * (f + 3 * dm + a.reverse_per_row) + 2 * chunk * h * n * n;
  const double inputs = rows * (d(m.patch * m.patch) + dm);
  return kReal * (d(m.layers) * per_layer + reverse + inputs + 2 * (dm * f + f));
}

/// RBM: hidden fields of one call (sigma as reals, theta complex, its real and imaginary parts).
double rbm_workspace_bytes(const RunConfig& c, double rows) {
  const double n = d(c.lattice.lx * c.lattice.ly), hidden = std::ceil(c.model.alpha * n);
  return rows * (kReal * n + 2 * kComplex * hidden);
}

/// Mean connected configurations per sample: about half of the J1 (and J2) bonds are
/// antiparallel. vmc_bench --bench.what local_energy measures the real number.
double connected_per_sample(const RunConfig& c) {
  const double n = d(c.lattice.lx * c.lattice.ly);
  return c.lattice.j2 != 0 ? 2 * n : n;
}

struct Sizes {
  double p, rows_local, m, sr_rows, x_rows_local, n_sites;
  int nprow, npcol;
};

/// Chains on the largest rank (chains are split in blocks of ceil(chains / R)).
double chains_per_rank(const RunConfig& c, int ranks) {
  return c.sampler.type == SamplerKind::metropolis ? d((c.sampler.chains + ranks - 1) / ranks)
                                                   : 0.0;
}

/// Samples of the final --measure.samples measurement on the largest rank: measure_energy draws
/// ceil(samples / chains) from every chain. 0 without a measurement (or in exact mode, where the
/// measurement is the sector again).
double measurement_rows(const RunConfig& c, int ranks) {
  if (c.measure.samples <= 0 || c.sampler.type != SamplerKind::metropolis) return 0;
  const Index per_chain = (c.measure.samples + c.sampler.chains - 1) / c.sampler.chains;
  return chains_per_rank(c, ranks) * d(per_chain);
}

/// Bytes of `rows` samples held by a SampleBatch and its estimates: the configuration (1 byte a
/// site), log psi and E_loc (complex), the importance weight.
double sample_bytes(double rows, double n_sites) { return rows * (n_sites + 2 * kComplex + kReal); }

void add(ResourcePlan& plan, std::string name, double bytes, std::string what, std::string shrink) {
  plan.objects.push_back({std::move(name), bytes, std::move(what), std::move(shrink)});
}

/// The kernel solver forms T by parameter slices on one rank and where N R <= P (sr/kernel_build):
/// no block-cyclic copy of X, a full N x N partial kernel on every rank, summed and solved on rank
/// 0.
bool uses_parameter_slices(const ResourcePlan& plan, const Sizes& s) {
  return plan.solve == ResourcePlan::Solve::kernel &&
         choose_kernel_route(KernelRoute::kAuto, static_cast<Index>(s.sr_rows),
                             static_cast<Index>(s.p), plan.ranks) == KernelRoute::kParameterSlices;
}

constexpr double kLapackPanelColumns = 512;

void add_slice_route_objects(ResourcePlan& plan, const Sizes& s) {
  const double n = s.sr_rows, p = s.p;
  add(plan, "sr_kernel", kReal * n * n,
      "T = X X^T + shift, N x N on every rank (parameter slices: each rank's partial, summed on "
      "rank 0, which solves)",
      kShrinkKernel);
  if (plan.ranks > 1) {
    // One chunk's Alltoallv: this rank's rows of the chunk out, all N rows of its share in.
    const double share = std::min(d(slice_share_columns(static_cast<Index>(n), plan.ranks, 0)),
                                  std::ceil(p / plan.ranks));
    const double chunk = std::min(share * plan.ranks, p);
    add(plan, "sr_slice_buffers", kReal * (s.x_rows_local * chunk + n * share),
        "one column chunk of X: this rank's rows sent, all rows of its share received (~64 MB "
        "each)",
        kShrinkRows);
  }
  add(plan, "sr_replicated_vectors", kReal * 3 * n, "e and the solution y on every rank (O(M))",
      kShrinkRows);
  // Measured, not read off our code: VmHWM beyond the modelled objects grows by ~3 KiB per kernel
  // row on this route (one rank, N = 4096 / 8192 / 12288: +12 MiB per 4096 rows), the panel
  // OpenBLAS's dsyrk / dpotrf keep (N x 384 doubles with this machine's kernels); planned at 512.
  add(plan, "sr_lapack_panel", kReal * n * kLapackPanelColumns,
      "OpenBLAS's N x 512 panel of dsyrk and dpotrf (measured growth, docs/memory-plan.md)",
      kShrinkKernel);
  add(plan, "sr_eigen_workspace", kReal * (2 * n * n + 7 * n),
      "dsyevd fallback on rank 0: WORK (1 + 6N + 2N^2) and the eigenvalues", kShrinkKernel);
}

void add_block_cyclic_objects(ResourcePlan& plan, const Sizes& s) {
  const double p = s.p;
  // The parameter solver on one rank forms S by one dsyrk on X in place: no block-cyclic copy.
  const bool in_place_gram = plan.solve == ResourcePlan::Solve::parameter && plan.ranks == 1;
  const double bc_rows = d(block_cyclic_extent(static_cast<long long>(s.sr_rows), 64, 0, s.nprow));
  const double bc_cols = d(block_cyclic_extent(static_cast<long long>(p), 64, 0, s.npcol));
  const double x_bc = in_place_gram ? 0.0 : kReal * bc_rows * bc_cols;
  add(plan, "sr_x_block_cyclic", x_bc, "X in the 64 x 64 block-cyclic layout (8 * 2M P / R)",
      kShrinkRows);
  const double others = 1.0 - 1.0 / plan.ranks;
  add(plan, "sr_redistribution_buffers", others * (kReal * s.x_rows_local * p + x_bc),
      "Alltoallv send and receive buffers of the X redistribution", kShrinkRows);
  const bool kernel = plan.solve == ResourcePlan::Solve::kernel;
  const double side = kernel ? s.sr_rows : p;
  const double mat = kReal * d(block_cyclic_extent(static_cast<long long>(side), 64, 0, s.nprow)) *
                     d(block_cyclic_extent(static_cast<long long>(side), 64, 0, s.npcol));
  add(plan, kernel ? "sr_kernel" : "sr_s_matrix", mat,
      kernel ? "T = X X^T + shift, (2M)^2 block-cyclic" : "S = X^T X + shift, P^2 block-cyclic",
      kernel ? kShrinkKernel : "--optimizer.solver kernel, a smaller model, more ranks");
  if (!kernel)
    add(plan, "sr_s_matrix_copy", mat, "copy of S kept for the eigen fallback",
        "--optimizer.solver kernel, more ranks");
  add(plan, "sr_replicated_vectors", kReal * (3 * s.sr_rows + (kernel ? 0 : 2 * p)),
      "e and the solution y on every rank (O(M), not O(M^2))", kShrinkRows);
  add(plan, "sr_eigen_workspace", 3 * mat + kReal * 8 * side,
      "pdsyevd fallback: eigenvectors Z and WORK (2 local blocks)",
      kernel ? kShrinkKernel : "more ranks");
}

void add_objects(ResourcePlan& plan, const RunConfig& c, const PlanInputs& in, const Sizes& s) {
  const double p = s.p, b = s.rows_local;
  add(plan, "runtime", in.runtime_bytes > 0 ? in.runtime_bytes : kDefaultRuntimeBytes,
      "idle rank: code, MPI, BLAS, HDF5 (measured)", "-");
  add(plan, "parameters", 2 * kReal * p, "theta and the rollback copy (2 x 8 P)", kShrinkModel);
  double optimiser = kComplex * p + 7 * kReal * p;  // <O>, delta, partial/total sums, residual
  if (c.optimizer.momentum > 0) optimiser += kReal * p;
  if (c.optimizer.method == OptimizerMethod::adam) optimiser += 2 * kReal * p;
  add(plan, "optimiser_state", optimiser,
      "<O> (16 P), SPRING / Adam state, update and residual vectors (8 P each)", kShrinkModel);
  const double ws = c.model.type == ModelKind::vit
                        ? vit_workspace_bytes(c)
                        : rbm_workspace_bytes(c, std::max(b, kLocalEnergyChunkRows));
  add(plan, "model_workspace", ws,
      "activations kept between model calls (one chunk of ~1000 token rows, all layers)",
      kShrinkModel);
  const double chains_local = chains_per_rank(c, plan.ranks);
  add(plan, "sampler_state",
      chains_local * (2 * s.n_sites + kComplex + 64) + sample_bytes(b, s.n_sites),
      "chains, trial moves, the step's samples, log psi and E_loc (O(M / R))", kShrinkRows);
  if (const double rows = measurement_rows(c, plan.ranks); rows > 0)
    add(plan, "measurement_samples", sample_bytes(rows, s.n_sites),
        "the final --measure.samples samples, their log psi and E_loc", "--measure.samples");
  const double cap = std::min(kLocalEnergyChunkRows, std::max(1.0, b * connected_per_sample(c)));
  double eloc = cap * (s.n_sites + 2 * kReal + kComplex);
  if (in.symmetry_images > 1) eloc += kSymmetrizedInnerRows * (s.n_sites + kComplex);
  add(plan, "eloc_chunk", eloc,
      "connected configurations of one batched model call (8192 rows) and their log psi", "-");
  add(plan, "jacobian", kComplex * b * p, "O of this rank's samples, complex (16 B P)",
      kShrinkRows);
  if (in.symmetry_images > 1) {
    const double g = d(in.symmetry_images), row = kComplex * p;
    const double chunk = std::max(1.0, std::floor(kSymmetrizedJacobianBytes / (row * g)));
    add(plan, "symmetrized_inner_jacobian", std::min(chunk, std::max(b, 1.0)) * g * row,
        "Jacobian of the |G| images of a chunk of samples (<= 256 MiB)", kShrinkModel);
  }
  add(plan, "sr_x_local", kReal * s.x_rows_local * p,
      "X = [Re dO; Im dO] / sqrt(M), this rank's 2 B rows (16 B P)", kShrinkRows);
  add(plan, "checkpoint_buffers", kReal * p + chains_local * (s.n_sites + kComplex + 64),
      "theta and chain states staged for the HDF5 write", "-");
  if (plan.solve == ResourcePlan::Solve::adam) return;  // Adam only needs X^T e from the local rows
  if (uses_parameter_slices(plan, s))
    add_slice_route_objects(plan, s);
  else
    add_block_cyclic_objects(plan, s);
}

void add_phase(ResourcePlan& plan, std::string name, std::vector<std::string> live, double flops,
               bool fallback = false) {
  PlanPhase phase{std::move(name),
                  {"runtime", "parameters", "optimiser_state", "model_workspace", "sampler_state"},
                  0,
                  flops,
                  fallback};
  for (std::string& o : live) phase.live.push_back(std::move(o));
  for (const std::string& o : phase.live) {
    const auto it = std::find_if(plan.objects.begin(), plan.objects.end(),
                                 [&](const PlanObject& x) { return x.name == o; });
    if (it != plan.objects.end()) phase.bytes += it->bytes;
  }
  plan.phases.push_back(std::move(phase));
}

/// Proposals (each one forward pass) of drawing `per_chain` samples from every chain.
double metropolis_proposals(const RunConfig& c, double n_sites, double per_chain) {
  return d(c.sampler.chains) * (d(c.sampler.discard) + per_chain * d(c.sampler.sweeps)) * n_sites;
}

// Parameter slices: T is allocated (zero-filled) before the first column chunk moves, then every
// chunk's Alltoallv and dsyrk; rank 0 sums the partials in place and solves; a failed Cholesky
// forms T again and runs dsyevd.
void add_slice_route_phases(ResourcePlan& plan, const Sizes& s) {
  const double n = s.sr_rows, p = s.p;
  add_phase(
      plan, "sr_matrix",
      {"sr_x_local", "sr_kernel", "sr_slice_buffers", "sr_replicated_vectors", "sr_lapack_panel"},
      n * n * p);
  add_phase(plan, "sr_solve",
            {"sr_x_local", "sr_kernel", "sr_replicated_vectors", "sr_lapack_panel"},
            n * n * n / 3 + 2 * n * n + 6 * n * p);
  add_phase(plan, "sr_fallback_rebuild",
            {"sr_x_local", "sr_kernel", "sr_slice_buffers", "sr_replicated_vectors"}, n * n * p,
            true);
  add_phase(plan, "sr_fallback",
            {"sr_x_local", "sr_kernel", "sr_replicated_vectors", "sr_eigen_workspace"},
            4 * n * n * n, true);
}

void add_phases(ResourcePlan& plan, const RunConfig& c, const PlanInputs& in, const Sizes& s) {
  const double f = in.forward_flops, p = s.p, n = s.sr_rows;
  const bool metropolis = c.sampler.type == SamplerKind::metropolis;
  const double proposals =
      metropolis ? metropolis_proposals(c, s.n_sites, d(c.sampler.samples / c.sampler.chains))
                 : s.m;
  add_phase(plan, "sampling", {}, proposals * f);
  add_phase(plan, "local_energy", {"eloc_chunk"},
            metropolis ? s.m * connected_per_sample(c) * f : 0.0);
  add_phase(plan, "jacobian", {"jacobian", "symmetrized_inner_jacobian"}, 5 * s.m * f);
  add_phase(plan, "sr_build", {"jacobian", "sr_x_local"}, 4 * s.m * p);
  add_phase(plan, "checkpoint", {"checkpoint_buffers"}, 0.0);
  if (measurement_rows(c, plan.ranks) > 0) {
    // Once, after the last step: sampling and E_loc of the fresh samples (no Jacobian, no SR).
    const double per_chain = d((c.measure.samples + c.sampler.chains - 1) / c.sampler.chains);
    const double samples = d(c.sampler.chains) * per_chain;
    add_phase(
        plan, "final_measurement", {"measurement_samples", "eloc_chunk"},
        (metropolis_proposals(c, s.n_sites, per_chain) + samples * connected_per_sample(c)) * f);
  }
  if (plan.solve == ResourcePlan::Solve::adam) return;
  if (uses_parameter_slices(plan, s)) {
    add_slice_route_phases(plan, s);
    return;
  }
  const bool kernel = plan.solve == ResourcePlan::Solve::kernel;
  const std::string mat = kernel ? "sr_kernel" : "sr_s_matrix";
  // The kernel solver allocates (and zero-fills) T before it redistributes X; the parameter solver
  // allocates S after.
  add_phase(plan, "sr_redistribute",
            {"sr_x_local", "sr_x_block_cyclic", "sr_redistribution_buffers", kernel ? mat : ""},
            0.0);
  add_phase(plan, "sr_matrix", {"sr_x_local", "sr_x_block_cyclic", mat, "sr_replicated_vectors"},
            kernel ? n * n * p : p * p * n);
  const double side = kernel ? n : p;
  // The kernel solver drops block-cyclic X after pdsyrk; the parameter solver keeps it and a copy
  // of S for its fallback.
  const std::string x_bc = kernel ? "" : "sr_x_block_cyclic";
  add_phase(plan, "sr_solve",
            {"sr_x_local", mat, "sr_s_matrix_copy", "sr_replicated_vectors", x_bc},
            side * side * side / 3 + 2 * side * side + 6 * n * p);
  // Failed Cholesky: the kernel is rebuilt from X (X redistributed again), then pdsyevd.
  add_phase(
      plan, "sr_fallback",
      {"sr_x_local", mat, "sr_s_matrix_copy", "sr_replicated_vectors", "sr_eigen_workspace", x_bc},
      4 * side * side * side, true);
  if (kernel)
    add_phase(plan, "sr_fallback_rebuild",
              {"sr_x_local", mat, "sr_x_block_cyclic", "sr_redistribution_buffers",
               "sr_replicated_vectors"},
              n * n * p, true);
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

std::string format_flops(double flops) {
  const char* units[] = {"", "K", "M", "G", "T", "P", "E"};
  int u = 0;
  while (flops >= 1000 && u < 6) {
    flops /= 1000;
    ++u;
  }
  return fixed(flops, 2) + " " + units[u] + "FLOP";
}

}  // namespace

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return fixed(bytes, u == 0 ? 0 : 2) + " " + units[u];
}

const PlanObject& ResourcePlan::object(const std::string& name) const {
  for (const PlanObject& o : objects)
    if (o.name == name) return o;
  throw std::out_of_range("no plan object " + name);
}

const PlanObject& ResourcePlan::largest_in_peak() const {
  const PlanObject* best = &objects.front();
  for (const PlanPhase& phase : phases) {
    if (phase.name != peak_phase) continue;
    for (const std::string& name : phase.live) {
      for (const PlanObject& o : objects)
        if (o.name == name && o.name != "runtime" && o.bytes > best->bytes) best = &o;
    }
  }
  return *best;
}

ResourcePlan plan_resources(const RunConfig& c, int ranks, const PlanInputs& in) {
  require_input(ranks >= 1, "--plan.ranks", "must be >= 1, got " + std::to_string(ranks));
  ResourcePlan plan;
  plan.ranks = ranks;
  std::tie(plan.nprow, plan.npcol) = near_square_grid(ranks);
  plan.n_params = in.n_params;
  plan.sample_rows = in.sample_rows;
  const bool metropolis = c.sampler.type == SamplerKind::metropolis;
  plan.rows_per_rank =
      metropolis ? ((c.sampler.chains + ranks - 1) / ranks) * (c.sampler.samples / c.sampler.chains)
                 : (in.sample_rows + ranks - 1) / ranks;
  plan.sr_rows = 2 * in.sample_rows;
  if (c.optimizer.method == OptimizerMethod::adam) {
    plan.solve = ResourcePlan::Solve::adam;
  } else if (c.optimizer.solver == SolverChoice::automatic) {
    plan.solve =
        plan.sr_rows < in.n_params ? ResourcePlan::Solve::kernel : ResourcePlan::Solve::parameter;
  } else {
    plan.solve = c.optimizer.solver == SolverChoice::kernel ? ResourcePlan::Solve::kernel
                                                            : ResourcePlan::Solve::parameter;
  }
  const Sizes s{d(in.n_params),
                d(plan.rows_per_rank),
                d(in.sample_rows),
                d(plan.sr_rows),
                2 * d(plan.rows_per_rank),
                d(c.lattice.lx * c.lattice.ly),
                plan.nprow,
                plan.npcol};
  add_objects(plan, c, in, s);
  add_phases(plan, c, in, s);
  for (const PlanPhase& phase : plan.phases) {
    if (phase.fallback) {
      plan.fallback_peak_bytes_per_rank = std::max(plan.fallback_peak_bytes_per_rank, phase.bytes);
    } else if (phase.bytes > plan.peak_bytes_per_rank) {
      plan.peak_bytes_per_rank = phase.bytes;
      plan.peak_phase = phase.name;
    }
  }
  plan.fallback_peak_bytes_per_rank =
      std::max(plan.fallback_peak_bytes_per_rank, plan.peak_bytes_per_rank);
  return plan;
}

std::string plan_table(const ResourcePlan& p) {
  std::ostringstream t;
  t << "memory plan: " << p.ranks << " ranks (SR grid " << p.nprow << " x " << p.npcol
    << "), P = " << p.n_params << ", " << p.sample_rows << " sample rows per step ("
    << p.rows_per_rank << " on the largest rank), solver " << p.solver();
  if (p.stage > 0) t << ", stage " << p.stage << " of the plan (its largest)";
  t << "\n";
  t << "  object                        bytes/rank  what\n";
  for (const PlanObject& o : p.objects)
    t << "  " << std::left << std::setw(28) << o.name << std::right << std::setw(12)
      << format_bytes(o.bytes) << "  " << o.what << "\n";
  t << "  phase                  live bytes/rank  FLOPs/step (all ranks)  FLOPs/step/rank\n";
  for (const PlanPhase& ph : p.phases)
    t << "  " << std::left << std::setw(21) << (ph.name + (ph.fallback ? "*" : "")) << std::right
      << std::setw(16) << format_bytes(ph.bytes) << std::setw(24) << format_flops(ph.flops_total)
      << std::setw(17) << format_flops(ph.flops_total / p.ranks) << "\n";
  t << "  peak " << format_bytes(p.peak_bytes_per_rank) << " per rank in " << p.peak_phase
    << " (largest object: " << p.largest_in_peak().name
    << "); * Cholesky-failure fallback: " << format_bytes(p.fallback_peak_bytes_per_rank);
  return t.str();
}

std::string plan_json(const ResourcePlan& p) {
  nlohmann::ordered_json j;
  j["ranks"] = p.ranks;
  j["grid"] = {p.nprow, p.npcol};
  j["n_params"] = p.n_params;
  j["sample_rows"] = p.sample_rows;
  j["rows_per_rank"] = p.rows_per_rank;
  j["solver"] = p.solver();
  j["stage"] = p.stage;
  j["peak_bytes_per_rank"] = p.peak_bytes_per_rank;
  j["peak_phase"] = p.peak_phase;
  j["largest_object"] = p.largest_in_peak().name;
  j["fallback_peak_bytes_per_rank"] = p.fallback_peak_bytes_per_rank;
  nlohmann::ordered_json objects, live, flops;
  for (const PlanObject& o : p.objects) objects[o.name] = o.bytes;
  for (const PlanPhase& ph : p.phases) {
    live[ph.name] = ph.bytes;
    flops[ph.name] = ph.flops_total;
  }
  j["objects"] = objects;
  j["live_bytes_per_phase"] = live;
  j["flops_per_step"] = flops;
  return j.dump();
}

std::string ResourcePlan::solver() const {
  switch (solve) {
    case Solve::kernel:
      return std::string(name_of(SolverChoice::kernel));
    case Solve::parameter:
      return std::string(name_of(SolverChoice::parameter));
    case Solve::adam:
      return std::string(name_of(OptimizerMethod::adam));
  }
  return "?";
}

}  // namespace vitvmc
