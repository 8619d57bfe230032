// tanh: y = tanh(x) = (1 - e^-2x)/(1 + e^-2x), the accurate tier.
// Max error: 1 ulp on every path; docs/accuracy.md.  Every float x: odd to the bit (computed on |x|,
// x's sign put back), tanh(x) = x wherever that is the correctly rounded value (|x| below 2^-11.8,
// subnormals included), +-inf -> +-1, NaN -> the input NaN, |y| <= 1, monotone.
// Algorithm: for |x| >= 1/8, rr2 lut8 p4 for e' = e^-2|x| * 2^40 as a float pair (sigma's,
// kernels/math/exp_pair.hpp), the numerator 2^40 - e' as a pair, one division and a corrected
// quotient; below, x + x^3 P(x^2) (kernels/math/tanh_small.sollya); derivation and error budget:
// docs/design/tanh.md.
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"

namespace simdact {
namespace kernels {

namespace tanh_constants {
constexpr float small = 0.125f; // below, the odd polynomial
constexpr float max_a = 56.0f;  // tanh rounds to 1 from 9.01 on, tanh' to 0 from 53.2
// e' = e^-2|x| * 2^40 stays normal (and its exponent's integer add in range) down to 2|x| = 112:
// tanh' = 4 e/(1 + e)^2 is above 2^-150 up to 2|x| = 106.4, so e' must not stop at sigma's 104.
using exp_scaling = exp_pair_scaling<40, -112, false>;
// tanh(x) = x + x^3 (c1 + c2 x^2 + c3 x^4) to 2^-33.5 relative on |x| <= 1/8
// (kernels/math/tanh_small.txt).
constexpr float c1 = -0x1.555556p-2f;
constexpr float c2 = 0x1.11113p-3f;
constexpr float c3 = -0x1.b748aep-5f;
} // namespace tanh_constants

/// tanh(a) for a = |x| in [1/8, 56] from e' = e^-2a * 2^40 = m_hi + m_lo (S = 2^40):
/// (S - e')/(S + e') as a corrected quotient q0 + r0 * residual.  The numerator S - m_hi - m_lo is
/// the pair n_hi + n_lo (S >= m_hi: the fast TwoSum's error is exact); the residual
/// n - q0*(S + m_hi + m_lo) is taken term by term as sigma's: n_hi - q0*S is exact (Sterbenz: q0*S
/// lies in [n_hi/2, n_hi], for d = S + e' <= 1.78 S from a = 1/8 on) and q0*m_hi nearly cancels it.
template <class Arch, class V> SIMDACT_INLINE V tanh_from_exp_pair(const exp_pair<V>& e) noexcept {
  const V scale(tanh_constants::exp_scaling::scale);
  const V n_hi = scale - e.m_hi;
  const V n_lo = ((scale - n_hi) - e.m_hi) - e.m_lo;
  const V q0 = n_hi * e.r0;
  const V t1 = fnmadd(q0, scale, n_hi);
  const V t2 = exact_residual<Arch>(t1, q0, e.m_hi);
  const V residual = fnmadd(q0, e.m_lo, t2) + n_lo;
  return fmadd(residual, e.r0, q0);
}

/// tanh(a) for a = |x| < 1/8: a + a^3 P(a^2), one rounding but for the correction's own (its share
/// of the result is below 0.0053: 2^-30 relative).  a is clamped to 1/8 first, so that a lane the
/// polynomial does not decide raises no overflow.
template <class V> SIMDACT_INLINE V tanh_small_polynomial(V a_any) noexcept {
  using namespace tanh_constants;
  const V a = min(a_any, V(small));
  const V t = a * a;
  const V p = fmadd(fmadd(V(c3), t, V(c2)), t, V(c1));
  return fmadd(a, t * p, a);
}

/// e' = e^-2a * 2^40 for a = |x| clamped to 56 (a NaN x's result is replaced).
template <class Arch, class V> SIMDACT_INLINE exp_pair<V> tanh_exp_pair(V x) noexcept {
  const V a = min(abs(x), V(tanh_constants::max_a));
  return exp_pair_rr2_lut8_p4<Arch, tanh_constants::exp_scaling>(a + a);
}

/// tanh(x) from x and its exp pair: the polynomial below |x| = 1/8, the quotient from there on.
template <class Arch, class V> SIMDACT_INLINE V tanh_from_x_and_exp_pair(V x, const exp_pair<V>& e) noexcept {
  const V a = abs(x);
  const V y = select(a < V(tanh_constants::small), tanh_small_polynomial(a), tanh_from_exp_pair<Arch>(e));
  return select_nan(x, with_sign_of(y, x));
}

namespace ops {
struct tanh {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    return tanh_from_x_and_exp_pair<Arch>(x, tanh_exp_pair<Arch>(x));
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
