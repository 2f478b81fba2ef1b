"""INI text in its two vitvmc forms.

* Config files written by people (campaign, study, vmc_dist --config): `[section]` headers,
  `key = value`, `#`/`;` comments, also after a value; keys keep their case. read_ini().
* The configuration echo vmc_dist stores in every checkpoint (dataset /config, one
  `key = value` per line under `[section]` headers): parse_echo() follows the C++ reader
  (src/io/checkpoint_compat.cpp, parse_config_echo) rule for rule, so both sides see the same
  fields: blank and `#`/`;` lines skipped, the value is everything after the first '=', a key that
  already holds a '.' (or stands before any header) is taken as it is, else `section.key`."""
import configparser
from pathlib import Path

from .errors import ToolInputError


def read_ini(path):
    """A ConfigParser of the file (keys keep their case, inline comments stripped, no '%'
    interpolation). ToolInputError when it cannot be read or parsed."""
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), interpolation=None)
    cp.optionxform = str
    try:
        if not cp.read(path):
            raise ToolInputError("CONFIG: cannot read '%s'" % path)
    except configparser.Error as e:
        raise ToolInputError("CONFIG %s: %s" % (path, e))
    return cp


def parse_echo(text):
    """{"section.key": "value"} of a configuration echo."""
    fields, section = {}, ""
    for line in text.replace("\0", "").splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if "=" not in line:
            continue
        key, value = (x.strip() for x in line.split("=", 1))
        fields[key if not section or "." in key else section + "." + key] = value
    return fields


def read_echo(checkpoint):
    """The configuration echo of a checkpoint file as {"section.key": "value"}; {} when the file
    does not exist."""
    if not Path(checkpoint).exists():
        return {}
    import h5py
    with h5py.File(checkpoint, "r", locking=False) as f:
        if "config" not in f:
            raise ToolInputError("%s: no /config dataset (not a vitvmc checkpoint?)" % checkpoint)
        raw = f["config"][()]
    return parse_echo(raw.decode() if isinstance(raw, bytes) else str(raw))
