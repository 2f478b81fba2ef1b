#!/usr/bin/env python3
"""scripts/campaign.py: the command chain it builds (dry_run) and a tiny end-to-end campaign
(4x4 -> 6x6, 3 steps each) with the real binaries (end_to_end). Usage: CASE WORKDIR [BINDIR]."""
import json
import subprocess
import sys
from pathlib import Path

from cases import run_case

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "scripts" / "campaign.py"


def write_config(work, sizes, extra=""):
    cfg = work / "campaign.ini"
    cfg.write_text("""[campaign]
sizes = %s
output = %s
measure_samples = 256
[vmc]
lattice.j2 = 0
model.d = 8
sampler.chains = 8
sampler.samples = 128
optimizer.steps = 3
measure.samples = 256
[vmc.4]
optimizer.steps = 5
%s""" % (sizes, work / "out", extra))
    return cfg


def dry_run(work, bindir=""):
    cfg = write_config(work, "4 6 8")
    r = subprocess.run([sys.executable, str(SCRIPT), str(cfg), "--dry-run", "--ranks", "2",
                        "--bindir", "/bin/x"], capture_output=True, text=True, check=True)
    lines = r.stdout.splitlines()
    train = [l for l in lines if "/bin/x/vmc_dist" in l]
    assert len(train) == 3, r.stdout
    assert "--init.from" not in train[0]
    assert "--init.from %s/out/L4x4/checkpoint.h5" % work in train[1], train[1]
    assert "--init.from %s/out/L6x6/checkpoint.h5" % work in train[2], train[2]
    assert "--optimizer.steps 5" in train[0] and "--optimizer.steps 3" in train[1]
    assert all("--restart auto" in t and "mpirun -n 2" in t for t in train)
    assert sum("/bin/x/vmc_measure" in l for l in lines) == 3
    assert "extrapolate.py" in lines[-1]
    # --set overrides every size (after [vmc.L]); --output moves the campaign; [vmc_measure]
    # options reach every vmc_measure call.
    cfg = write_config(work, "4 6", "[vmc_measure]\nsampler.chains = 64\n")
    r = subprocess.run([sys.executable, str(SCRIPT), str(cfg), "--dry-run", "--set", "lattice.j2=0.5",
                        "--set", "optimizer.steps=7", "--output", str(work / "j2"), "--bindir", "/bin/x"],
                       capture_output=True, text=True, check=True)
    lines = r.stdout.splitlines()
    train = [l for l in lines if "/bin/x/vmc_dist" in l]
    measure = [l for l in lines if "/bin/x/vmc_measure" in l]
    assert all("--lattice.j2 0.5" in t and "--lattice.j2 0 " not in t for t in train), train
    assert all("--optimizer.steps 7" in t and "--optimizer.steps 5" not in t for t in train), train
    assert "--output.dir %s/j2/L4x4" % work in train[0], train[0]
    assert "--init.from %s/j2/L4x4/checkpoint.h5" % work in train[1], train[1]
    assert len(measure) == 2 and all("--sampler.chains 64" in m for m in measure), measure
    r = subprocess.run([sys.executable, str(SCRIPT), str(cfg), "--dry-run", "--set", "lattice.j2"],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "--set" in r.stderr, r.stderr
    bad = work / "bad.ini"
    bad.write_text("[campaign]\nsizes = four\noutput = x\n")
    r = subprocess.run([sys.executable, str(SCRIPT), str(bad), "--dry-run"], capture_output=True, text=True)
    assert r.returncode != 0 and "sizes" in r.stderr, r.stderr
    cfg = write_config(work, "4 6", "[campaign_unused]\n")
    r = subprocess.run([sys.executable, str(SCRIPT), str(cfg), "--slurm"], capture_output=True,
                       text=True, check=True)
    assert "--dependency=afterok:" in r.stdout and (work / "out" / "campaign_L6.sbatch").is_file()


def configs(work, bindir=""):
    """Every committed campaign config extrapolates under the protocol: no extra argument of
    extrapolate.py that departs from it (--lmin, --leading-only), and the command has none."""
    sys.path.insert(0, str(SCRIPT.parent))
    import campaign
    configs_dir = HERE.parents[1] / "jobs" / "configs"
    found = [p for p in sorted(configs_dir.glob("extrapolation/*.ini")) + sorted(configs_dir.glob("large/*.ini"))
             if "[campaign]" in p.read_text()]  # large/ also holds plain vmc_dist configs
    assert len(found) >= 3, found
    for path in found:
        cfg = campaign.read_config(path)
        cmd = campaign.extrapolate_command(cfg)
        assert not {"--lmin", "--leading-only"} & set(cmd), (path, cmd)
        assert cmd[-2:] == ["--plot", str(cfg["output"] / "extrapolation.png")]
        print("%s: sizes %s, extrapolate %s" % (path.name, cfg["sizes"], cfg["extrapolate"]))


def end_to_end(work, bindir=""):
    cfg = write_config(work, "4 6")
    cmd = [sys.executable, str(SCRIPT), str(cfg), "--ranks", "2", "--bindir", bindir]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    out = work / "out"
    six = json.loads((out / "L6x6" / "summary.json").read_text())
    assert six["init_from"]["lx"] == 4 and six["steps"] == 3, six
    measure = [l for l in (out / "L6x6" / "measure.json").read_text().splitlines() if l.startswith("{")]
    assert json.loads(measure[0])["lx"] == 6
    # Two sizes, one of them >= 6: the protocol refuses the limit, and the campaign records why
    # (a result, not a failure: exit 0) with the measured points.
    result = json.loads((out / "extrapolation.json").read_text())
    assert result["e_inf"] is None and "parameters" in result["protocol"]["refused"], result
    assert [p["lx"] for p in result["points"]] == [6] and result["not_fitted"] == ["4x4"]
    assert result["points"][0]["energy"] == json.loads(measure[0])["energy_per_site"]
    assert "REFUSED" in (out / "extrapolation.txt").read_text() and "refused" in r.stdout
    assert (out / "extrapolation.png").is_file()
    # A second call finds both sizes done and only extrapolates again.
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert r.stdout.count("already done") == 2, r.stdout


if __name__ == "__main__":
    run_case(globals(), "campaign_")
