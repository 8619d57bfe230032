// sigmoid_fast: y = 1/(1 + e^-x), the opt-in fast tier.
// Max error: 3 ulp on every path (subnormal results: 3 units of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> a NaN (its payload not promised), +-inf -> 1 and 0, sigma(+-0) = 1/2, no NaN
// for finite x, results in [0, 1]; monotone but for 1 input on the FMA paths, 2 without FMA.
// Algorithm: rr2 lut8 p3, e^-x scaled by 2^-25, the exponent by vscalefps or an integer add, one
// division: sigma = 2^-25/(2^-25 + E) for every x; derivation and budget: docs/design/sigmoid.md,
// "The fast tier".
#pragma once

#include "../math/exp_reduction.hpp"

namespace simdact {
namespace kernels {

namespace sigmoid_fast_constants {
// e^r = 1 + r*(1 + r*(c2 + c3*r)), Sollya fpminimax (kernels/math/exp_fast_coefficients.txt): 2^-25.25.
constexpr float c2 = 0x1.000882p-1f;
constexpr float c3 = 0x1.555cd8p-3f;
constexpr float min_x = -104.0f;  // sigma(-104) < 2^-150: rounds to 0
constexpr float max_x = 20.0f;    // 1 - sigma(20) < 2^-28: rounds to 1
constexpr float scale = 0x1p-25f; // E = e^-w * scale
} // namespace sigmoid_fast_constants

/// e^-w times the table's scale, from reduce_exp<-1>'s reduction of w: s*(1 - u + c2*u^2 - c3*u^3)
/// with u = r_head + n*ln2_lo (= -r), 2^-25.25 relative before the last roundings (rr2 lut8 p3).
template <class V> SIMDACT_INLINE V exp_of_reduced_rr2_lut8_p3(const exp_reduction<V>& red) noexcept {
  using namespace sigmoid_fast_constants;
  const V u = fmadd(red.n, V(constants::ln2_lo), red.r_head);
  const V minus_p = fmadd(fmadd(V(-c3), u, V(c2)), u, V(-1.0f));
  return fmadd(red.s * u, minus_p, red.s);
}

/// sigma(x) = 2^-25/(2^-25 + E), E = e^-w * 2^-25 with w = min(x, 20) where x > -104; where
/// x <= -104 (and -inf) sigma is +0 with no division, and w is zeroed by the same compare's mask.
/// The reduction runs on z = -w (reduce_exp<-1>), which gives u = -r.  A NaN is in range
/// (greater_or_nan), passes through min (x86 semantics) and every later operation.
template <class Arch, class V> SIMDACT_INLINE V sigmoid_rr2_lut8_p3_div(V x) noexcept {
  using constants::exp2_j8_times_2m25;
  using constants::exp2_j8_times_2m25_for_add;
  using namespace sigmoid_fast_constants;
  const auto in_range = greater_or_nan(x, V(min_x));
  const V w = keep_or_zero(in_range, min(V(max_x), x));
  const exp_reduction<V> red = reduce_exp<-1, Arch>(w, exp2_j8_times_2m25.v, exp2_j8_times_2m25_for_add.v);
  const V e = exp_of_reduced_rr2_lut8_p3(red);
  // sigma = +0 where x <= -104, with no division (docs/design/sigmoid.md, "Large |x|").
  return divide_or_zero(in_range, V(scale), V(scale) + e);
}

namespace ops {
struct sigmoid_fast {
  /// Vectors per loop step: 1 on avx2, where more gained nothing (bench/RESULTS.md, "Unroll").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 1 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    return sigmoid_rr2_lut8_p3_div<Arch>(x);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
