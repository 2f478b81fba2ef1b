#include "vitvmc/model/layers/attention.hpp"

namespace vitvmc::attention_kernels {

void mix(const RealMatrix& alpha, bool shared, const RealMatrix& v, Index heads, Index tokens,
         RealMatrix& mixed) {
  RealMatrix gathered;
  RealMatrix product;
  mix(alpha, shared, v, heads, tokens, mixed, gathered, product);
}

template <class S>
void mix(const MatrixOf<S>& alpha, bool shared, const MatrixOf<S>& v, Index heads, Index tokens,
         MatrixOf<S>& mixed, MatrixOf<S>& gathered, MatrixOf<S>& product) {
  const Index batch = v.rows() / tokens;
  const Index width = v.cols() / heads;
  mixed.resize(v.rows(), v.cols());
  if (shared) {
    // One GEMM per head over the whole batch: gather head mu as n x (B * d_h), multiply, scatter.
    gathered.resize(tokens, batch * width);
    product.resize(tokens, batch * width);
    for (Index mu = 0; mu < heads; ++mu) {
      for (Index s = 0; s < batch; ++s)
        gathered.middleCols(s * width, width) = head_of(v, s, mu, tokens, width);
      product.noalias() = alpha.middleRows(mu * tokens, tokens) * gathered;
      for (Index s = 0; s < batch; ++s)
        head_of(mixed, s, mu, tokens, width) = product.middleCols(s * width, width);
    }
    return;
  }
  for (Index s = 0; s < batch; ++s)
    for (Index mu = 0; mu < heads; ++mu)
      head_of(mixed, s, mu, tokens, width).noalias() =
          alpha.middleRows((s * heads + mu) * tokens, tokens) * head_of(v, s, mu, tokens, width);
}

template void mix(const MatrixOf<double>&, bool, const MatrixOf<double>&, Index, Index,
                  MatrixOf<double>&, MatrixOf<double>&, MatrixOf<double>&);
template void mix(const MatrixOf<float>&, bool, const MatrixOf<float>&, Index, Index,
                  MatrixOf<float>&, MatrixOf<float>&, MatrixOf<float>&);

void mix_backward(const RealMatrix& alpha, bool shared, const RealMatrix& v,
                  const RealMatrix& g_mixed, Index heads, Index tokens, RealMatrix& g_v,
                  RealMatrix* g_alpha) {
  const Index batch = v.rows() / tokens;
  const Index width = v.cols() / heads;
  g_v.resize(g_mixed.rows(), g_mixed.cols());
  if (g_alpha != nullptr) g_alpha->resize(2 * batch * heads * tokens, tokens);
  for (Index vs = 0; vs < 2 * batch; ++vs) {
    const Index s = vs % batch;
    for (Index mu = 0; mu < heads; ++mu) {
      const auto a = alpha.middleRows(((shared ? 0 : s) * heads + mu) * tokens, tokens);
      const auto g = head_of(g_mixed, vs, mu, tokens, width);
      head_of(g_v, vs, mu, tokens, width).noalias() = a.transpose() * g;
      if (g_alpha != nullptr)
        g_alpha->middleRows((vs * heads + mu) * tokens, tokens).noalias() =
            g * head_of(v, s, mu, tokens, width).transpose();
    }
  }
}

}  // namespace vitvmc::attention_kernels
