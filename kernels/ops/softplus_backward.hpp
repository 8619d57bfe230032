// softplus_backward: dx = dy * sigma(x), the gradient through softplus from its input x.
// Max error: 1 ulp of dy*sigma(x) exact on the given floats, for every x and every finite dy, on
// every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  An infinite dy gives
// dy's infinity (NaN for x = -inf, where sigma is 0); dy = +-0 gives a zero of dy's sign; NaN
// propagates.
// Algorithm: for x in [-112, 35] and |dy| <= 2^48 (softplus_backward_plain), silu's corrected
// quotient with the numerator's factor x replaced by dy (kernels/ops/silu.hpp): sigma(x) is never
// rounded on its own, so a subnormal sigma keeps its bits where dy*sigma is normal; for a group of
// vectors with a lane outside, also the careful formula, blended per lane: dy's exponent apart
// (scale_apart_narrow), below x = -30 dy*e^x with e^x a float pair whose exponent is kept apart
// (exp_split_rr2_lut8_p4), the exponents put back last; docs/design/softplus.md, "Backward".
#pragma once

#include <cfloat>

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"
#include "silu.hpp"

namespace simdact {
namespace kernels {

namespace softplus_backward_constants {
constexpr float min_x = -200.0f;        // |dy sigma(x)| < 2^-160 below, for every finite dy: the result is +-0
constexpr float max_x = 35.0f;          // sigma(x) = 1 - 2^-50 and less above: the result is dy
constexpr float tail_x = -30.0f;        // below, sigma(x) = e^x to 2^-43 relative
constexpr float plain_min_x = -112.0f;  // silu's exponential pair stays normal down to -112
constexpr float plain_max_dy = 0x1p48f; // the quotient's numerator dy*2^40 (times 2^32 without FMA) below 2^87
} // namespace softplus_backward_constants

/// dy * sigma(x) for x in [-112, 35] and |dy| <= 2^48: dy*2^40/(2^40 + e') for x > 0,
/// dy*e'/(2^40 + e') for x <= 0, e' = e^-|x| * 2^40, as silu's corrected quotient; rounded once
/// where the result is normal, and within 0.5 + 2^-24 units of 2^-149 where it is subnormal.
template <class Arch, class V> SIMDACT_INLINE V softplus_backward_plain(V dy, V x) noexcept {
  const exp_pair<V> e = exp_pair_rr2_lut8_p4<Arch, silu_constants::exp_scaling>(x);
  return silu_times_from_exp_pair<Arch, false>(x, dy * V(silu_numerator_up<Arch>), V(0.0f), e);
}

/// Every x and dy: the special lanes (x above 35, below -200 or NaN, dy = +-0, an infinite or NaN
/// dy) as factor*dy with factor 1 or 0, and the others with dy = v * 2^k, |v| in [2^-32, 2^32]:
/// v*sigma(x) by the plain formula from x = -30 on (above 2^-76: normal), v*e^x as an exact
/// product pair below (e^x = m*2^j; sigma(x) = e^x (1 - e^x + ...) there), times 2^(k (+ j)).  Out
/// of line, like swiglu_careful: it runs only for groups with a lane outside the plain range.
template <class Arch, class V> SIMDACT_NOINLINE V softplus_backward_careful(V dy, V x) noexcept {
  using namespace softplus_backward_constants;
  const V magnitude = abs(dy);
  const auto special =
      greater_or_nan(x, V(max_x)) || x < V(min_x) || dy == V(0.0f) || greater_or_nan(magnitude, V(FLT_MAX));
  // sigma(x) > 0 for every x > -inf: an infinite dy keeps its infinity below -200 too.
  const auto negligible = x < V(-FLT_MAX) || (x < V(min_x) && magnitude <= V(FLT_MAX));
  const V special_value = select_nan(x, select(negligible, V(0.0f), V(1.0f))) * dy;
  if (every_lane<V>(special)) return special_value;
  const scaled_apart<V> g = scale_apart_narrow(clamp_to_finite(dy));
  const exp_split<V> e = exp_split_rr2_lut8_p4<Arch>(min(max(x, V(min_x)), V(tail_x)));
  const V n_hi = g.value * e.m_hi;
  const V n_lo = fmadd(g.value, e.m_lo, product_error<Arch>(g.value, e.m_hi, n_hi));
  const V body = softplus_backward_plain<Arch>(g.value, min(max(x, V(tail_x)), V(max_x)));
  const auto tail = x < V(tail_x);
  // The tail's n lies below 2^34: times 2^-250 it rounds to 0.
  const V exponent = max(keep_or_zero(tail, e.k) + g.exponent, V(-250.0f));
  return select(special, special_value, scale_by_exp2_wide<Arch>(select(tail, n_hi + n_lo, body), exponent));
}

/// dy * sigma(x) for every dy and x: the plain formula where every lane of the group lies in its
/// range, the careful one where none does, else both, blended, plain then on inputs clamped into
/// its range so that the lanes it does not decide raise no exception.  A lane's result depends on
/// its own inputs only: the FMA paths stay bit-identical.
template <class Arch, class V> SIMDACT_INLINE V dy_times_sigmoid(V dy, V x) noexcept {
  using namespace softplus_backward_constants;
  const auto outside =
      greater_or_nan(V(plain_min_x), x) || greater_or_nan(x, V(max_x)) || greater_or_nan(abs(dy), V(plain_max_dy));
  if (!any_lane<V>(outside)) return softplus_backward_plain<Arch>(dy, x);
  if (every_lane<V>(outside)) return softplus_backward_careful<Arch>(dy, x);
  const V x_in = min(max(x, V(plain_min_x)), V(max_x));
  const V dy_in = min(max(dy, V(-plain_max_dy)), V(plain_max_dy));
  return select(outside, softplus_backward_careful<Arch>(dy, x), softplus_backward_plain<Arch>(dy_in, x_in));
}

namespace ops {
struct softplus_backward {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V dy, V x) noexcept {
    return dy_times_sigmoid<Arch>(dy, x);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
