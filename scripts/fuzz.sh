#!/usr/bin/env bash
# Build the libFuzzer targets (preset fuzz: clang, ASan + UBSan, build-fuzz/) and fuzz each one.
#   scripts/fuzz.sh [SECONDS | -runs=N] [TARGET...]     default: 60 seconds each, both targets
# Starts from the committed seed corpus (tests/fuzz/corpus/<target>, copied, never modified);
# exits non-zero on the first crash, leak, timeout or out-of-memory, leaving the reproducer and the
# whole log (fuzz.log) in build-fuzz/findings/<target>/. See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config checkpoint)
case $limit in
-runs=*) budget=("$limit") ;;
*) budget=(-max_total_time="$limit") ;;
esac
source scripts/common.sh
vitvmc_build fuzz >/dev/null
# use_tls=0: LeakSanitizer 14 crashes ("Tracer caught signal 11") on the dynamic TLS of the libraries
# Open MPI loads under glibc 2.36; thread-local roots are then not scanned (more reports, not fewer).
export LSAN_OPTIONS="use_tls=0:suppressions=$PWD/tests/support/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# allocator_may_return_null: HDF5 asks for a TB when a damaged header says so; in production malloc
# returns NULL and HDF5 reports an error, which is the path to test (not an ASan abort).
# Full unwinding at malloc: with the fast unwinder a stack stops at the first library frame without a
# frame pointer, so Open MPI's one-time allocations could not be matched by the suppressions.
export ASAN_OPTIONS=fast_unwind_on_malloc=0:malloc_context_size=12:allocator_may_return_null=1
for t in "${targets[@]}"; do
  work=build-fuzz/findings/$t
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp tests/fuzz/corpus/"$t"/* "$work/corpus/"
  echo "fuzz_$t: ${budget[*]}"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: an input must not make us use GBs.
  # -malloc_limit_mb: HDF5 itself mallocs what a damaged header claims (4 GB seen, never touched);
  # that is HDF5's, and our reader's allocations are bounded by the file (h5_require_stored).
  # fuzz_config loads no MPI, so the fast unwinder loses nothing there: ~500 inputs/s instead of ~30.
  asan=$ASAN_OPTIONS
  [ "$t" = config ] && asan=${asan/fast_unwind_on_malloc=0/fast_unwind_on_malloc=1}
  (cd "$work" && ASAN_OPTIONS=$asan TMPDIR=$PWD ../../fuzz/fuzz_"$t" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=65536 \
    -print_final_stats=1 "${budget[@]}" corpus 2>&1 | tee fuzz.log | tail -n 25)
done
