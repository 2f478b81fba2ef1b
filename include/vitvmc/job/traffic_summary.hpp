#pragma once
/// \file traffic_summary.hpp
/// The collective-traffic block of summary.json: per phase, the bytes a rank sent through vitvmc's
/// collectives and the number of MPI calls, over the whole run and in the last step (the maximum
/// over ranks of each entry: the busiest rank is the one a step waits for).

#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/parallel/traffic.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc {

/// Entry-wise maximum over ranks (collective).
CollectiveTraffic max_over_ranks(const CollectiveTraffic& local, const Communicator& comm);

/// {"collective_bytes": {phase: bytes}, "collective_calls": {...}, "collective_bytes_per_step":
/// {...}, "collective_calls_per_step": {...}}; phase names as in "timers", plus "other" for bytes
/// sent outside any phase (setup). Merge it into the summary object.
Json collective_traffic_json(const CollectiveTraffic& run, const CollectiveTraffic& last_step);

}  // namespace vitvmc
