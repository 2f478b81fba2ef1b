#!/usr/bin/env python3
"""scripts/ss_sign_ed.py (the pure-Python 4x4 Shastry-Sutherland ED) against numbers it did not
make: at J'/J = 0.5 the dimer product is the ground state (E0 = -3/4 J per dimer, 8 dimers:
exactly -6) and the dimer sign rule is exact; at J'/J = 1.5 the C++ ED (vmc_ed, the test
cli_vmc_ed_shastry_sutherland_*) gives E0 = -15.1933073332 and the state is Marshall-positive in
the checkerboard basis (docs/lattices.md). Usage: test_ss_sign_ed.py WORKDIR (unused)."""
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ss_sign_ed.py"
HEAD = re.compile(r"J'/J=([0-9.]+): E0=(-?[0-9.]+) E0/N=(-?[0-9.]+) residual=([0-9.e+-]+) "
                  r"\|<dimer\|psi>\|\^2=([0-9.]+)")


def main():
    out = subprocess.run([sys.executable, str(SCRIPT), "0.5", "1.5"], capture_output=True,
                         text=True, check=True).stdout
    blocks = {}
    for block in out.strip().split("J'/J=")[1:]:
        m = HEAD.match("J'/J=" + block)
        assert m, block
        agree = dict(re.findall(r"sign agreement (.+?): ([0-9.]+)", block))
        blocks[float(m.group(1))] = (float(m.group(2)), float(m.group(3)), float(m.group(4)),
                                     float(m.group(5)), {k: float(v) for k, v in agree.items()})
    e, e_site, residual, overlap, agree = blocks[0.5]
    assert abs(e + 6.0) < 1e-8 and abs(e_site + 0.375) < 1e-9 and residual < 1e-5
    assert overlap == 1.0 and agree["dimer rule (x even)"] == 1.0
    e, e_site, residual, overlap, agree = blocks[1.5]
    assert abs(e + 15.1933073332) < 1e-8 and residual < 1e-5 and overlap == 0.0
    assert agree["checkerboard (x+y even)"] >= 0.9999 and agree["none"] < 0.1
    print(out, end="")
    print("ok: ss_sign_ed")


if __name__ == "__main__":
    main()
