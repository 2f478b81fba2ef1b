#pragma once
/// \file collectives.hpp
/// Typed, chunked MPI collectives over spans, with an explicit Communicator.
///
/// MPI counts are `int`. Every collective here splits its payload into calls of at most `chunk`
/// elements (default kDefaultChunk), so arrays of more than INT_MAX elements work; tests pass a
/// tiny chunk to exercise the split path. Eigen objects and std::vector go through as_span().
///
/// Summation order: allreduce_sum/reduce_sum use MPI_SUM, whose association order is chosen by the
/// MPI library (and may change with the rank count or message size). Where bit-reproducibility
/// matters use allreduce_sum_deterministic (fixed rank order) or sum_items_in_global_order
/// (independent of the rank count as well).

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/parallel/mpi_error.hpp"
#include "vitvmc/parallel/mpi_type.hpp"
#include "vitvmc/parallel/traffic.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

/// Default largest element count handed to a single MPI call.
inline constexpr std::size_t kDefaultChunk = static_cast<std::size_t>(INT_MAX / 2);

/// A span over the contiguous storage of an Eigen dense object, std::vector or array.
template <class Container>
auto as_span(Container& c) {
  return std::span(c.data(), static_cast<std::size_t>(c.size()));
}

namespace detail {

/// Calls fn(offset, count) for consecutive pieces of [0, n), each at most `chunk` long.
template <class Fn>
void for_each_chunk(std::size_t n, std::size_t chunk, Fn&& fn) {
  VITVMC_REQUIRE(chunk > 0 && chunk <= static_cast<std::size_t>(INT_MAX), "chunk out of range");
  for (std::size_t offset = 0; offset < n; offset += chunk) {
    fn(offset, static_cast<int>(std::min(chunk, n - offset)));
  }
}

/// Element counts of every rank, in rank order.
inline std::vector<std::uint64_t> all_counts(std::size_t local, const Communicator& comm) {
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(comm.size()));
  const std::uint64_t mine = local;
  count_collective(sizeof mine);
  VITVMC_MPI_CHECK(
      MPI_Allgather(&mine, 1, MPI_UINT64_T, counts.data(), 1, MPI_UINT64_T, comm.raw()));
  return counts;
}

/// Exclusive prefix sums of `counts`.
inline std::vector<std::uint64_t> offsets_of(const std::vector<std::uint64_t>& counts) {
  std::vector<std::uint64_t> offsets(counts.size(), 0);
  for (std::size_t r = 1; r < counts.size(); ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
  return offsets;
}

/// Variable-count gather done in rounds: in round k every rank sends its elements
/// [k*b, (k+1)*b) with b = chunk / size, so one MPI call never moves more than `chunk` elements.
/// `all` selects MPI_Allgatherv (true) or MPI_Gatherv to `root` (false).
template <class T>
std::vector<T> gather_rounds(std::span<const T> local, bool all, int root, const Communicator& comm,
                             std::size_t chunk) {
  const std::size_t ranks = static_cast<std::size_t>(comm.size());
  const bool receives = all || comm.rank() == root;
  const auto counts = all_counts(local.size(), comm);
  const auto offsets = offsets_of(counts);
  const std::size_t per_rank = std::max<std::size_t>(1, chunk / ranks);
  const std::uint64_t longest = *std::max_element(counts.begin(), counts.end());
  std::vector<T> out(receives ? static_cast<std::size_t>(offsets.back() + counts.back()) : 0);
  std::vector<int> round_counts(ranks), round_displs(ranks);
  std::vector<T> buffer;
  for (std::uint64_t start = 0; start < longest; start += per_rank) {
    int total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
      const std::uint64_t left = counts[r] > start ? counts[r] - start : 0;
      round_counts[r] = static_cast<int>(std::min<std::uint64_t>(left, per_rank));
      round_displs[r] = total;
      total += round_counts[r];
    }
    const int mine = round_counts[static_cast<std::size_t>(comm.rank())];
    const T* send = mine > 0 ? local.data() + start : local.data();
    buffer.resize(receives ? static_cast<std::size_t>(total) : 0);
    count_collective(static_cast<std::uint64_t>(mine) * sizeof(T));
    if (all) {
      VITVMC_MPI_CHECK(MPI_Allgatherv(send, mine, mpi_type<T>(), buffer.data(), round_counts.data(),
                                      round_displs.data(), mpi_type<T>(), comm.raw()));
    } else {
      VITVMC_MPI_CHECK(MPI_Gatherv(send, mine, mpi_type<T>(), buffer.data(), round_counts.data(),
                                   round_displs.data(), mpi_type<T>(), root, comm.raw()));
    }
    if (!receives) continue;
    for (std::size_t r = 0; r < ranks; ++r) {
      std::copy_n(buffer.begin() + round_displs[r], round_counts[r],
                  out.begin() + static_cast<std::ptrdiff_t>(offsets[r] + start));
    }
  }
  return out;
}

}  // namespace detail

namespace detail {
/// In-place element-wise reduction with `op` over all ranks, in chunks.
template <class T>
void allreduce_in_place(std::span<T> data, MPI_Op op, const Communicator& comm, std::size_t chunk) {
  static_assert(!std::is_const_v<T>, "allreduce: in-place data must be mutable");
  for_each_chunk(data.size(), chunk, [&](std::size_t offset, int count) {
    count_collective(static_cast<std::uint64_t>(count) * sizeof(T));
    VITVMC_MPI_CHECK(
        MPI_Allreduce(MPI_IN_PLACE, data.data() + offset, count, mpi_type<T>(), op, comm.raw()));
  });
}
}  // namespace detail

/// In-place sum over all ranks (MPI_Allreduce with MPI_IN_PLACE, in chunks).
template <class T>
void allreduce_sum(std::span<T> data, const Communicator& comm, std::size_t chunk = kDefaultChunk) {
  detail::allreduce_in_place(data, MPI_SUM, comm, chunk);
}

/// In-place element-wise minimum over all ranks.
template <class T>
void allreduce_min(std::span<T> data, const Communicator& comm, std::size_t chunk = kDefaultChunk) {
  detail::allreduce_in_place(data, MPI_MIN, comm, chunk);
}

/// In-place element-wise maximum over all ranks.
template <class T>
void allreduce_max(std::span<T> data, const Communicator& comm, std::size_t chunk = kDefaultChunk) {
  detail::allreduce_in_place(data, MPI_MAX, comm, chunk);
}

/// out = sum over ranks of `in` (same length everywhere; `out` must not alias `in`).
template <class T, class U>
void allreduce_sum(std::span<T> in, std::span<U> out, const Communicator& comm,
                   std::size_t chunk = kDefaultChunk) {
  static_assert(std::is_same_v<std::remove_const_t<T>, U>, "allreduce_sum: element types differ");
  VITVMC_REQUIRE(in.size() == out.size(), "allreduce_sum: input and output sizes differ");
  detail::for_each_chunk(in.size(), chunk, [&](std::size_t offset, int count) {
    count_collective(static_cast<std::uint64_t>(count) * sizeof(U));
    VITVMC_MPI_CHECK(MPI_Allreduce(in.data() + offset, out.data() + offset, count, mpi_type<U>(),
                                   MPI_SUM, comm.raw()));
  });
}

/// out (significant on `root` only) = sum over ranks of `in`.
template <class T, class U>
void reduce_sum(std::span<T> in, std::span<U> out, int root, const Communicator& comm,
                std::size_t chunk = kDefaultChunk) {
  static_assert(std::is_same_v<std::remove_const_t<T>, U>, "reduce_sum: element types differ");
  const bool is_root = comm.rank() == root;
  VITVMC_REQUIRE(!is_root || in.size() == out.size(), "reduce_sum: input and output sizes differ");
  detail::for_each_chunk(in.size(), chunk, [&](std::size_t offset, int count) {
    count_collective(static_cast<std::uint64_t>(count) * sizeof(U));
    VITVMC_MPI_CHECK(MPI_Reduce(in.data() + offset, is_root ? out.data() + offset : nullptr, count,
                                mpi_type<U>(), MPI_SUM, root, comm.raw()));
  });
}

/// data of `root` = sum over ranks of every rank's data (in place there, MPI_IN_PLACE); the other
/// ranks' data is left as it was.
template <class T>
void reduce_sum_in_place(std::span<T> data, int root, const Communicator& comm,
                         std::size_t chunk = kDefaultChunk) {
  const bool is_root = comm.rank() == root;
  detail::for_each_chunk(data.size(), chunk, [&](std::size_t offset, int count) {
    count_collective(static_cast<std::uint64_t>(count) * sizeof(T));
    VITVMC_MPI_CHECK(MPI_Reduce(is_root ? MPI_IN_PLACE : data.data() + offset,
                                is_root ? data.data() + offset : nullptr, count, mpi_type<T>(),
                                MPI_SUM, root, comm.raw()));
  });
}

/// Copies `data` of `root` into `data` of every rank (same length everywhere).
template <class T>
void broadcast(std::span<T> data, int root, const Communicator& comm,
               std::size_t chunk = kDefaultChunk) {
  static_assert(!std::is_const_v<T>, "broadcast: data must be mutable");
  detail::for_each_chunk(data.size(), chunk, [&](std::size_t offset, int count) {
    count_collective(comm.rank() == root ? static_cast<std::uint64_t>(count) * sizeof(T) : 0);
    VITVMC_MPI_CHECK(MPI_Bcast(data.data() + offset, count, mpi_type<T>(), root, comm.raw()));
  });
}

/// Sum over ranks of `in` into `out` on every rank, computed once on rank 0 (MPI_Reduce) and then
/// broadcast, so every rank holds the same bits whatever algorithm the MPI library picks.
template <class T, class U>
void allreduce_sum_identical(std::span<T> in, std::span<U> out, const Communicator& comm,
                             std::size_t chunk = kDefaultChunk) {
  VITVMC_REQUIRE(in.size() == out.size(), "allreduce_sum_identical: input and output sizes differ");
  reduce_sum(in, out, 0, comm, chunk);
  broadcast(out, 0, comm, chunk);
}

/// Concatenation of every rank's `local` (lengths may differ), in rank order, on every rank.
template <class T>
std::vector<std::remove_const_t<T>> allgatherv(std::span<T> local, const Communicator& comm,
                                               std::size_t chunk = kDefaultChunk) {
  using V = std::remove_const_t<T>;
  return detail::gather_rounds<V>(std::span<const V>(local), true, 0, comm, chunk);
}

/// Concatenation of every rank's `local`, in rank order, on `root`; empty on the other ranks.
template <class T>
std::vector<std::remove_const_t<T>> gather(std::span<T> local, int root, const Communicator& comm,
                                           std::size_t chunk = kDefaultChunk) {
  using V = std::remove_const_t<T>;
  return detail::gather_rounds<V>(std::span<const V>(local), false, root, comm, chunk);
}

/// Sum over ranks of `local` (same length everywhere), added in rank order 0, 1, ..., R-1 on every
/// rank: bit-identical on all ranks and from run to run at a fixed rank count. Moves R times the
/// data, so use it for small vectors.
template <class T>
std::vector<std::remove_const_t<T>> allreduce_sum_deterministic(std::span<T> local,
                                                                const Communicator& comm,
                                                                std::size_t chunk = kDefaultChunk) {
  const auto partials = allgatherv(local, comm, chunk);
  const std::size_t n = local.size();
  VITVMC_REQUIRE(partials.size() == n * static_cast<std::size_t>(comm.size()),
                 "allreduce_sum_deterministic: lengths differ across ranks");
  std::vector<std::remove_const_t<T>> sum(partials.begin(), partials.begin() + n);
  for (std::size_t offset = n; offset < partials.size(); offset += n) {
    for (std::size_t i = 0; i < n; ++i) sum[i] += partials[offset + i];
  }
  return sum;
}

/// Sum of items of `width` elements each (e.g. one per Markov chain), where every rank holds a
/// contiguous run of items and runs follow the global item order by rank. The items are added one
/// by one in global order, so the result is bit-identical for any rank count.
template <class T>
std::vector<std::remove_const_t<T>> sum_items_in_global_order(std::span<T> local_items,
                                                              std::size_t width,
                                                              const Communicator& comm,
                                                              std::size_t chunk = kDefaultChunk) {
  VITVMC_REQUIRE(width > 0 && local_items.size() % width == 0,
                 "sum_items_in_global_order: local length is not a multiple of the item width");
  const auto items = allgatherv(local_items, comm, chunk);
  std::vector<std::remove_const_t<T>> sum(width, std::remove_const_t<T>{});
  for (std::size_t offset = 0; offset < items.size(); offset += width) {
    for (std::size_t i = 0; i < width; ++i) sum[i] += items[offset + i];
  }
  return sum;
}

}  // namespace vitvmc
