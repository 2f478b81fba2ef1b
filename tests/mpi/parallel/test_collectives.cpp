// Chunked collectives: exact results on 1-4 ranks, with the default chunk and with chunk 7 (many
// MPI calls per collective), variable counts including empty ranks, and bit-identical sums.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <cstring>
#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/mpi_type.hpp"
#include "vitvmc/support/mpi_test_env.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {
namespace {

using testing_support::world;

constexpr std::size_t kChunks[] = {kDefaultChunk, 7, 1};

TEST(MpiType, MapsEachSupportedType) {
  EXPECT_EQ(mpi_type<double>(), MPI_DOUBLE);
  EXPECT_EQ(mpi_type<const double>(), MPI_DOUBLE);
  EXPECT_EQ(mpi_type<float>(), MPI_FLOAT);
  EXPECT_EQ(mpi_type<std::complex<double>>(), MPI_C_DOUBLE_COMPLEX);
  EXPECT_EQ(mpi_type<int>(), MPI_INT);
  EXPECT_EQ(mpi_type<std::int64_t>(), MPI_INT64_T);
  EXPECT_EQ(mpi_type<std::uint64_t>(), MPI_UINT64_T);
  EXPECT_EQ(mpi_type<std::int8_t>(), MPI_INT8_T);
  EXPECT_EQ(mpi_type<char>(), MPI_CHAR);
}

// Bytes are attributed to the innermost phase scope; broadcast counts on the root only.
TEST(Collectives, TrafficCountedPerPhase) {
  const auto& comm = world();
  const CollectiveTraffic before = collective_traffic();
  std::vector<double> v(100, 1.0);
  {
    const PhaseScope scope(Phase::kCommunication);
    allreduce_sum(as_span(v), comm, 7);  // 15 calls of at most 7 elements
    const PhaseScope inner(Phase::kSampling);
    broadcast(as_span(v), 0, comm);
  }
  CollectiveTraffic delta = collective_traffic();
  delta -= before;
  const auto comm_slot = static_cast<std::size_t>(Phase::kCommunication);
  const auto sampling_slot = static_cast<std::size_t>(Phase::kSampling);
  EXPECT_EQ(delta.bytes[comm_slot], 100 * sizeof(double));
  EXPECT_EQ(delta.calls[comm_slot], 15u);
  EXPECT_EQ(delta.bytes[sampling_slot], comm.rank() == 0 ? 100 * sizeof(double) : 0u);
  EXPECT_EQ(delta.calls[sampling_slot], 1u);
  EXPECT_EQ(active_phase(), Phase::kCount);  // scopes restored
}

TEST(Collectives, AllreduceSumInPlaceIsExact) {
  const auto& comm = world();
  const int r = comm.rank(), size = comm.size();
  for (std::size_t chunk : kChunks) {
    std::vector<double> v(50);
    std::vector<std::int64_t> w(23);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = (r + 1) * (i + 1.0);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = (std::int64_t{1} << 40) + r * 1000 + i;
    allreduce_sum(as_span(v), comm, chunk);
    allreduce_sum(as_span(w), comm, chunk);
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], (i + 1.0) * size * (size + 1) / 2);
    for (std::size_t i = 0; i < w.size(); ++i) {
      EXPECT_EQ(w[i], size * ((std::int64_t{1} << 40) + static_cast<std::int64_t>(i)) +
                          1000 * size * (size - 1) / 2);
    }
  }
}

// Element-wise extremes: entry i is largest on rank i % size and smallest on the next rank.
TEST(Collectives, AllreduceMinAndMaxPickTheRightRank) {
  const auto& comm = world();
  const int r = comm.rank(), size = comm.size();
  for (std::size_t chunk : kChunks) {
    std::vector<std::int64_t> hi(19), lo(19);
    for (std::size_t i = 0; i < hi.size(); ++i) {
      const int owner = static_cast<int>(i) % size;
      hi[i] = r == owner ? 100 + static_cast<std::int64_t>(i) : -static_cast<std::int64_t>(r);
      lo[i] = r == (owner + 1) % size ? -100 - static_cast<std::int64_t>(i) : r;
    }
    allreduce_max(as_span(hi), comm, chunk);
    allreduce_min(as_span(lo), comm, chunk);
    for (std::size_t i = 0; i < hi.size(); ++i) {
      EXPECT_EQ(hi[i], 100 + static_cast<std::int64_t>(i)) << "chunk " << chunk;
      EXPECT_EQ(lo[i], -100 - static_cast<std::int64_t>(i)) << "chunk " << chunk;
    }
  }
}

TEST(Collectives, AllreduceAndReduceOutOfPlaceComplex) {
  const auto& comm = world();
  const int r = comm.rank(), size = comm.size();
  for (std::size_t chunk : kChunks) {
    std::vector<Complex> in(17), out(17), root_out(17, Complex(-1, -1));
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = Complex(r + 1.0, -static_cast<double>(i));
    allreduce_sum(std::span<const Complex>(in), as_span(out), comm, chunk);
    const int root = size - 1;
    reduce_sum(std::span<const Complex>(in), as_span(root_out), root, comm, chunk);
    for (std::size_t i = 0; i < in.size(); ++i) {
      const Complex expected(size * (size + 1) / 2.0, -static_cast<double>(i) * size);
      EXPECT_EQ(out[i], expected);
      EXPECT_EQ(root_out[i], r == root ? expected : Complex(-1, -1));
    }
  }
}

TEST(Collectives, BroadcastFromLastRank) {
  const auto& comm = world();
  const int root = comm.size() - 1;
  for (std::size_t chunk : kChunks) {
    std::vector<std::uint64_t> v(29, 0);
    if (comm.rank() == root) {
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0xFFFF0000FFFFULL + 3 * i;
    }
    broadcast(as_span(v), root, comm, chunk);
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], 0xFFFF0000FFFFULL + 3 * i);
  }
}

// Rank r contributes 5r elements (rank 0 none) encoding (r, i).
std::vector<std::int8_t> contribution(int r) {
  std::vector<std::int8_t> v(static_cast<std::size_t>(5 * r));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int8_t>(10 * r + i - 60);
  return v;
}

std::vector<std::int8_t> concatenation(int size) {
  std::vector<std::int8_t> all;
  for (int r = 0; r < size; ++r) {
    const auto part = contribution(r);
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

TEST(Collectives, AllgathervConcatenatesInRankOrder) {
  const auto& comm = world();
  const auto mine = contribution(comm.rank());
  for (std::size_t chunk : kChunks) {
    EXPECT_EQ(allgatherv(std::span<const std::int8_t>(mine), comm, chunk),
              concatenation(comm.size()));
  }
  const std::string text = "rank" + std::string(static_cast<std::size_t>(comm.rank()), '*');
  std::string expected;
  for (int r = 0; r < comm.size(); ++r)
    expected += "rank" + std::string(static_cast<std::size_t>(r), '*');
  const auto chars = allgatherv(std::span<const char>(text.data(), text.size()), comm, 7);
  EXPECT_EQ(std::string(chars.begin(), chars.end()), expected);
}

TEST(Collectives, GatherToRootOnly) {
  const auto& comm = world();
  const auto mine = contribution(comm.rank());
  const int root = comm.size() / 2;
  for (std::size_t chunk : kChunks) {
    const auto got = gather(std::span<const std::int8_t>(mine), root, comm, chunk);
    if (comm.rank() == root) {
      EXPECT_EQ(got, concatenation(comm.size()));
    } else {
      EXPECT_TRUE(got.empty());
    }
  }
}

// Values whose sum depends on the order of addition.
double awkward(std::size_t item, std::size_t i) {
  return (item % 2 ? 1e16 : 1.0) * (0.1 + 0.37 * static_cast<double>(i)) / (1.0 + item);
}

TEST(Collectives, DeterministicSumAddsInRankOrderAndIsIdenticalEverywhere) {
  const auto& comm = world();
  const int size = comm.size();
  std::vector<double> mine(9);
  for (std::size_t i = 0; i < mine.size(); ++i)
    mine[i] = awkward(static_cast<std::size_t>(comm.rank()), i);
  const auto sum = allreduce_sum_deterministic(std::span<const double>(mine), comm, 7);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    double expected = awkward(0, i);
    for (int r = 1; r < size; ++r) expected += awkward(static_cast<std::size_t>(r), i);
    EXPECT_EQ(sum[i], expected);
  }
  const auto every = allgatherv(std::span<const double>(sum), comm);
  for (int r = 1; r < size; ++r) {
    EXPECT_EQ(std::memcmp(every.data(), every.data() + r * sum.size(), sum.size() * sizeof(double)),
              0);
  }
}

TEST(Collectives, ItemSumIsIndependentOfRankCount) {
  const auto& comm = world();
  constexpr std::size_t kItems = 23, kWidth = 3;
  // Contiguous, uneven runs of items: rank r gets items [begin(r), begin(r + 1)).
  auto begin = [&](int r) {
    return kItems * static_cast<std::size_t>(r * r) /
           static_cast<std::size_t>(comm.size() * comm.size());
  };
  std::vector<double> mine;
  for (std::size_t item = begin(comm.rank()); item < begin(comm.rank() + 1); ++item) {
    for (std::size_t i = 0; i < kWidth; ++i) mine.push_back(awkward(item, i));
  }
  const auto sum = sum_items_in_global_order(std::span<const double>(mine), kWidth, comm, 7);
  for (std::size_t i = 0; i < kWidth; ++i) {
    double expected = 0;
    for (std::size_t item = 0; item < kItems; ++item) expected += awkward(item, i);
    EXPECT_EQ(sum[i], expected);  // the serial sum, bit for bit, on any rank count
  }
}

TEST(Collectives, RejectsZeroChunk) {
  std::vector<double> v(3, 1.0);
  EXPECT_THROW(allreduce_sum(as_span(v), world(), 0), std::logic_error);
}

}  // namespace
}  // namespace vitvmc
