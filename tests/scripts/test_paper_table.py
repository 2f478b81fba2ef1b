#!/usr/bin/env python3
"""scripts/paper_table.py on summary.json files made here: collect, the table's rows (the paper's
six and ours, relative errors against the paper's references), the README markers, bad input.
Usage: CASE WORKDIR."""
import json
import subprocess
import sys
from pathlib import Path

from cases import run_case

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE.parents[1] / "scripts"


def run(*args, code=0):
    r = subprocess.run([sys.executable, str(SCRIPTS / "paper_table.py"), *map(str, args)],
                       capture_output=True, text=True)
    assert r.returncode == code, r.stdout + r.stderr
    return r


def summary(path, lx, model, energy, j2=0.5, n_params=6228, wall=3600.0, ranks=2):
    path.mkdir(parents=True, exist_ok=True)
    ref = {6: -0.50380965, 10: -0.497715}[lx]
    (path / "summary.json").write_text(json.dumps({
        "energy_per_site": energy, "energy_per_site_error": 2.5e-5,
        "relative_error": abs(energy - ref) / abs(ref), "lattice": {"lx": lx, "ly": lx, "j2": j2},
        "model": model, "n_params": n_params, "wall_seconds": wall, "ranks": ranks,
        "samples": 8192, "steps": 100}))


def table(work):
    """Paper rows with their relative errors, our rows with theirs, sorted and labelled."""
    summary(work / "a", 6, "ViT(factored attention, d=16) symmetrized |G|=32", -0.5032)
    summary(work / "b", 6, "ViT(standard attention, d=16)", -0.5030, n_params=7316, wall=1800.0)
    data = work / "data.json"
    run("collect", "--hardware", "2-core Xeon", work / "a", work / "b", "-o", data)
    text = run("report", data).stdout
    rows = [l for l in text.splitlines() if l.startswith("| 6x6") or l.startswith("| 10x10")]
    assert len(rows) == 8, text
    # The paper's 6x6 factored row: 1.18e-3 relative, as the issue and DESIGN.md quote it.
    assert "| 6x6 | factored | 154,980 | -0.503216(8) | 1.18e-03 | 1 A100 GPU | 6 h |" in text, text
    assert "| 10x10 | factored | 155,620 | -0.497184(6) | 1.07e-03 |" in text, text
    ours = [l for l in rows if "vitvmc" in l]
    assert ours[0].startswith("| 6x6 | T5 | 7,316 | -0.503000(25) | 1.61e-03 | 2-core Xeon, 2 ranks "
                              "| 0.50 h | 1.00 core-h |"), ours
    assert ours[1].startswith("| 6x6 | factored | 6,228 | -0.503200(25) | 1.21e-03 |"), ours
    # collect again: the run is replaced, not added twice.
    run("collect", "--hardware", "2-core Xeon", "--label", "again", work / "a", "-o", data)
    assert len(json.loads(data.read_text())["runs"]) == 2


def readme(work):
    """Only the text between the markers changes."""
    summary(work / "a", 10, "ViT(decoupled attention, d=8)", -0.4951, n_params=1000)
    run("collect", "--hardware", "h", work / "a", "-o", work / "d.json")
    md = work / "README.md"
    md.write_text("before\n<!-- paper-table:begin -->\nold\n<!-- paper-table:end -->\nafter\n")
    run("report", work / "d.json", "--readme", md)
    text = md.read_text()
    assert text.startswith("before\n<!-- paper-table:begin -->\n| lattice |") and "old" not in text
    assert text.endswith("<!-- paper-table:end -->\nafter\n") and "| 10x10 | decoupled | 1,000 |" in text


def bad_input(work):
    summary(work / "rbm", 6, "RBM(alpha=2)", -0.49)
    assert "known attention" in run("collect", "--hardware", "h", work / "rbm", "-o",
                                    work / "x.json", code=2).stderr
    summary(work / "j0", 6, "ViT(factored attention)", -0.67, j2=0.0)
    assert "J2 = 0.0" in run("collect", "--hardware", "h", work / "j0", "-o", work / "x.json",
                             code=2).stderr
    assert "no summary.json" in run("collect", "--hardware", "h", work / "none", "-o",
                                    work / "x.json", code=2).stderr
    (work / "R.md").write_text("no markers\n")
    summary(work / "ok", 6, "ViT(factored attention)", -0.50)
    run("collect", "--hardware", "h", work / "ok", "-o", work / "ok.json")
    assert "markers" in run("report", work / "ok.json", "--readme", work / "R.md", code=2).stderr


if __name__ == "__main__":
    run_case(globals(), "paper_table_")
