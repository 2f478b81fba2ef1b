#include "vitvmc/io/checkpoint_compat.hpp"

#include <cstdlib>
#include <optional>
#include <sstream>

namespace vitvmc {
namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

std::optional<double> as_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return value;
}

bool same_value(const std::string& a, const std::string& b) {
  const auto x = as_number(a);
  const auto y = as_number(b);
  return x && y ? *x == *y : a == b;
}

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

std::map<std::string, std::string> parse_config_echo(const std::string& echo) {
  std::map<std::string, std::string> fields;
  std::istringstream lines(echo);
  std::string section;
  for (std::string line; std::getline(lines, line);) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq));
    const bool qualified = section.empty() || key.find('.') != std::string::npos;
    fields[qualified ? key : section + "." + key] = trim(line.substr(eq + 1));
  }
  return fields;
}

std::map<std::string, std::string> restart_compatibility_fields(const std::string& echo) {
  std::map<std::string, std::string> fields;
  for (const auto& [key, value] : parse_config_echo(echo)) {
    const bool problem = key.rfind("lattice.", 0) == 0 || key.rfind("model.", 0) == 0;
    // The seed and the forward pass's precision do not change what theta means.
    if (problem && key != "model.seed" && key != "model.precision") fields[key] = value;
  }
  return fields;
}

void validate_compatible(const CheckpointData& checkpoint,
                         const std::vector<ParameterLayoutEntry>& expected_layout,
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
  const auto found = parse_config_echo(checkpoint.config_echo);
  for (const auto& [key, value] : expected_fields) {
    const auto it = found.find(key);
    if (it == found.end()) {
      differences.push_back(key + ": missing from the checkpoint's configuration, expected " +
                            value);
    } else if (!same_value(it->second, value)) {
      differences.push_back(key + ": checkpoint " + it->second + ", expected " + value);
    }
  }
  if (differences.empty()) return;
  std::string message = "checkpoint does not match this run:";
  for (const auto& d : differences) message += "\n  " + d;
  throw CheckpointError(message);
}

}  // namespace vitvmc
