// sigmoid_backward: dx = dy * y * (1 - y), the gradient through sigma from its output y.
// Max error: 1 ulp of the exact dy*y*(1 - y) on the given floats, for any dy and |y| <= 2^56 (y is
// used as given, not clamped to [0, 1]); a result that overflows is the exact result's infinity;
// NaN propagates.  dx = RN(dy*p_hi + dy*p_lo) with y*(1 - y) = p_hi + p_lo to ~2^-47 relative, by
// one of two algorithms; docs/design/sigmoid.md, "Backward".
#pragma once

#include "../math/error_free.hpp"
#include "../math/times_pair.hpp"

namespace simdact {
namespace kernels {

/// Any y (and every y on the paths without FMA): 1 - y = u_hi + u_lo by TwoSum, y*u = p_hi + p_lo
/// by an exact product error.
template <class Arch, class V> SIMDACT_INLINE V sigmoid_backward_two_sum_two_product(V dy, V y) noexcept {
  const V one(1.0f);
  // TwoSum(1, -y): u_hi + u_lo == 1 - y exactly, for any y.
  const V u_hi = one - y;
  const V back = u_hi - one;
  const V u_lo = (one - (u_hi - back)) - (y + back); // + (-y - back), with no negation
  const V p_hi = y * u_hi;
  const V p_lo = fmadd(y, u_lo, product_error<Arch>(y, u_hi, p_hi));
  return times_pair<Arch>(dy, p_hi, p_lo);
}

/// y in [-1, 2] (every sigmoid output) on the FMA paths: f = min(y, RN(1 - y)) is exactly y or
/// 1 - y, and y*(1 - y) = f - f^2 with f in [-1, 1/2], so p_hi = RN(f - f^2), f - p_hi is exact
/// (Sterbenz) and p_lo = RN((f - p_hi) - f^2).  A group of vectors with a y outside [-1, 2] takes
/// the general way for those lanes, so each lane's result depends on its own inputs only and the
/// FMA paths stay bit-identical.
template <class Arch, class V> SIMDACT_INLINE V sigmoid_backward_folded_f_minus_f2(V dy, V y) noexcept {
  // min returns 1 - y (NaN) for a NaN y, so a NaN stays on this way and propagates.
  const V folded = min(y, V(1.0f) - y);
  const V p_hi = fnmadd(folded, folded, folded);
  const V p_lo = fnmadd(folded, folded, folded - p_hi);
  const V dx = times_pair<Arch>(dy, p_hi, p_lo);
  if (!any_less(folded, V(-1.0f))) return dx;
  return select(folded < V(-1.0f), sigmoid_backward_two_sum_two_product<Arch>(dy, y), dx);
}

namespace ops {
struct sigmoid_backward {
  /// Vectors per loop step: 2 on avx2 (bench/RESULTS.md, "Unroll").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 2 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V dy, V y) noexcept {
    if constexpr (isa<Arch>::has_fma) {
      return sigmoid_backward_folded_f_minus_f2<Arch>(dy, y);
    } else {
      return sigmoid_backward_two_sum_two_product<Arch>(dy, y);
    }
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
