"""A run's log.h5 (src/io/run_log.cpp): one 1-D column per quantity, `step` plus `energy`, ...,
`time_<phase>`. The writer opens, appends one row and closes the file per step, writing `step`
last; so a reader opens it without HDF5 file locking (never blocking or failing the writer),
retries briefly when it caught the writer mid-append, and keeps the rows every column has."""
import time

from .errors import ToolInputError

# The phase timers, in the writer's order; a step's wall seconds are their sum.
PHASES = ("sampling", "local_energy", "jacobian", "sr_matrix", "sr_solve", "communication", "io")
COMPUTE_PHASES = ("sampling", "local_energy", "jacobian", "sr_matrix", "sr_solve")


class RunLogTable:
    """The columns of one log.h5 (numpy arrays of equal length) and their `units` attributes."""

    def __init__(self, columns, units):
        self.columns = columns
        self.units = units

    def __len__(self):
        return len(self.columns["step"])

    def __contains__(self, name):
        return name in self.columns

    def __getitem__(self, name):
        return self.columns[name]

    def get(self, name, default=None):
        return self.columns.get(name, default)

    def phase_seconds(self, phase):
        """Seconds per step in one phase (zeros for a log without that timer)."""
        import numpy as np
        return self.columns.get("time_" + phase, np.zeros(len(self)))

    def step_seconds(self):
        """Wall seconds of each step: the sum of the phase timers."""
        return sum(self.phase_seconds(p) for p in PHASES)

    def rows(self, keep):
        """A table of the rows where the boolean array `keep` is true."""
        return RunLogTable({k: v[keep] for k, v in self.columns.items()}, self.units)


def _open(path, attempts=5, pause=0.2):
    import h5py
    for attempt in range(attempts):
        try:
            try:
                return h5py.File(path, "r", locking=False)
            except TypeError:  # h5py older than 3.5 has no locking argument
                return h5py.File(path, "r")
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(pause)  # the run was appending a row at that instant


def read_log(path):
    """All columns of the log at `path`, cut to the rows every column has. ToolInputError for a
    missing file or one that is not a vitvmc run log."""
    try:
        f = _open(path)
    except OSError as e:
        raise ToolInputError("%s: cannot open as HDF5 (%s)" % (path, e))
    with f:
        if "step" not in f:
            raise ToolInputError("%s: not a vitvmc run log (no /step dataset)" % path)
        columns, units = {}, {}
        for name, ds in f.items():
            if getattr(ds, "ndim", None) != 1:
                continue
            columns[name] = ds[()]
            u = ds.attrs.get("units", b"")
            units[name] = u.decode() if isinstance(u, bytes) else str(u)
    n = min(len(c) for c in columns.values())
    return RunLogTable({k: v[:n] for k, v in columns.items()}, units)


def read_log_or_none(path):
    """As read_log, but None when the log is missing or unreadable (a run that never started)."""
    try:
        return read_log(path)
    except ToolInputError:
        return None
