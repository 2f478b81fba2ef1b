#pragma once
// Shared helpers of the configuration tests: vmc_dist's command line from a list of words, and
// what it is refused for.

#include <optional>
#include <string>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc::test {

/// parse_run_config on the command line "vmc_dist <args...>".
inline ParsedCommandLine parse(std::vector<std::string> args) {
  args.insert(args.begin(), "vmc_dist");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_run_config(static_cast<int>(argv.size()), argv.data());
}

/// The InvalidInput `args` are refused with, if any.
inline std::optional<InvalidInput> refusal(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const InvalidInput& e) {
    return e;
  }
  return std::nullopt;
}

/// The option the refusal of `args` names, or "(accepted)".
inline std::string rejected_option(const std::vector<std::string>& args) {
  const auto r = refusal(args);
  return r ? r->option() : "(accepted)";
}

/// The message of the refusal of `args`, or "accepted".
inline std::string rejection(const std::vector<std::string>& args) {
  const auto r = refusal(args);
  return r ? r->what() : "accepted";
}

}  // namespace vitvmc::test
