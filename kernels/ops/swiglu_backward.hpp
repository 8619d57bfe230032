// swiglu_backward: da = dy * b * silu'(a) and db = dy * silu(a), the gradients through swiglu
// (y = silu(a) * b) from its inputs a and b.
// Max error: 1 ulp of each exact result on the given floats, for every a and every finite dy and b,
// on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  db is swiglu(a, dy) bit
// for bit.  da: a result that overflows is the exact result's infinity, also where dy*b overflows
// and da does not; an infinite dy or b gives silu'(a)*dy*b's infinity (NaN for a = -inf and for
// 0*inf); a zero dy or b gives a zero of that product's sign; NaN propagates.
// Algorithm (da): silu_backward's with dy*b as an exact float pair in place of dy: for a >= -30,
// |dy| and |b| <= 2^32 and |dy*b| >= 2^-60 its quotient times the pair, rounded once; for a group of
// vectors with a lane outside, also the careful formula, blended per lane, with the exponents of dy
// and b apart (scale_apart_narrow) and put back last; docs/design/silu.md, "swiglu backward".
#pragma once

#include <cfloat>

#include "silu_backward.hpp"
#include "swiglu.hpp"

namespace simdact {
namespace kernels {

namespace swiglu_backward_constants {
// |dy| and |b| up to 2^32, |dy*b| from 2^-60: the pair dy*b is exact and within
// silu_backward_times_up's range.
constexpr float max_factor = 0x1p32f;
constexpr float min_product = 0x1p-60f;
} // namespace swiglu_backward_constants

/// dy*b*silu'(a) for a >= -30 and g = dy*b with |dy|, |b| <= 2^32 and |g| >= 2^-60 (or g = 0), g
/// given: rounded once where the result is normal; where it is subnormal, at most twice, within
/// 0.75 units of 2^-149.
template <class Arch, class V> SIMDACT_INLINE V swiglu_backward_da_plain(V g, V dy, V a, V b) noexcept {
  return silu_backward_times_up<Arch, true>(g, product_error<Arch>(dy, b, g), a) *
         V(1.0f / silu_backward_constants::up);
}

/// Every dy, a and b: the special lanes (a below -300 or NaN, dy or b zero, infinite or NaN) as
/// (factor*dy)*b, and the others by silu_backward_scaled with g = dy*b as an exact pair of the two
/// factors scaled apart.  Out of line, like silu_backward_careful.
template <class Arch, class V> SIMDACT_NOINLINE V swiglu_backward_da_careful(V dy, V a, V b) noexcept {
  using namespace silu_backward_constants;
  const auto special = greater_or_nan(V(min_x), a) || dy == V(0.0f) || b == V(0.0f) ||
                       greater_or_nan(abs(dy), V(FLT_MAX)) || greater_or_nan(abs(b), V(FLT_MAX));
  // factor*dy first: dy*b may overflow where the result is a zero.
  const V special_value = silu_backward_special_factor(a, abs(dy) <= V(FLT_MAX) && abs(b) <= V(FLT_MAX)) * dy * b;
  if (every_lane<V>(special)) return special_value;
  const scaled_apart<V> d = scale_apart_narrow(clamp_to_finite(dy));
  const scaled_apart<V> s = scale_apart_narrow(clamp_to_finite(b));
  const V g_hi = d.value * s.value; // in [2^-64, 2^64] where neither is 0
  const V g_lo = product_error<Arch>(d.value, s.value, g_hi);
  return select(special, special_value, silu_backward_scaled<Arch, true>(g_hi, g_lo, d.exponent + s.exponent, a));
}

/// da: the plain formula where every lane of the group lies in its range, the careful one where
/// none does, else both, blended, plain then on inputs clamped into its range so that the lanes it
/// does not decide raise no exception.  A lane's result depends on its own inputs only.
template <class Arch, class V> SIMDACT_INLINE V swiglu_backward_da(V dy, V a, V b) noexcept {
  using namespace swiglu_backward_constants;
  const V dy_in = min(max(dy, V(-max_factor)), V(max_factor));
  const V b_in = min(max(b, V(-max_factor)), V(max_factor));
  const V g = dy_in * b_in;
  const auto outside = greater_or_nan(V(silu_backward_constants::tail_x), a) ||
                       greater_or_nan(abs(dy), V(max_factor)) || greater_or_nan(abs(b), V(max_factor)) ||
                       abs(g) < V(min_product);
  if (!any_lane<V>(outside)) return swiglu_backward_da_plain<Arch>(g, dy, a, b);
  if (every_lane<V>(outside)) return swiglu_backward_da_careful<Arch>(dy, a, b);
  const V a_in = max(a, V(silu_backward_constants::tail_x));
  return select(outside, swiglu_backward_da_careful<Arch>(dy, a, b),
                swiglu_backward_da_plain<Arch>(g, dy_in, a_in, b_in));
}

namespace ops {
struct swiglu_backward {
  /// Vectors per loop step: 1 on avx2, as for silu_backward, whose formula da's is.
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 1 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE void compute(V dy, V a, V b, V& da, V& db) noexcept {
    da = swiglu_backward_da<Arch>(dy, a, b);
    db = swiglu::compute<Arch>(a, dy);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
