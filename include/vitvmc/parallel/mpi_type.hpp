#pragma once
/// \file mpi_type.hpp
/// mpi_type<T>(): the MPI datatype of a C++ scalar, checked at compile time.

#include <mpi.h>

#include <complex>
#include <cstdint>
#include <type_traits>

namespace vitvmc {

namespace detail {
template <class T>
inline constexpr bool kUnsupportedMpiType = false;
}  // namespace detail

/// The MPI datatype matching T (cv-qualifiers ignored). Unsupported types fail to compile.
template <class T>
MPI_Datatype mpi_type() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, double>) {
    return MPI_DOUBLE;
  } else if constexpr (std::is_same_v<U, float>) {
    return MPI_FLOAT;
  } else if constexpr (std::is_same_v<U, std::complex<double>>) {
    return MPI_C_DOUBLE_COMPLEX;  // same layout as double[2], which std::complex guarantees
  } else if constexpr (std::is_same_v<U, int>) {
    return MPI_INT;
  } else if constexpr (std::is_same_v<U, std::int64_t>) {
    return MPI_INT64_T;
  } else if constexpr (std::is_same_v<U, std::uint64_t>) {
    return MPI_UINT64_T;
  } else if constexpr (std::is_same_v<U, std::int8_t>) {
    return MPI_INT8_T;
  } else if constexpr (std::is_same_v<U, char>) {
    return MPI_CHAR;
  } else {
    static_assert(detail::kUnsupportedMpiType<U>, "mpi_type<T>: no MPI datatype for this type");
  }
}

}  // namespace vitvmc
