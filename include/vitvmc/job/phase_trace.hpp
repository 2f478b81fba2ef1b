#pragma once
/// \file phase_trace.hpp
/// Test instrumentation for the chaos test (tests/cli/io/chaos_test.sh): with the environment
/// variable VITVMC_PHASE_TRACE=PREFIX, rank r keeps the name of the phase it is in (sampling,
/// solve, checkpoint, other) in the file PREFIX.r, overwritten in place, so that a test that kills
/// the run knows afterwards which phase each kill interrupted. Without the variable it does
/// nothing.

#include <string_view>

namespace vitvmc {

/// Records that `rank` enters `phase` (at most 15 characters). Cheap: one pwrite when tracing.
void trace_phase(int rank, std::string_view phase);

}  // namespace vitvmc
