#!/usr/bin/python3
"""Checks on the memory plan as scripts use it.

  plan_check.py json VMC_DIST CONFIG RANKS P
      `VMC_DIST --config CONFIG --plan --plan.ranks RANKS` on one process prints one JSON line
      starting with '{' with peak_bytes_per_rank, objects and flops_per_step, P parameters, and a
      kernel of 8 (2M)^2 / RANKS bytes per rank.
  plan_check.py measured SUMMARY.json TOLERANCE
      the run's planned peak is within TOLERANCE (relative) of its measured VmHWM.
"""
import json
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_json(vmc, config, ranks, n_params):
    out = subprocess.run([vmc, "--config", config, "--plan", "--plan.ranks", ranks],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        fail(f"exit {out.returncode}: {out.stderr}")
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if len(lines) != 1:
        fail(f"expected one JSON line, got {len(lines)}:\n{out.stdout}")
    plan = json.loads(lines[0])
    for key in ("peak_bytes_per_rank", "objects", "flops_per_step"):
        if key not in plan:
            fail(f"no {key} in {lines[0]}")
    if plan["n_params"] != int(n_params):
        fail(f"n_params {plan['n_params']} != {n_params}")
    rows = 2 * plan["sample_rows"]
    expected = 8.0 * rows * rows / int(ranks)
    got = plan["objects"]["sr_kernel"]
    if abs(got - expected) > 0.01 * expected:
        fail(f"sr_kernel {got} bytes per rank, expected {expected}")
    if not plan["peak_bytes_per_rank"] >= max(plan["objects"].values()):
        fail("peak below the largest object")
    print(f"ok: peak {plan['peak_bytes_per_rank'] / 2**30:.2f} GiB per rank on {ranks} ranks "
          f"({plan['peak_phase']}), kernel {got / 2**30:.3f} GiB")


def check_measured(summary, tolerance):
    with open(summary) as f:
        s = json.load(f)
    measured, planned = s["peak_rss_bytes_per_rank"], s["planned_peak_bytes_per_rank"]
    if not measured or not planned:
        fail(f"missing numbers: measured {measured}, planned {planned}")
    rel = (planned - measured) / measured
    print(f"planned {planned / 2**20:.1f} MiB, measured VmHWM {measured / 2**20:.1f} MiB "
          f"per rank: {100 * rel:+.1f} %")
    if abs(rel) > float(tolerance):
        fail(f"plan off by {100 * rel:+.1f} % (allowed {100 * float(tolerance):.0f} %)")
    print("ok")


if __name__ == "__main__":
    if sys.argv[1] == "json":
        check_json(*sys.argv[2:6])
    elif sys.argv[1] == "measured":
        check_measured(*sys.argv[2:4])
    else:
        fail("unknown check " + sys.argv[1])
