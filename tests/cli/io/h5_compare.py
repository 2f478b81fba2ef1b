#!/usr/bin/python3
"""Checks on vmc_dist / vmc_measure HDF5 outputs for the CLI restart tests (needs h5py).

  h5_compare.py theta_equal A.h5 B.h5         /parameters/theta bit-identical
  h5_compare.py theta_close A.h5 B.h5 RTOL    same step, max |dtheta| <= RTOL max |theta|
  h5_compare.py energies A/log.h5 B/log.h5 RTOL  same steps, |dE| <= RTOL |E| (0: bit-identical)
  h5_compare.py step CHECKPOINT.h5            prints /step
  h5_compare.py log_last_step LOG.h5          prints the last logged step (-1 when empty)
  h5_compare.py attention_std MEASURE.h5 zero|positive   every attention/layer*/spread (D) is 0 / > 0
  h5_compare.py attention_terms MEASURE.h5   decoupled attention's softmax and position terms
  h5_compare.py flip_byte FILE.h5 DATASET     inverts one byte inside DATASET's first chunk (in place)
  h5_compare.py zero_chunk_dim FILE.h5 DATASET [fix_checksum]   sets the first chunk dimension in
      DATASET's layout message to 0 (in place), the damage that makes HDF5 1.10.8 divide by zero in
      H5Dopen; the object header's checksum is left stale unless fix_checksum (then HDF5 crashes)
Exit 0 when the check holds, 1 with a message otherwise.
"""
import sys

import h5py
import numpy as np


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def theta_equal(a, b):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        ta, tb = fa["/parameters/theta"][()], fb["/parameters/theta"][()]
        sa, sb = int(fa["/step"][()]), int(fb["/step"][()])
    if sa != sb:
        fail(f"steps differ: {a} at {sa}, {b} at {sb}")
    if ta.shape != tb.shape:
        fail(f"theta shapes differ: {ta.shape} vs {tb.shape}")
    if ta.tobytes() != tb.tobytes():
        fail(f"theta differs at step {sa}: max |diff| = {np.max(np.abs(ta - tb)):.3e}")
    print(f"ok: theta bit-identical at step {sa} ({ta.size} parameters)")


def theta_close(a, b, rtol):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        ta, tb = fa["/parameters/theta"][()], fb["/parameters/theta"][()]
        sa, sb = int(fa["/step"][()]), int(fb["/step"][()])
    if sa != sb:
        fail(f"steps differ: {a} at {sa}, {b} at {sb}")
    if ta.shape != tb.shape:
        fail(f"theta shapes differ: {ta.shape} vs {tb.shape}")
    rel = np.max(np.abs(ta - tb)) / np.max(np.abs(ta))
    if not rel <= rtol:
        fail(f"theta differs at step {sa}: max |diff| / max |theta| = {rel:.3e} > {rtol}")
    print(f"ok: theta at step {sa} equal to {rel:.3e} (<= {rtol}, {ta.size} parameters)")


def energies(a, b, rtol):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        sa, sb = fa["step"][()], fb["step"][()]
        ea, eb = fa["energy"][()], fb["energy"][()]
    if not np.array_equal(sa, sb):
        fail(f"logged steps differ: {list(sa)} vs {list(sb)}")
    if len(sa) == 0:
        fail("empty logs")
    if not (np.all(np.isfinite(ea)) and np.all(np.isfinite(eb))):
        fail(f"non-finite energies: {ea} {eb}")
    rel = np.abs(ea - eb) / np.abs(ea)
    if rtol == 0.0:
        if ea.tobytes() != eb.tobytes():
            fail(f"energies not bit-identical: max rel diff {np.max(rel):.3e}")
    elif np.max(rel) > rtol:
        fail(f"energies differ: max rel diff {np.max(rel):.3e} > {rtol} ({ea} vs {eb})")
    print(f"ok: {len(sa)} steps, energies max rel diff {np.max(rel):.3e} (<= {rtol})")


def step(path):
    with h5py.File(path, "r") as f:
        print(int(f["/step"][()]))


def log_last_step(path):
    with h5py.File(path, "r") as f:
        s = f["step"][()]
    print(int(s[-1]) if len(s) else -1)


def attention_std(path, expect):
    with h5py.File(path, "r") as f:
        layers = [k for k in f["attention"].keys() if k.startswith("layer")]
        if not layers:
            fail("no attention/layer* groups")
        for name in layers:
            mean, spread = f[f"attention/{name}/mean"][()], f[f"attention/{name}/spread"][()]
            if mean.ndim != 3 or spread.shape != (mean.shape[0],) or mean.shape[1] != mean.shape[2]:
                fail(f"{name}: bad shapes {mean.shape} {spread.shape}")
            if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(spread))):
                fail(f"{name}: non-finite maps")
            # Standard attention: softmax rows sum to 1 over J for every sample, so the mean does.
            if expect == "positive" and np.max(np.abs(mean.sum(axis=2) - 1)) > 1e-12:
                fail(f"{name}: mean attention rows do not sum to 1: {mean.sum(axis=2)}")
            # Factored maps are the same for every sample: D is rounding only.
            if expect == "zero" and np.max(spread) > 1e-12:
                fail(f"{name}: spread D over samples should be 0, max {np.max(spread):.3e}")
            if expect == "positive" and not np.min(spread) > 1e-6:
                fail(f"{name}: spread D over samples should be > 0, got {spread}")
    print(f"ok: {len(layers)} layers, std {expect}")


def attention_terms(path):
    """Decoupled attention: D > 0 for the maps and their softmax term (whose rows sum to 1), D = 0
    (rounding) for the position term, and the two terms' means add up to the maps' mean."""
    with h5py.File(path, "r") as f:
        layers = [k for k in f["attention"].keys() if k.startswith("layer")]
        if not layers or set(f["attention_terms"].keys()) != {"softmax", "position"}:
            fail("no attention/layer* groups or attention_terms other than softmax, position")
        for name in layers:
            total = f[f"attention/{name}/mean"][()]
            soft = f[f"attention_terms/softmax/{name}/mean"][()]
            pos = f[f"attention_terms/position/{name}/mean"][()]
            if np.max(np.abs(soft + pos - total)) > 1e-12:
                fail(f"{name}: softmax + position means differ from the maps' mean")
            if np.max(np.abs(soft.sum(axis=2) - 1)) > 1e-12:
                fail(f"{name}: softmax rows do not sum to 1")
            if not np.min(f[f"attention/{name}/spread"][()]) > 1e-6:
                fail(f"{name}: spread D of the maps should be > 0")
            if not np.min(f[f"attention_terms/softmax/{name}/spread"][()]) > 1e-6:
                fail(f"{name}: spread D of the softmax term should be > 0")
            if np.max(f[f"attention_terms/position/{name}/spread"][()]) > 1e-12:
                fail(f"{name}: spread D of the position term should be 0")
    print(f"ok: {len(layers)} layers, softmax + position terms")


def flip_byte(path, name):
    """Flips a data byte of DATASET's first chunk, found through the chunk index (the file offset
    of a contiguous dataset otherwise)."""
    with h5py.File(path, "r") as f:
        ds = f[name]
        if ds.chunks is not None:
            info = ds.id.get_chunk_info(0)
            offset, size = info.byte_offset, info.size
        else:
            offset, size = ds.id.get_offset(), ds.id.get_storage_size()
    if offset is None or size < 2:
        fail(f"{name}: no stored data to damage")
    at = offset + size // 2
    with open(path, "r+b") as raw:
        raw.seek(at)
        byte = raw.read(1)[0]
        raw.seek(at)
        raw.write(bytes([byte ^ 0xFF]))
    print(f"ok: flipped byte {at} of {path} ({name}, chunk of {size} bytes at {offset})")


def layout_message_offset(raw, addr):
    """File offset of the layout message (type 8) in the version-2 object header at `addr`."""
    raw.seek(addr)
    head = raw.read(6)
    if head[:4] != b"OHDR" or head[4] != 2:
        fail(f"no version-2 object header at {addr} (an unchecksummed HDF5 format?)")
    flags = head[5]
    at = addr + 6 + (16 if flags & 0x20 else 0) + (4 if flags & 0x10 else 0)
    width = 1 << (flags & 3)
    raw.seek(at)
    end = at + width + int.from_bytes(raw.read(width), "little")
    at += width
    while at + 4 <= end:
        raw.seek(at)
        kind, size, msg_flags = raw.read(1)[0], int.from_bytes(raw.read(2), "little"), raw.read(1)[0]
        body = at + 4 + (2 if msg_flags & 0x04 else 0)
        if kind == 8:
            return body, addr, end
        at = body + size
    fail(f"no layout message in the object header at {addr}")


def zero_chunk_dim(path, name, fix_checksum=False):
    with h5py.File(path, "r") as f:
        if f[name].chunks is None:
            fail(f"{name} is not chunked")
        addr = h5py.h5o.get_info(f[name].id).addr
    with open(path, "r+b") as raw:
        body, start, end = layout_message_offset(raw, addr)
        raw.seek(body)
        version, kind, _, ndims, width = raw.read(5)
        if version != 4 or kind != 2:
            fail(f"{name}: layout message version {version} class {kind}, expected 4 and 2 (chunked)")
        raw.seek(body + 5)
        raw.write(bytes(width))  # first chunk dimension = 0
        if fix_checksum:  # HDF5's metadata checksum (Jenkins lookup3) over the header chunk
            import ctypes
            import ctypes.util
            lib = ctypes.CDLL(ctypes.util.find_library("hdf5_serial") or "libhdf5_serial.so.103")
            lib.H5_checksum_metadata.restype = ctypes.c_uint32
            lib.H5_checksum_metadata.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32]
            raw.seek(start)
            chunk = raw.read(end - start)
            raw.write(lib.H5_checksum_metadata(chunk, len(chunk), 0).to_bytes(4, "little"))
    print(f"ok: {name}: first chunk dimension set to 0 at byte {body + 5} of {path}")


def main(argv):
    cmd = argv[1]
    if cmd == "theta_equal":
        theta_equal(argv[2], argv[3])
    elif cmd == "theta_close":
        theta_close(argv[2], argv[3], float(argv[4]))
    elif cmd == "energies":
        energies(argv[2], argv[3], float(argv[4]))
    elif cmd == "step":
        step(argv[2])
    elif cmd == "log_last_step":
        log_last_step(argv[2])
    elif cmd == "attention_std":
        attention_std(argv[2], argv[3])
    elif cmd == "attention_terms":
        attention_terms(argv[2])
    elif cmd == "flip_byte":
        flip_byte(argv[2], argv[3])
    elif cmd == "zero_chunk_dim":
        zero_chunk_dim(argv[2], argv[3], len(argv) > 4 and argv[4] == "fix_checksum")
    else:
        fail("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
