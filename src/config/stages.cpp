#include "vitvmc/config/stages.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr const char* kOption = "--optimizer.stages";

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  if (!text.empty() && text.back() == sep) parts.emplace_back();
  return parts;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

[[noreturn]] void bad(const std::string& why) {
  throw InvalidInput(kOption, why + "; the form is " + stages_form());
}

Index positive_integer(const std::string& text, const std::string& what) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || text.size() > 12) bad(what + " must be a positive integer, got '" + text + "'");
  const Index v = std::stoll(text);
  if (v < 1) bad(what + " must be a positive integer, got '" + text + "'");
  return v;
}

Real non_negative_real(const std::string& text, const std::string& what) {
  char* end = nullptr;
  errno = 0;
  const Real v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !(v >= 0))
    bad(what + " must be a non-negative number, got '" + text + "'");
  return v;
}

void apply_setting(OptimizerStage& stage, const std::string& setting, const std::string& where) {
  const auto eq = setting.find('=');
  if (eq == std::string::npos) bad(where + ": expected key=value, got '" + setting + "'");
  const std::string key = trim(setting.substr(0, eq));
  const std::string value = trim(setting.substr(eq + 1));
  if (key == "lr") {
    stage.lr = non_negative_real(value, where + " lr");
    if (*stage.lr <= 0) bad(where + " lr must be > 0, got '" + value + "'");
  } else if (key == "shift") {
    stage.shift = non_negative_real(value, where + " shift");
  } else if (key == "samples") {
    stage.samples = positive_integer(value, where + " samples");
  } else {
    bad(where + ": unknown setting '" + key + "' (allowed: lr, shift, samples)");
  }
}

OptimizerStage parse_stage(const std::string& text, std::size_t number) {
  const std::string where = "stage " + std::to_string(number);
  const std::vector<std::string> fields = split(text, ':');
  if (fields.size() < 2) bad(where + " '" + text + "' needs level:steps");
  OptimizerStage stage;
  const std::string level = trim(fields[0]);
  const std::optional<SymmetryLevel> symmetrize = kind_from_name<SymmetryLevel>(level);
  if (!symmetrize) bad(where + ": unknown level '" + level + "'");
  stage.symmetrize = *symmetrize;
  stage.steps = positive_integer(trim(fields[1]), where + " steps");
  for (std::size_t i = 2; i < fields.size(); ++i) apply_setting(stage, fields[i], where);
  return stage;
}

}  // namespace

std::string stages_form() {
  return "level:steps[:lr=X][:shift=X][:samples=N] separated by commas, level one of " +
         kind_choices<SymmetryLevel>() + ", e.g. \"none:250,translations:30,lattice:20\"";
}

std::vector<OptimizerStage> parse_stages(const std::string& raw) {
  std::vector<OptimizerStage> stages;
  std::string text = trim(raw);
  // An INI value may be quoted.
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = trim(text.substr(1, text.size() - 2));
  if (text.empty()) return stages;
  const std::vector<std::string> parts = split(text, ',');
  for (std::size_t i = 0; i < parts.size(); ++i) stages.push_back(parse_stage(parts[i], i + 1));
  return stages;
}

Index total_stage_steps(const std::vector<OptimizerStage>& stages) {
  Index total = 0;
  for (const OptimizerStage& s : stages) total += s.steps;
  return total;
}

Index stage_index(const std::vector<OptimizerStage>& stages, Index completed) {
  VITVMC_REQUIRE(!stages.empty(), "stage_index needs a non-empty plan");
  Index end = 0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    end += stages[i].steps;
    if (completed < end) return static_cast<Index>(i);
  }
  return static_cast<Index>(stages.size()) - 1;
}

ModelConfig model_at_step(const RunConfig& config, Index completed) {
  ModelConfig model = config.model;
  const std::vector<OptimizerStage> stages = parse_stages(config.optimizer.stages);
  if (!stages.empty())
    model.symmetrize =
        stages[static_cast<std::size_t>(stage_index(stages, std::max<Index>(completed - 1, 0)))]
            .symmetrize;
  return model;
}

}  // namespace vitvmc
