// g * (p_hi + p_lo) rounded once, for a gradient g of any float and a float pair p (|p_lo| <= 2^-24
// |p_hi|): the last step of every backward op whose factor is taken as a pair.
#pragma once

#include <limits>

#include "error_free.hpp"

namespace simdact {
namespace kernels {

/// RN(g*p_hi + g*p_lo), within 1 ulp of g*(p_hi + p_lo) (subnormal results: 1 unit of 2^-149).  A
/// result that overflows is the exact result's infinity; NaN propagates.
template <class Arch, class V> SIMDACT_INLINE V times_pair(V g, V p_hi, V p_lo) noexcept {
  // g * p_lo is only a correction, |g * p_lo| <= 2^-24 |g * p_hi|: where it is not finite (an
  // infinite g, or g * p_lo overflowing) the main term alone decides the result (it is then
  // infinite too), and a NaN input already makes the main term NaN.  So any finite stand-in will
  // do there: clamp_to_finite (one or two instructions, where a compare and a blend take three or four).
  // Without FMA the correction can also be NaN where the main term is finite (Dekker's split of a
  // g scaled up by 2^64, below, overflows), and must then be dropped: a 0 stand-in.
  if constexpr (isa<Arch>::has_fma) {
    return fmadd(g, p_hi, clamp_to_finite(g * p_lo));
  } else {
    // Dekker's product error is exact only without underflow or overflow (Veltkamp's split
    // multiplies by 4097): a product below 2^-100 is scaled up by 2^64 and back at the end, which
    // adds a rounding only where the result is subnormal (then within 0.5 + 2^-24 units of 2^-149
    // after the first rounding: below 1 unit); a g of 2^100 or more is scaled down by 2^64 and
    // back, which is exact or overflows as the exact result does.  A g in [2^64, 2^100) is not
    // scaled: its product with p_hi is then 0 or above 2^-85.
    const V magnitude = abs(g);
    const V scale = select(magnitude >= V(0x1p100f), V(0x1p-64f),
                           select(magnitude < V(0x1p64f) && abs(g * p_hi) < V(0x1p-100f), V(0x1p64f), V(1.0f)));
    const V g_scaled = g * scale;
    const V t = g_scaled * p_hi;
    const V correction = product_error<Arch>(g_scaled, p_hi, t) + g_scaled * p_lo;
    const V sum = t + select(abs(correction) < V(std::numeric_limits<float>::infinity()), correction, V(0.0f));
    return sum * divide(V(1.0f), scale);
  }
}

} // namespace kernels
} // namespace simdact
