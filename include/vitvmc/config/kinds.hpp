#pragma once
/// \file kinds.hpp
/// Every option that takes one of a fixed set of names is an enum class here, with its names in one
/// table: parsing, validation messages, --help and the configuration echo all read that table, and
/// no code outside src/config compares configuration strings.
///
/// The three kinds a user extends (docs/extending.md) are generated from one list each
/// (VITVMC_LATTICE_KINDS, VITVMC_ATTENTION_KINDS, VITVMC_SYMMETRY_LEVELS): a token in the list
/// names the enum value, its option text and the builder the owning module links to it.

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

// Registration lists: one token per kind (docs/extending.md says what each token needs).
#define VITVMC_LATTICE_KINDS(X) X(square) X(shastry_sutherland)
#define VITVMC_ATTENTION_KINDS(X) X(factored) X(standard)
#define VITVMC_SYMMETRY_LEVELS(X) X(none) X(translations) X(lattice) X(lattice_spinflip)

namespace vitvmc {

#define VITVMC_KIND_VALUE(name) name,
enum class LatticeKind { VITVMC_LATTICE_KINDS(VITVMC_KIND_VALUE) };
enum class AttentionKind { VITVMC_ATTENTION_KINDS(VITVMC_KIND_VALUE) };
enum class SymmetryLevel { VITVMC_SYMMETRY_LEVELS(VITVMC_KIND_VALUE) };
#undef VITVMC_KIND_VALUE

/// --lattice.marshall: the sign rule of the basis (run_config.hpp resolves `automatic`).
enum class MarshallRule { automatic, on, off, checkerboard };
enum class ModelKind { vit, rbm };
/// Scalar of the ViT's forward pass for sampling and local energies.
enum class Precision { float64, float32 };
enum class SamplerKind { metropolis, exact };
enum class OptimizerMethod { sr, adam };
/// SR in sample space (kernel), parameter space, or chosen from the sizes (automatic).
enum class SolverChoice { automatic, kernel, parameter };
/// Learning-rate and diagonal-shift schedules.
enum class ScheduleKind { constant, cosine, exponential };
/// --init.new_displacements: how position tables move to another patch grid.
enum class DisplacementRule { wrap, zero, nearest };

/// The option text of each value, in declaration order. Specialised below for every enum.
template <class E>
struct KindNames;

#define VITVMC_KIND_ENTRY(name) std::pair{Kind::name, std::string_view(#name)},
template <>
struct KindNames<LatticeKind> {
  using Kind = LatticeKind;
  static constexpr std::array table{VITVMC_LATTICE_KINDS(VITVMC_KIND_ENTRY)};
};
template <>
struct KindNames<AttentionKind> {
  using Kind = AttentionKind;
  static constexpr std::array table{VITVMC_ATTENTION_KINDS(VITVMC_KIND_ENTRY)};
};
template <>
struct KindNames<SymmetryLevel> {
  using Kind = SymmetryLevel;
  static constexpr std::array table{VITVMC_SYMMETRY_LEVELS(VITVMC_KIND_ENTRY)};
};
#undef VITVMC_KIND_ENTRY

template <>
struct KindNames<MarshallRule> {
  static constexpr std::array table{
      std::pair{MarshallRule::automatic, std::string_view("auto")},
      std::pair{MarshallRule::on, std::string_view("true")},
      std::pair{MarshallRule::off, std::string_view("false")},
      std::pair{MarshallRule::checkerboard, std::string_view("checkerboard")}};
};
template <>
struct KindNames<ModelKind> {
  static constexpr std::array table{std::pair{ModelKind::vit, std::string_view("vit")},
                                    std::pair{ModelKind::rbm, std::string_view("rbm")}};
};
template <>
struct KindNames<Precision> {
  static constexpr std::array table{std::pair{Precision::float64, std::string_view("float64")},
                                    std::pair{Precision::float32, std::string_view("float32")}};
};
template <>
struct KindNames<SamplerKind> {
  static constexpr std::array table{
      std::pair{SamplerKind::metropolis, std::string_view("metropolis")},
      std::pair{SamplerKind::exact, std::string_view("exact")}};
};
template <>
struct KindNames<OptimizerMethod> {
  static constexpr std::array table{std::pair{OptimizerMethod::sr, std::string_view("sr")},
                                    std::pair{OptimizerMethod::adam, std::string_view("adam")}};
};
template <>
struct KindNames<SolverChoice> {
  static constexpr std::array table{
      std::pair{SolverChoice::automatic, std::string_view("auto")},
      std::pair{SolverChoice::kernel, std::string_view("kernel")},
      std::pair{SolverChoice::parameter, std::string_view("parameter")}};
};
template <>
struct KindNames<ScheduleKind> {
  static constexpr std::array table{
      std::pair{ScheduleKind::constant, std::string_view("constant")},
      std::pair{ScheduleKind::cosine, std::string_view("cosine")},
      std::pair{ScheduleKind::exponential, std::string_view("exponential")}};
};
template <>
struct KindNames<DisplacementRule> {
  static constexpr std::array table{
      std::pair{DisplacementRule::wrap, std::string_view("wrap")},
      std::pair{DisplacementRule::zero, std::string_view("zero")},
      std::pair{DisplacementRule::nearest, std::string_view("nearest")}};
};

/// The option text of `value` (e.g. "shastry_sutherland").
template <class E>
constexpr std::string_view name_of(E value) {
  for (const auto& [kind, name] : KindNames<E>::table)
    if (kind == value) return name;
  return "?";
}

/// The value whose option text is `text`, if any.
template <class E>
constexpr std::optional<E> kind_from_name(std::string_view text) {
  for (const auto& [kind, name] : KindNames<E>::table)
    if (name == text) return kind;
  return std::nullopt;
}

/// "a | b | c": the allowed texts, for help and error messages.
template <class E>
std::string kind_choices() {
  std::string list;
  for (const auto& entry : KindNames<E>::table)
    list += (list.empty() ? "" : " | ") + std::string(entry.second);
  return list;
}

/// Kinds print as their option text.
template <class E, class = decltype(KindNames<E>::table)>
std::ostream& operator<<(std::ostream& out, E value) {
  return out << name_of(value);
}

/// Every value, in declaration order.
template <class E>
constexpr auto all_kinds() {
  std::array<E, KindNames<E>::table.size()> kinds{};
  for (std::size_t i = 0; i < kinds.size(); ++i) kinds[i] = KindNames<E>::table[i].first;
  return kinds;
}

}  // namespace vitvmc
