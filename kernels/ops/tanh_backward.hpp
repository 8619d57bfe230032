// tanh_backward: dx = dy * (1 - y^2), the gradient through tanh from its output y (as PyTorch's
// tanh_backward and oneDNN's use_dst take it).
// Max error: 1 ulp of the exact dy*(1 - y^2) on the given floats, for any dy and |y| <= 2^56 (y is
// used as given, not clamped to [-1, 1]); a result that overflows is the exact result's infinity;
// NaN propagates.  dx = RN(dy*p_hi + dy*p_lo) with 1 - y^2 = p_hi + p_lo to ~2^-48 relative, by
// TwoSum, or the fast TwoSum where |y| <= 1; docs/design/tanh.md, "Backward".
#pragma once

#include "../math/error_free.hpp"
#include "../math/times_pair.hpp"

namespace simdact {
namespace kernels {

/// 1 - y^2 as p_hi + p_lo, any y: y^2 = q_hi + q_lo exactly, 1 - q_hi = p_hi + e exactly
/// (TwoSum), and p_lo = RN(e - q_lo).  Where 1 - y^2 cancels (q_hi in [1/2, 2]), 1 - q_hi is exact
/// (Sterbenz), e = 0 and p_lo = -q_lo exactly; elsewhere |1 - y^2| >= 1/2 and p_lo's rounding is
/// below 2^-48 of it.
template <class Arch, class V> SIMDACT_INLINE V tanh_backward_two_sum(V dy, V y) noexcept {
  const V one(1.0f);
  const V q_hi = y * y;
  const V q_lo = product_error<Arch>(y, y, q_hi);
  const V p_hi = one - q_hi;
  const V p_lo = sum_error(one, -q_hi, p_hi) - q_lo;
  return times_pair<Arch>(dy, p_hi, p_lo);
}

/// The same for |y| <= 1 (every tanh output), where q_hi <= 1: the fast TwoSum, e = (1 - p_hi) -
/// q_hi (1 - p_hi is exact).  A group of vectors with a |y| above 1 takes the general way for those
/// lanes, so each lane's result depends on its own inputs only.
template <class Arch, class V> SIMDACT_INLINE V tanh_backward_within_one(V dy, V y) noexcept {
  const V one(1.0f);
  const V q_hi = y * y;
  const V q_lo = product_error<Arch>(y, y, q_hi);
  const V p_hi = one - q_hi;
  const V p_lo = ((one - p_hi) - q_hi) - q_lo;
  const V dx = times_pair<Arch>(dy, p_hi, p_lo);
  const V minus_magnitude = negative_abs(y);
  if (!any_less(minus_magnitude, V(-1.0f))) return dx;
  return select(minus_magnitude < V(-1.0f), tanh_backward_two_sum<Arch>(dy, y), dx);
}

namespace ops {
struct tanh_backward {
  /// Vectors per loop step: 1 on avx2 (bench/RESULTS.md, "tanh").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 1 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V dy, V y) noexcept {
    return tanh_backward_within_one<Arch>(dy, y);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
