#!/usr/bin/env python3
"""A finite-size campaign from one file: train a chain of lattice sizes, each started from the
previous size's final checkpoint (--init.from), measure every final state (vmc_measure), and
extrapolate to the thermodynamic limit (scripts/extrapolate.py). docs/extrapolation.md.

  scripts/campaign.py CONFIG [--ranks R] [--only L] [--set KEY=VALUE ...] [--output DIR]
                      [--dry-run] [--slurm [--submit]]

CONFIG (INI, see jobs/configs/extrapolation/):
  [campaign]  sizes = 4 6 8          lattice sides L (L x L), trained in this order
              output = runs/...      campaign directory: one run directory L<L>x<L> per size
              measure_samples = N    vmc_measure samples per final state
              extrapolate = ...      extra arguments for extrapolate.py (optional; the default
                                     is the protocol of docs/extrapolation.md, anything else is
                                     exploration and says so)
              transfer = true        false: every size starts from random parameters (baseline)
  [vmc]       section.key = value    vmc_dist options for every size
  [vmc.L]     section.key = value    overrides for size L only
  [vmc_measure] section.key = value  vmc_measure options for every final state (e.g.
                                     sampler.chains = 64 for fresh random-start chains)

--set KEY=VALUE (repeatable) overrides a vmc_dist option at every size (after [vmc.L]): the same
campaign at another coupling or seed (--set lattice.j2=0 --set model.seed=2); give it its own
--output DIR (otherwise --restart auto would continue the first campaign's runs).

Every vmc_dist call has --restart auto, so rerunning the same command continues an interrupted size
and skips finished ones (a size is finished when its summary.json and measure.json exist).
When the protocol refuses the fit (too few sizes, a bad chi^2) the reason is written into
extrapolation.txt/.json and printed; the campaign still ends with exit 0.
--slurm writes one batch script per size into the campaign directory, chained with
--dependency=afterok, plus a final extrapolation job; --submit also submits them with sbatch.
"""
import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.launch import mpirun_prefix
from vitvmc_tools.study_config import option_args, read_study_config, section_options

ROOT = Path(__file__).resolve().parents[1]
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3  # extrapolate.py: the protocol refused the fit (docs/extrapolation.md)


def read_config(path):
    try:
        cp = read_study_config(path, "campaign")
    except ToolInputError as e:
        raise SystemExit("campaign.py: error: %s" % e)
    c = cp["campaign"]
    try:
        sizes = [int(s) for s in c.get("sizes", "").split()]
    except ValueError:
        raise SystemExit("campaign.py: error: [campaign] sizes: integers expected, got '%s'" %
                         c.get("sizes"))
    if not sizes or "output" not in c:
        raise SystemExit("campaign.py: error: [campaign] needs sizes and output")
    common = section_options(cp, "vmc")
    per_size = {L: section_options(cp, "vmc.%d" % L) for L in sizes if "vmc.%d" % L in cp}
    return {"sizes": sizes, "output": Path(c["output"]), "overrides": {},
            "measure_options": section_options(cp, "vmc_measure"),
            "measure_samples": c.getint("measure_samples", 4096),
            "extrapolate": shlex.split(c.get("extrapolate", "")),
            "transfer": c.getboolean("transfer", True), "common": common, "per_size": per_size}


def parse_overrides(items):
    """--set KEY=VALUE items as {"section.key": "value"}."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or "." not in key.strip() or not value.strip():
            raise SystemExit("campaign.py: error: --set: expected section.key=value, got '%s'" % item)
        out[key.strip()] = value.strip()
    return out


def run_dir(cfg, L):
    return cfg["output"] / ("L%dx%d" % (L, L))


def commands(cfg, L, previous, ranks, bindir):
    """vmc_dist and vmc_measure command lines for size L (previous: the size before, or None)."""
    d = run_dir(cfg, L)
    opts = dict(cfg["common"])
    opts.update(cfg["per_size"].get(L, {}))
    opts.update(cfg["overrides"])
    opts.update({"lattice.lx": str(L), "lattice.ly": str(L), "output.dir": str(d)})
    if previous is not None and cfg["transfer"]:
        opts["init.from"] = str(run_dir(cfg, previous) / "checkpoint.h5")
    train = mpirun_prefix(ranks) + [str(bindir / "vmc_dist"), "--restart", "auto"] + \
        option_args(opts)
    measure = mpirun_prefix(ranks) + [str(bindir / "vmc_measure"), "--checkpoint",
                               str(d / "checkpoint.h5"), "--measure.samples",
                               str(cfg["measure_samples"]), "--json"] + \
        option_args(cfg["measure_options"])
    return train, measure


def extrapolate_command(cfg):
    dirs = [str(run_dir(cfg, L)) for L in cfg["sizes"]]
    return [sys.executable, str(ROOT / "scripts" / "extrapolate.py")] + dirs + cfg["extrapolate"] + [
        "--plot", str(cfg["output"] / "extrapolation.png")]


def run_size(cfg, L, previous, ranks, bindir, dry):
    d = run_dir(cfg, L)
    train, measure = commands(cfg, L, previous, ranks, bindir)
    if dry:
        print(" ".join(map(shlex.quote, train)))
        print(" ".join(map(shlex.quote, measure)) + " > " + str(d / "measure.json"))
        return
    if (d / "summary.json").is_file() and (d / "measure.json").is_file():
        print("campaign: %dx%d already done (%s)" % (L, L, d), flush=True)
        return
    d.mkdir(parents=True, exist_ok=True)
    print("campaign: training %dx%d -> %s" % (L, L, d), flush=True)
    with open(d / "train.log", "a") as log:
        rc = subprocess.call(train, stdout=log, stderr=subprocess.STDOUT)
    if rc != 0 or not (d / "summary.json").is_file():
        raise SystemExit("campaign: vmc_dist failed for %dx%d (exit %d), see %s" %
                         (L, L, rc, d / "train.log"))
    out = subprocess.run(measure, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("campaign: vmc_measure failed for %dx%d: %s" % (L, L, out.stderr))
    (d / "measure.json").write_text(out.stdout)


def extrapolate(cfg, dry):
    cmd = extrapolate_command(cfg)
    if dry:
        print(" ".join(map(shlex.quote, cmd)))
        return
    text = subprocess.run(cmd, capture_output=True, text=True)
    js = subprocess.run(cmd + ["--json", "--no-plot"], capture_output=True, text=True)
    if {text.returncode, js.returncode} - {0, EXIT_REFUSED}:
        raise SystemExit("campaign: extrapolate.py failed: %s%s" % (text.stderr, js.stderr))
    (cfg["output"] / "extrapolation.txt").write_text(text.stdout)
    (cfg["output"] / "extrapolation.json").write_text(js.stdout)
    print(text.stdout, end="")
    if text.returncode == EXIT_REFUSED:  # a result too: these sizes do not support a limit
        print("campaign: the extrapolation protocol refused the energy fit: %s" %
              text.stderr.strip(), flush=True)


def slurm(cfg, config_path, ranks, submit, passed):
    """One batch script per size, chained with afterok dependencies, then the extrapolation.
    passed: this call's --set / --output arguments, repeated in every job."""
    cfg["output"].mkdir(parents=True, exist_ok=True)
    me = [sys.executable, str(Path(__file__).resolve()), str(Path(config_path).resolve())] + passed
    scripts = []
    for L in cfg["sizes"]:
        s = cfg["output"] / ("campaign_L%d.sbatch" % L)
        s.write_text("\n".join([
            "#!/bin/bash", "#SBATCH --job-name=vitvmc-L%d" % L, "#SBATCH --ntasks=%d" % ranks,
            "#SBATCH --output=%s" % (cfg["output"] / ("slurm-L%d-%%j.out" % L)),
            "set -euo pipefail", "cd %s" % shlex.quote(str(Path.cwd())),
            "export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1",
            " ".join(map(shlex.quote, me + ["--only", str(L), "--ranks", str(ranks)])), ""]))
        scripts.append(s)
    final = cfg["output"] / "campaign_extrapolate.sbatch"
    final.write_text("\n".join(["#!/bin/bash", "#SBATCH --job-name=vitvmc-extrapolate",
                                "#SBATCH --ntasks=1", "set -euo pipefail",
                                "cd %s" % shlex.quote(str(Path.cwd())),
                                " ".join(map(shlex.quote, me + ["--only", "extrapolate"])), ""]))
    scripts.append(final)
    previous = None
    for s in scripts:
        cmd = ["sbatch", "--parsable"] + (["--dependency=afterok:%s" % previous] if previous else [])
        cmd.append(str(s))
        if submit:
            previous = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split(";")[0].strip()
            print("submitted %s as job %s" % (s.name, previous))
        else:
            previous = "$JOB_%s" % s.stem.upper()
            print(" ".join(cmd))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("config")
    ap.add_argument("--ranks", type=int, default=int(os.environ.get("VITVMC_RANKS", "1")))
    ap.add_argument("--bindir", default=str(ROOT / "build" / "bin"),
                    help="where vmc_dist and vmc_measure are (default %(default)s)")
    ap.add_argument("--only", help="one size L, or 'extrapolate'")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a vmc_dist option at every size (repeatable)")
    ap.add_argument("--output", help="campaign directory instead of the config's [campaign] output")
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    ap.add_argument("--slurm", action="store_true", help="write chained batch scripts")
    ap.add_argument("--submit", action="store_true", help="with --slurm: submit them")
    a = ap.parse_args(argv)
    cfg = read_config(a.config)
    cfg["overrides"] = parse_overrides(a.set)
    if a.output:
        cfg["output"] = Path(a.output)
    bindir = Path(a.bindir)
    if a.slurm:
        passed = [x for kv in a.set for x in ("--set", kv)] + \
            (["--output", str(Path(a.output).resolve())] if a.output else [])
        slurm(cfg, a.config, a.ranks, a.submit, passed)
        return 0
    for L, previous in zip(cfg["sizes"], [None] + cfg["sizes"][:-1]):
        if a.only in (None, str(L)):
            run_size(cfg, L, previous, a.ranks, bindir, a.dry_run)
    if a.only in (None, "extrapolate"):
        extrapolate(cfg, a.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
