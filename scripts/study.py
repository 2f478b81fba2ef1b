#!/usr/bin/env python3
"""The attention study of issue 12 from one command: factored vs standard attention at equal size,
the input-independence of trained standard-attention maps (spread D), freezing them (A -> mean map)
and converting them into a factored model. docs/results/attention-study.md is written by `report`.

  scripts/study.py run    [CONFIG ...] [--jobs J] [--ranks R] [--phases P,..] [--dry-run] [--slurm]
  scripts/study.py report [CONFIG ...] [--results docs/results]

CONFIG (INI, default: every jobs/configs/study/*.ini):
  [study]  output = runs/study/NAME     study directory: <case>/<attention>/seed<k>/ per run
           seeds = 1 2 3                model.seed = sampler.seed = seed
           attentions = factored standard
           measure_samples = N          vmc_measure samples of the final state (Metropolis cases)
           trace_samples = N            vmc_measure samples per kept checkpoint (D vs step)
           convert_seed = 1             the seed whose standard run is frozen and converted
           convert_steps = N            steps of the converted factored model
  [vmc]    section.key = value          vmc_dist options of every run
  [case.NAME] section.key = value       one lattice / coupling / sampler case
           study.exact_energy_per_site = E  a known exact E/N for the report where no ED runs
           study.exact_source = TEXT        where that value comes from

Phases of `run` (each skips what is already done, so rerunning continues):
  ed       vmc_ed --json for lattices up to 20 sites -> <case>/ed.json
  train    vmc_dist --restart auto -> <case>/<attention>/seed<k>/{summary.json, log.h5, checkpoints}
  measure  vmc_measure --json --output measure.h5 (+ --attention.freeze for standard attention)
  trace    vmc_measure on every kept checkpoint -> trace.jsonl (attention spread D vs step)
  convert  vmc_dist --init.from <standard run> --init.attention_maps <its measure.h5> with factored
           attention -> <case>/convert/
A case whose options vmc_dist refuses (exit 2, e.g. a lattice type this build lacks) is skipped and
the refusal is kept in <case>/refused.txt; `report` lists it.
"""
import argparse
import concurrent.futures
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.launch import mpirun_prefix
from vitvmc_tools.study_config import case_options, option_args, read_study_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = ROOT / "jobs" / "configs" / "study"
PHASES = ["ed", "train", "measure", "trace", "convert"]
ED_MAX_SITES = 20


def fail(message):
    print("study.py: error: " + message, file=sys.stderr)
    sys.exit(2)


def read_config(path):
    try:
        cp = read_study_config(path, "study")
    except ToolInputError as e:
        fail(str(e))
    s = cp["study"]
    try:
        seeds = [int(x) for x in s.get("seeds", "1").split()]
        cfg = {"name": Path(path).stem, "path": Path(path),
               "output": Path(s.get("output", "runs/study/" + Path(path).stem)),
               "seeds": seeds, "attentions": s.get("attentions", "factored standard").split(),
               "measure_samples": s.getint("measure_samples", 2048),
               "trace_samples": s.getint("trace_samples", 256),
               "convert_seed": s.getint("convert_seed", seeds[0]),
               "convert_steps": s.getint("convert_steps", 15)}
    except ValueError as e:
        fail("CONFIG %s: [study]: %s" % (path, e))
    for a in cfg["attentions"]:
        if a not in ("factored", "standard"):
            fail("CONFIG %s: [study] attentions: factored | standard, got '%s'" % (path, a))
    cfg["cases"] = []
    for section in cp.sections():
        if section.startswith("case."):
            opts = case_options(cp, section)
            # study.KEY entries describe the case for the report; the rest go to vmc_dist
            meta = {k[6:]: v for k, v in opts.items() if k.startswith("study.")}
            opts = {k: v for k, v in opts.items() if not k.startswith("study.")}
            cfg["cases"].append({"name": section[5:], "opts": opts, "meta": meta})
    if not cfg["cases"]:
        fail("CONFIG %s: no [case.NAME] section" % path)
    return cfg


def case_dir(cfg, case):
    return cfg["output"] / case["name"]


def run_dir(cfg, case, attention, seed):
    return case_dir(cfg, case) / attention / ("seed%d" % seed)


def n_sites(case):
    o = case["opts"]
    return int(o.get("lattice.lx", 6)) * int(o.get("lattice.ly", 6))


def is_exact(case):
    return case["opts"].get("sampler.type", "metropolis") == "exact"


class Runner:
    def __init__(self, args):
        self.args = args
        self.bindir = Path(args.bindir)

    def call(self, cmd, stdout_path=None, log_path=None):
        """Runs cmd (niced); stdout to stdout_path (replaced only on success). Returns (rc, stderr)."""
        printable = " ".join(shlex.quote(str(c)) for c in cmd)
        if stdout_path:
            printable += " > " + str(stdout_path)
        print("  $ " + printable, flush=True)
        if self.args.dry_run:
            return 0, ""
        t0 = time.time()
        p = subprocess.run(["nice"] + [str(c) for c in cmd], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if log_path:
            Path(log_path).parent.mkdir(parents=True, exist_ok=True)
            with open(log_path, "a") as f:
                f.write("$ " + printable + "\n" + p.stdout + p.stderr)
        if p.returncode == 0 and stdout_path:
            tmp = Path(str(stdout_path) + ".tmp")
            tmp.write_text(p.stdout)
            tmp.replace(stdout_path)
        print("    rc %d, %.0f s" % (p.returncode, time.time() - t0), flush=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr[-2000:])
        return p.returncode, p.stderr

    def bin(self, name):
        return mpirun_prefix(self.args.ranks, direct_single=True) + [self.bindir / name]


def refused_path(cfg, case):
    return case_dir(cfg, case) / "refused.txt"


def ed_phase(r, cfg, case):
    out = case_dir(cfg, case) / "ed.json"
    if out.exists() or n_sites(case) > ED_MAX_SITES:
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    lattice = {k: v for k, v in case["opts"].items() if k.startswith("lattice.")}
    rc, err = r.call([r.bindir / "vmc_ed", "--json"] + option_args(lattice), out)
    if rc == 2 and set(lattice) <= {"lattice.lx", "lattice.ly", "lattice.j1", "lattice.j2",
                                     "lattice.marshall"}:
        # a vmc_ed with the short names only (before issue 12); the basis sign does not change E
        short = {k.split(".")[1]: v for k, v in lattice.items() if k != "lattice.marshall"}
        r.call([r.bindir / "vmc_ed", "--json"] + option_args(short), out)


def train_command(r, cfg, case, attention, seed, d):
    opts = dict(case["opts"])
    opts.update({"model.attention": attention, "model.seed": str(seed),
                 "sampler.seed": str(seed), "output.dir": str(d)})
    return r.bin("vmc_dist") + ["--restart", "auto"] + option_args(opts)


def train_phase(r, cfg, case, attention, seed):
    d = run_dir(cfg, case, attention, seed)
    if (d / "summary.json").exists() or refused_path(cfg, case).exists():
        return
    rc, err = r.call(train_command(r, cfg, case, attention, seed, d), log_path=d / "train.log")
    if rc == 2:
        refused_path(cfg, case).parent.mkdir(parents=True, exist_ok=True)
        refused_path(cfg, case).write_text(err.strip() + "\n")


def measure_phase(r, cfg, case, attention, seed):
    d = run_dir(cfg, case, attention, seed)
    if (d / "measure.json").exists() or not (d / "summary.json").exists():
        return
    cmd = r.bin("vmc_measure") + ["--checkpoint", d / "checkpoint.h5", "--json", "--output",
                                  d / "measure.h5", "--measure.samples",
                                  str(cfg["measure_samples"])]
    if attention == "standard":
        cmd.append("--attention.freeze")
    r.call(cmd, d / "measure.json", d / "measure.log")


def trace_phase(r, cfg, case, attention, seed):
    d = run_dir(cfg, case, attention, seed)
    out = d / "trace.jsonl"
    if out.exists() or not (d / "summary.json").exists():
        return
    lines = []
    for ck in sorted(d.glob("checkpoint-*.h5")):
        tmp = d / "trace-step.json"
        rc, _ = r.call(r.bin("vmc_measure") + ["--checkpoint", ck, "--json", "--measure.samples",
                                               str(cfg["trace_samples"])], tmp, d / "trace.log")
        if rc != 0:
            return
        if tmp.exists():
            lines.append(tmp.read_text().strip().splitlines()[-1])
            tmp.unlink()
    if not r.args.dry_run:
        out.write_text("\n".join(lines) + "\n")


def convert_phase(r, cfg, case):
    if "standard" not in cfg["attentions"]:
        return
    src = run_dir(cfg, case, "standard", cfg["convert_seed"])
    d = case_dir(cfg, case) / "convert"
    if (d / "summary.json").exists() or not (src / "measure.h5").exists():
        return
    opts = dict(case["opts"])
    opts.update({"model.attention": "factored", "model.seed": str(cfg["convert_seed"]),
                 "sampler.seed": str(cfg["convert_seed"]), "output.dir": str(d),
                 "optimizer.steps": str(cfg["convert_steps"]),
                 "init.from": str(src / "checkpoint.h5"),
                 "init.attention_maps": str(src / "measure.h5")})
    r.call(r.bin("vmc_dist") + ["--restart", "auto"] + option_args(opts), log_path=d / "train.log")


def run(args):
    configs = [read_config(p) for p in args.configs]
    phases = args.phases.split(",")
    for p in phases:
        if p not in PHASES:
            fail("--phases: one or more of %s, got '%s'" % (",".join(PHASES), p))
    if args.slurm:
        return write_slurm(args, configs)
    r = Runner(args)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))
    for cfg in configs:
        print("study %s -> %s" % (cfg["name"], cfg["output"]), flush=True)
        runs = [(case, a, s) for case in cfg["cases"] for a in cfg["attentions"]
                for s in cfg["seeds"]]
        if "train" in phases and not args.dry_run:
            for case in cfg["cases"]:  # a new build may accept what an old one refused
                refused_path(cfg, case).unlink(missing_ok=True)
        for phase in phases:
            if phase == "ed":
                for case in cfg["cases"]:
                    ed_phase(r, cfg, case)
                continue
            if phase == "convert":
                list(pool.map(lambda c: convert_phase(r, cfg, c), cfg["cases"]))
                continue
            fn = {"train": train_phase, "measure": measure_phase, "trace": trace_phase}[phase]
            if phase == "train":
                # one run per case first, so a refused case is known before its other runs start
                firsts = {id(c): (c, cfg["attentions"][0], cfg["seeds"][0]) for c in cfg["cases"]}
                list(pool.map(lambda t: fn(r, cfg, *t), firsts.values()))
            list(pool.map(lambda t: fn(r, cfg, *t), runs))
    pool.shutdown()
    return 0


def write_slurm(args, configs):
    for cfg in configs:
        cfg["output"].mkdir(parents=True, exist_ok=True)
        script = cfg["output"] / "study.sbatch"
        script.write_text(
            "#!/bin/bash\n#SBATCH --job-name=study-%s\n#SBATCH --ntasks=%d\n"
            "#SBATCH --time=02:00:00\nset -euo pipefail\ncd %s\n"
            "/usr/bin/python3 scripts/study.py run %s --jobs %d --ranks %d --phases %s\n"
            % (cfg["name"], max(1, args.jobs) * args.ranks, shlex.quote(str(ROOT)),
               shlex.quote(str(cfg["path"])), args.jobs, args.ranks, args.phases))
        print("wrote " + str(script))
        if args.submit:
            subprocess.run(["sbatch", str(script)], check=True)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    pr = sub.add_parser("run", help="run the study (resumable)")
    pr.add_argument("configs", nargs="*")
    pr.add_argument("--jobs", type=int, default=2, help="runs at the same time (default 2)")
    pr.add_argument("--ranks", type=int, default=1, help="MPI ranks per run (default 1)")
    pr.add_argument("--phases", default=",".join(PHASES))
    pr.add_argument("--bindir", default=str(ROOT / "build" / "bin"))
    pr.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    pr.add_argument("--slurm", action="store_true", help="write one batch script per config")
    pr.add_argument("--submit", action="store_true", help="with --slurm: sbatch them")
    rp = sub.add_parser("report", help="write docs/results/attention-study.md")
    rp.add_argument("configs", nargs="*")
    rp.add_argument("--results", default=str(ROOT / "docs" / "results"))
    args = ap.parse_args(argv)
    if not args.configs:
        args.configs = sorted(os.path.relpath(p, ROOT) for p in CONFIG_DIR.glob("*.ini"))
    if args.command == "run":
        return run(args)
    import study_report  # numpy / matplotlib / h5py only for the report
    return study_report.report([read_config(p) for p in args.configs], Path(args.results), ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
