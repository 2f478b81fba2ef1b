"""The INI configs of scripts/campaign.py and scripts/study.py: one required tool section
([campaign], [study]), a [vmc] section of vmc_dist options for every run, and sections that
override them for one case ([vmc.L], [case.NAME]); options are `section.key = value` as on the
vmc_dist command line."""
from .errors import ToolInputError
from .ini import read_ini


def read_study_config(path, tool_section):
    """The parsed config; ToolInputError when unreadable or without [tool_section]."""
    cp = read_ini(path)
    if tool_section not in cp:
        raise ToolInputError("CONFIG: no [%s] section in %s" % (tool_section, path))
    return cp


def section_options(cp, name):
    """{"section.key": "value"} of one section, {} when the config has none."""
    return dict(cp[name]) if name in cp else {}


def case_options(cp, name):
    """The [vmc] options with section `name`'s overrides applied."""
    opts = section_options(cp, "vmc")
    opts.update(section_options(cp, name))
    return opts


def option_args(opts):
    """vmc_dist arguments of an option dict: --section.key value ..."""
    args = []
    for key, value in opts.items():
        args += ["--" + key, value]
    return args
