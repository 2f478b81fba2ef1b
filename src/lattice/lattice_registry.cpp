// The lattice kinds: one definition function per token of VITVMC_LATTICE_KINDS, each in its own
// file. A token without its function fails to link, so the list and the files cannot drift apart.
#include "vitvmc/lattice/lattice_kind.hpp"

namespace vitvmc {

#define VITVMC_DECLARE_LATTICE(kind) const LatticeDefinition& kind##_lattice_definition();
VITVMC_LATTICE_KINDS(VITVMC_DECLARE_LATTICE)
#undef VITVMC_DECLARE_LATTICE

const LatticeDefinition& lattice_definition(LatticeKind kind) {
  switch (kind) {
#define VITVMC_LATTICE_CASE(name) \
  case LatticeKind::name:         \
    return name##_lattice_definition();
    VITVMC_LATTICE_KINDS(VITVMC_LATTICE_CASE)
#undef VITVMC_LATTICE_CASE
  }
  return square_lattice_definition();  // unreachable: every enumerator has a case
}

}  // namespace vitvmc
