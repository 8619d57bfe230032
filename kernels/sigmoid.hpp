// simdact's kernels: sigmoid, its derivative, both fused, and the backward pass, written once for
// every Arch (see simd_ops.hpp) and instantiated per ISA in src/arch/<isa>.cpp.
//
// Shared range reduction (both tiers; written here for the accurate tier's z, see the fast tier
// for its z = -x and 2^-25)
// -----------------------------------
// With z = max(-|x|, -104) and e = e^z in (0, 1]:  sigma(x) = 1/(1+e) for x > 0,  e/(1+e) for
// x <= 0, and sigma'(x) = e/(1+e)^2.  (e^-104 < 2^-150: z's clamp changes no rounded result, and
// where it acts e is taken as 0, see "Large |x|".)
// 1. nb = RN(z*log2(e) + 1.5*2^20): the magic bias's ulp is 1/8, so n = nb - 1.5*2^20 is z/ln2
//    rounded to a multiple of 1/8, n = k + j/8 with k = floor(n) in [-151, 0], and the low three
//    mantissa bits of nb are j.  r = z - n*ln2 (Cody-Waite: ln2 = hi + lo, hi with 12 bits, 8n with
//    at most 11, so z - n*hi is exact); |r| <= ln2/16.
// 2. s = RN(2^(j/8)) * 2^(k+25) by two integer operations and no float op: the table holds
//    bits(RN(2^(j/8)) * 2^25) - j*2^20 and bits(nb) << 20 == k*2^23 + j*2^20 (mod 2^32), so their
//    sum puts k into the exponent.  On AVX-512 one vscalefps does it instead: RN(2^(j/8)) * 2^25
//    times 2^floor(n) (the same exact value).  The 2^25 keeps s normal down to k = -151, so
//    e' = e * 2^25 is computed without a scaling step and sigma = e'/(e' + 2^25) rounds once,
//    subnormal or not.
//
// Large |x| (both tiers): no subnormal anywhere where the result is 0 or 1
// -------------------------------------------------------------------------
// An x86 core (the Ice Lake Xeon here, and Intel's cores generally) takes a microcode assist of
// ~100 cycles for each vector instruction with a subnormal result (or an underflow to 0; one
// vscalefps into the subnormal range measured 25x slower than a normal one).  At z = -104, e' =
// 2^-125 is normal, but m_lo, s - m_hi and, for x <= 0, q0 and the residuals are subnormal, and
// the fast tier's quotient underflows: with half of the x at -1e9 (a masked logit) the avx512
// kernels ran 20-27x (accurate) and 13-16x (fast) slower than on x in [-12, 12], and SLEEF and
// Highway still do (bench family sigmoid_masked).  So where |x| >= 104 the accurate tier zeroes s
// (e' = 0 exactly, so sigma = 0*r0 = +0 or 2^25*r0 = 1, sigma' = +0, every residual 0: the same
// results as before, see the exhaustive test), and the fast tier divides only where x > -104
// (sigma = +0 elsewhere; x > 20 is clamped and stays normal).  One compare a vector on AVX-512,
// whose vscalefps (accurate) and vdivps (fast) take it as a zero mask; a compare and an and
// elsewhere (the fast tier's mask has since replaced its clamp at -104, see there).  Cost on x in
// [-12, 12] (same-build A/B, 15 alternating rounds at 1Ki and 16Ki): avx512 sigma -5-6%, fast
// -3-5%, sigma' -3-4%, fused -1%; avx2 sigma -4-6%, fast -8%, sigma' -5-6%.  Results that are
// subnormal themselves (sigma for x in (-104, -87.3], sigma' for |x| there) still take assists,
// which rounding them correctly needs; so do, without FMA, Dekker's products for x in [-104, -44],
// and sigma's m_lo for x in [88, 104).
//
// Accurate tier (XNNPACK-style name: rr2 lut8 p4, compensated 1+e, div + corrected quotient)
// --------------------------------------------------------------------------------------------
// 3. The table's rounding is folded into r: 2^(j/8) = RN(2^(j/8)) * e^l_j with |l_j| < 2^-24, so
//    e' = s * e^r' with r' = (z - n*hi) + (l_j - n*lo); the second term is rounded at ~2^-48, the
//    sum once at |r'|'s half-ulp, <= 2^-29 absolute (~0.03 ulp of e).
// 4. e^r' - 1 ~ p(r') = r' + r'^2*(1/2 + c3*r' + c4*r'^2), Sollya fpminimax on
//    [-ln2/16, ln2/16](1 + 2^-10): max |p - expm1| = 2^-32.5 (kernels/exp_coefficients.txt).
// 5. e' = s*(1 + p) as m_hi + m_lo: m_hi = RN(s + s*p) and m_lo = RN(s*p + (s - m_hi)), two FMAs
//    that take s*p exactly (s - m_hi is exact: m_hi is within a factor 1.05 of s), so m_hi + m_lo is
//    s*(1 + p) to within 2^-24 of m_lo.  Without FMA (sse2, scalar) s*p is rounded first, which
//    costs < 0.045 * 2^-24 of e' (|p| < 0.045), and the same two lines are Fast2Sum of s and RN(s*p).
//    Error of m_hi + m_lo: ~0.07 ulp of e (the polynomial and r'), ~0.08 without FMA.  Keeping e
//    as hi + lo is what makes <= 1 ulp reachable: a plain float e would already carry 0.5 ulp into
//    e/(1+e).
// 6. 1 + e, scaled: d = 2^25 + m_hi + m_lo, of which only d_hi = RN(2^25 + m_hi) is formed; the
//    residuals below take d's three terms one by one, so d's rounding error never needs a float.
// 7. q = num/(2^25 + m_hi + m_lo) with num = 2^25 (x > 0) or m_hi + m_lo (x <= 0): r0 = RN(1/d_hi)
//    (an IEEE division, the same bits on every ISA), q0 = num*r0, then one corrected step
//    q = q0 + r0 * residual, residual = (num + num_lo) - q0*(2^25 + m_hi + m_lo) taken term by term,
//    largest first, which needs no d_lo (two operations fewer than forming d_lo and subtracting
//    q0*(d_hi + d_lo)): t1 = num - q0*2^25 is exact, a difference of two floats within a factor 2
//    (Sterbenz): 2^25 and 2^25*q0 with q0 in [1/2, 1] for x > 0, and for x <= 0 m_hi and about
//    m_hi/(1+e), 2/3 of m_hi or more below m_hi = 2^24 (e < 1/2); for m_hi in [2^24, 2^25], where
//    1/(1+e) nears 1/2, kernels/sigmoid_residual_check.cpp puts every float m_hi through d_hi, r0
//    and q0 as computed here: q0*2^25 never falls below m_hi/2.  t1 nearly cancels against
//    q0*m_hi, taken exactly (FMA, or Dekker's TwoProduct without FMA), so t2 = t1 - q0*m_hi rounds
//    at ~2^-24 of the residual, and the m_lo terms are smaller still.  The step's error is ~2^-46
//    relative, and q is rounded once at the end (the FMA, or q0 + RN(correction), which adds two
//    values on sigma's grid exactly when sigma is subnormal), so
//      x > 0:  1/(1+e) depends on e through e/(1+e) <= 1/2: e's error counts half;
//      x <= 0: e/(1+e) depends on e through 1/(1+e) <= 1.
//    Budget: 0.5 (final rounding) + ~0.07 (e) + ~0.01 (quotient) ~ 0.6 ulp, normal or subnormal.
//    Measured over all 2^32 inputs: 0.5675 on the FMA paths.  Without FMA (sse2, scalar) the
//    correction r0*residual is its own product, ~2^-24 sigma: where sigma is below ~2^-118 that
//    product is subnormal and rounds on the 2^-149 grid, up to 1/8 ulp of a normal sigma near
//    2^-124: measured 0.779 (x = -86.09).
// 8. sigma'(x) = e/(1+e)^2 = (e' * 2^25 / d) / d, two such quotients chained (derivative_from):
//    q1 = RN(num r0), num = m_hi 2^25, with the residual R1 = (m_hi + m_lo) 2^25 - q1 d, then
//    q2 = RN(q1 r0) with R2 = q1 - q2 d, so sigma' = q2 + (R2 + R1/d)/d, rounded once by the last
//    FMA.  Both leading differences, num - q1*2^25 and q1 - q2*2^25, are exact: d_hi <= 2^26
//    (e' <= 2^25) makes r0 >= 2^-26, and r0 <= 2^-25, so q1*2^25 lies in [num/2, num] and q2*2^25
//    in [q1/2, q1] (Sterbenz; q1 ~ m_hi/(1+e) stays normal, as m_hi >= e^-104 2^25 = 2^-125.04,
//    and where q2 is subnormal, q2*2^25 is on q1's grid and |q1 - q2*2^25| <= q1).  The m_lo
//    terms of both residuals are gathered as m_lo*(2^25 - 2*q1)/d (q2*d = q1 to 2^-24, inside a
//    term already 2^-24 small), R1/d as R1*r0 (2^-24 relative, on a 2^-24-small term): the error
//    is ~2^-46 relative as in step 7, and every residual is in q1's range (q1 >= 2^-126), so a
//    subnormal sigma' is rounded once, by the last FMA (without FMA its correction r0*residual is
//    a rounded product too, as for sigma).  Same ~0.6 ulp budget, 11 operations after r0 (the
//    two-quotient form with d = d_hi + d_lo and d^2 as float pairs took 15).
// A NaN x is returned unchanged (select_nan); the arithmetic never raises overflow or
// divide-by-zero for a non-NaN x.
// AVX-512 takes three of these steps in one instruction each (simd_ops.hpp): z by vrangeps, the
// residual's + num_lo by a merge-masked add (no blend for num_lo), the NaN by vfixupimmps (no
// compare and blend): 28 vector operations a vector for sigma (objdump of the 4-way loop, the
// division counted once) where they took 31, sigma' 31 (33), the fused kernel 40 (43).  Same-build
// A/B on the Ice Lake Xeon (15 alternating rounds, median; the same bits): sigma +4-9%, sigma'
// +6-7%, fused +3-4% at 1Ki, 16Ki and 256Ki.
//
// Backward dx = dy*y*(1-y), as RN(dy*p_hi + dy*p_lo) with y*(1-y) = p_hi + p_lo to ~2^-47 relative:
// within 0.5 ulp + ~2^-46 relative of the exact result, plus up to half a unit of 2^-149 where
// dy*p_lo is below 2^-126 and so rounded to that grid (results near 2^-126: measured 0.98 ulp).
// y is not clamped: any float y is used as given.  The bound holds for |y| <= 2^56, any dy, and
// results that overflow come out as the infinity of the exact result.  Two ways to p_hi + p_lo:
// - FMA paths, y in [-1, 2] (every sigmoid output; 8 operations a vector on AVX-512, 9 on the
//   others, and ~1.5 for the range check): y*(1-y) is symmetric in y and 1 - y, and
//   f = min(y, RN(1 - y)) is always exactly one of them: for y >= 1/2, 1 - y is exact (Sterbenz)
//   and the smaller; below, RN(1 - y) > 1/2 > y.  With f in [-1, 1/2], f*(1-f) = f - f^2 lies
//   within a factor 2 of f, so p_hi = RN(f - f^2) (one fnmadd), f - p_hi is exact (Sterbenz
//   again) and p_lo = RN((f - p_hi) - f^2) is p_hi's rounding error to 2^-24 of itself.  A group
//   of vectors with a y outside [-1, 2] (f < -1) takes the general way for those lanes, so each
//   lane's result depends on its own inputs only and the FMA paths stay bit-identical.
// - general (any y; the paths without FMA always): 1 - y = u_hi + u_lo (TwoSum, exact),
//   y*u = p_hi + p_lo (exact product error, FMA or Dekker's TwoProduct), 13 operations with FMA.
//   Without FMA the bound needs |y| <= 2^56 (Dekker's split of y*(1-y) must not overflow).
// Same-build A/B on the Ice Lake Xeon, y in [0, 1): the first way is 1.25-1.32x the general one at
// 1Ki elements, 1.08-1.21x at 16Ki and 1.01-1.03x at 256Ki on avx512 (avx2: 1.11x at 1Ki and 16Ki,
// 1.02x at 256Ki; README).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "activation_kernels.hpp"
#include "simd_ops.hpp"

namespace simdact {
namespace kernels {

namespace constants {
// Shared range reduction (kernels/exp_fast_coefficients.txt).
constexpr float min_z = -104.0f;                 // e^-104 < 2^-150
constexpr float log2e = 0x1.715476p0f;           // RN(1/ln2)
constexpr float magic_round_eighths = 0x1.8p20f; // its ulp is 1/8
constexpr float ln2_hi = 0x1.62ep-1f;            // 12 significant bits
constexpr float ln2_lo = 0x1.0bfbe8p-15f;
constexpr float scale = 0x1p25f; // e' = e * scale
// RN(2^(j/8)) * 2^25 (kernels/exp_fast_coefficients.txt), for vscalefps.
alignas(32) constexpr float exp2_j8_times_2p25[8] = {0x1p25f,        0x1.172b84p25f, 0x1.306fep25f,  0x1.4bfdaep25f,
                                                     0x1.6a09e6p25f, 0x1.8ace54p25f, 0x1.ae89fap25f, 0x1.d5818ep25f};
// bits(RN(2^(j/8)) * 2^25) - j * 2^20, as floats, for the integer add.
alignas(32) constexpr float exp2_j8_times_2p25_for_add[8] = {0x1p25f,        0x1.f72b84p24f, 0x1.f06fep24f,
                                                             0x1.ebfdaep24f, 0x1.ea09e6p24f, 0x1.eace54p24f,
                                                             0x1.ee89fap24f, 0x1.f5818ep24f};
// The same two tables times 2^-50, for the fast tier's e^-x * 2^-25: exact, and for the integer-add
// table the same as subtracting j*2^20 from bits(RN(2^(j/8)) * 2^-25), since every entry stays
// normal (scaling by a power of two only moves the exponent field).
struct table8 {
  alignas(32) float v[8];
};
constexpr table8 times(const float (&table)[8], float power_of_two) {
  table8 scaled{};
  for (int j = 0; j < 8; ++j) scaled.v[j] = table[j] * power_of_two;
  return scaled;
}
constexpr table8 exp2_j8_times_2m25 = times(exp2_j8_times_2p25, 0x1p-50f);
constexpr table8 exp2_j8_times_2m25_for_add = times(exp2_j8_times_2p25_for_add, 0x1p-50f);
// The accurate tier (kernels/exp_coefficients.txt): p4 with c2 = 1/2, and l_j = ln(2^(j/8) / RN(2^(j/8))).
constexpr float c3 = 0x1.555c86p-3f;
constexpr float c4 = 0x1.555a4cp-5f;
alignas(32) constexpr float exp2_j8_log_error[8] = {0.0f,
                                                    -0x1.9c0c22p-27f,
                                                    0x1.125002p-25f,
                                                    -0x1.0a3552p-25f,
                                                    0x1.26055cp-26f,
                                                    0x1.67a1cap-28f,
                                                    -0x1.f9c306p-27f,
                                                    -0x1.a5217cp-28f};
} // namespace constants

/// Steps 1 and 2 above for e^z with z = Sign * w (Sign = 1 or -1, folded into the constants):
/// n = k + j/8 (and j in nb's low bits), r_head = Sign * (z - n*ln2_hi) exactly, and
/// s = table[j] * 2^k, where table[j] = RN(2^(j/8)) * 2^S (for vscalefps) and table_for_add[j] =
/// bits(table[j]) - j*2^20 (for the integer add).  The caller keeps k + S in the normal exponent range.
template <class V> struct exp_reduction { V nb, n, r_head, s; };

template <int Sign, class Arch, class V>
SIMDACT_INLINE exp_reduction<V> reduce_exp(V w, const float* table, const float* table_for_add) noexcept {
  using namespace constants;
  exp_reduction<V> red;
  red.nb = fmadd(w, V(Sign * log2e), V(magic_round_eighths));
  red.n = red.nb - V(magic_round_eighths);
  red.r_head = fmadd(red.n, V(-Sign * ln2_hi), w);
  if constexpr (has_scalef<Arch>) {
    red.s = scale_by_exp2(lookup8(table, red.nb), red.n);
  } else {
    red.s = add_shifted_bits<20>(lookup8(table_for_add, red.nb), red.nb);
  }
  return red;
}

/// What sigma and sigma' share for one vector x: e' = e^z * 2^25 as m_hi + m_lo, and 1/(2^25 + e').
template <class V> struct exp_parts {
  V m_hi, m_lo; // e^z * 2^25
  V r0;         // RN(1 / d_hi), d_hi = RN(2^25 + m_hi)
};

template <class Arch, class V> SIMDACT_INLINE exp_parts<V> scaled_exp(V x) noexcept {
  using namespace constants;
  const V z = negative_abs_clamped(x, V(min_z));
  const exp_reduction<V> red = reduce_exp<1, Arch>(z, exp2_j8_times_2p25, exp2_j8_times_2p25_for_add);
  // e' = 0 exactly where |x| >= 104 (and for a NaN x, whose result is x): see "Large |x|" above.
  const V s = keep_or_zero(z > V(min_z), red.s);
  const V r = red.r_head + fmadd(red.n, V(-ln2_lo), lookup8(exp2_j8_log_error, red.nb));
  V poly = fmadd(V(c4), r, V(c3));
  poly = fmadd(poly, r, V(0.5f));
  const V p = fmadd(r * r, poly, r); // e^r - 1
  exp_parts<V> e;
  e.m_hi = fmadd(s, p, s);
  e.m_lo = fmadd(s, p, s - e.m_hi);
  e.r0 = divide(V(1.0f), V(scale) + e.m_hi);
  return e;
}

/// sigma(x) = 2^25/(2^25 + e') for x > 0, e'/(2^25 + e') for x <= 0, as a corrected quotient
/// whose residual is taken term by term (step 7 above).
template <class Arch, class V> SIMDACT_INLINE V sigmoid_from(V x, const exp_parts<V>& e) noexcept {
  const auto nonpositive = x <= V(0.0f);
  const V num = select(nonpositive, e.m_hi, V(constants::scale));
  const V q0 = num * e.r0;
  const V t1 = fnmadd(q0, V(constants::scale), num);
  const V t2 = exact_residual<Arch>(t1, q0, e.m_hi);
  const V residual = add_where(nonpositive, fnmadd(q0, e.m_lo, t2), e.m_lo); // + num_lo
  return fmadd(residual, e.r0, q0);
}

/// sigma'(x) = (e' * 2^25 / d) / d, d = 2^25 + e', as two chained corrected quotients whose
/// residuals are taken term by term (step 8 above).
template <class Arch, class V> SIMDACT_INLINE V derivative_from(const exp_parts<V>& e) noexcept {
  const V scale(constants::scale);
  const V num = e.m_hi * scale; // exact
  const V q1 = num * e.r0;
  const V t1 = fnmadd(q1, scale, num);
  const V t2 = exact_residual<Arch>(t1, q1, e.m_hi);
  const V m_lo_terms = fmadd(e.m_lo, fnmadd(q1, V(2.0f), scale), t2); // R1 - q1*m_lo = R1 - d*q2*m_lo
  const V q2 = q1 * e.r0;
  const V u1 = fnmadd(q2, scale, q1);
  const V u2 = exact_residual<Arch>(u1, q2, e.m_hi);
  return fmadd(fmadd(m_lo_terms, e.r0, u2), e.r0, q2);
}

template <class Arch, class V> SIMDACT_INLINE V sigmoid_vector(V x) noexcept {
  return select_nan(x, sigmoid_from<Arch>(x, scaled_exp<Arch>(x)));
}

template <class Arch, class V> SIMDACT_INLINE V sigmoid_derivative_vector(V x) noexcept {
  return select_nan(x, derivative_from<Arch>(scaled_exp<Arch>(x)));
}

/// Both from one evaluation of e; bit for bit what the two functions above return.
template <class Arch, class V> SIMDACT_INLINE void sigmoid_with_derivative_vector(V x, V& y, V& d) noexcept {
  const exp_parts<V> e = scaled_exp<Arch>(x);
  y = select_nan(x, sigmoid_from<Arch>(x, e));
  d = select_nan(x, derivative_from<Arch>(e));
}

// The fast tier (XNNPACK-style name: rr2 lut8 p3, e^-x scaled by 2^-25, exponent by scalef or
// integer add, div)
// ---------------------------------------------------------------------------------
// sigma(x) = 1/(1 + e^-x) = 2^-25/(2^-25 + E) with E = e^-w * 2^-25, w = min(x, 20) where
// x > -104: one quotient for every x, so no select between 1 - f and f, no sign compare, no abs
// (two operations fewer than a form on e^-|x|), and no cancellation in 1 - f.  Where x <= -104
// (and -inf) sigma is +0 and no division is done ("Large |x|" above), and w is taken as 0 there:
// the compare's mask zeroes w (folded into vminps on AVX-512, so the mask replaces a vmaxps to -104;
// one operation fewer there, the same count elsewhere: +1-4% on avx512 and +5-7% on avx2 at 1Ki to
// 256Ki, same-build A/B, the same bits).  So w stays in [-104, 20], which keeps the exponent
// arithmetic finite: 1 - sigma(20) < 2^-25 rounds as sigma(+inf), and E = RN(2^(j/8)) * 2^(k-25) *
// e^r with k in [-29, 150] stays normal (up to 2^126), so the integer add is exact and 2^-25 + E
// never overflows.
// Steps 1 and 2 run on z = -w (reduce_exp<-1>), which gives u = -r; the polynomial's odd terms
// change sign to match.
// 3. u = (w + n*ln2_hi) + n*ln2_lo, error ~2^-29 relative.
// 4. e^r = 1 + r*(1 + r*(c2 + c3*r)), Sollya fpminimax (kernels/exp_fast_coefficients.txt):
//    max |p - expm1| = 2^-25.25 on |r| <= ln2/16.  E = s + (s*r)*p, as s + (s*u)*(-p).
// Budget, relative to sigma: E's error (table 2^-25, polynomial 2^-25.25, the FMA 2^-24) counts
// with weight E/(1+E) < 1, plus 2^-25 + E rounded (<= 2^-24) and the division (<= 2^-24): at most
// ~3.9 * 2^-24 if every error peaked together; measured over all 2^32 inputs, 2.83 ulp on every
// path (README), which is what the <= 3 ulp contract rests on (tests/exhaustive.cpp).
// Monotone but for 1 break on the FMA paths (2 without FMA): E is monotone in x up to its rounding,
// and the quotient of a monotone denominator is monotone; a form that returns 1 - f for x > 0 and
// rounds e and f separately breaks ~300k times where sigma moves by under an ulp per input.
// Specials: -inf is masked (sigma = +0) and +inf clamped to 20 (sigma = 1 exactly); a NaN is in
// range (greater_or_nan), passes through min (x86 semantics, see simd_ops.hpp) and every later
// operation.
namespace fast_constants {
constexpr float c2 = 0x1.000882p-1f;
constexpr float c3 = 0x1.555cd8p-3f;
constexpr float min_x = -104.0f;  // sigma(-104) < 2^-150: rounds to 0
constexpr float max_x = 20.0f;    // 1 - sigma(20) < 2^-28: rounds to 1
constexpr float scale = 0x1p-25f; // E = e^-w * scale
} // namespace fast_constants

template <class Arch, class V> SIMDACT_INLINE V sigmoid_fast_vector(V x) noexcept {
  using constants::exp2_j8_times_2m25;
  using constants::exp2_j8_times_2m25_for_add;
  using constants::ln2_lo;
  using namespace fast_constants;
  const auto in_range = greater_or_nan(x, V(min_x));
  const V w = keep_or_zero(in_range, min(V(max_x), x));
  const exp_reduction<V> red = reduce_exp<-1, Arch>(w, exp2_j8_times_2m25.v, exp2_j8_times_2m25_for_add.v);
  const V u = fmadd(red.n, V(ln2_lo), red.r_head);
  const V minus_p = fmadd(fmadd(V(-c3), u, V(c2)), u, V(-1.0f));
  const V e = fmadd(red.s * u, minus_p, red.s);
  // sigma = +0 where x <= -104, with no division: see "Large |x|" above.
  return divide_or_zero(in_range, V(scale), V(scale) + e);
}

/// The general way (see "Backward" above).
template <class Arch, class V> SIMDACT_INLINE V sigmoid_backward_any_y(V dy, V y) noexcept {
  const V one(1.0f);
  // TwoSum(1, -y): u_hi + u_lo == 1 - y exactly, for any y.
  const V u_hi = one - y;
  const V back = u_hi - one;
  const V u_lo = (one - (u_hi - back)) - (y + back); // + (-y - back), with no negation
  const V p_hi = y * u_hi;
  const V p_lo = fmadd(y, u_lo, product_error<Arch>(y, u_hi, p_hi));
  // dy * p_lo is only a correction, |dy * p_lo| <= 2^-24 |dy * p_hi|: where it is not finite (an
  // infinite dy, or dy * p_lo overflowing) the main term alone decides the result (it is then
  // infinite too), and a NaN input already makes the main term NaN.  So any finite stand-in will
  // do there: clamp_to_finite (one or two instructions, where a compare and a blend took three or four).
  // Without FMA the correction can also be NaN where the main term is finite (Dekker's split of a
  // dy scaled up by 2^64, below, overflows), and must then be dropped: a 0 stand-in.
  if constexpr (has_fma<Arch>) {
    return fmadd(dy, p_hi, clamp_to_finite(dy * p_lo));
  } else {
    // Dekker's product error is exact only without underflow or overflow (Veltkamp's split
    // multiplies by 4097): a product below 2^-100 is scaled up by 2^64 and back at the end, which
    // adds a rounding only where the result is subnormal (then within 0.5 + 2^-24 units of 2^-149
    // after the first rounding: below 1 unit); a dy of 2^100 or more is scaled down by 2^64 and
    // back, which is exact or overflows as the exact result does.  A dy in [2^64, 2^100) is not
    // scaled: its product with p_hi is then 0 or above 2^-85.
    const V magnitude = abs(dy);
    const V scale = select(magnitude >= V(0x1p100f), V(0x1p-64f),
                           select(magnitude < V(0x1p64f) && abs(dy * p_hi) < V(0x1p-100f), V(0x1p64f), V(1.0f)));
    const V dy_scaled = dy * scale;
    const V t = dy_scaled * p_hi;
    const V correction = product_error<Arch>(dy_scaled, p_hi, t) + dy_scaled * p_lo;
    const V sum = t + select(abs(correction) < V(std::numeric_limits<float>::infinity()), correction, V(0.0f));
    return sum * divide(V(1.0f), scale);
  }
}

template <class Arch, class V> SIMDACT_INLINE V sigmoid_backward_vector(V dy, V y) noexcept {
  if constexpr (has_fma<Arch>) {
    // min returns 1 - y (NaN) for a NaN y, so a NaN stays on this way and propagates.
    const V folded = min(y, V(1.0f) - y);
    const V p_hi = fnmadd(folded, folded, folded);
    const V p_lo = fnmadd(folded, folded, folded - p_hi);
    // |p_hi| <= 2, so dy * p_lo overflows for no finite dy; for an infinite one, see above.
    const V dx = fmadd(dy, p_hi, clamp_to_finite(dy * p_lo));
    if (!any_less(folded, V(-1.0f))) return dx;
    return select(folded < V(-1.0f), sigmoid_backward_any_y<Arch>(dy, y), dx);
  } else {
    return sigmoid_backward_any_y<Arch>(dy, y);
  }
}

/// Vectors interleaved per loop iteration (see group in simd_ops.hpp), per kernel and ISA, as
/// measured in same-build A/B runs at 1Ki and 16Ki (README): AVX-512 and SSE2 on Zen 4, AVX2 on
/// Zen 3 (an AVX2-only CPU, where the avx2 path is the one auto picks), AVX-512 again on Ice Lake:
///  - AVX-512 (32 registers): sigma 4 (on Zen 4 2 was 5-15% faster than 1, 4 no faster than 2 and
///    8 slower; on Ice Lake 4 was 7-9% faster than 2, 3 and 8 4-6% slower than 4), the fast tier 4
///    (as fast as 2 at 1Ki and 16Ki, +8% at 256Ki), sigma' and the fused kernel 4 (their longer
///    chains: +10% and +19% over 2; 8 made the fused kernel slower), backward 4 (+4% over 2 at 1Ki
///    and 16Ki, +12-15% at 256Ki and 4Mi, once fnmadd had shortened it; with the folded body on
///    Ice Lake +0-15% at 1Ki, the same at 16Ki and 256Ki).  On Ice Lake 2 instead of 4 made the
///    fast tier 3-7%, sigma' 7-14% and the fused kernel 3-13% slower.
///  - AVX2 (16 registers): sigma 4 (+7% over 2, 3 between them), sigma' 4 (+10% over 2, 3 close
///    to 4), the fused kernel 3 (4 was +4% in one run and -4% in another), backward 2 (+7-12% over
///    1; 3 and 4 slower than 2; with the folded body on Ice Lake 4 was 0.68-0.92x 2 from 16Ki
///    up); the fast tier 1 (2, 3 and 4 within noise of it).  (On Zen 4 the avx2 path had
///    measured sigma 2 over 1 +5%, sigma' +16%, fused 3 +9%.)
///  - SSE2 (16 registers of 4 floats): 4 for every kernel (over 1 at 16Ki: sigma +38%, the fast
///    tier +20%, sigma' +53%, fused +57%, backward +18%; 8 was no faster, or slower).
///  - scalar 1; NEON 1, not measured (qemu only).
template <class Arch> struct interleave {
  static constexpr bool avx512 = std::is_same_v<Arch, xsimd::avx512f>;
  static constexpr bool avx2 = std::is_same_v<Arch, xsimd::fma3<xsimd::avx2>>;
  static constexpr bool sse2 = std::is_same_v<Arch, xsimd::sse2>;
  static constexpr std::size_t sigmoid = avx512 || avx2 || sse2 ? 4 : 1;
  static constexpr std::size_t sigmoid_fast = avx512 || sse2 ? 4 : 1;
  static constexpr std::size_t sigmoid_derivative = avx512 || avx2 || sse2 ? 4 : 1;
  static constexpr std::size_t sigmoid_with_derivative = avx512 || sse2 ? 4 : avx2 ? 3 : 1;
  static constexpr std::size_t sigmoid_backward = avx512 || sse2 ? 4 : avx2 ? 2 : 1;
};

// Streaming stores: a call whose data (the distinct bytes it reads and writes) take at least
// streaming_min_bytes, and whose outputs are not written over an input (below), writes its output
// with streaming stores, where the ISA has them (and, for the fused kernel's two outputs, below):
// its data no longer fit in the last-level cache, and a normal store would read each output line
// before writing it.  The threshold is that cache's size (cpu0's, as sysfs reports it), read once
// per process, but at most 96 MiB, since a Xeon's L3 as cpuid reports it (480 MiB on one) is the
// whole socket's (src/memory_thresholds.cpp; SIMDACT_STREAMING_MIN_BYTES overrides it).
// Measured (same-build A/B, README): on the Zen 4 (32 MiB L3) streamed, backward was 25-33% faster
// at 4Mi and 32Mi elements and the fast tier 20% at 32Mi; at 8 MiB (1Mi elements of sigma)
// streaming gained nothing (-2% to +0%).  On the Ice Lake Xeon (48 MiB L3) the earlier fixed
// 32 MiB threshold streamed sigma at 4Mi, whose 32 MiB (16 in place) stay in that cache: the
// accurate tier ran at 0.93 Gelem/s against 1.26 with normal stores, the fast tier in place at 1.82
// against 3.84.
// Several outputs (the fused kernel) stream only where a vector is a whole cache line (AVX-512),
// and only when they share their offset within a line (so one head aligns them all): streamed,
// the fused kernel was 30-35% slower at 4Mi on Zen 3 (avx2, 0.53-0.63 against 0.81-0.82 Gelem/s
// with normal stores), but 5% faster on Zen 4 (avx512), and on the Ice Lake Xeon 1.29x and 1.48x
// at 4Mi and 1.32x and 1.44x at 32Mi (avx512, two same-build A/B runs of 5 rounds; avx2 there
// +8-11%).  With 64-byte vectors each streaming store writes a whole line, where 32-byte ones
// leave two streams of half-written lines in the write-combining buffers (a likely cause, not
// measured apart).
// An output written over an input never streams: its lines were just loaded, so a normal store
// reads nothing more, and a streaming one has to evict the cached line.  On the Ice Lake Xeon at
// 32Mi in place (same-build A/B, 5-7 rounds): avx512 fast tier 1.28-1.36x, accurate 1.03-1.09x;
// avx2 fast tier 1.12x with blocks of whole lines when prefetching (below; 0.85-0.90x without
// them, whose single vectors did not prefetch), and at 4Mi in place (not streamed either way)
// 1.59x from those blocks alone.  The rule is per call, not per output: the fused kernel with y
// over x no longer streams d either, 0.96x at 32Mi on avx512 (5 rounds, 0.960-0.967); since d is
// prefetched ("What is prefetched"), 1.10-1.13x as fast as before on the Granite Rapids Xeon.

/// The cache line, the unit a streaming store writes to memory: a streamed line is written whole
/// from the core's write-combining buffer, but a load from a line still held there flushes it
/// early, as a partial write.  Also the unit of prefetching.
constexpr std::size_t cache_line = 64;

/// Whether a kernel with Out outputs streams them on Arch (see "Streaming stores" above).
template <class Arch, std::size_t Out>
constexpr bool streams_outputs = has_streaming_store<Arch> && (Out == 1 || sizeof(vec<Arch>) == cache_line);

/// How far ahead each buffer is prefetched (see "What is prefetched" below), in floats: 8 KiB, in
/// calls whose data take at least prefetch_min_bytes, the L2 cache's size, but never on AMD CPUs,
/// whose hardware prefetchers were faster alone (src/memory_thresholds.cpp).  Measured on the Ice
/// Lake Xeon (two same-build A/B runs of the avx512 kernels, Gelem/s): at 32Mi elements (streamed)
/// sigma +20-26%, the fast tier +16-23% (in place +8-12%), backward +4-10%; at 4Mi (in the L3)
/// sigma +3-15%, the fast tier +0-9% and in place +56-94% in one run, +11-20% in the other,
/// backward +2-9%; at 256Ki and 1Mi the fast tier +8-9%.  4 KiB ahead gained 4-8% less at 32Mi, 16
/// and 32 KiB 3-10% less; a non-temporal hint (prefetchnta) made every kernel slower (the fast tier
/// at 32Mi 0.54x).  Below the L2's size (1.25 MiB there) the hardware prefetchers keep up, and
/// prefetching on every block only took load slots: backward at 16Ki and 64Ki elements (192 and 768
/// KiB of data) ran 1.23-1.26x as fast without it, the other kernels the same.  On the Zen 4 an
/// earlier try of 256 B to 4 KiB ahead had gained nothing over the hardware prefetcher.
constexpr std::size_t prefetch_ahead = 2048;

/// The same for a call that writes an output over an input: 2 KiB ahead.  Measured on the Granite
/// Rapids Xeon (same-build A/B, 9-15 alternating rounds, median): against 8 KiB, the avx512 fast
/// tier in place ran 0.98-1.08x at 1Mi and 4Mi and 1.15-1.17x at 32Mi, sigma 1.01x and 1.13-1.14x,
/// and at 32Mi sigma' 1.10x, the fused kernel 1.02x and backward 1.04x; avx2 fast 1.18x and 1.35x
/// at 4Mi and 32Mi, sigma 1.03x and 1.15x; every kernel out of place 0.98-1.01x (the same code).
/// 1 and 1.5 KiB gained as much, 3 KiB less, 4 KiB and more nothing (6 and 8.25 KiB too: not an
/// alias of the stores at 4 KiB strides), prefetchw less than nothing (0.94-0.95x at 32Mi).  A
/// pass that only reads and writes each line back runs at the same speed from 1 KiB to 16 KiB
/// ahead, so the bound the kernels are held against does not move (why a kernel, whose compute
/// spaces out its prefetches, gains is not measured apart).  Out of place, 2 KiB ran 1.00-1.06x of
/// 8 KiB here, and 8 KiB is what the Ice Lake measured best: kept there.
constexpr std::size_t prefetch_ahead_in_place = 512;

// What is prefetched: every buffer a call reads or writes, its inputs and its outputs (so an
// output written over an input is prefetched twice), but for a streamed output, whose streaming
// store writes a line that is not in the cache.  Until 2895bc4 only inputs were (a likely reason
// outputs gain, not measured apart: a store that misses the L1 holds its store-buffer entry until
// the line arrives, and a long loop body fills the buffer).  Measured on the Granite Rapids Xeon
// (same-build A/B against inputs alone, alternating rounds, median): out of place (two runs
// of 9-11 rounds) avx512 at 1Mi and 4Mi sigma 1.05-1.06x and 1.07-1.08x, sigma' 1.04-1.07x and
// 1.06-1.09x, the fused kernel 1.05-1.07x and 1.04-1.07x, the fast tier and backward 0.99-1.02x,
// every kernel 0.99-1.00x at 256Ki; avx2 at 1Mi and 4Mi the fast tier 1.13-1.15x, sigma and sigma'
// 1.02-1.05x, fused 1.00x and 1.06x (one run), backward 1.00-1.02x; sse2 (one run of 7 rounds)
// 1.00-1.03x and 1.05-1.09x for every kernel.  In place at 1Mi, 4Mi and 32Mi (avx512, two runs of
// 9 rounds): the fused kernel with y over x, whose d is no input, 1.01-1.02x, 1.05x and 1.10-1.13x;
// the others, whose output is prefetched twice, the fast tier 1.02x, 1.02x and 1.04-1.05x, sigma,
// sigma' and backward 0.99-1.01x; avx2 at 4Mi and 32Mi (7 rounds) fused 1.02x and 1.16x, the others
// 0.99-1.01x.  For the outputs 2 and 4 KiB ahead gained as much as 8 out of place; prefetchw
// (-mprfchw) less (sigma 1.03x at 4Mi, the fast tier 1.00x).  Not measured on the Ice Lake or an
// AMD machine.

/// Applies `body` to each whole Block (a vector, or a group of them) of [i, n); returns where it
/// stopped.  Streaming: the outputs at i are aligned to the Block's vectors.  Prefetching: blocks of a
/// cache line or more (every avx512 block, and groups elsewhere) prefetch their inputs, and unless
/// Streaming their outputs, Ahead floats ahead, while that stays inside the buffers (a template
/// argument: as a run-time value it cost the fast tier 3% out of place, in a loop the same but for
/// its layout).
template <bool Streaming, class Block, std::size_t Ahead, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE std::size_t for_each_block(const float* const (&in)[In], float* const (&out)[Out], std::size_t n,
                                          std::size_t i, bool prefetching, Body& body) noexcept {
  constexpr std::size_t step = sizeof(Block) / sizeof(float);
  constexpr std::size_t line_floats = cache_line / sizeof(float);
  // The blocks at i < prefetch_end: those whose block Ahead further on is inside the buffers.
  const std::size_t prefetch_end = prefetching && n >= Ahead + step ? n - (Ahead + step) + 1 : 0;
  Block x[In];
  Block y[Out];
  for (; i + step <= n; i += step) {
    if constexpr (step >= line_floats) {
      if (i < prefetch_end) {
        for (std::size_t k = 0; k < In; ++k)
          for (std::size_t line = 0; line < step; line += line_floats) prefetch(in[k] + i + Ahead + line);
        if constexpr (!Streaming) {
          for (std::size_t k = 0; k < Out; ++k)
            for (std::size_t line = 0; line < step; line += line_floats) prefetch(out[k] + i + Ahead + line);
        }
      }
    }
    for (std::size_t k = 0; k < In; ++k) x[k] = load(in[k] + i, Block());
    body(x, y);
    for (std::size_t k = 0; k < Out; ++k) {
      if constexpr (Streaming) {
        store_streaming(out[k] + i, y[k]);
      } else {
        store(out[k] + i, y[k]);
      }
    }
  }
  return i;
}

/// Applies `body` once to the `count` (fewer than a vector's) elements at i, as one vector whose
/// other lanes are zero (load_partial), so that nothing outside them is read or written.
template <class V, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_partial_vector(const float* const (&in)[In], float* const (&out)[Out], std::size_t i,
                                       std::size_t count, Body& body) noexcept {
  V x[In];
  V y[Out];
  for (std::size_t k = 0; k < In; ++k) x[k] = load_partial(in[k] + i, count, V());
  body(x, y);
  for (std::size_t k = 0; k < Out; ++k) store_partial(out[k] + i, y[k], count);
}

/// Applies `body` to [i, n): groups of Interleave vectors, then the remaining full vectors one by
/// one, then the tail once as a zero-padded partial vector.  Streaming: the outputs at i are
/// aligned to the vector size.
template <bool Streaming, class V, std::size_t Interleave, std::size_t Ahead, std::size_t In, std::size_t Out,
          class Body>
SIMDACT_INLINE void for_range(const float* const (&in)[In], float* const (&out)[Out], std::size_t n, std::size_t i,
                              bool prefetching, Body& body) noexcept {
  if constexpr (Interleave > 1) {
    i = for_each_block<Streaming, group<V, Interleave>, Ahead>(in, out, n, i, prefetching, body);
  }
  i = for_each_block<Streaming, V, Ahead>(in, out, n, i, prefetching, body);
  if constexpr (sizeof(V) > sizeof(float)) {
    if (i < n) for_partial_vector<V>(in, out, i, n - i, body);
  }
}

/// The fewest vectors of V, at least `vectors`, that fill whole cache lines.
template <class V> constexpr std::size_t whole_lines(std::size_t vectors) {
  constexpr std::size_t per_line = sizeof(V) >= cache_line ? 1 : cache_line / sizeof(V);
  return (vectors + per_line - 1) / per_line * per_line;
}

/// for_range with normal stores, prefetching Ahead floats ahead in a call whose data outgrow the L2.
template <class Arch, std::size_t Interleave, std::size_t Ahead, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_each_vector_cached(const float* const (&in)[In], float* const (&out)[Out], std::size_t n,
                                           bool outgrows_l2, Body& body) noexcept {
  using V = vec<Arch>;
  const bool prefetching = outgrows_l2 && n > Ahead;
  // Only blocks of whole lines prefetch (for_each_block): where the interleave is less than a line
  // (avx2's fast tier and fused kernel), a call that prefetches takes blocks of whole lines.
  if constexpr (has_streaming_store<Arch> && whole_lines<V>(Interleave) != Interleave) {
    if (prefetching) {
      for_range<false, V, whole_lines<V>(Interleave), Ahead>(in, out, n, 0, prefetching, body);
      return;
    }
  }
  for_range<false, V, Interleave, Ahead>(in, out, n, 0, prefetching, body);
}

/// Applies `body` to every element of the n at in and out (see for_range), so every element runs
/// the same operations (bit-identical results wherever it sits; but a NaN from the fast tier may
/// carry another payload, see tests/test_support.hpp) and nothing outside [p, p + n) is read or
/// written.  Inputs are loaded before outputs are stored, so an output may alias an input
/// exactly.  A large output that is not written over an input is streamed (see "Streaming
/// stores") after an unaligned head done with normal stores, in blocks of whole cache lines, but
/// for the last block's worth of vectors (under one block), which go one vector at a time.  (When
/// in place still streamed, one 16-byte SSE2 vector per step made the accurate tier in place at 4Mi
/// 20x slower than out of place: a load from a line still in the write-combining buffer flushes
/// it part by part.)
template <class Arch, std::size_t Interleave, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_each_vector(const float* const (&in)[In], float* const (&out)[Out], std::size_t n,
                                    Body body) noexcept {
  using V = vec<Arch>;
  std::size_t in_place = 0; // outputs written over an input
  for (const float* input : in)
    for (const float* output : out) in_place += input == output;
  const std::size_t bytes = n * (In + Out - in_place) * sizeof(float);
  const memory_thresholds& limits = thresholds(); // one load a call
  const bool outgrows_l2 = bytes >= limits.prefetch_min_bytes;
  if constexpr (streams_outputs<Arch, Out>) {
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(out[0]) % cache_line;
    bool aligned_alike = true;
    for (const float* output : out)
      aligned_alike &= reinterpret_cast<std::uintptr_t>(output) % cache_line == misalignment;
    const std::size_t head = (cache_line - misalignment) % cache_line / sizeof(float);
    if (in_place == 0 && aligned_alike && misalignment % sizeof(float) == 0 && n >= head &&
        bytes >= limits.streaming_min_bytes) {
      for_range<false, V, 1, 0>(in, out, head, 0, false, body);
      for_range<true, V, whole_lines<V>(Interleave), prefetch_ahead>(in, out, n, head, outgrows_l2, body);
      streaming_fence();
      return;
    }
  }
  if (in_place != 0) {
    for_each_vector_cached<Arch, Interleave, prefetch_ahead_in_place>(in, out, n, outgrows_l2, body);
  } else {
    for_each_vector_cached<Arch, Interleave, prefetch_ahead>(in, out, n, outgrows_l2, body);
  }
}

template <class Arch> void activation_kernels<Arch>::sigmoid(const float* x, float* y, std::size_t n) noexcept {
  for_each_vector<Arch, interleave<Arch>::sigmoid>(
      {x}, {y}, n, [](const auto& in, auto& out) SIMDACT_INLINE_LAMBDA { out[0] = sigmoid_vector<Arch>(in[0]); });
}

template <class Arch> void activation_kernels<Arch>::sigmoid_fast(const float* x, float* y, std::size_t n) noexcept {
  for_each_vector<Arch, interleave<Arch>::sigmoid_fast>(
      {x}, {y}, n, [](const auto& in, auto& out) SIMDACT_INLINE_LAMBDA { out[0] = sigmoid_fast_vector<Arch>(in[0]); });
}

template <class Arch>
void activation_kernels<Arch>::sigmoid_derivative(const float* x, float* d, std::size_t n) noexcept {
  for_each_vector<Arch, interleave<Arch>::sigmoid_derivative>(
      {x}, {d}, n,
      [](const auto& in, auto& out) SIMDACT_INLINE_LAMBDA { out[0] = sigmoid_derivative_vector<Arch>(in[0]); });
}

template <class Arch>
void activation_kernels<Arch>::sigmoid_with_derivative(const float* x, float* y, float* d, std::size_t n) noexcept {
  for_each_vector<Arch, interleave<Arch>::sigmoid_with_derivative>(
      {x}, {y, d}, n, [](const auto& in, auto& out) SIMDACT_INLINE_LAMBDA {
        sigmoid_with_derivative_vector<Arch>(in[0], out[0], out[1]);
      });
}

template <class Arch>
void activation_kernels<Arch>::sigmoid_backward(const float* dy, const float* y, float* dx, std::size_t n) noexcept {
  for_each_vector<Arch, interleave<Arch>::sigmoid_backward>(
      {dy, y}, {dx}, n,
      [](const auto& in, auto& out) SIMDACT_INLINE_LAMBDA { out[0] = sigmoid_backward_vector<Arch>(in[0], in[1]); });
}

} // namespace kernels
} // namespace simdact
