// mish_backward: dx = dy * mish'(x), the gradient through mish from its input x.
// Max error: 1 ulp of dy*mish'(x) exact on the given floats, for every x and every finite dy, on
// every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  mish'(x) changes sign at
// x0 = -1.1924312 (mish's minimum; no float is a zero) and is e^x (1 + x) to 2^-43 relative below
// x = -30.  An infinite dy gives an infinity of dy's sign times mish''s (NaN for x = -inf, where
// mish' is 0); dy = +-0 gives a zero of that sign; NaN propagates.
// Algorithm: mish'(x) = f*B/D^2 in mish's pairs (kernels/ops/mish.hpp) with B = A*D + 4x*g^2*(f + g)
// a float pair; near x0, where B cancels, B = h*G(h), h = x - x0 as a pair
// (kernels/math/mish_derivative_zero.sollya); the numerator dy*f*B as a pair and two chained
// corrected quotients by D.  For x in [-64, 20] and |dy| <= 2^48 with e^-|x| unscaled
// (mish_backward_plain); for a group of vectors with a lane outside, also the careful formula,
// blended per lane: dy's exponent apart, and below x = -30 dy*(1 + x)*e^x with e^x a float pair
// whose exponent is kept apart; docs/design/mish.md, "Backward".
#pragma once

#include <cfloat>

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"
#include "mish.hpp"

namespace simdact {
namespace kernels {

namespace mish_backward_constants {
constexpr float min_x = -200.0f;        // |dy mish'(x)| < 2^-152 below, for every finite dy: the result is +-0
constexpr float max_x = 20.0f;          // mish'(x) = 1 + 2^-51 and less above: the result is dy
constexpr float tail_x = -30.0f;        // below, mish'(x) = e^x (1 + x) to 2^-43 relative
constexpr float plain_min_x = -64.0f;   // e^-|x| (unscaled) and its low part stay normal down to -64
constexpr float plain_max_dy = 0x1p48f; // the numerator dy*f*B (times 2^32 without FMA) below 2^88
// Unscaled: B ~ D*A ~ S^3 and D^2 ~ S^4 would overflow with sigma's S = 2^40.
using exp_scaling = exp_pair_scaling<0, -64, false>;
// x0 = x0_hi + x0_lo, the zero of B; G(h) = B(x0 + h)/h = g0 + c1 h + ... + c5 h^5 with g0 =
// B'(x0) as a pair, to 2^-31.9 relative for |h| <= 1/16 (kernels/math/mish_derivative_zero.txt).
constexpr float x0_hi = -0x1.31432cp0f;
constexpr float x0_lo = -0x1.a25b08p-29f;
constexpr float near_zero = 0.0625f;
constexpr float g0_hi = 0x1.9a1c16p2f;
constexpr float g0_lo = -0x1.410906p-23f;
constexpr float c1 = 0x1.21b0c8p1f;
constexpr float c2 = 0x1.49433ep0f;
constexpr float c3 = 0x1.1d9a62p-1f;
constexpr float c4 = 0x1.ab145p-3f;
constexpr float c5 = 0x1.259c96p-4f;
} // namespace mish_backward_constants

/// dy * mish'(x) for x in [-64, 20] and |dy| <= 2^48, with e = e^-|x| as an unscaled pair and
/// (f, g) = (e, 1) for x <= 0, (1, e) for x > 0: mish' = f*B/D^2 with B = A*D + 2x*G*C, C = f + g
/// (A, D and G = 2g^2 from mish_pairs_of), B's terms as pairs and summed with their errors.  Near
/// x0 (|h| <= 1/16), B = h*G(h) with h = x - x0_hi exactly (Sterbenz) plus -x0_lo.  Then the
/// numerator dy*f*B as a pair and two chained corrected quotients by D (silu'): rounded once where
/// the result is normal.  The numerator is taken 2^32 times larger on every path and the result
/// scaled back at the end: with e unscaled, the quotients and their residuals would otherwise lie
/// as close to the subnormal range as the result, and lose their low bits there (2.5 ulp on
/// random pairs with dy near 2^-126); a subnormal result is then rounded twice, within 0.75 units.
template <class Arch, class V> SIMDACT_INLINE V mish_backward_plain(V dy, V x) noexcept {
  using namespace mish_backward_constants;
  constexpr float up = 0x1p32f;
  const exp_pair<V> e = exp_pair_rr2_lut8_p4<Arch, exp_scaling>(x);
  const auto nonpositive = x <= V(0.0f);
  const V f_hi = select(nonpositive, e.m_hi, V(1.0f));
  const V f_lo = keep_or_zero(nonpositive, e.m_lo);
  const V g_hi = select(nonpositive, V(1.0f), e.m_hi);
  const V g_lo = e.m_lo - f_lo;
  const mish_pairs<V> p = mish_pairs_of<Arch>(f_hi, f_lo, g_hi, g_lo);
  // B = A*D + 2x*G*C, term by term.
  const V ad_hi = p.a_hi * p.d_hi;
  const V ad_lo = fmadd(p.a_hi, p.d_lo, fmadd(p.a_lo, p.d_hi, product_error<Arch>(p.a_hi, p.d_hi, ad_hi)));
  const V c_hi = f_hi + g_hi;
  const V c_lo = sum_error(f_hi, g_hi, c_hi) + (f_lo + g_lo);
  const V w_hi = p.g2_hi * c_hi;
  const V w_lo = fmadd(p.g2_hi, c_lo, fmadd(p.g2_lo, c_hi, product_error<Arch>(p.g2_hi, c_hi, w_hi)));
  const V two_x = x + x;
  const V t_hi = two_x * w_hi;
  const V t_lo = fmadd(two_x, w_lo, product_error<Arch>(two_x, w_hi, t_hi));
  const V sum_hi = ad_hi + t_hi;
  const V sum_lo = sum_error(ad_hi, t_hi, sum_hi) + (ad_lo + t_lo);
  // Near x0: B = h*G(h), G = g0_hi + w with w = g0_lo + h*P(h); h*g0_hi taken exactly, for h_hi
  // can be as small as x0_lo (at x = x0_hi).
  const V h = x - V(x0_hi);
  const V h_hi = h - V(x0_lo);
  const V h_lo = sum_error(h, V(-x0_lo), h_hi);
  const V poly = fmadd(fmadd(fmadd(fmadd(V(c5), h_hi, V(c4)), h_hi, V(c3)), h_hi, V(c2)), h_hi, V(c1));
  const V w = fmadd(h_hi, poly, V(g0_lo));
  const V hg = h_hi * V(g0_hi);
  const V hg_lo = fmadd(h_hi, w, fmadd(h_lo, V(g0_hi) + w, product_error<Arch>(h_hi, V(g0_hi), hg)));
  const auto near = abs(h_hi) <= V(near_zero);
  const V b_hi = select(near, hg, sum_hi);
  const V b_lo = select(near, hg_lo, sum_lo);
  // The numerator dy*up*f*B as n_hi + n_lo.
  const V fb_hi = f_hi * b_hi;
  const V fb_lo = fmadd(f_hi, b_lo, fmadd(f_lo, b_hi, product_error<Arch>(f_hi, b_hi, fb_hi)));
  const V dyu = dy * V(up);
  const V n_hi = dyu * fb_hi;
  const V n_lo = fmadd(dyu, fb_lo, product_error<Arch>(dyu, fb_hi, n_hi));
  // q1 ~ N/D with residual r1 = N - q1*D; q2 ~ q1/D with r2 = q1 - q2*D; N/D^2 = q2 + (r2 + r1/D)/D.
  // r2 is taken negated, q2*D - q1: +0 where dy = +-0, so that q2 - (-r2 - r1/D)/D keeps q2's zero.
  const V r = divide(V(1.0f), p.d_hi);
  const V q1 = n_hi * r;
  const V r1 = exact_residual<Arch>(n_hi, q1, p.d_hi) + fnmadd(q1, p.d_lo, n_lo);
  const V q2 = q1 * r;
  const V minus_r2 = fmadd(q2, p.d_lo, exact_sum_with_product<Arch>(-q1, q2, p.d_hi));
  return fnmadd(fnmadd(r1, r, minus_r2), r, q2) * V(1.0f / up);
}

/// Every x and dy: the special lanes (x above 20, below -200 or NaN, dy = +-0, an infinite or NaN
/// dy) as factor*dy with factor the sign of mish'(x) (+-1, or -0 where mish' is negligible), and
/// the others with dy = v * 2^k, |v| in [2^-32, 2^32]: v*mish'(x) by the plain formula from
/// x = -30 on, v*(1 + x)*e^x as an exact product pair below (1 + x is exact, e^x = m*2^j), times
/// 2^(k (+ j)).  Out of line, like softplus_backward_careful.
template <class Arch, class V> SIMDACT_NOINLINE V mish_backward_careful(V dy, V x) noexcept {
  using namespace mish_backward_constants;
  const V magnitude = abs(dy);
  const auto special =
      greater_or_nan(x, V(max_x)) || x < V(min_x) || dy == V(0.0f) || greater_or_nan(magnitude, V(FLT_MAX));
  // mish' < 0 below x0 (x0_hi lies above x0) and > 0 from x0_hi on; an infinite dy keeps its
  // infinity below -200, where mish' is tiny but not 0, and gives NaN at -inf.
  const auto negligible = x < V(-FLT_MAX) || (x < V(min_x) && magnitude <= V(FLT_MAX));
  const V sign = select(x >= V(x0_hi), V(1.0f), V(-1.0f));
  const V special_value = select_nan(x, select(negligible, V(-0.0f), sign)) * dy;
  if (every_lane<V>(special)) return special_value;
  const scaled_apart<V> g = scale_apart_narrow(clamp_to_finite(dy));
  const exp_split<V> e = exp_split_rr2_lut8_p4<Arch>(min(max(x, V(min_x)), V(tail_x)));
  const V one_plus_x = V(1.0f) + min(max(x, V(min_x)), V(tail_x));
  const V v_hi = g.value * one_plus_x;
  const V v_lo = product_error<Arch>(g.value, one_plus_x, v_hi);
  const V n_hi = v_hi * e.m_hi;
  const V n_lo = fmadd(v_hi, e.m_lo, fmadd(v_lo, e.m_hi, product_error<Arch>(v_hi, e.m_hi, n_hi)));
  const V body = mish_backward_plain<Arch>(g.value, min(max(x, V(tail_x)), V(max_x)));
  const auto tail = x < V(tail_x);
  // The tail's n lies below 2^42: times 2^-250 it rounds to 0.
  const V exponent = max(keep_or_zero(tail, e.k) + g.exponent, V(-250.0f));
  return select(special, special_value, scale_by_exp2_wide<Arch>(select(tail, n_hi + n_lo, body), exponent));
}

namespace ops {
struct mish_backward {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  /// The plain formula where every lane of the group lies in its range, the careful one where none
  /// does, else both, blended, plain then on inputs clamped into its range so that the lanes it
  /// does not decide raise no exception.  A lane's result depends on its own inputs only.
  template <class Arch, class V> static SIMDACT_INLINE V compute(V dy, V x) noexcept {
    using namespace mish_backward_constants;
    const auto outside =
        greater_or_nan(V(plain_min_x), x) || greater_or_nan(x, V(max_x)) || greater_or_nan(abs(dy), V(plain_max_dy));
    if (!any_lane<V>(outside)) return mish_backward_plain<Arch>(dy, x);
    if (every_lane<V>(outside)) return mish_backward_careful<Arch>(dy, x);
    const V x_in = min(max(x, V(plain_min_x)), V(max_x));
    const V dy_in = min(max(dy, V(-plain_max_dy)), V(plain_max_dy));
    return select(outside, mish_backward_careful<Arch>(dy, x), mish_backward_plain<Arch>(dy_in, x_in));
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
