#pragma once
/// \file option_table.hpp
/// One table row per option: its name, the field it fills, its default (the field's value when the
/// row is added), help, validation and how the configuration echo writes it. Parsing (command line
/// and INI, options_parser.hpp), --help, validation and the echo are all driven by the rows, so an
/// option is declared once. Boost stays out of this header.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// When the configuration echo writes an option.
enum class EchoRule {
  always,          ///< every echo
  unless_default,  ///< only when it differs from the default (keeps older echoes unchanged)
  never,           ///< not part of the run's identity (e.g. --restart, --plan.ranks)
};

/// A validation rule for a value of type T: the reason it is refused, or nothing.
template <class T>
using Check = std::function<std::optional<std::string>(const T&)>;

/// Value <-> option text for the option types (integers, reals, booleans, strings, kinds).
std::string option_text(Index value);
std::string option_text(std::uint64_t value);
std::string option_text(Real value);  ///< shortest text that reads back as the same double
std::string option_text(bool value);
std::string option_text(const std::string& value);
template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
std::string option_text(E value) {
  return std::string(name_of(value));
}

/// Parse `text` as the option's type; a refusal names the option and the expected form.
void parse_option_value(const std::string& option, const std::string& text, Index& out);
void parse_option_value(const std::string& option, const std::string& text, std::uint64_t& out);
void parse_option_value(const std::string& option, const std::string& text, Real& out);
void parse_option_value(const std::string& option, const std::string& text, bool& out);
void parse_option_value(const std::string& option, const std::string& text, std::string& out);
/// Enums: one of the kind's names; the message lists them.
[[noreturn]] void refuse_kind(const std::string& option, const std::string& text,
                              const std::string& choices);
template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
void parse_option_value(const std::string& option, const std::string& text, E& out) {
  const std::optional<E> kind = kind_from_name<E>(text);
  if (!kind) refuse_kind(option, text, kind_choices<E>());
  out = *kind;
}

struct OptionRow {
  std::string name;                  ///< "lattice.lx" (the command line adds --)
  std::vector<std::string> aliases;  ///< other spellings (vmc_ed's --lx); not both at once
  std::string help;
  std::string default_text;  ///< the value when the row was added, for --help and the echo rule
  /// Parses text into the field; a refusal names `option` (the spelling the user gave).
  std::function<void(const std::string& option, const std::string& text)> set;
  std::function<std::string()> text;  ///< the field's value as option text
  /// Validates the field's own value (may be empty); a refusal names `option`.
  std::function<void(const std::string& option)> check;
  EchoRule echo = EchoRule::always;
  std::function<bool()> echo_when;         ///< further echo condition (may be empty)
  std::function<std::string()> echo_text;  ///< what the echo writes, when not `text` (may be empty)
  bool is_switch = false;                  ///< given = true, takes no value (--plan, --json)
  bool given = false;    ///< set by the parser: the command line or the INI file named it
  std::string given_as;  ///< the spelling given (name or an alias), when given

  /// "--" + the spelling the user gave, or the name: what messages about this option say.
  std::string spelling() const { return "--" + (given_as.empty() ? name : given_as); }

  /// Builder-style settings for rows returned by OptionTable::add.
  OptionRow& echoed(EchoRule rule) {
    echo = rule;
    return *this;
  }
  OptionRow& echoed_when(std::function<bool()> condition) {
    echo_when = std::move(condition);
    return *this;
  }
  OptionRow& echoed_as(std::function<std::string()> value) {
    echo_text = std::move(value);
    return *this;
  }
  OptionRow& alias(std::string other) {
    aliases.push_back(std::move(other));
    return *this;
  }
};

/// Rows in help order, grouped under titles; the echo writes them in the same order, one INI
/// section per name prefix.
class OptionTable {
 public:
  struct Group {
    std::string title;
    std::vector<OptionRow> rows;
  };

  /// Starts a group of rows under `title` (as --help shows it).
  void group(std::string title) { groups_.push_back({std::move(title), {}}); }

  /// A row bound to `field` (which must outlive the table); its current value is the default.
  template <class T>
  OptionRow& add(std::string name, T& field, std::string help, Check<T> check = {}) {
    OptionRow row;
    row.name = std::move(name);
    row.help = std::move(help);
    row.default_text = option_text(field);
    row.set = [&field](const std::string& option, const std::string& text) {
      parse_option_value(option, text, field);
    };
    row.text = [&field] { return option_text(field); };
    if (check) {
      row.check = [&field, check = std::move(check)](const std::string& option) {
        if (const std::optional<std::string> why = check(field)) refuse(option, *why);
      };
    }
    return push(std::move(row));
  }
  /// A switch: false unless given.
  OptionRow& add_switch(std::string name, bool& field, std::string help);

  /// Drops the row of `name` (an app that reads the option its own way, e.g. vmc_bench's
  /// --model.precision both). Requires the row to exist.
  void remove(const std::string& name);

  std::vector<Group>& groups() { return groups_; }
  const std::vector<Group>& groups() const { return groups_; }
  /// The row of `name` (without --), or null.
  OptionRow* find(const std::string& name);
  const OptionRow* find(const std::string& name) const;
  /// Whether the user named the option (command line or INI). Requires the row to exist.
  bool given(const std::string& name) const;

  /// Runs every row's own check (ranges, positivity) in table order.
  void check_values() const;
  /// The options as INI text by their echo rules, loadable again with --config: one
  /// `[section]` per name prefix, in table order.
  std::string echo() const;

 private:
  [[noreturn]] static void refuse(const std::string& option, const std::string& why);
  OptionRow& push(OptionRow row);
  std::vector<Group> groups_;
};

/// Common checks. Messages follow "must be ..., got VALUE".
Check<Index> positive_integer();
Check<Index> non_negative_integer();
Check<Index> integer_in(Index lo, Index hi);
Check<Real> positive_real();
Check<Real> non_negative_real();
/// v in the interval from lo to hi, each end open or closed: "must be in (0, 2], got 3".
Check<Real> real_in(Real lo, bool lo_open, Real hi, bool hi_open);
/// Any text that `valid` accepts, described by `form` in the message.
Check<std::string> text_matching(std::function<bool(const std::string&)> valid, std::string form);

}  // namespace vitvmc
