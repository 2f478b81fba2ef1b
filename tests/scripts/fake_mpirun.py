#!/usr/bin/env python3
"""A stand-in for `mpirun -n R [options] PROGRAM ARGS...` that runs nothing: it writes the files a
vmc_dist run leaves in its --output.dir (summary.json, log.h5, checkpoint.h5 with the /config
echo), with known numbers, so the scaling tools can be tested without MPI or a build.

Per step on R ranks: sampling 2/R s, local_energy 4/R s, jacobian 0.5/R s, sr_matrix 1/R s,
sr_solve 0.5/R s (perfect compute scaling), communication 0.1 (R - 1) s, io 0; collective bytes
1000 R per step, 18 calls. Each call appends its command line to $FAKE_MPIRUN_LOG if set."""
import json
import os
import sys
from pathlib import Path

import h5py
import numpy as np

COMPUTE = {"sampling": 2.0, "local_energy": 4.0, "jacobian": 0.5, "sr_matrix": 1.0, "sr_solve": 0.5}


def split(argv):
    """(ranks, launcher options, program arguments)."""
    ranks, i, options = 1, 0, []
    while i < len(argv):
        a = argv[i]
        if a == "-n":
            ranks, i = int(argv[i + 1]), i + 2
        elif a == "--bind-to":
            options += argv[i:i + 2]
            i += 2
        elif a.startswith("-"):
            options.append(a)
            i += 1
        else:
            return ranks, options, argv[i + 1:]
    raise SystemExit("fake_mpirun: no program")


def option(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def main(argv):
    if os.environ.get("FAKE_MPIRUN_LOG"):
        with open(os.environ["FAKE_MPIRUN_LOG"], "a") as f:
            f.write(" ".join(argv) + "\n")
    ranks, _, args = split(argv)
    out = Path(option(args, "--output.dir"))
    steps = int(option(args, "--optimizer.steps", "3"))
    out.mkdir(parents=True, exist_ok=True)
    with h5py.File(out / "log.h5", "w") as f:
        f.create_dataset("step", data=np.arange(1, steps + 1, dtype=np.int64))
        e = f.create_dataset("energy", data=-0.5 + 0.01 / np.arange(1, steps + 1))
        e.attrs["units"] = "J1/site"
        for phase, t in COMPUTE.items():
            f.create_dataset("time_" + phase, data=np.full(steps, t / ranks))
        f.create_dataset("time_communication", data=np.full(steps, 0.1 * (ranks - 1)))
        f.create_dataset("time_io", data=np.zeros(steps))
    echo = "[lattice]\nlx = 10\nly = 10\n[sampler]\nsamples = %s\nchains = %s\n[output]\ndir = %s\n" % (
        option(args, "--sampler.samples", "0"), option(args, "--sampler.chains", "0"), out)
    with h5py.File(out / "checkpoint.h5", "w") as f:
        f.create_dataset("config", data=np.array(echo.encode() + b"\0\0", dtype="S%d" % (len(echo) + 2)))
    (out / "summary.json").write_text(json.dumps({
        "ranks": ranks, "steps": steps, "energy_per_site": -0.49, "energy_per_site_error": 1e-3,
        "n_params": 1000, "model": "ViT(factored attention, d=8, heads=2, layers=1, patch=2, "
        "ffn=32, tokens=25, P=1000)", "lattice": {"lx": 10, "ly": 10, "j1": 1, "j2": 0.5},
        "collective_bytes_per_step": {"communication": 1000 * ranks, "io": 0},
        "collective_calls_per_step": {"communication": 18}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
