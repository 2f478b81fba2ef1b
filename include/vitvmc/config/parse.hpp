#pragma once
/// \file parse.hpp
/// Command line + INI parsing into RunConfig. Declarations only: Boost.ProgramOptions stays in
/// parse.cpp. Every rank parses the same arguments and file, so every rank reaches the same verdict
/// (no broadcast needed, and no rank can hang waiting for another that rejected the input).

#include <string>
#include <vector>

#include "vitvmc/config/run_config.hpp"

namespace vitvmc {

struct ParsedCommandLine {
  RunConfig config;
  bool help = false;      ///< --help was given: print help_text and exit 0
  bool plan = false;      ///< --plan was given: print the memory plan and exit 0
  std::string help_text;  ///< every option with its default and meaning
  std::string echo;  ///< the effective configuration as INI text (logged, stored in checkpoints)
};

/// Parses `--config FILE` (INI: [section] key = value, section.key = option name) and
/// `--section.key value` overrides (the command line wins). Throws InvalidInput naming the option
/// for unknown options, wrong types, missing files and values outside the allowed set or range.
ParsedCommandLine parse_run_config(int argc, const char* const* argv);

/// Refuses (InvalidInput naming the option) arguments holding Boost.ProgramOptions' error-message
/// placeholders (%value%, %option%, ...): Boost 1.74 loops forever formatting an error about such a
/// value. parse_run_config does this itself; apps with their own Boost options call it first.
void refuse_option_parser_placeholders(int argc, const char* const* argv);

/// Validates cross-option constraints (sizes, divisibility, enums). Throws InvalidInput.
void validate_run_config(const RunConfig& config);

/// Seconds in a --run.walltime value HH:MM:SS (hours may exceed 24; MM, SS < 60); 0 for "" (no
/// limit). Throws InvalidInput("--run.walltime") for anything else.
double walltime_seconds(const std::string& walltime);

/// The configuration as INI text, loadable again with --config.
std::string config_to_ini(const RunConfig& config);

}  // namespace vitvmc
