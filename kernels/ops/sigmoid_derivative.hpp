// sigmoid_derivative: d = sigma'(x) = e/(1 + e)^2 with e = e^-|x|, from x (never as y*(1 - y)).
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, sigma'(+-0) = 1/4, +-inf -> 0, results in [0, 1/4].
// Algorithm: rr2 lut8 p4 for e^-|x| as a float pair (kernels/math/exp_pair.hpp), one division and
// two chained corrected quotients; derivation and error budget: docs/design/sigmoid.md, step 8.
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"

namespace simdact {
namespace kernels {

/// Factor * sigma'(x) = (e' * Factor * 2^25 / d) / d, d = 2^25 + e', as two chained corrected
/// quotients whose residuals are taken term by term; Factor, a power of two (4 for tanh'), is folded
/// into the numerator, so that a subnormal result is still rounded once.  e' = e^-|x| * S (S =
/// Scaling::scale, 2^25 for sigma).
template <class Arch, int Factor = 1, class Scaling = exp_pair_scaling_sigmoid, class V>
SIMDACT_INLINE V sigmoid_derivative_from_exp_pair(const exp_pair<V>& e) noexcept {
  static_assert(Factor == 1 || Factor == 2 || Factor == 4, "a small power of two");
  const V scale(Scaling::scale);
  const V num_scale(Scaling::scale * Factor);
  const V num = e.m_hi * num_scale; // exact
  const V q1 = num * e.r0;
  const V t1 = fnmadd(q1, scale, num);
  const V t2 = exact_residual<Arch>(t1, q1, e.m_hi);
  const V m_lo_terms = fmadd(e.m_lo, fnmadd(q1, V(2.0f), num_scale), t2); // R1 - q1*m_lo = R1 - d*q2*m_lo
  const V q2 = q1 * e.r0;
  const V u1 = fnmadd(q2, scale, q1);
  const V u2 = exact_residual<Arch>(u1, q2, e.m_hi);
  return fmadd(fmadd(m_lo_terms, e.r0, u2), e.r0, q2);
}

namespace ops {
struct sigmoid_derivative {
  /// Vectors per loop step (bench/RESULTS.md, "Unroll").
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    return select_nan(x, sigmoid_derivative_from_exp_pair<Arch>(exp_pair_rr2_lut8_p4<Arch>(x)));
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
