#!/usr/bin/env python3
"""The "vitvmc vs the paper" table: the seed paper's Table 1 rows (Rende & Viteritti,
arXiv:2405.18874) beside vitvmc's runs, from the runs' own summary.json files.

  scripts/paper_table.py collect --hardware TEXT [--label NAME] RUN_DIR... -o DATA.json
      read each run's summary.json (energy, error, reference, P, wall time, ranks, model) into
      DATA.json (adds to it when it exists; a run already there is replaced)
  scripts/paper_table.py report DATA.json [--readme README.md]
      print the table as Markdown; with --readme, replace the table between the README's markers
      <!-- paper-table:begin --> and <!-- paper-table:end -->

Relative error is |E - E0| / |E0| against the same reference energies the paper uses (6x6: ED
-0.50380965; 10x10: -0.497715, Chen & Heyl's zero-variance extrapolation); summary.json's
`relative_error` is computed against the same numbers (src/lattice/kinds/square.cpp)."""
import argparse
import re
import sys
from pathlib import Path

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.json_files import read_json_or_none
from vitvmc_tools.summary import energy_error, read_summary

# Table 1 of the paper: E/N (S units, per site) with its error in the last digits, P, A100 hours.
PAPER_ROWS = [
    ("6x6", "T5", 184260, -0.503182, 9, 10.0),
    ("6x6", "decoupled", 184260, -0.503243, 9, 10.0),
    ("6x6", "factored", 154980, -0.503216, 8, 6.0),
    ("10x10", "T5", 184900, -0.497025, 6, 28.0),
    ("10x10", "decoupled", 184900, -0.497108, 6, 28.0),
    ("10x10", "factored", 155620, -0.497184, 6, 12.5),
]
REFERENCES = {"6x6": -0.50380965, "10x10": -0.497715}
# Our names for the paper's mechanisms (T5 = our `standard`).
MECHANISMS = {"standard": "T5", "decoupled": "decoupled", "factored": "factored"}
BEGIN, END = "<!-- paper-table:begin -->", "<!-- paper-table:end -->"


def mechanism_of(model):
    """The attention of a summary.json `model` description ("ViT(factored attention, ...").
    Models without attention (the RBM) are refused."""
    m = re.search(r"ViT\((\w+) attention", model or "")
    if not m or m.group(1) not in MECHANISMS:
        raise ToolInputError("not a ViT with a known attention: %r" % model)
    return MECHANISMS[m.group(1)]


def collect_run(run, hardware, label):
    s = read_summary(run)
    lattice = "%dx%d" % (s["lattice"]["lx"], s["lattice"]["ly"])
    if s["lattice"].get("j2") != 0.5:
        raise ToolInputError("%s: J2 = %s; the paper's table is J2 = 0.5" % (run, s["lattice"].get("j2")))
    wall = s.get("wall_seconds")
    ranks = s.get("ranks")
    return {
        "run": str(run),
        "label": label or Path(run).name,
        "lattice": lattice,
        "mechanism": mechanism_of(s.get("model")),
        "n_params": s.get("n_params"),
        "energy_per_site": s["energy_per_site"],
        "energy_per_site_error": energy_error(s),
        "relative_error": s.get("relative_error"),
        "samples": s.get("samples"),
        "steps": s.get("steps"),
        "hardware": hardware,
        "ranks": ranks,
        "wall_hours": wall / 3600 if wall is not None else None,
        "core_hours": wall * ranks / 3600 if wall is not None and ranks else None,
    }


def collect(args):
    data = read_json_or_none(args.output) or {"runs": []}
    labels = args.label or []
    if labels and len(labels) != len(args.runs):
        raise ToolInputError("give one --label per run, or none")
    for i, run in enumerate(args.runs):
        row = collect_run(run, args.hardware, labels[i] if labels else None)
        data["runs"] = [r for r in data["runs"] if r["run"] != row["run"]] + [row]
    Path(args.output).write_text(__import__("json").dumps(data, indent=2) + "\n")
    print("%s: %d runs" % (args.output, len(data["runs"])))


def digits_error(value, error):
    """-0.503216(8): the error in units of the last of 6 decimals."""
    if error is None:
        return "%.6f" % value
    return "%.6f(%d)" % (value, max(1, round(error * 1e6)))


def table(data):
    lines = [
        "| lattice | attention | P | E/N (S units) | relative error | hardware | wall | "
        "core- or GPU-hours | source |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lattice, mech, p, e, err, hours in PAPER_ROWS:
        rel = abs(e - REFERENCES[lattice]) / abs(REFERENCES[lattice])
        lines.append("| %s | %s | %s | %.6f(%d) | %.2e | 1 A100 GPU | %g h | %g GPU-h | paper, "
                     "Table 1 |" % (lattice, mech, format(p, ","), e, err, rel, hours, hours))
    for r in sorted(data["runs"], key=lambda r: (r["lattice"], r["mechanism"], r["label"])):
        rel = r["relative_error"]
        wall = "%.2f h" % r["wall_hours"] if r["wall_hours"] is not None else "-"
        core = "%.2f core-h" % r["core_hours"] if r["core_hours"] is not None else "-"
        lines.append("| %s | %s | %s | %s | %s | %s, %s ranks | %s | %s | vitvmc: %s |" % (
            r["lattice"], r["mechanism"], format(r["n_params"], ","),
            digits_error(r["energy_per_site"], r["energy_per_site_error"]),
            "%.2e" % rel if rel is not None else "-", r["hardware"], r["ranks"], wall, core,
            r["label"]))
    return "\n".join(lines) + "\n"


def report(args):
    data = read_json_or_none(args.data)
    if data is None:
        raise ToolInputError("%s: no such data file (run collect first)" % args.data)
    text = table(data)
    if args.readme:
        readme = Path(args.readme)
        content = readme.read_text()
        if BEGIN not in content or END not in content:
            raise ToolInputError("%s: no %s ... %s markers" % (readme, BEGIN, END))
        head, rest = content.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        readme.write_text(head + BEGIN + "\n" + text + END + tail)
    sys.stdout.write(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect", help="read runs' summary.json into a data file")
    c.add_argument("runs", nargs="+")
    c.add_argument("--hardware", required=True, help='e.g. "2-core Xeon (VM)"')
    c.add_argument("--label", action="append", help="a name per run (default: its directory)")
    c.add_argument("-o", "--output", required=True)
    r = sub.add_parser("report", help="the Markdown table")
    r.add_argument("data")
    r.add_argument("--readme", help="README whose marked table is replaced")
    args = parser.parse_args(argv)
    try:
        (collect if args.command == "collect" else report)(args)
    except ToolInputError as e:
        sys.stderr.write("paper_table.py: %s\n" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
