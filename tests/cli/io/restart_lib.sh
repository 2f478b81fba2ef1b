# restart_lib.sh: helpers shared by restart_tests.sh and chaos_test.sh (sourced, not run). The caller
# sets mpiexec, vmc (the vmc_dist binary), work (its case directory), the array args and a function
# run_args, and may set STEPS / EVERY / CHAINS before each call (see restart_tests.sh) and
# RUN_TIMEOUT (seconds a foreground run may take, default 60).
# Word splitting of $(run_args) and $(rank_pids) is intended.
# shellcheck disable=SC2046,SC2154
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check() { /usr/bin/python3 "$here/h5_compare.py" "$@"; }

bg_pids=()
cleanup() { for p in "${bg_pids[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT
die() { echo "FAIL: $*"; exit 1; }

# run_dist RANKS DIR [extra args...]: vmc_dist in the foreground, output in DIR.out; sets rc.
run_dist() {
  local ranks=$1 dir=$2
  shift 2
  timeout --kill-after=5 "${RUN_TIMEOUT:-60}" "$mpiexec" -n "$ranks" --oversubscribe --bind-to none "$vmc" \
    "${args[@]}" $(run_args) --output.dir "$dir" "$@" >"$dir.out" 2>&1
  rc=$?
}
expect_ok() { [ "$rc" -eq 0 ] || { tail -20 "$1.out"; die "exit $rc running into $1"; }; }

# start_dist RANKS DIR [extra...]: vmc_dist in the background; sets pid (of mpirun).
start_dist() {
  local ranks=$1 dir=$2
  shift 2
  "$mpiexec" -n "$ranks" --oversubscribe --bind-to none "$vmc" "${args[@]}" \
    $(run_args) --output.dir "$dir" "$@" >"$dir.out" 2>&1 &
  pid=$!
  bg_pids+=("$pid")
}
# The rank processes mpirun started (its direct children running vmc_dist).
rank_pids() { pgrep -P "$pid" -f vmc_dist; }
wait_for_file() {  # PATH SECONDS
  local i
  for ((i = 0; i < $2 * 50; ++i)); do [ -e "$1" ] && return 0; sleep 0.02; done
  die "no $1 after $2 s"
}
wait_for_ranks() {  # RANKS ranks started; returns 1 when mpirun ended first
  local i
  for ((i = 0; i < 1500; ++i)); do
    [ "$(rank_pids | wc -l)" -ge "$1" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.02
  done
  die "ranks of mpirun $pid did not appear"
}
# wait_killed SECONDS: waits for mpirun $pid after its ranks were killed; sets rc. Open MPI 4.1's
# mpirun occasionally hangs in its cleanup when a rank dies during start-up (PMIx "UNREACHABLE"):
# then its remaining children and mpirun itself get SIGKILL (rc = 137). Not our code's behaviour.
wait_killed() {
  local i
  for ((i = 0; i < $1 * 50; ++i)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "mpirun $pid still running $1 s after the kill: killing it"
    ps -o pid,stat,wchan:20,cmd --ppid "$pid" | cut -c1-90; ps -o pid,stat,wchan:20 -p "$pid"
    kill -9 $(pgrep -P "$pid") "$pid" 2>/dev/null
  fi
  wait "$pid"
  rc=$?
}
wait_for_step() {  # OUT: a progress line appeared; returns 1 when mpirun ended first
  local i
  for ((i = 0; i < 3000; ++i)); do
    grep -q "^step" "$1" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.02
  done
  die "no step in $1"
}
fingerprint() { (cd "$1" && ls -l --time-style=full-iso . && find . -type f -exec md5sum {} + | sort); }
fresh() { rm -rf "$work"; mkdir -p "$work"; }
