#!/usr/bin/env bash
# Word splitting of $(run_args) is intended.
# shellcheck disable=SC2046
# full_disk_test.sh CASE MPIEXEC VMC_DIST WORKROOT
# An output directory that cannot take the next checkpoint: vmc_dist must stop with a message that
# says why, exit non-zero on every rank without hanging, and leave the previous checkpoint intact
# (the run continues from it once there is space again).
#   full       the output directory is a small tmpfs, filled up after the first checkpoint
#   read_only  the output directory is remounted read-only after the first checkpoint
#   write_error  rank 1 alone sees its collective write of /chains/configs fail (the test hook
#              VITVMC_INJECT_WRITE_ERROR, as when the disk fills under one MPI-IO aggregator after
#              the space check): every rank must stop at that write instead of waiting in the next
# full and read_only need mount(8) rights (root, not in a restricted container): exit 77 (ctest:
# skipped) otherwise.
set -u
case_name=$1 mpiexec=$2 vmc=$3 root=$4
here=$(cd "$(dirname "$0")" && pwd)
source "$here/restart_lib.sh"
work=$root/disk_$case_name
out=$work/out  # the mount point is the output directory; out.out (the log) lies outside it
steps=2
args=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.samples 128
      --measure.samples 0)
run_args() { echo --optimizer.steps "${STEPS:-$steps}" --output.checkpoint_every 1 --sampler.chains 8; }
mounted=0
unmount() { [ "$mounted" = 1 ] && umount -l "$out" && mounted=0; }
trap 'cleanup; unmount' EXIT

umount -l "$out" 2>/dev/null
fresh
mkdir -p "$out"
case $case_name in
full) mount -t tmpfs -o size=2m tmpfs "$out" 2>/dev/null || { echo "SKIP: cannot mount a tmpfs"; exit 77; } ;;
read_only) mount --bind "$out" "$out" 2>/dev/null || { echo "SKIP: cannot bind-mount"; exit 77; } ;;
write_error) ;;
*) die "unknown case $case_name" ;;
esac
[ "$case_name" = write_error ] || mounted=1

run_dist 2 "$out"
expect_ok "$out"
before=$(md5sum <"$out/checkpoint.h5")
case $case_name in
full)
  dd if=/dev/zero of="$out/filler" bs=4k >/dev/null 2>&1  # until "No space left on device"
  space="No space left on device" ;;
read_only)
  mount -o remount,ro,bind "$out" || die "cannot remount read-only"
  space="Read-only file system" ;;
write_error)
  export VITVMC_INJECT_WRITE_ERROR=1:configs
  space="rank 1: writing checkpoint .*checkpoint.h5.tmp .configs.: injected write error" ;;
esac
STEPS=4 run_dist 2 "$out" --restart auto
unset VITVMC_INJECT_WRITE_ERROR
cat "$out.out"
[ "$rc" -ne 0 ] || die "vmc_dist exited 0 on a $case_name file system"
[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || die "vmc_dist hung (killed by timeout)"
grep -q "$space" "$out.out" || die "the message does not say '$space'"
grep -Eq "error.*(checkpoint|log\.h5|$out)" "$out.out" || die "the message names no file"
[ "$before" = "$(md5sum <"$out/checkpoint.h5")" ] || die "checkpoint.h5 changed"
[ "$(check step "$out/checkpoint.h5")" = "$steps" ] || die "checkpoint.h5 unreadable"

# With space again, the run continues from the kept checkpoint.
case $case_name in
full) rm -f "$out/filler" ;;
read_only) mount -o remount,rw,bind "$out" ;;
esac
STEPS=4 run_dist 2 "$out" --restart auto
expect_ok "$out"
grep -q "restarted from .* at step $steps" "$out.out" || die "did not restart from step $steps"
[ "$(check step "$out/checkpoint.h5")" = 4 ] || die "did not reach step 4"
echo "ok: $case_name"
