#pragma once
/// \file checkpoint_compat.hpp
/// Refusing a checkpoint that belongs to another problem: a different lattice or Hamiltonian (the
/// fields of its configuration echo) or a different architecture (the parameter layout table).

#include <map>
#include <string>
#include <vector>

#include "vitvmc/io/checkpoint.hpp"

namespace vitvmc {

/// Throws CheckpointError listing every difference between `checkpoint` and the current run:
/// parameter slices (name, offset, shape; by position), theta's size, and each `expected_fields`
/// entry (`section.key` -> option text) against `found_fields`, the same fields of the run the
/// checkpoint's configuration echo describes (restart_compatibility_fields in config/ gives both);
/// a field missing from `found_fields` is a difference.
void validate_compatible(const CheckpointData& checkpoint,
                         const std::vector<ParameterLayoutEntry>& expected_layout,
                         const std::map<std::string, std::string>& found_fields,
                         const std::map<std::string, std::string>& expected_fields);

}  // namespace vitvmc
