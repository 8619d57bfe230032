// swiglu: y = silu(a) * b = a * sigma(a) * b, the gated unit of LLaMA-style feed-forward layers,
// fused: a and b read once, y written once.  The accurate tier.
// Max error: 1 ulp of silu(a)*b exact on the given floats, for every a and every finite b, on
// every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  A result that overflows is
// the exact result's infinity; swiglu(+-0, b) = +-0*b, swiglu(-inf, b) = -0*b (NaN for an
// infinite b), an infinite b gives silu(a)*b's infinity (NaN for a = +-0); NaN propagates.
// Algorithm: for a in [-112, 35] and |b| <= 2^48 (swiglu_plain), silu's corrected quotient with
// the pair a*b in its numerator; for a group of vectors with a lane outside, also the careful
// formula, blended per lane: e^-|a| as a float pair with its exponent kept apart
// (exp_split_rr2_lut8_p4), b's exponent apart, one division and a corrected quotient, the exponents
// put back at the end; docs/design/silu.md, "SwiGLU".
#pragma once

#include <cfloat>

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"
#include "silu.hpp"

namespace simdact {
namespace kernels {

namespace swiglu_constants {
constexpr float min_a = -200.0f;        // |a e^a b| < 2^-152 below, for every finite b: the result is +-0
constexpr float max_a = 35.0f;          // sigma(a) = 1 - 2^-50 and less above: the result is RN(a*b)
constexpr float tiny_a = 0x1p-60f;      // silu(a) = a/2 to 2^-61 relative below: the result is RN(a*b/2)
constexpr float min_exponent = -250.0f; // the quotient is below 2^74: times 2^-250 it rounds to 0
} // namespace swiglu_constants

/// The lanes the quotient does not compute: a above 35 or NaN (the result is a*b), |a| below 2^-60
/// (a*(b/2), +-0*b at +-0), a below -200 ((-0)*b; for a finite a and an infinite b, a*b), and an
/// infinite or NaN b (silu(a)'s sign times b, or NaN).
template <class V> SIMDACT_INLINE auto swiglu_special(V a, V b) noexcept {
  using namespace swiglu_constants;
  return greater_or_nan(a, V(max_a)) || a < V(min_a) || abs(a) < V(tiny_a) || greater_or_nan(abs(b), V(FLT_MAX));
}
/// The special lanes' result; 0 in the others, where a*b could overflow while silu(a)*b does not.
template <class V, class M> SIMDACT_INLINE V swiglu_special_value(M special, V a, V b) noexcept {
  using namespace swiglu_constants;
  const auto negligible = a < V(-FLT_MAX) || (a < V(min_a) && abs(b) <= V(FLT_MAX)); // the result is (-0)*b
  const V factor = keep_or_zero(special, select(negligible, V(-0.0f), a));
  return factor * (b * select(abs(a) < V(tiny_a), V(0.5f), V(1.0f)));
}

/// silu(a)*b = a*b*e^a/(1 + e^a) * 2^k for a <= 0 and a*b/(1 + e^-a) for a > 0, with e^-|a| =
/// m*2^k (exp_split): the numerator a*b*f (f = m or 1) as the pair n_hi + n_lo, the quotient q0 +
/// r0*residual with d = 1 + m*2^k, and the exponents (k for a <= 0, b's) applied last.
template <class Arch, class V> SIMDACT_INLINE V swiglu_from_exp_split(V a, V b) noexcept {
  using namespace swiglu_constants;
  const auto nonpositive = a <= V(0.0f);
  const scaled_apart<V> b_scaled = scale_apart(b); // with 2^-60 <= |a| <= 200, a*b is normal where the result is not 0
  const exp_split<V> e = exp_split_rr2_lut8_p4<Arch>(negative_abs(a));
  // The denominator 1 + e^-|a|: below 2^-126, e^-|a| is taken as 2^-126 * m, which changes d by
  // less than 2^-125 (relative).
  const V two_k = exp2_of_integer<Arch>(max(e.k, V(-126.0f)));
  const V e_hi = e.m_hi * two_k;
  const V e_lo = e.m_lo * two_k;
  const V r0 = divide(V(1.0f), V(1.0f) + e_hi);
  const V f_hi = select(nonpositive, e.m_hi, V(1.0f));
  const V f_lo = keep_or_zero(nonpositive, e.m_lo);
  const V p_hi = a * b_scaled.value;
  const V p_lo = product_error<Arch>(a, b_scaled.value, p_hi);
  const V n_hi = p_hi * f_hi;
  const V n_lo = fmadd(p_hi, f_lo, fmadd(p_lo, f_hi, product_error<Arch>(p_hi, f_hi, n_hi)));
  // d lies in [1, 2], so q0 in [n_hi/2, n_hi]: q0 - n_hi is exact (Sterbenz).
  const V q0 = n_hi * r0;
  const V t1 = q0 - n_hi;
  const V t2 = exact_sum_with_product<Arch>(t1, q0, e_hi);
  const V minus_residual = fmadd(q0, e_lo, t2) - n_lo;
  const V q = fnmadd(minus_residual, r0, q0);
  const V exponent = max(keep_or_zero(nonpositive, e.k) + b_scaled.exponent, V(min_exponent));
  return scale_by_exp2_wide<Arch>(q, exponent);
}

/// The lanes the plain formulas take: a in [-112, 35] and |b| <= 2^48 (not NaN): there a*b and the
/// numerators built on it neither overflow nor, where the result is not 0, underflow.
template <class V> SIMDACT_INLINE auto swiglu_outside_plain_range(V a, V b) noexcept {
  return greater_or_nan(V(-112.0f), a) || greater_or_nan(a, V(35.0f)) || greater_or_nan(abs(b), V(0x1p48f));
}

/// Every a and b: the special lanes, and `core` (the quotient with both exponents kept apart) for
/// the others, run on a clamped to [-200, 35] and an infinite b made finite, so that the lanes it
/// does not decide raise no overflow or invalid operation; not at all for a group of special lanes
/// only.  Out of line: it runs only for groups with a lane outside the plain range, and inlined
/// into every copy of the loop body it made the per-ISA translation units minutes slower to
/// compile under the sanitizers.
template <class V, class Core> SIMDACT_NOINLINE V swiglu_careful(V a, V b, Core core) noexcept {
  using namespace swiglu_constants;
  const auto special = swiglu_special(a, b);
  const V special_value = swiglu_special_value(special, a, b);
  if (every_lane<V>(special)) return special_value;
  const V clamped = min(max(a, V(min_a)), V(max_a));
  return select(special, special_value, core(clamped, clamp_to_finite(b)));
}

/// Each lane from `plain` where the plain formula holds and from swiglu_careful with `core`
/// elsewhere; careful runs only for a group of vectors with such a lane, and plain then (unless
/// every lane is outside) on inputs clamped into its range, so that the lanes it does not decide
/// raise no exception.  A lane's result depends on its own inputs only, whichever way its group
/// takes: the FMA paths stay bit-identical.
template <class V, class Plain, class Core>
SIMDACT_INLINE V swiglu_plain_or_careful(V a, V b, Plain plain, Core core) noexcept {
  const auto outside = swiglu_outside_plain_range(a, b);
  if (!any_lane<V>(outside)) return plain(a, b);
  if (every_lane<V>(outside)) return swiglu_careful(a, b, core);
  const V a_in = min(max(a, V(-112.0f)), V(35.0f));
  const V b_in = min(max(b, V(-0x1p48f)), V(0x1p48f));
  return select(outside, swiglu_careful(a, b, core), plain(a_in, b_in));
}

/// silu(a)*b for a in [-112, 35], |b| <= 2^48: silu's corrected quotient with the numerator's
/// factor x replaced by the pair a*b.
template <class Arch, class V> SIMDACT_INLINE V swiglu_plain(V a, V b) noexcept {
  const exp_pair<V> e = exp_pair_rr2_lut8_p4<Arch, silu_constants::exp_scaling>(a);
  const V a_up = a * V(silu_numerator_up<Arch>); // |a*b| * 2^32 < 2^86
  const V p_hi = a_up * b;
  return silu_times_from_exp_pair<Arch, true>(a, p_hi, product_error<Arch>(a_up, b, p_hi), e);
}

namespace ops {
struct swiglu {
  /// Vectors per loop step: 1 on avx2, where 4 ran slower (bench/RESULTS.md, "CI time after SiLU and SwiGLU, and
  /// swiglu's unroll").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 1 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V a, V b) noexcept {
    return swiglu_plain_or_careful(
        a, b, [](V x, V y) SIMDACT_INLINE_LAMBDA { return swiglu_plain<Arch>(x, y); },
        [](V x, V y) SIMDACT_INLINE_LAMBDA { return swiglu_from_exp_split<Arch>(x, y); });
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
