#include "write_fault.hpp"

#include <cstdlib>
#include <string>

namespace vitvmc {

bool injected_write_fault(int rank, std::string_view what) {
  const char* spec = std::getenv("VITVMC_INJECT_WRITE_ERROR");
  if (!spec || !*spec) return false;
  return std::string(spec) == std::to_string(rank) + ":" + std::string(what);
}

}  // namespace vitvmc
