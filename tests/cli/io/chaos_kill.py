#!/usr/bin/python3
"""Kills a running vmc_dist at a chosen moment and reports the phase it interrupted (chaos_test.sh).

  chaos_kill.py TRACE TARGET OCCURRENCE DELAY_S TIMEOUT_S PID...

TRACE is rank 0's phase trace file (VITVMC_PHASE_TRACE, see include/vitvmc/job/phase_trace.hpp).
Waits until rank 0 enters phase TARGET for the OCCURRENCE-th time, sleeps DELAY_S, sends SIGKILL to
every PID, and prints the phase the trace file holds afterwards: the phase rank 0 died in. Prints
"finished" when the processes ended first, and kills anyway after TIMEOUT_S.
"""
import os
import signal
import sys
import time


def alive(pids):
    return any(os.path.exists(f"/proc/{p}") and not zombie(p) for p in pids)


def zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def read_phase(fd):
    return os.pread(fd, 16, 0).decode(errors="replace").strip() if fd is not None else "startup"


def main(argv):
    trace, target, occurrence, delay, timeout = argv[1], argv[2], int(argv[3]), float(argv[4]), float(argv[5])
    pids = [int(p) for p in argv[6:]]
    deadline = time.monotonic() + timeout
    fd, previous, seen = None, "", 0
    while time.monotonic() < deadline:
        if fd is None and os.path.exists(trace):
            fd = os.open(trace, os.O_RDONLY)
        phase = read_phase(fd)
        if phase == target and previous != target:
            seen += 1
            if seen == occurrence:
                break
        previous = phase
        if not alive(pids):
            print("finished")
            return
        time.sleep(0.0002)
    time.sleep(delay)
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while alive(pids):  # the trace is final once the writer is gone
        time.sleep(0.001)
    if fd is None and os.path.exists(trace):
        fd = os.open(trace, os.O_RDONLY)
    print(read_phase(fd))


if __name__ == "__main__":
    main(sys.argv)
