#pragma once
/// \file heap_policy.hpp
/// How the C allocator returns freed memory, fixed for a run so that the memory plan can count it.

namespace vitvmc {

/// Blocks of at least this many bytes are mapped on their own and unmapped when freed.
inline constexpr long kOwnMappingBytes = 4L << 20;
/// Free memory at the top of the heap beyond this many bytes goes back to the system.
inline constexpr long kHeapTrimBytes = 8L << 20;

/// Fixes glibc's thresholds at kOwnMappingBytes and kHeapTrimBytes. By default glibc raises its
/// mmap threshold to the size of the largest block freed so far (up to 32 MiB) and the trim
/// threshold to twice that: the SR step's 16-32 MiB buffers then come from the heap, and what is
/// freed below a live block stays resident. A 6x6 run kept 62 MiB that way on one rank in some
/// steps, not in others (VmHWM 347 against 285 MiB; docs/memory-plan.md). Call once at start-up,
/// before anything large is allocated; a no-op without glibc.
void fix_heap_thresholds();

}  // namespace vitvmc
