// silu_fast: y = x * sigma(x), the opt-in fast tier.
// Max error: 3 ulp on every path (subnormal results: 3 units of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, silu(+-0) = +-0, +inf -> +inf, -inf -> -0, no NaN for finite x;
// y = x exactly from x = 0x1.0ad4e2p4 (16.677) on; no result below -0x1.1d25dp-2.
// Algorithm: rr2 lut8 p3, e^-x scaled by 2^-40 (sigmoid_fast's exponential), one division:
// silu = (x/(2^-40 + E)) * 2^-40; docs/design/silu.md, "The fast tier".
#pragma once

#include "../math/exp_reduction.hpp"
#include "sigmoid_fast.hpp"
#include "silu.hpp"

namespace simdact {
namespace kernels {

namespace silu_fast_constants {
constexpr float scale = 0x1p-40f; // E = e^-x * 2^-40 is normal on [-112, 16.68]: 2^121.6 to 2^-64
constexpr float max_x = 20.0f;    // only keeps E normal: the result is x from 16.68 on
constexpr float minimum = -0x1.1d25dp-2f;
constexpr constants::table8 table = constants::times(constants::exp2_j8_times_2p25, 0x1p-65f);
constexpr constants::table8 table_for_add = constants::times(constants::exp2_j8_times_2p25_for_add, 0x1p-65f);
} // namespace silu_fast_constants

/// silu(x) = (x/(2^-40 + E)) * 2^-40 with E = e^-x * 2^-40, x in [-112, 20]: the quotient is
/// normal for every such x (from 2^-115 in magnitude up to 2^44.3) and the last product is exact
/// where the result is normal.  The division error and E's (sigmoid_fast's polynomial) make the
/// budget; a result below the minimum's float is raised to it.
/// 2^-40 + e^-x * 2^-40 for x in [-112, 35] (normal: E from 2^-90.5 to 2^121.6).
template <class Arch, class V> SIMDACT_INLINE V silu_fast_denominator(V x) noexcept {
  using namespace silu_fast_constants;
  const exp_reduction<V> red = reduce_exp<-1, Arch>(x, table.v, table_for_add.v);
  return V(scale) + exp_of_reduced_rr2_lut8_p3(red);
}

template <class Arch, class V> SIMDACT_INLINE V silu_rr2_lut8_p3_div(V x) noexcept {
  using namespace silu_fast_constants;
  return max(divide(x, silu_fast_denominator<Arch>(x)) * V(scale), V(minimum));
}

namespace ops {
struct silu_fast {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    using namespace silu_fast_constants;
    const V clamped = min(max(x, V(silu_constants::min_x)), V(max_x));
    return select(greater_or_nan(x, V(silu_constants::identity_above)), x, silu_rr2_lut8_p3_div<Arch>(clamped));
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
