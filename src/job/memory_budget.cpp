#include "vitvmc/job/memory_budget.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <string>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/util/byte_size.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/proc_memory.hpp"

namespace vitvmc {
namespace {

/// The cgroup memory limit (v2 memory.max, else v1 limit_in_bytes); infinity when none.
double cgroup_limit_bytes() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    try {
      const double v = std::stod(text);
      if (v > 0) return v;
    } catch (...) {
    }
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace

double memory_per_rank(const RunConfig& config, const Communicator& comm) {
  double budget = 0;
  if (const std::optional<double> bytes = memory_per_rank_bytes(config.run)) {
    budget = *bytes;
  } else {
    const double node = std::min(proc_kb_field("/proc/meminfo", "MemTotal"), cgroup_limit_bytes());
    const double ranks_on_node = comm.split_by_node().size();
    budget = node > 0 ? node / ranks_on_node : std::numeric_limits<double>::infinity();
  }
  allreduce_min(std::span<double>(&budget, 1), comm);
  return budget;
}

void check_memory_budget(const ResourcePlan& plan, double budget) {
  if (plan.peak_bytes_per_rank <= budget) return;
  const PlanObject& big = plan.largest_in_peak();
  throw InvalidInput(
      "--run.memory_per_rank",
      "the run needs about " + format_bytes(plan.peak_bytes_per_rank) + " per rank (in " +
          plan.peak_phase +
          (plan.stage > 0 ? " of --optimizer.stages stage " + std::to_string(plan.stage) : "") +
          ") but the budget is " + format_bytes(budget) + " per rank. The largest object is " +
          big.name + " (" + format_bytes(big.bytes) + ": " + big.what + "); shrink it with " +
          big.shrink +
          ". See the whole plan with --plan; raise the budget with --run.memory_per_rank");
}

double max_peak_resident_bytes(const Communicator& comm) {
  double peak = peak_resident_bytes();
  allreduce_max(std::span<double>(&peak, 1), comm);
  return peak;
}

}  // namespace vitvmc
