#include "vitvmc/model/layers/attention_kinds.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {

std::vector<AttentionKind> attention_kinds() {
  return {
#define VITVMC_ATTENTION_VALUE(k) AttentionKind::k,
      VITVMC_ATTENTION_KINDS(VITVMC_ATTENTION_VALUE)
#undef VITVMC_ATTENTION_VALUE
  };
}

const char* attention_kind_name(AttentionKind kind) {
  switch (kind) {
#define VITVMC_ATTENTION_NAME(k) \
  case AttentionKind::k:         \
    return #k;
    VITVMC_ATTENTION_KINDS(VITVMC_ATTENTION_NAME)
#undef VITVMC_ATTENTION_NAME
  }
  return "?";
}

AttentionKind attention_kind(const std::string& name) {
  for (const AttentionKind kind : attention_kinds())
    if (name == attention_kind_name(kind)) return kind;
  throw InvalidInput("--model.attention",
                     "must be one of " + attention_kind_names() + ", got '" + name + "'");
}

std::string attention_kind_names(const std::string& separator) {
  std::string names;
  for (const AttentionKind kind : attention_kinds())
    names += (names.empty() ? "" : separator) + attention_kind_name(kind);
  return names;
}

}  // namespace vitvmc
