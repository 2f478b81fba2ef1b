#pragma once
/// \file byte_size.hpp
/// Byte counts as users write them: "8G", "512M", "2048K", "1000000" (binary units, K = 1024).

#include <cctype>
#include <cmath>
#include <optional>
#include <string>

namespace vitvmc {

/// The byte count of `text` (a positive number, optional fraction, optional K/M/G/T suffix, any
/// case, optional trailing 'B'/"iB"); nullopt when it is not one.
inline std::optional<double> parse_byte_size(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
    return std::nullopt;  // no sign, no leading blanks, no "inf"/"nan"
  std::string suffix = text.substr(used);
  for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  double scale = 1;
  if (!suffix.empty() && std::string("KMGT").find(suffix[0]) != std::string::npos) {
    scale = std::pow(1024.0, 1 + static_cast<double>(std::string("KMGT").find(suffix[0])));
    suffix.erase(0, 1);
  }
  if (!(suffix.empty() || suffix == "B" || (scale > 1 && suffix == "IB"))) return std::nullopt;
  const double bytes = value * scale;
  if (!std::isfinite(bytes) || bytes < 1) return std::nullopt;
  return bytes;
}

}  // namespace vitvmc
