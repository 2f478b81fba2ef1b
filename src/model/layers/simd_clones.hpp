#pragma once
/// \file simd_clones.hpp
/// Element-wise loops cannot keep up with the AVX-512 BLAS in baseline x86-64 (SSE2) code: such a
/// function is cloned for newer x86-64 levels and the clone is picked at load time (the binary
/// still runs on any x86-64). Private to the layers.

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VITVMC_SIMD_CLONES \
  __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define VITVMC_SIMD_CLONES
#endif
