#include "vitvmc/lattice/bond_set.hpp"

#include <algorithm>
#include <utility>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

std::pair<Index, Index> ordered(Index a, Index b) { return {std::min(a, b), std::max(a, b)}; }

std::vector<std::pair<Index, Index>> sorted_pairs(const std::vector<Bond>& bonds) {
  std::vector<std::pair<Index, Index>> out;
  out.reserve(bonds.size());
  for (const Bond& b : bonds) out.push_back(ordered(b.a, b.b));
  std::sort(out.begin(), out.end());
  return out;
}

/// A permutation maps distinct bonds to distinct pairs, so "every image is a bond of the list"
/// means the list is mapped onto itself (lists hold no duplicates: sides are >= 3).
bool maps_onto(const std::vector<Bond>& bonds, const std::vector<std::pair<Index, Index>>& sorted,
               const std::vector<Index>& image) {
  for (const Bond& b : bonds) {
    const auto pair =
        ordered(image[static_cast<std::size_t>(b.a)], image[static_cast<std::size_t>(b.b)]);
    if (!std::binary_search(sorted.begin(), sorted.end(), pair)) return false;
  }
  return true;
}

}  // namespace

BondSet::BondSet(Index n_sites, std::vector<Bond> j1_bonds, std::vector<Bond> j2_bonds,
                 std::vector<int> sign_colour)
    : n_sites_(n_sites),
      j1_bonds_(std::move(j1_bonds)),
      j2_bonds_(std::move(j2_bonds)),
      sign_colour_(std::move(sign_colour)) {
  VITVMC_REQUIRE(n_sites > 0, "BondSet: no sites");
  for (const auto* list : {&j1_bonds_, &j2_bonds_})
    for (const Bond& b : *list)
      VITVMC_REQUIRE(b.a >= 0 && b.a < n_sites && b.b >= 0 && b.b < n_sites && b.a != b.b,
                     "BondSet: a bond must join two distinct sites of the lattice");
  VITVMC_REQUIRE(sign_colour_.empty() || static_cast<Index>(sign_colour_.size()) == n_sites,
                 "BondSet: the sign colouring must cover every site");
  sorted_j1_ = sorted_pairs(j1_bonds_);
  sorted_j2_ = sorted_pairs(j2_bonds_);
  VITVMC_REQUIRE(std::adjacent_find(sorted_j1_.begin(), sorted_j1_.end()) == sorted_j1_.end() &&
                     std::adjacent_find(sorted_j2_.begin(), sorted_j2_.end()) == sorted_j2_.end(),
                 "BondSet: a bond is listed twice");
}

bool BondSet::preserved_by(const std::vector<Index>& image) const {
  VITVMC_REQUIRE(static_cast<Index>(image.size()) == n_sites_, "BondSet: permutation size");
  return maps_onto(j1_bonds_, sorted_j1_, image) && maps_onto(j2_bonds_, sorted_j2_, image);
}

}  // namespace vitvmc
