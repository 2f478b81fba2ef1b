#!/usr/bin/env bash
# Build the libFuzzer targets (preset fuzz: clang, ASan + UBSan, build-fuzz/) and fuzz each one.
#   scripts/fuzz.sh [SECONDS | -runs=N] [TARGET...]     default: 60 seconds each, both targets
# Starts from the committed seed corpus (tests/fuzz/corpus/<target>, copied, never modified);
# exits non-zero on the first crash, leak, timeout or out-of-memory, leaving the reproducer and the
# whole log (fuzz.log) in build-fuzz/findings/<target>/ (removed first: one run per target at a time).
# Environment: FUZZ_CORPUS=DIR adds an earlier run's corpus (DIR, DIR/<target> or an earlier
# build-fuzz/findings folder), FUZZ_FLAGS adds libFuzzer flags.
# See docs/testing.md.
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
# max_allocation_size_mb: H5Fopen mallocs the object-header size a damaged file claims (2 GB from a
# 19 KB file seen); ASan's allocator then touches all of it (2 GB RSS, an out-of-memory verdict) where
# a production build maps it lazily (29 MB RSS, clean error). Above 1 GB malloc returns NULL instead,
# the path HDF5 then reports as an error.
# suppressions: one HDF5-internal overread on damaged metadata (tests/support/asan.supp says why).
asan_common=malloc_context_size=12:allocator_may_return_null=1:max_allocation_size_mb=1024
asan_common+=:suppressions=$PWD/tests/support/asan.supp
# Unwinding and leak checking per target (docs/testing.md, "Fuzzing"):
#   config      no MPI loaded, so the fast unwinder matches every suppression: leaks checked throughout.
#   checkpoint  Open MPI's one-time allocations are matched by the suppressions only with full
#               unwinding at every malloc (the fast unwinder stops at the first library frame without
#               a frame pointer), which costs ~4x. So the mutation pass runs with fast unwinding and
#               no leak check, and a leak pass then reruns every input of the final corpus (each one
#               kept because it reached new code) once with full unwinding and leak checking.
asan_options() {
  case $1 in
  checkpoint) echo "fast_unwind_on_malloc=1:detect_leaks=0:$asan_common" ;;
  checkpoint-leaks) echo "fast_unwind_on_malloc=0:$asan_common" ;;
  *) echo "fast_unwind_on_malloc=1:$asan_common" ;;
  esac
}
leak_flag() { [ "$1" = checkpoint ] && echo -detect_leaks=0 || echo -detect_leaks=1; }
# The checkpoint target writes each input to a file: on tmpfs when there is one (no disk writeback),
# and MPI-IO's shared-file-pointer helper files (sm, lockedfile) are not created per open: the
# reader never uses a shared file pointer (OMPI_MCA_sharedfp=individual). ~1.6x together.
scratch=$PWD/build-fuzz/findings
if [ -d /dev/shm ] && [ -w /dev/shm ]; then scratch=$(mktemp -d /dev/shm/vitvmc-fuzz.XXXXXX); fi
trap '[[ $scratch == /dev/shm/* ]] && rm -rf "$scratch"' EXIT
export OMPI_MCA_sharedfp=individual
for t in "${targets[@]}"; do
  work=build-fuzz/findings/$t
  # FUZZ_CORPUS=DIR adds the corpus of an earlier run: DIR itself, DIR/<target> or, for an earlier
  # run's findings folder (build-fuzz/findings included), DIR/<target>/corpus. Its files are set
  # aside first: $work, which may be that folder, is emptied below.
  extra=${FUZZ_CORPUS:-}
  earlier=""
  if [ -n "$extra" ]; then
    for sub in "$t/corpus" "$t"; do [ -d "$extra/$sub" ] && extra=$extra/$sub && break; done
    earlier=$(mktemp -d)
    find "$extra" -maxdepth 1 -type f -exec cp -t "$earlier" {} +
  fi
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp tests/fuzz/corpus/"$t"/* "$work/corpus/"
  if [ -n "$earlier" ]; then
    echo "fuzz_$t: $(find "$earlier" -type f | wc -l) inputs added from $extra"
    find "$earlier" -type f -exec cp -t "$work/corpus" {} + && rm -rf "$earlier"
  fi
  echo "fuzz_$t: ${budget[*]}"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: an input must not make us use GBs.
  # -malloc_limit_mb: HDF5 itself mallocs what a damaged header claims (4 GB seen, never touched);
  # that is HDF5's, and our reader's allocations are bounded by the file (h5_require_stored).
  # FUZZ_FLAGS adds libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" for a long campaign that goes
  # on past a crash in a library (each crash still leaves its crash-* file; docs/testing.md).
  # shellcheck disable=SC2086
  (cd "$work" && ASAN_OPTIONS=$(asan_options "$t") TMPDIR=$scratch ../../fuzz/fuzz_"$t" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=65536 "$(leak_flag "$t")" -print_final_stats=1 "${budget[@]}" \
    ${FUZZ_FLAGS:-} corpus 2>&1 | tee fuzz.log | tail -n 25)
  if [ "$t" = checkpoint ]; then
    echo "fuzz_checkpoint: leak pass over $(find "$work/corpus" -type f | wc -l) corpus inputs"
    (cd "$work" && ASAN_OPTIONS=$(asan_options checkpoint-leaks) TMPDIR=$scratch ../../fuzz/fuzz_checkpoint \
      -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=65536 -detect_leaks=1 -runs=0 corpus 2>&1 |
      tee leaks.log | tail -n 5)
  fi
done
