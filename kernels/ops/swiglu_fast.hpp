// swiglu_fast: y = silu(a) * b, the opt-in fast tier.
// Max error: 4 ulp of silu(a)*b exact on the given floats, for every a and every finite b, on
// every path (subnormal results: 4 units of 2^-149); docs/accuracy.md.  The same special values
// as swiglu; no NaN for finite a and b but where the exact result is one.
// Algorithm: for a in [-112, 35] and |b| <= 2^48 (swiglu_plain_fast), silu_fast's rr2 lut8 p3
// with a*b as the numerator; for a group of vectors with a lane outside, also rr2 lut8 p4 (one
// float) with the exponents kept apart, one division, blended per lane; docs/design/silu.md,
// "SwiGLU".
#pragma once

#include "silu_fast.hpp"
#include "swiglu.hpp"

namespace simdact {
namespace kernels {

/// silu(a)*b = (a*b*f / (1 + e^-|a|)) * 2^E with e^-|a| = m*2^k, f = m for a <= 0 and 1 for
/// a > 0, E = k for a <= 0 plus b's exponent, as swiglu_from_exp_split but with one float m.
template <class Arch, class V> SIMDACT_INLINE V swiglu_rr2_lut8_p4_div(V a, V b) noexcept {
  using namespace swiglu_constants;
  const auto nonpositive = a <= V(0.0f);
  const scaled_apart<V> b_scaled = scale_apart(b);
  // The accurate tier's split e^-|a|, its head only (the unused m_lo compiles away): m to
  // about 2^-31 before its own rounding, which the products and the division already spend.
  const exp_split<V> split = exp_split_rr2_lut8_p4<Arch>(negative_abs(a));
  const V m = split.m_hi, k = split.k;
  const V e = m * exp2_of_integer<Arch>(max(k, V(-126.0f)));
  // a*b*f with a*b taken exactly (a pair): one rounding fewer in a budget of four.
  const V f = select(nonpositive, m, V(1.0f));
  const V p_hi = a * b_scaled.value;
  const V p_lo = product_error<Arch>(a, b_scaled.value, p_hi);
  const V q = divide(fmadd(p_hi, f, p_lo * f), V(1.0f) + e);
  const V exponent = max(keep_or_zero(nonpositive, k) + b_scaled.exponent, V(min_exponent));
  return scale_by_exp2_wide<Arch>(q, exponent);
}

/// silu(a)*b for a in [-112, 35], |b| <= 2^48: silu_fast with the numerator a*b,
/// (a*b/(2^-40 + E)) * 2^-40; the quotient lies below 2^93.
template <class Arch, class V> SIMDACT_INLINE V swiglu_plain_fast(V a, V b) noexcept {
  return divide(a * b, silu_fast_denominator<Arch>(a)) * V(silu_fast_constants::scale);
}

namespace ops {
struct swiglu_fast {
  /// Vectors per loop step: 1 on avx2, where 4 ran slower (bench/RESULTS.md, "CI time after SiLU and SwiGLU, and
  /// swiglu's unroll").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 1 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V a, V b) noexcept {
    return swiglu_plain_or_careful(
        a, b, [](V x, V y) SIMDACT_INLINE_LAMBDA { return swiglu_plain_fast<Arch>(x, y); },
        [](V x, V y) SIMDACT_INLINE_LAMBDA { return swiglu_rr2_lut8_p4_div<Arch>(x, y); });
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
