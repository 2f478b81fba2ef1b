"""A run's summary.json (vmc_dist) and the JSON line of vmc_measure --json.

vmc_measure's energy error was called `error_per_site` and is being renamed to
`energy_per_site_error` (the name summary.json uses, issue 26): energy_error() reads either."""
from pathlib import Path

from .errors import ToolInputError
from .json_files import read_json, read_json_or_none


def summary_path(run):
    """summary.json of a run directory, or `run` itself when it is a file."""
    run = Path(run)
    return run / "summary.json" if run.is_dir() else run


def read_summary(run, required=True):
    """The summary.json of a run directory (or the file). Missing: ToolInputError if required, else
    None (a run that has not finished)."""
    path = summary_path(run)
    if not path.is_file():
        if required:
            raise ToolInputError("%s: no summary.json (unfinished or failed run?)" % path)
        return None
    return read_json(path) if required else read_json_or_none(path)


def is_summary(record):
    """True for a vmc_dist summary.json (it has the lattice and the final energy)."""
    return "lattice" in record and "energy_per_site" in record


def lattice_sides(summary):
    """(lx, ly) of a summary.json."""
    return summary["lattice"]["lx"], summary["lattice"]["ly"]


def energy_error(record, default=None):
    """The standard error of E/N in a summary.json or a vmc_measure JSON line, whichever name it
    uses."""
    for key in ("energy_per_site_error", "error_per_site"):
        if record.get(key) is not None:
            return record[key]
    return default
