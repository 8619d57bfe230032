// silu_backward: dx = dy * silu'(x), the gradient through silu from its input x (PyTorch's
// silu_backward(grad_output, self)).
// Max error: 1 ulp of dy*silu'(x) exact on the given floats, for every x and every finite dy, on
// every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  A result that overflows is
// the exact result's infinity; an infinite dy gives silu'(x)*dy's infinity (NaN for x = -inf,
// where silu' is -0); dy = +-0 gives a zero of silu'(x)*dy's sign; NaN propagates.
// Algorithm: for x >= -30 and |dy| <= 2^64 (silu_backward_plain), silu_derivative's quotient left
// unrounded, times dy as a float pair, rounded once; for a group of vectors with a lane outside,
// also the careful formula, blended per lane: below x = -30, where silu' is subnormal from -91.85
// on while dy*silu' may not be, dy*(1 + x)*e^x with e^x a float pair whose exponent is kept apart
// (exp_split_rr2_lut8_p4), and dy's exponent apart; docs/design/silu.md, "silu backward".
#pragma once

#include <cfloat>

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"
#include "silu_derivative.hpp"

namespace simdact {
namespace kernels {

namespace silu_backward_constants {
constexpr float tail_x = -30.0f; // below, silu'(x) = e^x (1 + x) to 2^-42 relative
// |g silu'(x)| < 2^-152 below, for every |g| < 2^256 (dy, or swiglu_backward's dy*b): the result is -0*g.
constexpr float min_x = -300.0f;
constexpr float max_dy = 0x1p64f;
// dy is taken 2^32 times larger (with silu_numerator_up, the quotient's own factor): the product
// with the quotient stays normal, its error exact, wherever the result is normal.
constexpr float up = 0x1p32f;
} // namespace silu_backward_constants

/// g * silu'(x) * 2^32 for x >= -30 (x above 30 taken as 30, where silu' rounds to 1) and g = g_hi
/// (+ g_lo, WithLow: an exact product's pair) with |g| <= 2^64, rounded once: g*2^32 times the
/// quotient q as the pair p_hi + p_lo (below 2^97), plus g*2^32 times the quotient's correction
/// c*r (and g_lo*2^32 times q).  g = +-0 gives p_hi, whose sign is the product's (p_hi + t would
/// be +0 where p_hi is -0).
template <class Arch, bool WithLow, class V> SIMDACT_INLINE V silu_backward_times_up(V g_hi, V g_lo, V x) noexcept {
  constexpr float scale = silu_backward_constants::up / silu_numerator_up<Arch>;
  const V clamped = min(x, V(silu_derivative_constants::max_x));
  const silu_derivative_quotient<V> s = silu_derivative_quotient_from_exp_pair<Arch>(
      clamped, exp_pair_rr2_lut8_p4<Arch, silu_constants::exp_scaling>(clamped));
  const V g_up = g_hi * V(scale);
  const V p_hi = g_up * s.q;
  const V p_lo = product_error<Arch>(g_up, s.q, p_hi);
  V t = fmadd(g_up, s.c * s.r, p_lo);
  if constexpr (WithLow) t = fmadd(g_lo * V(scale), s.q, t);
  return select(g_hi == V(0.0f), p_hi, p_hi + t);
}

/// dy * silu'(x) for x >= -30 and |dy| <= 2^64: rounded once where the result is normal; where it
/// is subnormal, at most twice, within 0.75 units of 2^-149.
template <class Arch, class V> SIMDACT_INLINE V silu_backward_plain(V dy, V x) noexcept {
  return silu_backward_times_up<Arch, false>(dy, V(0.0f), x) * V(1.0f / silu_backward_constants::up);
}

/// The factor whose product with the gradient (dy, or dy then b) is a special lane's result: x for a
/// NaN x, -0 for x = -inf and for x below -300 where the gradient's factors are `finite`, and
/// silu'(x)'s sign otherwise (negative from x0 = -1.2785 down: x <= x0_hi, x0_lo > 0 being below
/// x0_hi's half ulp).
template <class V, class M> SIMDACT_INLINE V silu_backward_special_factor(V x, M finite) noexcept {
  using namespace silu_backward_constants;
  const V sign = select(x <= V(silu_derivative_constants::x0_hi), V(-1.0f), V(1.0f));
  const auto negligible = x < V(-FLT_MAX) || (x < V(min_x) && finite);
  return select_nan(x, select(negligible, V(-0.0f), sign));
}

/// g * silu'(x) for x >= -300 (not NaN) and g = (g_hi + g_lo) * 2^g_exponent, |g_hi| in [2^-85,
/// 2^64] (g_lo = 0 without WithLow), the exponents put back last: below x = -30 as g*(1 + x)*e^x,
/// 1 + x exact and e^x = m*2^k (exp_split), the products as float pairs; from -30 on by
/// silu_backward_times_up.
template <class Arch, bool WithLow, class V>
SIMDACT_INLINE V silu_backward_scaled(V g_hi, V g_lo, V g_exponent, V x) noexcept {
  using namespace silu_backward_constants;
  const V x_tail = min(max(x, V(min_x)), V(tail_x));
  const exp_split<V> e = exp_split_rr2_lut8_p4<Arch>(x_tail);
  const V one_plus_x = V(1.0f) + x_tail;
  const V p_hi = g_hi * one_plus_x;
  V p_lo = product_error<Arch>(g_hi, one_plus_x, p_hi);
  if constexpr (WithLow) p_lo = fmadd(g_lo, one_plus_x, p_lo);
  const V n_hi = p_hi * e.m_hi;
  const V n_lo = fmadd(p_hi, e.m_lo, fmadd(p_lo, e.m_hi, product_error<Arch>(p_hi, e.m_hi, n_hi)));
  const V body = silu_backward_times_up<Arch, WithLow>(g_hi, g_lo, max(x, V(tail_x)));
  const auto tail = x < V(tail_x);
  // The tail's n lies below 2^74 and the body below 2^97: times 2^-250 they round to 0.
  const V exponent = max(select(tail, e.k, V(-32.0f)) + g_exponent, V(-250.0f));
  return scale_by_exp2_wide<Arch>(select(tail, n_hi + n_lo, body), exponent);
}

/// Every x and dy: the special lanes (x below -300 or NaN, dy = +-0, an infinite or NaN dy) as
/// factor*dy, and the others by silu_backward_scaled with dy's exponent apart (scale_apart).  Out
/// of line, like swiglu_careful: it runs only for groups with a lane outside the plain range.
template <class Arch, class V> SIMDACT_NOINLINE V silu_backward_careful(V dy, V x) noexcept {
  using namespace silu_backward_constants;
  const auto special = greater_or_nan(V(min_x), x) || dy == V(0.0f) || greater_or_nan(abs(dy), V(FLT_MAX));
  const V special_value = silu_backward_special_factor(x, abs(dy) <= V(FLT_MAX)) * dy;
  if (every_lane<V>(special)) return special_value;
  const scaled_apart<V> g = scale_apart(clamp_to_finite(dy));
  return select(special, special_value, silu_backward_scaled<Arch, false>(g.value, V(0.0f), g.exponent, x));
}

namespace ops {
struct silu_backward {
  /// Vectors per loop step: 1 on avx2, where 4 ran slower (bench/RESULTS.md, "silu_backward").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 1 : isa<Arch>::default_unroll;
  /// The plain formula where every lane of the group lies in its range, the careful one where
  /// none does, else both, blended, plain then on inputs clamped into its range so that the lanes
  /// it does not decide raise no exception.  A lane's result depends on its own inputs only.
  template <class Arch, class V> static SIMDACT_INLINE V compute(V dy, V x) noexcept {
    using namespace silu_backward_constants;
    const auto outside = greater_or_nan(V(tail_x), x) || greater_or_nan(abs(dy), V(max_dy));
    if (!any_lane<V>(outside)) return silu_backward_plain<Arch>(dy, x);
    if (every_lane<V>(outside)) return silu_backward_careful<Arch>(dy, x);
    const V x_in = max(x, V(tail_x));
    const V dy_in = min(max(dy, V(-max_dy)), V(max_dy));
    return select(outside, silu_backward_careful<Arch>(dy, x), silu_backward_plain<Arch>(dy_in, x_in));
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
