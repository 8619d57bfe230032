// silu_derivative: d = silu'(x) = sigma(x) * (1 + x * (1 - sigma(x))), from x.
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, silu'(+-0) = 1/2, +inf -> 1, -inf -> -0 (silu' approaches 0 from
// below); results in [-0.1, 1.1] (the extremes are -0.0998 and 1.0998, at x = -+2.3994).
// Algorithm: rr2 lut8 p4 for e' = e^-|x| * 2^40 as a float pair (silu's), the numerator
// f * (d + x*g) as a float pair, with d + x*g near its zero at x0 = -1.2785 taken as
// 2^40 * h * G(h), h = x - x0 (kernels/math/silu_derivative_zero.sollya), and two chained
// corrected quotients by d = 2^40 + e'; derivation and error budget: docs/design/silu.md, "silu'".
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"
#include "silu.hpp"

namespace simdact {
namespace kernels {

namespace silu_derivative_constants {
constexpr float min_x = -112.0f; // silu'(x) rounds to -0 below -108.7; e' stays normal down to -112
constexpr float max_x = 30.0f;   // silu'(x) rounds to 1 above 19.5
// x0 = x0_hi + x0_lo, the zero of 1 + x + e^x; G(h) = (1 + x + e^x)/h = c0 + c1 h + ... + c5 h^5
// with c0 = -x0 to 2^-30 relative for |h| <= 1/8 (kernels/math/silu_derivative_zero.txt).
constexpr float x0_hi = -0x1.474974p0f;
constexpr float x0_lo = 0x1.bdf6fap-27f;
constexpr float near_zero = 0.125f;
constexpr float c1 = 0x1.1d25dp-3f;
constexpr float c2 = 0x1.7c326ap-5f;
constexpr float c3 = 0x1.7c326ap-7f;
constexpr float c4 = 0x1.302854p-9f;
constexpr float c5 = 0x1.958b1cp-12f;
} // namespace silu_derivative_constants

/// silu'(x) * silu_numerator_up as q + c*r, unrounded: the chained quotients' q2, their residuals'
/// sum c and r ~ 1/d, for a caller that multiplies by more before the one rounding (silu_backward).
template <class V> struct silu_derivative_quotient { V q, c, r; };

/// silu'(x) = f*B/d^2 for x in [-112, 30], with d = S + e' (S = 2^40, e' = m_hi + m_lo), B = d + x*g
/// and (f, g) = (e', S) for x <= 0, (S, e') for x > 0: e(1 + x + e)/(1 + e)^2 and
/// (1 + e + x*e)/(1 + e)^2, e = e^-|x|, each times S^2/S^2.
/// B is a float pair, its five terms summed with their rounding errors; for x <= 0 it is
/// S*(1 + x + e) = S*h*G(h), which cancels near x0: for |h| <= 1/8 it is taken as that product,
/// h = x - x0_hi exactly (Sterbenz) plus -x0_lo.  The numerator f*B is a pair, then two chained
/// corrected quotients by d (sigmoid_derivative's), their residuals taken term by term.
/// Without an FMA the numerator is taken 2^32 times larger (silu_numerator_up) and the result scaled
/// back at the end, so that Dekker's products stay normal where the result is subnormal.
/// Returns silu'(x) * up as q2 + c*r, unrounded.
template <class Arch, class V>
SIMDACT_INLINE silu_derivative_quotient<V> silu_derivative_quotient_from_exp_pair(V x, const exp_pair<V>& e) noexcept {
  using namespace silu_derivative_constants;
  constexpr float scale = silu_constants::exp_scaling::scale;
  constexpr float up = silu_numerator_up<Arch>;
  const auto nonpositive = x <= V(0.0f);
  const V f_hi = select(nonpositive, e.m_hi, V(scale));
  const V f_lo = keep_or_zero(nonpositive, e.m_lo);
  const V g_hi = select(nonpositive, V(scale), e.m_hi);
  const V g_lo = e.m_lo - f_lo;
  // B = S + x*g + e', term by term.
  const V t = x * g_hi;
  const V u = V(scale) + t;
  const V v = u + e.m_hi;
  const V v_lo = sum_error(u, e.m_hi, v) +
                 ((sum_error(V(scale), t, u) + product_error<Arch>(x, g_hi, t)) + fmadd(x, g_lo, e.m_lo));
  // Near x0: B = S*h*G(h) with h = x - x0 as the pair h_hi + h_lo (x - x0_hi is exact, Sterbenz),
  // G = c0_hi + w, w = c0_lo + h*P(h), c0 = -x0; h*c0_hi taken exactly, for h_hi can be as small as
  // x0_lo (at x = x0_hi).
  const V h = x - V(x0_hi);
  const V h_hi = h - V(x0_lo);
  const V h_lo = sum_error(h, V(-x0_lo), h_hi);
  const V poly = fmadd(fmadd(fmadd(fmadd(V(c5), h_hi, V(c4)), h_hi, V(c3)), h_hi, V(c2)), h_hi, V(c1));
  const V w = fmadd(h_hi, poly, V(-x0_lo));
  const V hg = h_hi * V(-x0_hi);
  const V hg_lo = fmadd(h_hi, w, fmadd(h_lo, V(-x0_hi) + w, product_error<Arch>(h_hi, V(-x0_hi), hg)));
  const auto near = abs(h_hi) <= V(near_zero);
  const V b_hi = select(near, hg * V(scale), v);
  const V b_lo = select(near, hg_lo * V(scale), v_lo);
  // The numerator f*B*up as n_hi + n_lo.
  const V fu_hi = f_hi * V(up);
  const V fu_lo = f_lo * V(up);
  const V n_hi = fu_hi * b_hi;
  const V n_lo = fmadd(fu_hi, b_lo, fmadd(fu_lo, b_hi, product_error<Arch>(fu_hi, b_hi, n_hi)));
  // q1 ~ N/d with residual r1 = N - q1*d; q2 ~ q1/d with r2 = q1 - q2*d; N/d^2 = q2 + r2/d + r1/d^2.
  // q*S lies in [n/2, n] for q ~ n/d, d in [S, 2S]: n - q*S is exact (Sterbenz).
  const V q1 = n_hi * e.r0;
  const V r1 = exact_residual<Arch>(fnmadd(q1, V(scale), n_hi), q1, e.m_hi) + fnmadd(q1, e.m_lo, n_lo);
  const V q2 = q1 * e.r0;
  const V r2 = fnmadd(q2, e.m_lo, exact_residual<Arch>(fnmadd(q2, V(scale), q1), q2, e.m_hi));
  return {q2, fmadd(r1, e.r0, r2), e.r0};
}

/// silu'(x), rounded once (twice for a subnormal result without an FMA, within 0.75 units of 2^-149).
template <class Arch, class V> SIMDACT_INLINE V silu_derivative_from_exp_pair(V x, const exp_pair<V>& e) noexcept {
  const silu_derivative_quotient<V> s = silu_derivative_quotient_from_exp_pair<Arch>(x, e);
  return fmadd(s.c, s.r, s.q) * V(1.0f / silu_numerator_up<Arch>);
}

namespace ops {
struct silu_derivative {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  /// The quotient runs on x clamped to [-112, 30]; a NaN x is returned as it is.
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    using namespace silu_derivative_constants;
    const V clamped = min(max(x, V(min_x)), V(max_x));
    const V d =
        silu_derivative_from_exp_pair<Arch>(clamped, exp_pair_rr2_lut8_p4<Arch, silu_constants::exp_scaling>(clamped));
    return select_nan(x, d);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
