#!/usr/bin/python3
"""Checks on the memory plan as scripts use it.

  plan_check.py json VMC_DIST CONFIG RANKS P
      `VMC_DIST --config CONFIG --plan --plan.ranks RANKS` on one process prints one JSON line
      starting with '{' with peak_bytes_per_rank, objects and flops_per_step, P parameters, and a
      kernel of 8 (2M)^2 / RANKS bytes per rank.
  plan_check.py measured SUMMARY.json MAX_RATIO
      the run's planned peak is an upper bound of its measured VmHWM (max over ranks), and not a
      loose one: VmHWM <= planned <= MAX_RATIO x VmHWM.
  plan_check.py stages VMC_DIST
      a plan whose second stage raises the sample count is planned at that stage: stage 2, its
      sample rows, and the peak of the same run with that count and no stages; with
      --optimizer.solver auto, with the solver the run picks from its own sample count.
"""
import json
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def plan_of(vmc, *args):
    out = subprocess.run([vmc, "--plan", *args], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        fail(f"exit {out.returncode}: {out.stderr}")
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if len(lines) != 1:
        fail(f"expected one JSON line, got {len(lines)}:\n{out.stdout}")
    return json.loads(lines[0])


def check_json(vmc, config, ranks, n_params):
    plan = plan_of(vmc, "--config", config, "--plan.ranks", ranks)
    for key in ("peak_bytes_per_rank", "objects", "flops_per_step"):
        if key not in plan:
            fail(f"no {key} in {json.dumps(plan)}")
    if plan["n_params"] != int(n_params):
        fail(f"n_params {plan['n_params']} != {n_params}")
    rows = 2 * plan["sample_rows"]
    # The kernel solver forms T by parameter slices (a full N x N on every rank) on one rank and
    # where N R <= P, block-cyclic (N^2 / R per rank) otherwise (docs/sr.md, "Forming the kernel").
    slices = int(ranks) == 1 or rows * int(ranks) <= int(n_params)
    expected = 8.0 * rows * rows / (1 if slices else int(ranks))
    got = plan["objects"]["sr_kernel"]
    if abs(got - expected) > 0.01 * expected:
        fail(f"sr_kernel {got} bytes per rank, expected {expected}")
    if not plan["peak_bytes_per_rank"] >= max(plan["objects"].values()):
        fail("peak below the largest object")
    print(f"ok: peak {plan['peak_bytes_per_rank'] / 2**30:.2f} GiB per rank on {ranks} ranks "
          f"({plan['peak_phase']}), kernel {got / 2**30:.3f} GiB")


def check_measured(summary, max_ratio):
    with open(summary) as f:
        s = json.load(f)
    measured, planned = s["peak_rss_bytes_per_rank"], s["planned_peak_bytes_per_rank"]
    if not measured or not planned:
        fail(f"missing numbers: measured {measured}, planned {planned}")
    ratio = planned / measured
    print(f"planned {planned / 2**20:.1f} MiB, measured VmHWM {measured / 2**20:.1f} MiB "
          f"per rank: planned / measured = {ratio:.3f}")
    if ratio < 1:
        fail(f"the plan is {100 * (1 - ratio):.1f} % under the measured peak: not an upper bound")
    if ratio > float(max_ratio):
        fail(f"the plan is {ratio:.3f} x the measured peak (allowed at most {max_ratio})")
    print("ok")


def check_stages(vmc):
    small = ["--lattice.lx", "4", "--lattice.ly", "4", "--model.d", "8", "--model.layers", "1",
             "--sampler.chains", "16", "--optimizer.solver", "kernel", "--sampler.samples"]
    staged = plan_of(vmc, *small, "256", "--optimizer.stages", "none:1,none:1:samples=4096")
    flat = plan_of(vmc, *small, "4096", "--optimizer.steps", "2")
    first = plan_of(vmc, *small, "256", "--optimizer.steps", "2")
    if staged["stage"] != 2 or staged["sample_rows"] != 4096:
        fail(f"planned stage {staged['stage']} with {staged['sample_rows']} rows, expected 2, 4096")
    if staged["peak_bytes_per_rank"] != flat["peak_bytes_per_rank"]:
        fail(f"peak {staged['peak_bytes_per_rank']} != {flat['peak_bytes_per_rank']} of the flat run")
    if not staged["peak_bytes_per_rank"] > 2 * first["peak_bytes_per_rank"]:
        fail("the 4096-sample stage should need more than twice the 256-sample one")
    # --optimizer.solver auto is resolved once, from the run's 256 samples (2M = 512 < P = 968):
    # the 4096-sample stage runs the kernel solver too, and is planned with it.
    auto = [a if a != "kernel" else "auto" for a in small]
    staged_auto = plan_of(vmc, *auto, "256", "--optimizer.stages", "none:1,none:1:samples=4096")
    if staged_auto["solver"] != "kernel" or staged_auto["n_params"] <= 512:
        fail(f"auto solver planned as {staged_auto['solver']} (P = {staged_auto['n_params']}), "
             "expected kernel, the run's choice")
    if staged_auto["peak_bytes_per_rank"] != staged["peak_bytes_per_rank"]:
        fail("auto and kernel plans differ")
    print(f"ok: stage 2 planned, {staged['peak_bytes_per_rank'] / 2**20:.1f} MiB per rank "
          f"(stage 1 alone {first['peak_bytes_per_rank'] / 2**20:.1f} MiB), solver of the run")


if __name__ == "__main__":
    if sys.argv[1] == "json":
        check_json(*sys.argv[2:6])
    elif sys.argv[1] == "stages":
        check_stages(sys.argv[2])
    elif sys.argv[1] == "measured":
        check_measured(*sys.argv[2:4])
    else:
        fail("unknown check " + sys.argv[1])
