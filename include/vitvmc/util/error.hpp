#pragma once
/// \file error.hpp
/// Exceptions that reach the user. InvalidInput names the option at fault and what is allowed;
/// apps turn it into exit code 2 on every rank.

#include <stdexcept>
#include <string>

namespace vitvmc {

/// Bad user input: `option` is the user-facing name (e.g. "--lattice.lx"), `message` says what is allowed.
class InvalidInput : public std::invalid_argument {
 public:
  InvalidInput(const std::string& option, const std::string& message)
      : std::invalid_argument(option + ": " + message), option_(option) {}
  const std::string& option() const noexcept { return option_; }

 private:
  std::string option_;
};

/// Throws InvalidInput(option, message) unless `condition` holds.
inline void require_input(bool condition, const std::string& option, const std::string& message) {
  if (!condition) throw InvalidInput(option, message);
}

/// Internal invariant broken: a bug, not a user error.
#define VITVMC_REQUIRE(cond, msg)                                                           \
  do {                                                                                      \
    if (!(cond))                                                                            \
      throw std::logic_error(std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + \
                             (msg));                                                        \
  } while (0)

}  // namespace vitvmc
