"""Helpers shared by the Python tools under scripts/ (one concept per module):

  errors        ToolInputError: bad input a tool reports with a message and exit code
  json_files    a JSON file, or the JSON line a program printed (--json)
  summary       a run's summary.json and vmc_measure's JSON (field names old and new)
  run_log       a run's log.h5: columns, phase timers, one locking convention
  ini           INI config files and the configuration echo of checkpoints (/config)
  study_config  campaign and study configs: [vmc] options, per-case overrides, CLI arguments
  launch        the mpirun prefix every tool starts its runs with
  fit           weighted linear least squares and the chi^2 distribution's tail
  protocol      the finite-size extrapolation protocol of docs/extrapolation.md

The tools put scripts/ on sys.path (it is the directory of the script being run), so
`from vitvmc_tools import ...` works from any working directory.
"""
