# FindScaLAPACK: imported target ScaLAPACK::ScaLAPACK.
# Debian's scalapack CMake config refers to files that are not shipped, so we look for the library directly.
find_library(ScaLAPACK_LIBRARY NAMES scalapack-openmpi scalapack mkl_scalapack_lp64
  HINTS ENV SCALAPACK_ROOT PATH_SUFFIXES lib lib64)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ScaLAPACK REQUIRED_VARS ScaLAPACK_LIBRARY)
if(ScaLAPACK_FOUND AND NOT TARGET ScaLAPACK::ScaLAPACK)
  find_package(MPI REQUIRED COMPONENTS C)
  find_package(LAPACK REQUIRED)
  add_library(ScaLAPACK::ScaLAPACK UNKNOWN IMPORTED)
  set_target_properties(ScaLAPACK::ScaLAPACK PROPERTIES IMPORTED_LOCATION "${ScaLAPACK_LIBRARY}"
    INTERFACE_LINK_LIBRARIES "MPI::MPI_C;LAPACK::LAPACK")
endif()
mark_as_advanced(ScaLAPACK_LIBRARY)
