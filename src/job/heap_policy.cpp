#include "vitvmc/job/heap_policy.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace vitvmc {

void fix_heap_thresholds() {
#if defined(__GLIBC__)
  // Setting either threshold also turns off glibc's dynamic adjustment of both.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kOwnMappingBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kHeapTrimBytes));
#endif
}

}  // namespace vitvmc
