#pragma once
/// \file checkpoint_compat.hpp
/// Refusing a checkpoint that belongs to another problem: a different lattice or Hamiltonian (read
/// from the configuration echo) or a different architecture (the parameter layout table).

#include <map>
#include <string>
#include <vector>

#include "vitvmc/io/checkpoint.hpp"

namespace vitvmc {

/// Parses a configuration echo into `section.key` -> value. Accepts `section.key = value` lines
/// and INI form (`[section]` then `key = value`); blank lines and lines starting with # or ; are
/// skipped; keys and values are trimmed.
std::map<std::string, std::string> parse_config_echo(const std::string& echo);

/// The fields of a configuration echo a restart must match: every `lattice.*` and `model.*` key
/// except `model.seed` (initialisation only). Pass the current run's echo; the result feeds
/// validate_compatible.
std::map<std::string, std::string> restart_compatibility_fields(const std::string& echo);

/// Throws CheckpointError listing every difference between `checkpoint` and the current run:
/// parameter slices (name, offset, shape; by position), theta's size, and each `expected_fields`
/// entry (`section.key` -> value) against the checkpoint's configuration echo. Values that both
/// parse as numbers are compared as numbers ("0.5" == "0.50"); a field missing from the echo is a
/// difference.
void validate_compatible(const CheckpointData& checkpoint,
                         const std::vector<ParameterLayoutEntry>& expected_layout,
                         const std::map<std::string, std::string>& expected_fields);

}  // namespace vitvmc
