#include "vitvmc/hamiltonian/lanczos.hpp"

#include <Spectra/SymEigsSolver.h>

#include <stdexcept>
#include <string>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

// Spectra's matrix-operation concept over the matrix-free Hamiltonian.
class SpectraOp {
 public:
  using Scalar = Real;
  explicit SpectraOp(const SzZeroHamiltonian& h) : h_(h) {}
  Index rows() const { return h_.dimension(); }
  Index cols() const { return h_.dimension(); }
  void perform_op(const Real* x, Real* y) const { h_.apply(x, y); }

 private:
  const SzZeroHamiltonian& h_;
};

}  // namespace

GroundState lanczos_ground_state(const SzZeroHamiltonian& hamiltonian,
                                 const LanczosOptions& options) {
  const Index n = hamiltonian.dimension();
  // Every lattice we accept (sides >= 3) has at least 924 states, far above the Krylov dimension.
  const Index ncv = options.krylov_dimension;
  VITVMC_REQUIRE(ncv >= 3 && ncv < n, "Krylov dimension must lie in [3, dimension)");
  SpectraOp op(hamiltonian);
  Spectra::SymEigsSolver<SpectraOp> solver(op, 1, ncv);
  solver.init();  // deterministic start vector (Spectra's fixed-seed generator)
  solver.compute(Spectra::SortRule::SmallestAlge, options.max_restarts, options.tolerance,
                 Spectra::SortRule::SmallestAlge);
  if (solver.info() != Spectra::CompInfo::Successful) {
    throw std::runtime_error("Lanczos did not converge within " +
                             std::to_string(options.max_restarts) + " restarts");
  }
  GroundState gs;
  gs.energy = solver.eigenvalues()[0];
  if (options.want_vector) gs.vector = solver.eigenvectors(1).col(0);
  gs.restarts = solver.num_iterations();
  gs.matvecs = solver.num_operations();
  return gs;
}

}  // namespace vitvmc
