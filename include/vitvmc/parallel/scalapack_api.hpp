#pragma once
/// \file scalapack_api.hpp
/// The only extern "C" declarations of BLACS, PBLAS, ScaLAPACK (libscalapack-openmpi) and the
/// LAPACK routines of solves held by one process.
/// Fortran routines take every argument by pointer plus one hidden length per character argument
/// (gfortran ABI), declared here so that no routine reads a length that was never passed.
/// PBLAS (pd*mm, pd*rk, pd*mv) is written in C and has no hidden lengths.

#include <mpi.h>

#include <cstddef>

namespace vitvmc::scalapack {

/// Hidden Fortran length of a character argument.
using FortranLength = std::size_t;

/// ScaLAPACK array descriptor: DTYPE, CTXT, M, N, MB, NB, RSRC, CSRC, LLD.
inline constexpr int kDescriptorLength = 9;

extern "C" {

// BLACS (C interface).
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridinit(int* context, const char* order, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);

// Tools.
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb,
               const int* irsrc, const int* icsrc, const int* ictxt, const int* lld, int* info);

// PBLAS.
void pdsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
             const double* a, const int* ia, const int* ja, const int* desca, const double* beta,
             double* c, const int* ic, const int* jc, const int* descc);
void pdgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
             const double* alpha, const double* a, const int* ia, const int* ja, const int* desca,
             const double* b, const int* ib, const int* jb, const int* descb, const double* beta,
             double* c, const int* ic, const int* jc, const int* descc);
void pdgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
             const int* ia, const int* ja, const int* desca, const double* x, const int* ix,
             const int* jx, const int* descx, const int* incx, const double* beta, double* y,
             const int* iy, const int* jy, const int* descy, const int* incy);
void pdgemr2d_(const int* m, const int* n, const double* a, const int* ia, const int* ja,
               const int* desca, double* b, const int* ib, const int* jb, const int* descb,
               const int* ictxt);

// ScaLAPACK (Fortran).
void pdpotrf_(const char* uplo, const int* n, double* a, const int* ia, const int* ja,
              const int* desca, int* info, FortranLength uplo_length);
void pdpotrs_(const char* uplo, const int* n, const int* nrhs, const double* a, const int* ia,
              const int* ja, const int* desca, double* b, const int* ib, const int* jb,
              const int* descb, int* info, FortranLength uplo_length);
void pdsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* ia,
              const int* ja, const int* desca, double* w, double* z, const int* iz, const int* jz,
              const int* descz, double* work, const int* lwork, int* iwork, const int* liwork,
              int* info, FortranLength jobz_length, FortranLength uplo_length);

// LAPACK (Fortran): systems held whole by one process are solved with it directly (PBLAS's
// nb-wide panel steps cost a 1 x 1 grid several times LAPACK's time).
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info,
             FortranLength uplo_length);
void dpotrs_(const char* uplo, const int* n, const int* nrhs, const double* a, const int* lda,
             double* b, const int* ldb, int* info, FortranLength uplo_length);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
             double* work, const int* lwork, int* iwork, const int* liwork, int* info,
             FortranLength jobz_length, FortranLength uplo_length);
}  // extern "C"

}  // namespace vitvmc::scalapack
