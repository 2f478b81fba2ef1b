#!/usr/bin/env python3
"""Strong and weak scaling studies of vmc_dist: generate, run, collect.

  scaling.py run     --mode strong|weak --ranks 1,2,4,8 --samples S --out DIR [options] [-- vmc_dist args]
  scaling.py slurm   --mode strong|weak --ranks 1,2,4,8 --samples S --out DIR [options] [-- vmc_dist args]
  scaling.py collect DIR [DIR...] [--json OUT.json] [--markdown OUT.md] [--plots PREFIX]

Strong scaling keeps the total samples per step fixed (--samples is the total); weak scaling keeps
the samples per rank fixed (--samples is per rank, the total grows with the ranks). Chains follow
the samples: --chains-per-rank chains on every rank (strong: the total chain count is fixed at
chains-per-rank x the largest rank count, so the Markov chains and sample count are the same
physics at every rank count).

Every run does --warmup-steps + --steps optimisation steps with checkpoints only at the very end
(--output.checkpoint_every beyond the run) and no final measurement; the timed steps are the last
--steps rows of the run's log.h5 (per-step phase seconds; checkpoint writes are not in them).
Bytes per step come from summary.json ("collective_bytes_per_step", the last step, max over ranks).

`run` starts each rank count with mpirun (adding --oversubscribe and marking the run
"oversubscribed" when ranks exceed the cores this process may use). `slurm` writes
DIR/scaling.sbatch, one Slurm job array (one element per rank count, each srun --mpi=pmix
-n RANKS inside an allocation of the largest count) plus DIR/collect.sbatch to run after it; submit
with `sbatch DIR/scaling.sbatch` (the array script prints how to chain the collect job).

`collect` reads every run directory (DIR/<mode>-np<R> holding scaling_run.json, summary.json,
log.h5) and writes a table: seconds per step per phase, compute (sampling + local_energy + jacobian
+ sr_matrix + sr_solve) vs communication, speed-up and parallel efficiency against the smallest
rank count, bytes sent per rank per step, the share of a core each rank got (CPU time of the run
over wall time x ranks: below 100 % the machine was crowded) and the CPU-time efficiency (CPU
seconds of the whole run against the smallest count's, per unit of work); plus plots (log-log step time vs ranks with the ideal
line; efficiency vs ranks) and the same numbers as JSON.
"""
import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.ini import read_echo
from vitvmc_tools.json_files import read_json
from vitvmc_tools.launch import mpirun_prefix
from vitvmc_tools.run_log import COMPUTE_PHASES, PHASES, read_log
from vitvmc_tools.summary import read_summary

COMPUTE = list(COMPUTE_PHASES)


def fail(msg):
    print("scaling.py: " + msg, file=sys.stderr)
    sys.exit(2)


def rank_list(text):
    try:
        ranks = sorted({int(r) for r in text.split(",") if r.strip()})
    except ValueError:
        fail(f"--ranks must be a comma-separated list of positive integers, got '{text}'")
    if not ranks or ranks[0] < 1:
        fail(f"--ranks must be a comma-separated list of positive integers, got '{text}'")
    return ranks


def available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_plan(args):
    """One entry per rank count: samples, chains and the vmc_dist arguments."""
    ranks = rank_list(args.ranks)
    chains_total_strong = args.chains_total or args.chains_per_rank * ranks[-1]
    plan = []
    for r in ranks:
        if args.mode == "strong":
            samples, chains = args.samples, chains_total_strong
        else:
            samples, chains = args.samples * r, args.chains_per_rank * r
        if samples % chains:
            fail(f"{args.mode}: {samples} samples on {r} ranks are not a multiple of {chains} chains; "
                 "choose --samples as a multiple of --chains-per-rank x the largest rank count")
        name = f"{args.mode}-np{r}"
        out = os.path.join(args.out, name)
        vmc_args = (["--config", args.config] if args.config else []) + [
            "--sampler.samples", str(samples), "--sampler.chains", str(chains),
            "--optimizer.steps", str(args.warmup_steps + args.steps),
            "--output.checkpoint_every", str(10 * (args.warmup_steps + args.steps) + 1000),
            "--measure.samples", "0", "--output.dir", out] + args.vmc_args
        plan.append({"name": name, "ranks": r, "samples": samples, "chains": chains, "dir": out,
                     "vmc_args": vmc_args})
    return plan


def write_run_meta(entry, args, launcher, oversubscribed, cores, extra=None):
    meta = {"mode": args.mode, "ranks": entry["ranks"], "samples": entry["samples"],
            "chains": entry["chains"], "warmup_steps": args.warmup_steps, "timed_steps": args.steps,
            "cores": cores, "oversubscribed": oversubscribed, "launcher": launcher,
            "command": " ".join(shlex.quote(a) for a in entry.get("command", []))}
    meta.update(extra or {})
    os.makedirs(entry["dir"], exist_ok=True)
    with open(os.path.join(entry["dir"], "scaling_run.json"), "w") as f:
        json.dump(meta, f, indent=2)


def cmd_run(args):
    cores = args.cores or available_cores()
    for entry in run_plan(args):
        if os.path.exists(os.path.join(entry["dir"], "checkpoint.h5")):
            fail(f"{entry['dir']} already holds a run: remove it or choose another --out")
        over = entry["ranks"] > cores
        cmd = mpirun_prefix(entry["ranks"], bind="none" if over else args.bind,
                            oversubscribe=over, mpirun=args.mpirun)
        cmd += [args.vmc_dist] + entry["vmc_args"]
        entry["command"] = cmd
        write_run_meta(entry, args, "mpirun", over, cores)
        print(f"[{entry['name']}] {'(oversubscribed) ' if over else ''}{' '.join(cmd)}", flush=True)
        t0 = time.time()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(os.path.join(entry["dir"], "vmc_dist.out"), "w") as log:
            rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.time() - t0
        # CPU time of mpirun and its ranks (waited-for descendants): on a shared machine the share
        # of a core each rank got, to tell a slow code from a crowded machine.
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        write_run_meta(entry, args, "mpirun", over, cores,
                       {"wall_seconds": wall, "cpu_seconds": cpu,
                        "cpu_share_per_rank": cpu / (wall * entry["ranks"]),
                        "load_average_after": os.getloadavg()[0]})
        print(f"[{entry['name']}] exit {rc} after {wall:.1f} s, {cpu:.1f} CPU s "
              f"({100 * cpu / (wall * entry['ranks']):.0f} % of a core per rank)", flush=True)
        if rc != 0:
            fail(f"{entry['name']} failed (exit {rc}); see {entry['dir']}/vmc_dist.out")


SBATCH_ARRAY = """#!/bin/bash
# Scaling sweep ({mode}, ranks {ranks}) as one Slurm job array, written by scripts/scaling.py slurm.
# Every element gets an allocation of the largest rank count ({max_ranks} tasks) and runs srun with
# its own count, so all elements fit the same request; on a cluster, prefer whole nodes and
# --exclusive so that the timings do not share cores with other jobs.
# Submit from the directory scaling.py ran in (paths are relative to it), with {out} existing:
#   mkdir -p {out} && sbatch {array_script}
#   then: sbatch --dependency=afterok:<array job id> {collect_script}
#SBATCH --job-name=vitvmc-scaling
#SBATCH --array=0-{last}
#SBATCH --ntasks={max_ranks}
#SBATCH --cpus-per-task=1
#SBATCH --time={time_limit}
#SBATCH --output={out}/slurm-%A_%a.out
{extra_sbatch}
set -euo pipefail
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
ranks=({ranks_bash})
args=({args_bash})
i=$SLURM_ARRAY_TASK_ID
echo "$(date): element $i: ${{ranks[$i]}} ranks"
eval "set -- ${{args[$i]}}"
mkdir -p "$(dirname "$2")"
python3 - "$@" <<'PY'
import json, os, sys
meta = json.loads(sys.argv[1])
cores = len(os.sched_getaffinity(0))  # CPUs this job may use on the node (all, with task/none)
meta["cores"], meta["oversubscribed"] = cores, meta["ranks"] > cores
json.dump(meta, open(sys.argv[2], "w"), indent=2)
PY
srun --mpi={mpi} {overcommit}-n "${{ranks[$i]}}" {vmc_dist} "${{@:3}}"
"""

SBATCH_COLLECT = """#!/bin/bash
# Collects the scaling sweep in {out} into a table, JSON and plots (run after the array job).
#SBATCH --job-name=vitvmc-scaling-collect
#SBATCH --ntasks=1
#SBATCH --time=00:10:00
#SBATCH --output={out}/slurm-collect-%j.out
set -euo pipefail
{python} {script} collect {out} --json {out}/scaling.json --markdown {out}/scaling.md --plots {out}/scaling
"""


def cmd_slurm(args):
    # Relative paths stay relative: submit from the directory this ran in (like jobs/slurm/*).
    plan = run_plan(args)
    os.makedirs(args.out, exist_ok=True)
    element_args = []
    for entry in plan:
        meta = {"mode": args.mode, "ranks": entry["ranks"], "samples": entry["samples"],
                "chains": entry["chains"], "warmup_steps": args.warmup_steps,
                "timed_steps": args.steps, "cores": None, "oversubscribed": None,
                "launcher": "slurm", "command": "srun -n %d %s %s" % (
                    entry["ranks"], args.vmc_dist, " ".join(entry["vmc_args"]))}
        os.makedirs(entry["dir"], exist_ok=True)
        # Arguments of one element: the metadata JSON, where to write it, then vmc_dist's arguments.
        element_args.append(" ".join(shlex.quote(a) for a in
                                     [json.dumps(meta), os.path.join(entry["dir"], "scaling_run.json")]
                                     + entry["vmc_args"]))
    array_script = args.script or os.path.join(args.out, "scaling.sbatch")
    collect_script = os.path.join(os.path.dirname(array_script),
                                  os.path.basename(array_script).replace(".sbatch", "") +
                                  "-collect.sbatch") if args.script else \
        os.path.join(args.out, "collect.sbatch")
    extra = "\n".join("#SBATCH " + s for s in args.sbatch +
                       (["--overcommit"] if args.overcommit else []))
    with open(array_script, "w") as f:
        f.write(SBATCH_ARRAY.format(
            mode=args.mode, ranks=",".join(str(e["ranks"]) for e in plan),
            max_ranks=plan[-1]["ranks"], array_script=array_script, collect_script=collect_script,
            last=len(plan) - 1, time_limit=args.time, out=args.out, extra_sbatch=extra,
            ranks_bash=" ".join(str(e["ranks"]) for e in plan),
            args_bash=" ".join(shlex.quote(a) for a in element_args),
            mpi=args.srun_mpi, overcommit="--overcommit " if args.overcommit else "",
            vmc_dist=shlex.quote(args.vmc_dist)))
    with open(collect_script, "w") as f:
        f.write(SBATCH_COLLECT.format(out=args.out, script=os.path.relpath(__file__),
                                      python=args.python))
    print(f"wrote {array_script} ({len(plan)} array elements) and {collect_script}")


def read_log_rows(path, first_timed):
    """Rows after the warm-up steps: their count and the mean seconds per step of each phase."""
    import numpy as np
    log = read_log(path)
    keep = log["step"] > first_timed
    return int(np.count_nonzero(keep)), {p: float(np.mean(log.phase_seconds(p)[keep]))
                                         for p in PHASES}


def config_echo(directory):
    """The run's effective configuration (checkpoint.h5 /config) as {"section.key": "value"}."""
    return read_echo(os.path.join(directory, "checkpoint.h5"))


def collect_run(directory):
    try:
        meta = read_json(os.path.join(directory, "scaling_run.json"))
        summary = read_summary(directory)
        n_timed, per_step = read_log_rows(os.path.join(directory, "log.h5"), meta["warmup_steps"])
    except ToolInputError as e:
        fail(str(e))
    if n_timed == 0:
        fail(f"{directory}: no timed steps after {meta['warmup_steps']} warm-up steps in log.h5")
    compute = sum(per_step[p] for p in COMPUTE)
    bytes_step = summary.get("collective_bytes_per_step", {})
    calls_step = summary.get("collective_calls_per_step", {})
    return {"dir": directory, "mode": meta["mode"], "ranks": summary["ranks"],
            "samples": meta["samples"], "chains": meta["chains"],
            "oversubscribed": meta.get("oversubscribed"), "launcher": meta.get("launcher"),
            "timed_steps": n_timed, "seconds_per_step": per_step,
            "step_seconds": sum(per_step.values()), "compute_seconds": compute,
            "communication_seconds": per_step["communication"],
            "bytes_per_step": sum(bytes_step.values()), "bytes_per_step_by_phase": bytes_step,
            "calls_per_step": sum(calls_step.values()), "n_params": summary.get("n_params"),
            "model": summary.get("model"), "lattice": summary.get("lattice"),
            "cpu_share_per_rank": meta.get("cpu_share_per_rank"),
            "cpu_seconds": meta.get("cpu_seconds"),
            "load_average_after": meta.get("load_average_after"),
            "config": config_echo(directory), "command": meta.get("command")}


def add_efficiency(runs):
    by_mode = {}
    for r in runs:
        by_mode.setdefault(r["mode"], []).append(r)
    for mode, group in by_mode.items():
        group.sort(key=lambda r: r["ranks"])
        base = group[0]
        for r in group:
            ratio = r["ranks"] / base["ranks"]
            for key, t_base in (("step", base["step_seconds"]), ("compute", base["compute_seconds"])):
                t = r[key + "_seconds"]
                if mode == "strong":
                    r[key + "_speedup"] = t_base / t
                    r[key + "_efficiency"] = t_base / (t * ratio)
                else:  # weak: the work grows with the ranks, ideal time is flat
                    r[key + "_speedup"] = ratio * t_base / t
                    r[key + "_efficiency"] = t_base / t
            # CPU seconds of the whole run (all ranks): the work a sweep conserves when it scales,
            # whatever share of the cores a crowded machine gave it (busy-waiting MPI counts too).
            if r.get("cpu_seconds") and base.get("cpu_seconds"):
                work = 1.0 if mode == "strong" else ratio
                r["cpu_efficiency"] = work * base["cpu_seconds"] / r["cpu_seconds"]
    return by_mode


def markdown_table(by_mode):
    lines = []
    for mode, group in by_mode.items():
        lines.append(f"**{mode} scaling** (efficiency against {group[0]['ranks']} rank(s); "
                     "seconds are per timed step, mean over the timed steps)\n")
        lines.append("| ranks | samples | chains | step s | compute s | comm s | " +
                     " | ".join(PHASES) + " | speed-up | efficiency | compute eff. | "
                     "bytes/rank/step | calls/step | CPU/rank | CPU-time eff. | note |")
        lines.append("|" + "---|" * (14 + len(PHASES)))
        for r in group:
            note = "oversubscribed" if r["oversubscribed"] else ""
            cells = [str(r["ranks"]), str(r["samples"]), str(r["chains"]),
                     f"{r['step_seconds']:.4f}", f"{r['compute_seconds']:.4f}",
                     f"{r['communication_seconds']:.4f}"]
            cells += [f"{r['seconds_per_step'][p]:.4f}" for p in PHASES]
            cells += [f"{r['step_speedup']:.2f}", f"{100 * r['step_efficiency']:.0f} %",
                      f"{100 * r['compute_efficiency']:.0f} %", f"{r['bytes_per_step']:,}",
                      str(r["calls_per_step"]),
                      f"{100 * r['cpu_share_per_rank']:.0f} %" if r.get("cpu_share_per_rank") else "",
                      f"{100 * r['cpu_efficiency']:.0f} %" if r.get("cpu_efficiency") else "",
                      note]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def save_figure(plt, fig, ax, path):
    """The tail every plot shares: legend, layout, PNG, release the figure."""
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plots(by_mode, prefix):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    written = []
    for mode, group in by_mode.items():
        ranks = [r["ranks"] for r in group]
        base = group[0]
        fig, ax = plt.subplots(figsize=(5, 4))
        for key, label, marker in (("step", "step", "o"), ("compute", "compute", "s"),
                                   ("communication", "communication", "^")):
            ax.plot(ranks, [r[key + "_seconds"] for r in group], marker=marker, label=label)
        if mode == "strong":
            ideal = [base["step_seconds"] * base["ranks"] / n for n in ranks]
        else:
            ideal = [base["step_seconds"] for _ in ranks]
        ax.plot(ranks, ideal, "k--", label="ideal")
        over = [r for r in group if r["oversubscribed"]]
        if over:
            ax.plot([r["ranks"] for r in over], [r["step_seconds"] for r in over], "rx",
                    markersize=10, label="oversubscribed")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("MPI ranks")
        ax.set_ylabel("seconds per step")
        ax.set_title(f"{mode} scaling")
        written.append(save_figure(plt, fig, ax, f"{prefix}-{mode}-time.png"))

        fig, ax = plt.subplots(figsize=(5, 4))
        ax.plot(ranks, [100 * r["step_efficiency"] for r in group], "o-", label="step")
        ax.plot(ranks, [100 * r["compute_efficiency"] for r in group], "s-", label="compute phases")
        ax.axhline(100, color="k", ls="--", lw=0.8)
        ax.axhline(80, color="gray", ls=":", lw=0.8, label="80 % target")
        ax.set_xscale("log", base=2)
        ax.set_ylim(0, 120)
        ax.set_xlabel("MPI ranks")
        ax.set_ylabel("parallel efficiency (%)")
        ax.set_title(f"{mode} scaling efficiency")
        written.append(save_figure(plt, fig, ax, f"{prefix}-{mode}-efficiency.png"))
    return written


def run_dirs(paths):
    dirs = []
    for p in paths:
        if os.path.exists(os.path.join(p, "scaling_run.json")):
            dirs.append(p)
            continue
        for name in sorted(os.listdir(p)):
            sub = os.path.join(p, name)
            if os.path.exists(os.path.join(sub, "scaling_run.json")):
                dirs.append(sub)
    return dirs


def cmd_collect(args):
    dirs = run_dirs(args.dirs)
    if not dirs:
        fail("no run directories (with scaling_run.json) under " + " ".join(args.dirs))
    missing = [d for d in dirs if not os.path.exists(os.path.join(d, "summary.json"))]
    if missing:
        fail("runs without summary.json (unfinished or failed): " + " ".join(missing))
    runs = [collect_run(d) for d in dirs]
    by_mode = add_efficiency(runs)
    table = markdown_table(by_mode)
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": runs}, f, indent=2)
    if args.plots:
        for p in plots(by_mode, args.plots):
            print("wrote " + p)


def main(argv):
    vmc_args = []
    if "--" in argv:
        at = argv.index("--")
        argv, vmc_args = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("run", "slurm"):
        p = sub.add_parser(name)
        p.add_argument("--mode", choices=["strong", "weak"], required=True)
        p.add_argument("--ranks", required=True, help="comma-separated rank counts, e.g. 1,2,4,8")
        p.add_argument("--samples", type=int, required=True,
                       help="strong: total samples per step; weak: samples per rank")
        p.add_argument("--chains-per-rank", type=int, default=8)
        p.add_argument("--chains-total", type=int, default=0,
                       help="strong: the total chain count (default chains-per-rank x largest "
                            "rank count); keep it when a sweep is split over sessions")
        p.add_argument("--steps", type=int, default=5, help="timed steps")
        p.add_argument("--warmup-steps", type=int, default=2, help="untimed steps before them")
        p.add_argument("--config", help="vmc_dist --config file")
        p.add_argument("--out", required=True, help="directory of the sweep")
        p.add_argument("--vmc-dist", default="build/bin/vmc_dist")
        if name == "run":
            p.add_argument("--mpirun", default="mpirun")
            p.add_argument("--bind", default="none",
                           help="mpirun --bind-to (none on a shared machine; core for timings)")
            p.add_argument("--cores", type=int, default=0,
                           help="cores available (default: this process's CPU affinity)")
        else:
            p.add_argument("--time", default="01:00:00", help="time limit of every element")
            p.add_argument("--python", default=sys.executable,
                           help="interpreter of the collect job (needs h5py, matplotlib)")
            p.add_argument("--script", help="where to write the array script (default "
                           "OUT/scaling.sbatch; its collect job goes beside it)")
            p.add_argument("--srun-mpi", default="pmix", help="srun --mpi= (Debian OpenMPI: pmix)")
            p.add_argument("--overcommit", action="store_true",
                           help="srun --overcommit (more tasks than CPUs, e.g. a test node)")
            p.add_argument("--sbatch", action="append", default=[],
                           help="extra #SBATCH line, e.g. --sbatch=--partition=debug")
    p = sub.add_parser("collect")
    p.add_argument("dirs", nargs="+")
    p.add_argument("--json")
    p.add_argument("--markdown")
    p.add_argument("--plots", help="prefix of the PNG files")
    args = parser.parse_args(argv)
    if args.command in ("run", "slurm"):
        args.vmc_args = vmc_args
        if args.samples < 1 or args.chains_per_rank < 1 or args.steps < 1 or args.warmup_steps < 0:
            fail("--samples, --chains-per-rank and --steps must be positive, --warmup-steps >= 0")
    {"run": cmd_run, "slurm": cmd_slurm, "collect": cmd_collect}[args.command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
