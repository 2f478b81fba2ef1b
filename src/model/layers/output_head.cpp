#include "vitvmc/model/layers/output_head.hpp"

#include <cmath>
#include <numbers>

namespace vitvmc {

Complex log_cosh(Complex u) {
  // cosh u = e^{su} (1 + w) / 2 with s = sign(Re u) and w = e^{-2su}, |w| = e^{-2|Re u|} <= 1: the
  // exponential never overflows. Written in real arithmetic (std::log and std::exp of a complex
  // cost twice as much, a tenth of a small model's forward pass): log(1 + w) has real part
  // log|1 + w| = log1p(2 Re w + |w|^2) / 2 and imaginary part atan2(Im w, 1 + Re w).
  const Real s = u.real() < 0.0 ? -1.0 : 1.0;
  const Real a = s * u.real(), b = s * u.imag();
  const Real m = std::exp(-2.0 * a);
  const Real re_w = m * std::cos(2.0 * b), im_w = -m * std::sin(2.0 * b);
  return {a + 0.5 * std::log1p(2.0 * re_w + m * m) - std::numbers::ln2,
          b + std::atan2(im_w, 1.0 + re_w)};
}

OutputHead::OutputHead(ParameterStore& store, Index d, std::uint64_t seed) {
  ln_o_ = LayerNorm(store, "head.ln_o", d);
  r_ = Dense(store, "head.R", d, d, seed);
  ln_r_ = LayerNorm(store, "head.ln_r", d);
  m_ = Dense(store, "head.M", d, d, seed);
  ln_m_ = LayerNorm(store, "head.ln_m", d);
}

template <class S>
void OutputHead::forward(const VectorOf<S>& theta, const MatrixOf<S>& x, Index tokens,
                         ComplexVector& log_psi, HeadCacheOf<S>& cache) const {
  const Index batch = x.rows() / tokens;
  MatrixOf<S> pooled(batch, x.cols());
  for (Index s = 0; s < batch; ++s)
    pooled.row(s) = x.middleRows(s * tokens, tokens).colwise().sum();
  ln_o_.forward(theta, pooled, cache.z, cache.ln_o);
  MatrixOf<S> pre;
  MatrixOf<S> r;
  MatrixOf<S> m;
  r_.forward(theta, cache.z, pre);
  ln_r_.forward(theta, pre, r, cache.ln_r);
  m_.forward(theta, cache.z, pre);
  ln_m_.forward(theta, pre, m, cache.ln_m);
  cache.u.resize(batch, x.cols());
  cache.u.real() = r.template cast<Real>();
  cache.u.imag() = m.template cast<Real>();
  log_psi.resize(batch);
  for (Index s = 0; s < batch; ++s) {
    Complex sum = 0.0;
    for (Index a = 0; a < cache.u.cols(); ++a) sum += log_cosh(cache.u(s, a));
    log_psi[s] = sum;
  }
}

template void OutputHead::forward(const VectorOf<double>&, const MatrixOf<double>&, Index,
                                  ComplexVector&, HeadCacheOf<double>&) const;
template void OutputHead::forward(const VectorOf<float>&, const MatrixOf<float>&, Index,
                                  ComplexVector&, HeadCacheOf<float>&) const;

void OutputHead::backward(const RealVector& theta, const HeadCache& cache, Index tokens,
                          RealMatrix& g, JacobianWriter& out) const {
  const Index batch = out.batch();
  const Index d = cache.u.cols();
  // d log cosh(u) / du = tanh(u); r enters u as r, m as i m.
  RealMatrix g_r(2 * batch, d);
  RealMatrix g_m(2 * batch, d);
  for (Index s = 0; s < batch; ++s) {
    for (Index a = 0; a < d; ++a) {
      const Complex t = std::tanh(cache.u(s, a));
      g_r(s, a) = t.real();
      g_r(batch + s, a) = t.imag();
      g_m(s, a) = -t.imag();
      g_m(batch + s, a) = t.real();
    }
  }
  ln_r_.backward(theta, cache.ln_r, g_r, out);
  ln_m_.backward(theta, cache.ln_m, g_m, out);
  r_.write_jacobian(cache.z, g_r, out);
  m_.write_jacobian(cache.z, g_m, out);
  RealMatrix g_z;
  r_.backward_input(theta, g_r, g_z, false);
  m_.backward_input(theta, g_m, g_z, true);
  ln_o_.backward(theta, cache.ln_o, g_z, out);
  // Sum pooling copies the adjoint of s to every token.
  g.resize(2 * batch * tokens, d);
  for (Index vs = 0; vs < 2 * batch; ++vs)
    g.middleRows(vs * tokens, tokens).rowwise() = g_z.row(vs);
}

}  // namespace vitvmc
