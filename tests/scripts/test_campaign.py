#!/usr/bin/env python3
"""scripts/campaign.py: the command chain it builds (dry_run) and a tiny end-to-end campaign
(4x4 -> 6x6, 3 steps each) with the real binaries (end_to_end). Usage: CASE WORKDIR [BINDIR]."""
import json
import subprocess
import sys
from pathlib import Path

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


def dry_run(work, bindir):
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
    bad = work / "bad.ini"
    bad.write_text("[campaign]\nsizes = four\noutput = x\n")
    r = subprocess.run([sys.executable, str(SCRIPT), str(bad), "--dry-run"], capture_output=True, text=True)
    assert r.returncode != 0 and "sizes" in r.stderr, r.stderr
    cfg = write_config(work, "4 6", "[campaign_unused]\n")
    r = subprocess.run([sys.executable, str(SCRIPT), str(cfg), "--slurm"], capture_output=True,
                       text=True, check=True)
    assert "--dependency=afterok:" in r.stdout and (work / "out" / "campaign_L6.sbatch").is_file()


def end_to_end(work, bindir):
    cfg = write_config(work, "4 6")
    cmd = [sys.executable, str(SCRIPT), str(cfg), "--ranks", "2", "--bindir", bindir]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    out = work / "out"
    six = json.loads((out / "L6x6" / "summary.json").read_text())
    assert six["init_from"]["lx"] == 4 and six["steps"] == 3, six
    measure = [l for l in (out / "L6x6" / "measure.json").read_text().splitlines() if l.startswith("{")]
    assert json.loads(measure[0])["lx"] == 6
    result = json.loads((out / "extrapolation.json").read_text())
    assert result["e_inf"] < -0.3 and result["e_inf_error"] > 0, result
    assert result["s_pi_pi_fit"]["points"] == 2 and (out / "extrapolation.png").is_file()
    # A second call finds both sizes done and only extrapolates again.
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert r.stdout.count("already done") == 2, r.stdout


if __name__ == "__main__":
    case, work = sys.argv[1], Path(sys.argv[2]) / ("campaign_" + sys.argv[1])
    subprocess.run(["rm", "-rf", str(work)], check=True)
    work.mkdir(parents=True)
    globals()[case](work, sys.argv[3] if len(sys.argv) > 3 else "")
    print("ok: %s" % case)
