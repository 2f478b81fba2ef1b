#include "vitvmc/io/checkpoint_compat.hpp"

#include <sstream>

namespace vitvmc {
namespace {

std::string shape_text(const std::vector<Index>& shape) {
  std::ostringstream text;
  text << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) text << (i ? "," : "") << shape[i];
  text << ']';
  return text.str();
}

std::string slice_text(const ParameterLayoutEntry& s) {
  return "'" + s.name + "' offset " + std::to_string(s.offset) + " shape " + shape_text(s.shape);
}

void compare_layouts(const std::vector<ParameterLayoutEntry>& found,
                     const std::vector<ParameterLayoutEntry>& expected,
                     std::vector<std::string>& differences) {
  if (found.size() != expected.size()) {
    differences.push_back("parameter layout has " + std::to_string(found.size()) +
                          " slices in the checkpoint, " + std::to_string(expected.size()) +
                          " expected");
  }
  for (std::size_t i = 0; i < std::min(found.size(), expected.size()); ++i) {
    const auto& f = found[i];
    const auto& e = expected[i];
    if (f.name != e.name || f.offset != e.offset || f.shape != e.shape) {
      differences.push_back("parameter slice " + std::to_string(i) + ": checkpoint " +
                            slice_text(f) + ", expected " + slice_text(e));
    }
  }
}

}  // namespace

void validate_compatible(const CheckpointData& checkpoint,
                         const std::vector<ParameterLayoutEntry>& expected_layout,
                         const std::map<std::string, std::string>& found,
                         const std::map<std::string, std::string>& expected_fields) {
  std::vector<std::string> differences;
  compare_layouts(checkpoint.layout, expected_layout, differences);
  Index expected_size = 0;
  for (const auto& s : expected_layout) {
    Index size = 1;
    for (const Index n : s.shape) size *= n;
    expected_size = std::max(expected_size, s.offset + size);
  }
  if (checkpoint.theta.size() != expected_size) {
    differences.push_back("theta has " + std::to_string(checkpoint.theta.size()) +
                          " parameters in the checkpoint, " + std::to_string(expected_size) +
                          " expected");
  }
  for (const auto& [key, value] : expected_fields) {
    const auto it = found.find(key);
    if (it == found.end()) {
      differences.push_back(key + ": missing from the checkpoint's configuration, expected " +
                            value);
    } else if (it->second != value) {
      differences.push_back(key + ": checkpoint " + it->second + ", expected " + value);
    }
  }
  if (differences.empty()) return;
  std::string message = "checkpoint does not match this run:";
  for (const auto& d : differences) message += "\n  " + d;
  throw CheckpointError(message);
}

}  // namespace vitvmc
