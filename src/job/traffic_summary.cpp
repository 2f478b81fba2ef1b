#include "vitvmc/job/traffic_summary.hpp"

#include <span>
#include <string>

#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {
namespace {

Json by_phase(const std::array<std::uint64_t, CollectiveTraffic::kUnattributed + 1>& v) {
  Json out = Json::object();
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i) out[std::string(kPhaseNames[i])] = v[i];
  out["other"] = v[CollectiveTraffic::kUnattributed];
  return out;
}

}  // namespace

CollectiveTraffic max_over_ranks(const CollectiveTraffic& local, const Communicator& comm) {
  CollectiveTraffic out = local;
  allreduce_max(std::span<std::uint64_t>(out.bytes), comm);
  allreduce_max(std::span<std::uint64_t>(out.calls), comm);
  return out;
}

Json collective_traffic_json(const CollectiveTraffic& run, const CollectiveTraffic& last_step) {
  return {{"collective_bytes", by_phase(run.bytes)},
          {"collective_calls", by_phase(run.calls)},
          {"collective_bytes_per_step", by_phase(last_step.bytes)},
          {"collective_calls_per_step", by_phase(last_step.calls)}};
}

}  // namespace vitvmc
