#pragma once
/// \file parse.hpp
/// Command line + INI parsing of an OptionTable, and of vmc_dist's RunConfig in particular.
/// Declarations only: Boost.ProgramOptions stays in parse.cpp. Every rank parses the same
/// arguments and file, so every rank reaches the same verdict (no broadcast needed, and no rank can
/// hang waiting for another that rejected the input).

#include <functional>
#include <string>
#include <vector>

#include "vitvmc/config/option_table.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/config/run_options.hpp"

namespace vitvmc {

struct ParseSettings {
  std::string title;          ///< first line of --help
  bool config_file = true;    ///< accept --config FILE (INI: [section] key = value)
  bool short_options = true;  ///< "--lx -4" reads -4 as a value either way (negatives are glued)
};

/// Parses `argv` (and the --config file, which the command line overrides) into the table's
/// fields and marks each row `given`. Returns true when --help was asked (nothing is validated
/// then). Throws InvalidInput naming the option for unknown options, malformed values, a missing
/// file, an option given twice or under two spellings.
bool parse_options(OptionTable& table, int argc, const char* const* argv,
                   const ParseSettings& settings);

/// Every option of the table with its default and help, grouped (the --help text).
std::string options_help(const OptionTable& table, const ParseSettings& settings);

struct ParsedCommandLine {
  RunConfig config;
  bool help = false;      ///< --help was given: print help_text and exit 0
  bool plan = false;      ///< --plan was given: print the memory plan and exit 0
  std::string help_text;  ///< every option with its default and meaning
  std::string echo;  ///< the effective configuration as INI text (logged, stored in checkpoints)
};

/// vmc_dist's command line: parses `--config FILE` (INI: [section] key = value, section.key =
/// option name) and `--section.key value` overrides (the command line wins), then validates.
/// Throws InvalidInput naming the option for unknown options, wrong types, missing files and
/// values outside the allowed set or range.
/// `extend` adds an app's own rows (groups, or replacements for vmc_dist rows) before parsing;
/// --help lists them with the rest.
ParsedCommandLine parse_run_config(int argc, const char* const* argv,
                                   const std::function<void(OptionTable&)>& extend = {});

/// The run a configuration echo describes (a checkpoint's /config, log.h5's), with `overrides`
/// ("--section.key", "value", ...) applied on top as on vmc_dist's command line; validated. The
/// one way C++ code reads an echo back (vmc_measure, --init.from, restarts).
RunConfig run_config_from_echo(const std::string& echo,
                               const std::vector<std::string>& overrides = {});

/// Refuses (InvalidInput naming the option) arguments holding Boost.ProgramOptions' error-message
/// placeholders (%value%, %option%, ...): Boost 1.74 loops forever formatting an error about such a
/// value. parse_options does this itself.
void refuse_option_parser_placeholders(int argc, const char* const* argv);

/// The configuration as INI text, loadable again with --config (the echo).
std::string config_to_ini(const RunConfig& config);

}  // namespace vitvmc
