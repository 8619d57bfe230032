// silu: y = x * sigma(x) (swish), the accurate tier.
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, silu(+-0) = +-0, +inf -> +inf, -inf -> -0; y = x exactly from
// x = 0x1.0ad4e2p4 (16.677) on, where x is the correctly rounded value; no result below
// -0x1.1d25dp-2, the float nearest the minimum; monotone on each side of the minimum.
// Algorithm: rr2 lut8 p4 for e^-|x| * 2^40 as a float pair (kernels/math/exp_pair.hpp), one
// division and a corrected quotient whose numerator carries x, so that the multiply by x adds no
// rounding of its own; derivation and error budget: docs/design/silu.md.
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"

namespace simdact {
namespace kernels {

namespace silu_constants {
constexpr float min_x = -112.0f;                // silu(x) rounds to -0 below -108.66
constexpr float max_x = 20.0f;                  // any x above identity_above, where x is returned
constexpr float identity_above = 0x1.0ad4e0p4f; // the float below 0x1.0ad4e2p4: silu(x) rounds to x above it
// e' = e^-|x| * 2^40 stays normal (and its exponent's integer add in range) down to x = -112, where
// silu still has to round to -0 (not +0) and 2^40 * 16.68 is far from overflow.
using exp_scaling = exp_pair_scaling<40, -112, false>;
} // namespace silu_constants

/// silu(x) = x*2^40/(2^40 + e') for x > 0, x*e'/(2^40 + e') for x <= 0, for x in [-112, 20], as a
/// corrected quotient q0 + r0 * residual.  The numerator x*f (f = 2^40 or e') is the float pair
/// n_hi + n_lo, exact but for x*m_lo's rounding, and the residual n - q0*(2^40 + m_hi + m_lo) is
/// taken term by term as sigma's: n_hi - q0*2^40 is exact (Sterbenz: q0*2^40 lies in
/// [n_hi/2, n_hi]) and q0*m_hi nearly cancels it.
/// Without an FMA the quotient is taken 2^32 times larger and scaled back at the end (exact where
/// the result is normal): Dekker's products and the last correction then stay far from the
/// subnormal range, which flush-to-zero would otherwise cut, for x near 0 and below -70.
template <class Arch> constexpr float silu_numerator_up = isa<Arch>::has_fma ? 1.0f : 0x1p32f;

/// With WithLow, silu(x)*(c_hi + c_lo) the same way, the numerator's factor x replaced by the pair
/// c (swiglu's a*b), given times silu_numerator_up (below 2^87 in magnitude):
/// silu_from_exp_pair is the case c = x.
template <class Arch, bool WithLow, class V>
SIMDACT_INLINE V silu_times_from_exp_pair(V x, V c_hi, V c_lo, const exp_pair<V>& e) noexcept {
  constexpr float scale = silu_constants::exp_scaling::scale;
  constexpr float up = silu_numerator_up<Arch>;
  const auto nonpositive = x <= V(0.0f);
  const V f_hi = select(nonpositive, e.m_hi, V(scale));
  const V f_lo = keep_or_zero(nonpositive, e.m_lo);
  const V n_hi = c_hi * f_hi;
  V n_lo = fmadd(c_hi, f_lo, product_error<Arch>(c_hi, f_hi, n_hi));
  if constexpr (WithLow) n_lo = fmadd(c_lo, f_hi, n_lo);
  const V q0 = n_hi * e.r0;
  // The residual's negation, q0*d - n: for x = -0 it is +0, so q0 - residual*r0 keeps -0.
  const V t1 = fmsub(q0, V(scale), n_hi);
  const V t2 = exact_sum_with_product<Arch>(t1, q0, e.m_hi);
  const V minus_residual = fmadd(q0, e.m_lo, t2) - n_lo;
  return fnmadd(minus_residual, e.r0, q0) * V(1.0f / up);
}

template <class Arch, class V> SIMDACT_INLINE V silu_from_exp_pair(V x, const exp_pair<V>& e) noexcept {
  return silu_times_from_exp_pair<Arch, false>(x, x * V(silu_numerator_up<Arch>), V(0.0f), e);
}

namespace ops {
struct silu {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  /// x from 16.677 on (its +inf included) and a NaN x are returned as they are; the quotient runs
  /// on x clamped to [-112, 20], which gives -0 at -112 as silu does for every x below -108.66, and
  /// raises no overflow or invalid operation for the lanes that are returned as they are.
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    using namespace silu_constants;
    const V clamped = min(max(x, V(min_x)), V(max_x));
    const V y = silu_from_exp_pair<Arch>(clamped, exp_pair_rr2_lut8_p4<Arch, exp_scaling>(clamped));
    return select(greater_or_nan(x, V(identity_above)), x, y);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
