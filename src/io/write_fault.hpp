#pragma once
// Private to vitvmc_io. Test instrumentation for tests/cli/io/full_disk_test.sh: with the
// environment variable VITVMC_INJECT_WRITE_ERROR=RANK:WHAT, rank RANK reports a failure after the
// collective checkpoint write named WHAT (a dataset name such as `configs`, or `flush`) as an
// MPI-IO aggregator does when the disk fills under it: the collective call itself completed on
// every rank, and one rank alone sees the error. Without the variable it does nothing.

#include <string_view>

namespace vitvmc {

/// True when the test hook asks `rank` to fail the write `what`.
bool injected_write_fault(int rank, std::string_view what);

}  // namespace vitvmc
