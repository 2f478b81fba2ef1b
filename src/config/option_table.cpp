#include "vitvmc/config/option_table.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

template <class T>
std::string streamed(const T& v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Whole-text integer parse; from_chars refuses "+3", " 3", "3.0" and overflow.
template <class Int>
bool parse_integer(const std::string& text, Int& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, out);
  return error == std::errc() && ptr == end;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string option_text(Index value) { return std::to_string(value); }
std::string option_text(std::uint64_t value) { return std::to_string(value); }
std::string option_text(bool value) { return value ? "true" : "false"; }
std::string option_text(const std::string& value) { return value; }

// Shortest text that reads back as the same double (std::to_chars round-trip guarantee): the echo
// rebuilds the run in vmc_measure and decides restart compatibility, so 6 digits are not enough.
std::string option_text(Real value) {
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  VITVMC_REQUIRE(error == std::errc(), "cannot format a double");
  return std::string(text, end);
}

void parse_option_value(const std::string& option, const std::string& text, Index& out) {
  require_input(parse_integer(text, out), option, "must be an integer, got '" + text + "'");
}

void parse_option_value(const std::string& option, const std::string& text, std::uint64_t& out) {
  require_input(parse_integer(text, out), option,
                "must be a non-negative integer, got '" + text + "'");
}

void parse_option_value(const std::string& option, const std::string& text, Real& out) {
  // strtod-style forms ("1e-3", ".5", "2."); from_chars(general) takes all of them.
  const char* begin = text.data() + (text.rfind('+', 0) == 0 ? 1 : 0);
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(begin, end, out);
  require_input(!text.empty() && error == std::errc() && ptr == end, option,
                "must be a number, got '" + text + "'");
}

void parse_option_value(const std::string& option, const std::string& text, bool& out) {
  // The spellings Boost.ProgramOptions accepted for bool options.
  const std::string t = lower(text);
  if (t == "true" || t == "1" || t == "yes" || t == "on") {
    out = true;
  } else if (t == "false" || t == "0" || t == "no" || t == "off") {
    out = false;
  } else {
    throw InvalidInput(option, "must be true or false, got '" + text + "'");
  }
}

// Text values go into the INI echo as they are: a line break or '#' (Boost's comment mark) would
// change what reads back, and INI reading trims surrounding spaces.
void parse_option_value(const std::string& option, const std::string& text, std::string& out) {
  const bool one_line = text.find_first_of("\n\r#") == std::string::npos;
  const bool trimmed = text.empty() || (!std::isspace(static_cast<unsigned char>(text.front())) &&
                                        !std::isspace(static_cast<unsigned char>(text.back())));
  require_input(one_line && trimmed, option,
                "must be one line without '#' and without leading or trailing spaces (it is "
                "stored in the INI configuration echo), got '" +
                    text + "'");
  out = text;
}

void refuse_kind(const std::string& option, const std::string& text, const std::string& choices) {
  throw InvalidInput(option, "must be one of " + choices + ", got '" + text + "'");
}

OptionRow& OptionTable::add_switch(std::string name, bool& field, std::string help) {
  OptionRow& row = add(std::move(name), field, std::move(help));
  row.is_switch = true;
  row.echo = EchoRule::never;
  return row;
}

OptionRow& OptionTable::push(OptionRow row) {
  VITVMC_REQUIRE(!groups_.empty(), "OptionTable::group must come before the first row");
  VITVMC_REQUIRE(find(row.name) == nullptr, "option declared twice: " + row.name);
  groups_.back().rows.push_back(std::move(row));
  return groups_.back().rows.back();
}

void OptionTable::remove(const std::string& name) {
  for (Group& g : groups_) {
    const auto it = std::find_if(g.rows.begin(), g.rows.end(),
                                 [&](const OptionRow& r) { return r.name == name; });
    if (it == g.rows.end()) continue;
    g.rows.erase(it);
    return;
  }
  VITVMC_REQUIRE(false, "no option " + name + " to remove");
}

OptionRow* OptionTable::find(const std::string& name) {
  for (Group& g : groups_)
    for (OptionRow& r : g.rows)
      if (r.name == name) return &r;
  return nullptr;
}

const OptionRow* OptionTable::find(const std::string& name) const {
  return const_cast<OptionTable*>(this)->find(name);
}

bool OptionTable::given(const std::string& name) const {
  const OptionRow* row = find(name);
  VITVMC_REQUIRE(row != nullptr, "no option " + name);
  return row->given;
}

void OptionTable::refuse(const std::string& option, const std::string& why) {
  throw InvalidInput(option, why);
}

void OptionTable::check_values() const {
  for (const Group& g : groups_)
    for (const OptionRow& r : g.rows)
      if (r.check) r.check(r.spelling());
}

std::string OptionTable::echo() const {
  std::ostringstream out;
  std::string section;
  for (const Group& g : groups_) {
    for (const OptionRow& r : g.rows) {
      if (r.echo == EchoRule::never) continue;
      if (r.echo == EchoRule::unless_default && r.text() == r.default_text) continue;
      if (r.echo_when && !r.echo_when()) continue;
      const auto dot = r.name.find('.');
      VITVMC_REQUIRE(dot != std::string::npos, "echoed option without a section: " + r.name);
      if (r.name.substr(0, dot) != section) {
        section = r.name.substr(0, dot);
        out << '[' << section << "]\n";
      }
      out << r.name.substr(dot + 1) << " = " << (r.echo_text ? r.echo_text() : r.text()) << '\n';
    }
  }
  return out.str();
}

Check<Index> positive_integer() {
  return [](const Index& v) -> std::optional<std::string> {
    if (v >= 1) return std::nullopt;
    return "must be a positive integer, got " + std::to_string(v);
  };
}

Check<Index> non_negative_integer() {
  return [](const Index& v) -> std::optional<std::string> {
    if (v >= 0) return std::nullopt;
    return "must be >= 0, got " + std::to_string(v);
  };
}

Check<Index> integer_in(Index lo, Index hi) {
  return [lo, hi](const Index& v) -> std::optional<std::string> {
    if (v >= lo && v <= hi) return std::nullopt;
    return "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
           std::to_string(v);
  };
}

Check<Real> positive_real() {
  return [](const Real& v) -> std::optional<std::string> {
    if (v > 0) return std::nullopt;
    return "must be > 0, got " + streamed(v);
  };
}

Check<Real> non_negative_real() {
  return [](const Real& v) -> std::optional<std::string> {
    if (v >= 0) return std::nullopt;
    return "must be >= 0, got " + streamed(v);
  };
}

Check<Real> real_in(Real lo, bool lo_open, Real hi, bool hi_open) {
  return [=](const Real& v) -> std::optional<std::string> {
    const bool above = lo_open ? v > lo : v >= lo;
    const bool below = hi_open ? v < hi : v <= hi;
    if (above && below) return std::nullopt;
    return "must be in " + std::string(lo_open ? "(" : "[") + streamed(lo) + ", " + streamed(hi) +
           (hi_open ? ")" : "]") + ", got " + streamed(v);
  };
}

Check<std::string> text_matching(std::function<bool(const std::string&)> valid, std::string form) {
  return [valid = std::move(valid),
          form = std::move(form)](const std::string& v) -> std::optional<std::string> {
    if (valid(v)) return std::nullopt;
    return "expected " + form + ", got '" + v + "'";
  };
}

}  // namespace vitvmc
