#pragma once
/// \file mpi_error.hpp
/// VITVMC_MPI_CHECK(call): turns an MPI error code into an MpiError carrying MPI_Error_string.

#include <mpi.h>

#include <stdexcept>
#include <string>

namespace vitvmc {

class MpiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline void check_mpi(int code, const char* call, const char* file, int line) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw MpiError(std::string(file) + ":" + std::to_string(line) + ": " + call +
                 " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

#define VITVMC_MPI_CHECK(call) ::vitvmc::check_mpi((call), #call, __FILE__, __LINE__)

}  // namespace vitvmc
