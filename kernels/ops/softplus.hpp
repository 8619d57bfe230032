// softplus: y = log(1 + e^x), the smooth ReLU.
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, +inf -> +inf, -inf -> +0, softplus(+-0) = RN(ln 2); y = x wherever
// x is the correctly rounded value (from 14.556 on), e^x's tail down to the subnormal range for
// x << 0 (0 below -103.97, where the result rounds to 0), results >= 0, monotone.
// Algorithm: max(x, 0) + log1p(t) with t = e^-|x| as a float pair 2^40 (m_hi + m_lo) (rr2 lut8 p4,
// kernels/math/exp_pair.hpp), log1p(t) = 2 atanh(u) with u = t/(2 + t) as a float pair from one
// division and an exact residual, 2 atanh(u) = 2u + u^3 P(u^2) (kernels/math/log1p_atanh.sollya),
// the sum taken 2^40 times larger and rounded once (twice where the result is subnormal);
// derivation and error budget: docs/design/softplus.md.
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"

namespace simdact {
namespace kernels {

namespace softplus_constants {
constexpr float min_x = -112.0f; // softplus(x) rounds to 0 below -103.97
constexpr float max_x = 20.0f;   // softplus(x) rounds to x from 14.556 on: x is returned above 20
// e' = e^-|x| * 2^40 stays normal (and its exponent's integer add in range) down to -112, and the
// sum S*x + S*log1p(t) stays far below overflow up to 20.
using exp_scaling = exp_pair_scaling<40, -112, false>;
// 2 atanh(u) = 2u + u^3 (c3 + c5 w + c7 w^2 + c9 w^3 + c11 w^4), w = u^2, to 2^-31.7 relative on
// u in (0, 1/3] (kernels/math/log1p_atanh.txt).
constexpr float c3 = 0x1.555556p-1f;
constexpr float c5 = 0x1.999866p-2f;
constexpr float c7 = 0x1.24d764p-2f;
constexpr float c9 = 0x1.bb3304p-3f;
constexpr float c11 = 0x1.e116a4p-3f;
// Below |x| = 1/4: softplus(x) = ln2 + x/2 + x^2 (e0 + e1 x^2 + e2 x^4), to 2^-36.9 absolute
// (kernels/math/softplus_small.txt), ln2 = ln2_hi + ln2_lo to 2^-53.3.
constexpr float small = 0.25f;
constexpr float e0 = 0x1p-3f;
constexpr float e1 = -0x1.555452p-8f;
constexpr float e2 = 0x1.696342p-12f;
constexpr float ln2_hi = 0x1.62e43p-1f;
constexpr float ln2_lo = -0x1.05c61p-29f;
} // namespace softplus_constants

/// softplus(x) for x in [-112, 20] from e' = e^-|x| * S = m_hi + m_lo (S = 2^40), rounded from the
/// sum S*max(x, 0) + S*log1p(t) times 1/S.  With d = 2 + t and q = RN(1/d), S*u = u_hi + u_lo:
/// u_hi = RN(m_hi*q), and the residual S*t - u_hi*d = (m_hi - 2 u_hi) - u_hi*t_hi + m_lo*(1 - u)
/// (m_hi - 2 u_hi exact by Sterbenz, u_hi*t_hi taken exactly) times q is u_lo.
template <class Arch, class V> SIMDACT_INLINE V softplus_from_exp_pair(V x, const exp_pair<V>& e) noexcept {
  using namespace softplus_constants;
  constexpr float scale = exp_scaling::scale;
  const V t_hi = e.m_hi * V(1.0f / scale); // t, rounded to 0 or a subnormal only where t*u is negligible
  const V q = divide(V(1.0f), t_hi + V(2.0f));
  const V u_hi = e.m_hi * q;
  const V u = u_hi * V(1.0f / scale);
  const V residual = exact_residual<Arch>(e.m_hi - (u_hi + u_hi), u_hi, t_hi) + fnmadd(e.m_lo, u, e.m_lo);
  const V u_lo = residual * q;
  const V w = u * u;
  V p = fmadd(V(c11), w, V(c9));
  p = fmadd(p, w, V(c7));
  p = fmadd(p, w, V(c5));
  p = fmadd(p, w, V(c3));
  // S*log1p(t) = l_hi + l_lo, the polynomial's part below 0.039 of the sum.
  const V l_hi = u_hi + u_hi;
  const V l_lo = fmadd(u_hi * w, p, u_lo + u_lo);
  // S*x + l_hi by TwoSum (S*x is 0 for x <= 0, where the sum is l_hi exactly).
  const V sx = keep_or_zero(x > V(0.0f), x * V(scale));
  const V s = sx + l_hi;
  return (s + (sum_error(sx, l_hi, s) + l_lo)) * V(1.0f / scale);
}

/// softplus(x) for |x| < 1/4, where one ulp of the result spans up to 2^24 inputs: ln2_hi + x/2
/// as the exact pair s + e (Fast2Sum), plus ln2_lo + x^2 E(x^2), rounded once.  What the quotient's
/// roundings leave there (up to ~0.1 ulp, varying from one input to the next) would break
/// monotonicity; here the only error that varies is x^2 E's rounding, far below the step of the
/// result from one float x to the next (docs/design/softplus.md, "Monotone").
template <class V> SIMDACT_INLINE V softplus_small(V x) noexcept {
  using namespace softplus_constants;
  const V half = x * V(0.5f);
  const V s = V(ln2_hi) + half;
  const V e = half - (s - V(ln2_hi));
  const V x2 = x * x;
  const V c = fmadd(x2, fmadd(fmadd(V(e2), x2, V(e1)), x2, V(e0)), V(ln2_lo));
  return s + (e + c);
}

/// softplus(x) for every float x: the polynomial below |x| = 1/4, the sum from there on, on x
/// clamped to [-112, 20]; x itself above 20 and for a NaN x.  The clamp keeps the lanes returned as they are from
/// raising overflow or invalid.
template <class Arch, class V> SIMDACT_INLINE V softplus_of(V x) noexcept {
  using namespace softplus_constants;
  const V clamped = min(max(x, V(min_x)), V(max_x));
  const V y = select(abs(clamped) < V(small), softplus_small(clamped),
                     softplus_from_exp_pair<Arch>(clamped, exp_pair_rr2_lut8_p4<Arch, exp_scaling>(clamped)));
  return select(greater_or_nan(x, V(max_x)), x, y);
}

namespace ops {
struct softplus {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept { return softplus_of<Arch>(x); }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
