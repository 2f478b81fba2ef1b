#pragma once
/// \file attention_kinds.hpp
/// The attention types of `--model.attention`, one token each in VITVMC_ATTENTION_KINDS: the enum,
/// the name <-> kind functions and the registry (attention_registry.hpp) are generated from it.
/// TEMPORARY home: the typed configuration moves this list to include/vitvmc/config/kinds.hpp
/// (issue 27); until then ModelConfig::attention is a string turned into a kind by
/// attention_kind(), the one place that reads it.

#include <string>
#include <vector>

// The registration list: adding a type adds its token here (docs/extending.md).
#define VITVMC_ATTENTION_KINDS(X) X(factored) X(standard) X(decoupled)

namespace vitvmc {

enum class AttentionKind {
#define VITVMC_ATTENTION_ENUM(k) k,
  VITVMC_ATTENTION_KINDS(VITVMC_ATTENTION_ENUM)
#undef VITVMC_ATTENTION_ENUM
};

/// Every kind, in the order of the list.
std::vector<AttentionKind> attention_kinds();
/// The --model.attention value of `kind`.
const char* attention_kind_name(AttentionKind kind);
/// The kind called `name`; InvalidInput naming --model.attention and listing the names otherwise.
AttentionKind attention_kind(const std::string& name);
/// The names joined by `separator`, in the order of the list ("factored | standard | decoupled").
std::string attention_kind_names(const std::string& separator = " | ");

}  // namespace vitvmc
