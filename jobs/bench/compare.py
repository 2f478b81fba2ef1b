#!/usr/bin/python3
"""Old and new binaries of vitvmc run back to back on identical inputs, alternating, several rounds.

  compare.py steps OLD_BIN NEW_BIN --ranks R --rounds K -- <vmc_dist options>
      runs OLD_BIN/vmc_dist and NEW_BIN/vmc_dist with the same options (each its own --output.dir)
      and prints, per round, the mean seconds per step (from the progress lines; all steps and
      steps after the first), the ratio old / new, each phase's mean seconds (log.h5 time_*),
      and the largest relative difference of the per-step energies (log.h5 `energy`, full
      precision).
  compare.py bench OLD_BIN NEW_BIN --ranks R --rounds K [--keys k1,k2] -- <vmc_bench options>
      runs OLD_BIN/vmc_bench and NEW_BIN/vmc_bench and prints, per JSON line (matched by `what`
      and `precision`), the keys asked for (default fraction_of_dgemm) for both and their ratio.

The load average (/proc/loadavg, 1 min) is printed before each run, and the CPU seconds of each
run (user + system of all its processes, warm-up and set-up included): on a shared machine read
the ratios of one round, never absolute times across rounds, and the CPU-time ratio beside the
wall-clock one (waiting ranks spin in MPI, so it is not free of the load either). Order alternates (old first in even
rounds, new first in odd ones) so that a load trend does not favour one binary. Exit 1 if a run
fails. Uses only the standard library, numpy and h5py (Debian's python3-h5py).
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

STEP_LINE = re.compile(r"^step\s+(\d+)/\d+ .* ([0-9.]+) s/step")


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def launcher(ranks):
    if ranks <= 1:
        return []
    return [os.environ.get("MPIEXEC", "mpirun"), "-n", str(ranks), "--bind-to", "none"]


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, label):
    """stdout, the load average before, and the CPU seconds of the run (all its processes)."""
    before, cpu0 = load(), children_cpu()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        sys.exit(f"compare.py: {label} failed with exit {proc.returncode}")
    return proc.stdout, before, children_cpu() - cpu0


def step_times(stdout):
    return [float(m.group(2)) for m in map(STEP_LINE.match, stdout.splitlines()) if m]


def read_log(out_dir):
    """Per-step energies (full precision) and the mean seconds of each phase (log.h5 time_*)."""
    import h5py
    with h5py.File(os.path.join(out_dir, "log.h5"), "r") as f:
        phases = {k[len("time_"):]: float(f[k][()].mean()) for k in f if k.startswith("time_")}
        return [float(e) for e in f["energy"][()]], phases


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def compare_steps(args, extra):
    work = tempfile.mkdtemp(prefix="vitvmc_compare_")
    try:
        for r in range(args.rounds):
            order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
            result = {}
            for which in order:
                bin_dir = args.old if which == "old" else args.new
                out = os.path.join(work, f"{which}_{r}")
                cmd = launcher(args.ranks) + [os.path.join(bin_dir, "vmc_dist")] + extra + [
                    "--output.dir", out]
                stdout, before, cpu = run(cmd, which)
                times = step_times(stdout)
                e, phases = read_log(out)
                result[which] = (times, e, before, cpu, phases)
                shutil.rmtree(out, ignore_errors=True)
            (t_old, e_old, l_old, c_old, p_old), (t_new, e_new, l_new, c_new, p_new) = (
                result["old"], result["new"])
            rel = max(abs(a - b) / abs(a) for a, b in zip(e_old, e_new)) if e_old else float("nan")
            print(json.dumps({
                "round": r, "order": order, "load_old": l_old, "load_new": l_new,
                "seconds_per_step_old": mean(t_old), "seconds_per_step_new": mean(t_new),
                "speedup": mean(t_old) / mean(t_new),
                "speedup_after_first_step": mean(t_old[1:]) / mean(t_new[1:])
                if len(t_old) > 1 else None,
                "steps_old": t_old, "steps_new": t_new,
                "cpu_seconds_old": c_old, "cpu_seconds_new": c_new, "cpu_ratio": c_old / c_new,
                "phases_old": p_old, "phases_new": p_new,
                "energy_max_relative_difference": rel,
                "energies_old": e_old, "energies_new": e_new}), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_lines(stdout):
    lines = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            j = json.loads(line)
            lines[(j.get("what"), j.get("precision", ""))] = j
    return lines


def compare_bench(args, extra):
    keys = args.keys.split(",")
    for r in range(args.rounds):
        order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
        result = {}
        for which in order:
            bin_dir = args.old if which == "old" else args.new
            cmd = launcher(args.ranks) + [os.path.join(bin_dir, "vmc_bench")] + extra
            stdout, before, _ = run(cmd, which)
            result[which] = (bench_lines(stdout), before)
        (old, l_old), (new, l_new) = result["old"], result["new"]
        for key in sorted(set(old) & set(new)):
            row = {"round": r, "what": key[0], "precision": key[1], "load_old": l_old,
                   "load_new": l_new}
            for k in keys:
                a, b = old[key].get(k), new[key].get(k)
                row[k + "_old"], row[k + "_new"] = a, b
                if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a:
                    row[k + "_ratio_new_over_old"] = b / a
            print(json.dumps(row), flush=True)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=["steps", "bench"])
    p.add_argument("old", help="directory of the old binaries (build/bin)")
    p.add_argument("new", help="directory of the new binaries")
    p.add_argument("--ranks", type=int, default=1)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--keys", default="fraction_of_dgemm")
    args = p.parse_args(argv)
    (compare_steps if args.mode == "steps" else compare_bench)(args, extra)


if __name__ == "__main__":
    main()
