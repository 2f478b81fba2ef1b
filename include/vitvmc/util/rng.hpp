#pragma once
/// \file rng.hpp
/// Counter-based random streams (Random123 Philox4x32-10). A stream is keyed by (seed, stream id), e.g.
/// a global chain index, and its whole state is one 64-bit counter: tiny, serialisable, and independent
/// of which rank owns the stream.

#include <Random123/philox.h>

#include <cstdint>

namespace vitvmc {

class PhiloxStream {
 public:
  PhiloxStream() = default;
  PhiloxStream(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter = 0)
      : seed_(seed), stream_(stream), counter_(counter) {}

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the bias is below 2^-64 * n).
  std::uint64_t uniform_index(std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;  // GCC/Clang builtin; __extension__ keeps -pedantic quiet
    return static_cast<std::uint64_t>((static_cast<Wide>(next_u64()) * n) >> 64);
  }

  /// Next 64 random bits. Each call consumes one counter value (uses half of a Philox block).
  std::uint64_t next_u64() {
    using Philox = r123::Philox4x32;
    Philox::ctr_type ctr = {{lo(counter_), hi(counter_), lo(stream_), hi(stream_)}};
    Philox::key_type key = {{lo(seed_), hi(seed_)}};
    ++counter_;
    const Philox::ctr_type out = Philox()(ctr, key);
    return (static_cast<std::uint64_t>(out.v[0]) << 32) | out.v[1];
  }

  std::uint64_t seed() const { return seed_; }
  std::uint64_t stream() const { return stream_; }
  std::uint64_t counter() const { return counter_; }

 private:
  static std::uint32_t lo(std::uint64_t v) { return static_cast<std::uint32_t>(v); }
  static std::uint32_t hi(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }

  std::uint64_t seed_ = 0;
  std::uint64_t stream_ = 0;
  std::uint64_t counter_ = 0;
};

}  // namespace vitvmc
