"""The command line every tests/scripts/test_*.py shares: `test_X.py CASE WORKDIR [ARGS...]` runs the
function CASE of that file in a fresh WORKDIR/PREFIXCASE (removed first, so a rerun starts clean) with
ARGS after it, then prints `ok: CASE` (what ctest's PASS_REGULAR_EXPRESSION looks for)."""
import shutil
import sys
from pathlib import Path


def run_case(namespace, prefix=""):
    case, work = sys.argv[1], Path(sys.argv[2]) / (prefix + sys.argv[1])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    namespace[case](work, *sys.argv[3:])
    print("ok: %s" % case)
