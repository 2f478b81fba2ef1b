#!/usr/bin/env python3
"""jobs/configs/extrapolation/transfer_study.py on two vmc_dist stdout files made here: the start
energy, the lowest and last step, and the updates each run needs to reach the random run's final
energy (mean of its last 3 steps). Usage: test_transfer_study.py WORKDIR."""
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "jobs" / "configs" / "extrapolation" / "transfer_study.py"


def write(path, energies):
    lines = ["vmc_dist: header line"]
    lines += ["step %3d/%d  E/N = %.4f +- 0.0010  other columns" % (k + 1, len(energies), e)
              for k, e in enumerate(energies)]
    path.write_text("\n".join(lines) + "\n")


def main(work):
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    write(work / "8x8_from.out", [-0.40, -0.46, -0.48, -0.47])
    write(work / "8x8_random.out", [-0.05, -0.30, -0.44, -0.45, -0.46])  # target -0.45
    out = subprocess.run([sys.executable, str(SCRIPT), str(work), "8x8_from:8x8_random"],
                         capture_output=True, text=True, check=True).stdout
    rows = [l for l in out.splitlines() if l.startswith("| 8x8 |")]
    assert len(rows) == 2, out
    assert "| 8x8_from | -0.4000 ± 0.0010 | -0.4800 ± 0.0010 (2) | -0.4700 ± 0.0010 (3) | " \
           "1 (target -0.4500) |" in rows[0], rows[0]
    assert "| 8x8_random | -0.0500 ± 0.0010 | -0.4600 ± 0.0010 (4) | -0.4600 ± 0.0010 (4) | " \
           "3 (target -0.4500) |" in rows[1], rows[1]
    print("ok: transfer_study")


if __name__ == "__main__":
    main(Path(sys.argv[1]) / "transfer_study")
