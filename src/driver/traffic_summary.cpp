#include "vitvmc/driver/traffic_summary.hpp"

#include <mpi.h>

#include <string>

#include "vitvmc/parallel/mpi_error.hpp"

namespace vitvmc {
namespace {

nlohmann::json by_phase(const std::array<std::uint64_t, CollectiveTraffic::kUnattributed + 1>& v) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i) out[std::string(kPhaseNames[i])] = v[i];
  out["other"] = v[CollectiveTraffic::kUnattributed];
  return out;
}

}  // namespace

CollectiveTraffic max_over_ranks(const CollectiveTraffic& local, const Communicator& comm) {
  CollectiveTraffic out = local;
  VITVMC_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, out.bytes.data(), static_cast<int>(out.bytes.size()),
                                 MPI_UINT64_T, MPI_MAX, comm.raw()));
  VITVMC_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, out.calls.data(), static_cast<int>(out.calls.size()),
                                 MPI_UINT64_T, MPI_MAX, comm.raw()));
  return out;
}

nlohmann::json collective_traffic_json(const CollectiveTraffic& run,
                                       const CollectiveTraffic& last_step) {
  return {{"collective_bytes", by_phase(run.bytes)},
          {"collective_calls", by_phase(run.calls)},
          {"collective_bytes_per_step", by_phase(last_step.bytes)},
          {"collective_calls_per_step", by_phase(last_step.calls)}};
}

}  // namespace vitvmc
