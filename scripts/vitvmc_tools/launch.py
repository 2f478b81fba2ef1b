"""How the tools start MPI programs: one mpirun prefix.

On a shared development machine ranks are not bound to cores (`--bind-to none`) and may exceed
them (`--oversubscribe`); timing sweeps on a dedicated machine bind to cores and say whether they
oversubscribed (scripts/scaling.py)."""


def mpirun_prefix(ranks, bind="none", oversubscribe=True, mpirun="mpirun", direct_single=False):
    """[mpirun, -n, R, (--oversubscribe), --bind-to, BIND]; [] for one rank when direct_single (the
    program then runs without mpirun, as a singleton MPI process)."""
    if direct_single and ranks <= 1:
        return []
    return [mpirun, "-n", str(ranks)] + (["--oversubscribe"] if oversubscribe else []) + \
        ["--bind-to", bind]
