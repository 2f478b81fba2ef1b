// fix_heap_thresholds(): a freed block of kOwnMappingBytes or more goes back to the system even
// after a larger block was freed (glibc's dynamic threshold would have moved it to the heap, where
// a small block allocated after it keeps it resident).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "vitvmc/job/heap_policy.hpp"
#include "vitvmc/util/proc_memory.hpp"

namespace vitvmc {
namespace {

double resident_bytes() { return proc_kb_field("/proc/self/status", "VmRSS"); }

// Keeps the compiler from eliding a malloc / free pair whose memory is never read.
void* volatile sink = nullptr;

// Allocates and touches `bytes`, so that the pages count in VmRSS.
void* touched(std::size_t bytes) {
  void* p = std::malloc(bytes);
  if (p != nullptr) std::memset(p, 1, bytes);
  sink = p;
  return sink;
}

TEST(HeapPolicy, FreedLargeBlocksLeaveTheResidentSet) {
#if !defined(__GLIBC__)
  GTEST_SKIP() << "glibc only";
#endif
  if (resident_bytes() <= 0) GTEST_SKIP() << "no /proc/self/status";
  fix_heap_thresholds();
  // Free a 24 MiB block first: by default glibc would now serve blocks below 24 MiB from the heap.
  std::free(touched(24 << 20));
  const double before = resident_bytes();
  constexpr std::size_t kBlock = 12 << 20;
  static_assert(kBlock >= kOwnMappingBytes);
  void* block = touched(kBlock);
  void* after = touched(256 << 10);  // a live heap block above it would pin it on the heap
  ASSERT_NE(block, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_GT(resident_bytes(), before + 0.9 * kBlock);
  std::free(block);
  EXPECT_LT(resident_bytes(), before + 0.1 * kBlock);
  std::free(after);
}

}  // namespace
}  // namespace vitvmc
