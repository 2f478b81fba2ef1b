#include "vitvmc/sr/serial_sr.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// Solves a y = b for symmetric a: Cholesky, else eigen cutoff. Records the path in `diag`.
Eigen::VectorXd solve_symmetric(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, Real rcond,
                                SrDiagnostics& diag) {
  const Eigen::LLT<Eigen::MatrixXd> llt(a);
  if (llt.info() == Eigen::Success) {
    Eigen::VectorXd y = llt.solve(b);
    if (y.allFinite()) return y;
  }
  diag.cholesky_failed = true;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a);
  const Eigen::VectorXd& w = eig.eigenvalues();
  const Real cut = rcond * std::max(w.maxCoeff(), 0.0);
  Eigen::VectorXd c = eig.eigenvectors().transpose() * b;
  for (Index i = 0; i < w.size(); ++i) {
    if (w(i) > cut) {
      c(i) /= w(i);
    } else {
      c(i) = 0;
      ++diag.eigen_cutoff_count;
    }
  }
  return eig.eigenvectors() * c;
}

}  // namespace

RealVector solve_sr_serial(const RealMatrix& x, const RealVector& e, Real shift, SolverChoice kind,
                           Real rcond, SrDiagnostics* diag) {
  VITVMC_REQUIRE(x.rows() == e.size(), "solve_sr_serial: X and e have different row counts");
  SrDiagnostics local;
  local.solver = std::string(name_of(kind));
  RealVector delta;
  if (kind == SolverChoice::kernel) {
    Eigen::MatrixXd t = x * x.transpose();
    t.diagonal().array() += shift;
    delta = x.transpose() * solve_symmetric(t, e, rcond, local);
  } else if (kind == SolverChoice::parameter) {
    Eigen::MatrixXd s = x.transpose() * x;
    s.diagonal().array() += shift;
    delta = solve_symmetric(s, x.transpose() * e, rcond, local);
  } else {
    VITVMC_REQUIRE(false, "solve_sr_serial needs a resolved solver kind");
  }
  const RealVector f = x.transpose() * e;
  const RealVector r = x.transpose() * (x * delta) + shift * delta - f;
  local.residual = f.norm() > 0 ? r.norm() / f.norm() : r.norm();
  if (diag) *diag = local;
  return delta;
}

}  // namespace vitvmc
