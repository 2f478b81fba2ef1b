"""JSON as vitvmc writes it: a whole file (summary.json) or the last line starting with '{' of a
program's output (vmc_measure --json, vmc_ed --json, extrapolate.py --json), possibly after text."""
import json
from pathlib import Path

from .errors import ToolInputError


def parse_json_text(text, source):
    """The JSON object of `text`: all of it, else its last line starting with '{'."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError as e:
                raise ToolInputError("%s: malformed JSON line (%s)" % (source, e))
    raise ToolInputError("%s: no JSON object found" % source)


def read_json(path):
    """The JSON object in `path`; ToolInputError when unreadable or without one."""
    try:
        text = Path(path).read_text()
    except (UnicodeDecodeError, OSError) as e:
        raise ToolInputError("%s: cannot read as text (%s)" % (path, e))
    return parse_json_text(text, path)


def read_json_or_none(path):
    """As read_json, but None for a missing, unreadable or JSON-less file (an unfinished run)."""
    try:
        return read_json(path)
    except ToolInputError:
        return None
