#pragma once
/// \file json.hpp
/// The one way JSON leaves the code: nlohmann::ordered_json (keys in insertion order), numbers with
/// shortest round-trip digits, non-finite numbers as null, strings escaped by the library.
/// Header-only; a target that includes it links nlohmann_json::nlohmann_json.

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "vitvmc/config/kinds.hpp"

namespace vitvmc {

using Json = nlohmann::ordered_json;

/// A finite double as a number, NaN and infinities as null (JSON has no literal for them).
inline Json json_number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

/// Serialised `j`: one line (indent < 0) or indented. Invalid UTF-8 in strings (a path, say) is
/// replaced by U+FFFD instead of throwing.
inline std::string json_text(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

/// Configuration kinds go out by their option text (nlohmann would write the enum's number).
template <class E, class = std::enable_if_t<std::is_enum_v<E>>,
          class = decltype(KindNames<E>::table)>
void to_json(Json& j, E value) {
  j = std::string(name_of(value));
}

}  // namespace vitvmc
