// simdact's kernels: sigmoid, its derivative, both fused, and the backward pass, written once for
// every Arch (see simd_ops.hpp) and instantiated per ISA in src/arch/<isa>.cpp.
//
// Algorithm (XNNPACK-style name: rr8 table, p4 polynomial, div + corrected quotient)
// ---------------------------------------------------------------------------------
// With a = |x| and e = e^-a in (0, 1]:   sigma(x) = 1/(1+e) for x > 0,  e/(1+e) for x <= 0,
//                                         sigma'(x) = e/(1+e)^2 = [e/(1+e)] * [1/(1+e)].
// 1. Range reduction: n = round(-a*8/ln2) (magic-bias rounding), r = -a - n*ln2/8 with ln2/8 split
//    Cody-Waite style into hi (12 bits, so n*hi is exact for |n| < 2^12) + lo; |r| <= ln2/16.
//    n = 8k + j, j in 0..7, so e^-a = 2^k * 2^(j/8) * e^r.
// 2. 2^(j/8) = s_hi + s_lo from an 8-entry table of float pairs (s_lo ~ 2^-25 relative).
// 3. e^r - 1 ~ p(r) = r + r^2*(c2 + c3*r + c4*r^2), Sollya fpminimax on [-ln2/16, ln2/16]:
//    max |p - expm1| = 1.7e-10 ~ 2^-32.5 (kernels/exp_coefficients.txt).
// 4. e = 2^k * (s_hi + t) with t = s_hi*p + s_lo, renormalized (Fast2Sum) into m_hi + m_lo: an
//    unevaluated sum whose error is |t| * 2^-24 (<= 0.045 * 2^-24, rounding of t) + 2^-32.5
//    (polynomial) + 2^-26*2^-24 (s_lo), i.e. below 0.05 ulp of e.  Keeping e as hi + lo is what
//    makes <= 1 ulp reachable: a plain float e would already carry 0.5 ulp into e/(1+e).
// 5. 1 + e = d_hi + d_lo exactly (Fast2Sum, 1 >= e_hi) up to the tiny m_lo term.
// 6. Quotient q = num/(d_hi + d_lo) with num = 1 (x > 0) or e (x <= 0): r0 = RN(1/d_hi) (an IEEE
//    division, the same bits on every ISA), q0 = num*r0, then one corrected step
//    q = q0 + r0 * ((num + num_lo) - q0*(d_hi + d_lo)), the residual's main product taken exactly
//    (FMA, or Dekker's TwoProduct without FMA).  Error of q before its final rounding: about
//    2^-46 relative, so q is within 0.5 ulp + 0.05 ulp of num/(1+e), and
//      x > 0:  1/(1+e) depends on e through e/(1+e) <= 1/2, so e's 0.05 ulp adds <= 0.025 ulp;
//      x <= 0: e/(1+e) depends on e through 1/(1+e) <= 1, adding <= 0.05 ulp.
//    Budget: 0.5 (final rounding) + ~0.05 (e) + ~0.01 (quotient) ~ 0.56 ulp for sigma.
// 7. Scaling by 2^k in two steps: k1 = max(k, -100) is folded into e before the division (keeps
//    e_hi and e_lo ~ 2^-24 e_hi normal: with k1 down to -125, e_lo underflowed and the error grew
//    to 0.79 ulp near x = -86), k2 = k - k1 in [-51, 0] multiplies the final quotient.  That
//    product is exact for a normal result; a subnormal one is rounded a second time, on a grid
//    at least twice as coarse as q's, so it stays within 0.5 + 0.56/2 = 0.78 units of 2^-149.
// sigma'(x) = e/(1+e)^2 * 2^k2 as one corrected quotient by (1+e)^2 (see derivative_from): ~0.56 ulp.
// Special values by blend, no branches: a is clamped to 104 (sigma(-104) < 2^-150 rounds to 0),
// so +-inf behave like +-104; NaN lanes are replaced by x itself at the end.
//
// Backward dx = dy*y*(1-y): 1 - y = u_hi + u_lo (TwoSum, exact), y*u = p_hi + p_lo (exact product
// error), dx = RN(dy*p_hi + dy*p_lo) with one FMA (or TwoProduct without FMA): within 0.5 ulp +
// ~2^-40 relative of the exact dy*y*(1-y).  y is not clamped: any float y is used as given; the
// bound holds for |y| <= 2^56 (Dekker's split of y*(1-y) on the paths without FMA must not
// overflow), any dy, and results that overflow come out as the infinity of the exact result.
#pragma once

#include <cstddef>
#include <cstring>
#include <limits>

#include "activation_kernels.hpp"
#include "simd_ops.hpp"

namespace simdact {
namespace kernels {

namespace constants {
// From kernels/exp_coefficients.sollya (output in exp_coefficients.txt).
constexpr float magic_round = 0x1.8p23f;   // adding it rounds |v| < 2^22 to an integer
constexpr float log2e_x8 = 0x1.715476p3f;  // 8/ln2
constexpr float ln2_div8_hi = 0x1.62ep-4f; // 12 significant bits
constexpr float ln2_div8_lo = 0x1.0bfbe8p-18f;
constexpr float c2 = 0x1p-1f;
constexpr float c3 = 0x1.555c86p-3f;
constexpr float c4 = 0x1.555a4cp-5f;
constexpr float clamp_a = 104.0f;                   // e^-104 < 2^-150
constexpr float min_k1 = -100.0f;                   // 2^k1 * e^r * 2^-24 stays normal
constexpr float exponent_bias = 0x1.8p23f + 127.0f; // bits(v + this) << 23 == bits(2^v)
alignas(32) constexpr float exp2_j8_hi[8] = {0x1p0f,        0x1.172b84p0f, 0x1.306fep0f,  0x1.4bfdaep0f,
                                             0x1.6a09e6p0f, 0x1.8ace54p0f, 0x1.ae89fap0f, 0x1.d5818ep0f};
alignas(32) constexpr float exp2_j8_lo[8] = {0.0f,
                                             -0x1.c15742p-27f,
                                             0x1.4636e2p-25f,
                                             -0x1.593abcp-25f,
                                             0x1.9fcef4p-26f,
                                             0x1.15506ep-27f,
                                             -0x1.a94b14p-26f,
                                             -0x1.822dbcp-27f};
} // namespace constants

/// 2^v for integer-valued v in [-126, 127].
template <class V> SIMDACT_INLINE V exp2_integer(V v) noexcept {
  return shift_into_exponent(v + V(constants::exponent_bias));
}

/// What sigma and sigma' share for one vector x: e^-|x| as (e_hi + e_lo) * 2^-k2 and 1 + e.
template <class V> struct exp_parts {
  V e_hi, e_lo; // e^-|x| * 2^-k2, a normal float pair
  V k2;         // leftover exponent, integer-valued in [-51, 0]
  V d_hi, d_lo; // 1 + e_hi + e_lo
  V r0;         // RN(1 / d_hi)
};

template <class Arch, class V> SIMDACT_INLINE exp_parts<V> exp_minus_abs(V x) noexcept {
  using namespace constants;
  const V a = min(abs(x), V(clamp_a));
  const V n_biased = fmadd(a, V(-log2e_x8), V(magic_round));
  const V n = n_biased - V(magic_round);
  V r = fmadd(n, V(-ln2_div8_hi), -a); // exact
  r = fmadd(n, V(-ln2_div8_lo), r);
  V poly = fmadd(V(c4), r, V(c3));
  poly = fmadd(poly, r, V(c2));
  const V p = fmadd(r * r, poly, r); // e^r - 1
  const V s_hi = lookup8(exp2_j8_hi, n_biased);
  const V s_lo = lookup8(exp2_j8_lo, n_biased);
  // s_hi * e^r = s_hi + t with t = s_hi*p + s_lo (|t| < 0.05 s_hi), renormalized by Fast2Sum so
  // that m_hi = RN(s_hi + t) carries the leading bits and m_lo is below half an ulp of m_hi.
  const V t = fmadd(s_hi, p, s_lo);
  const V m_hi = s_hi + t;
  const V m_lo = (s_hi - m_hi) + t;
  // k = floor(n/8) = round((n - 3.5)/8); n/8 - 7/16 is exact and never a half-integer.
  const V k = (fmadd(n, V(0.125f), V(-0.4375f)) + V(magic_round)) - V(magic_round);
  const V k1 = max(k, V(min_k1));
  const V scale = exp2_integer(k1);
  exp_parts<V> e;
  e.e_hi = m_hi * scale;
  e.e_lo = m_lo * scale;
  e.k2 = k - k1;
  e.d_hi = V(1.0f) + e.e_hi;
  e.d_lo = ((V(1.0f) - e.d_hi) + e.e_hi) + e.e_lo;
  e.r0 = divide(V(1.0f), e.d_hi);
  return e;
}

/// (num + num_lo) / (d_hi + d_lo) from an approximate reciprocal r of d_hi (within a few ulp):
/// q0 = num * r, then one corrected step whose error is about (q0 error) * (r error) ~ 2^-44.
template <class Arch, class V> SIMDACT_INLINE V corrected_quotient(V num, V num_lo, V d_hi, V d_lo, V r) noexcept {
  const V q0 = num * r;
  const V residual = exact_residual<Arch>(num, q0, d_hi) + fmadd(-q0, d_lo, num_lo);
  return fmadd(residual, r, q0);
}

/// sigma(x) * 2^-k2 for x <= 0 (e/(1+e)), or sigma(x) for x > 0 (1/(1+e)).
template <class Arch, class V> SIMDACT_INLINE V sigmoid_from(V x, const exp_parts<V>& e) noexcept {
  const auto positive = x > V(0.0f);
  const V num = select(positive, V(1.0f), e.e_hi);
  const V num_lo = select(positive, V(0.0f), e.e_lo);
  const V q = corrected_quotient<Arch>(num, num_lo, e.d_hi, e.d_lo, e.r0);
  return q * exp2_integer(select(positive, V(0.0f), e.k2));
}

/// sigma'(x) = e/(1+e)^2 as one corrected quotient: (1+e)^2 = d2_hi + d2_lo (exact square of d_hi
/// plus the cross term), reciprocal r0^2 (within 1.5 ulp of 1/d2_hi, enough for the corrected
/// step), so sigma' gets the same ~0.56 ulp budget as sigma instead of two quotients and a product.
template <class Arch, class V> SIMDACT_INLINE V derivative_from(const exp_parts<V>& e) noexcept {
  const V d2_hi = e.d_hi * e.d_hi;
  const V d2_lo = fmadd(e.d_hi + e.d_hi, e.d_lo, product_error<Arch>(e.d_hi, e.d_hi, d2_hi));
  const V q = corrected_quotient<Arch>(e.e_hi, e.e_lo, d2_hi, d2_lo, e.r0 * e.r0);
  return q * exp2_integer(e.k2);
}

template <class Arch, class V> SIMDACT_INLINE V sigmoid_vector(V x) noexcept {
  return select(isnan(x), x, sigmoid_from<Arch>(x, exp_minus_abs<Arch>(x)));
}

template <class Arch, class V> SIMDACT_INLINE V sigmoid_derivative_vector(V x) noexcept {
  return select(isnan(x), x, derivative_from<Arch>(exp_minus_abs<Arch>(x)));
}

/// Both from one evaluation of e; bit for bit what the two functions above return.
template <class Arch, class V> SIMDACT_INLINE void sigmoid_with_derivative_vector(V x, V& y, V& d) noexcept {
  const exp_parts<V> e = exp_minus_abs<Arch>(x);
  const auto nan = isnan(x);
  y = select(nan, x, sigmoid_from<Arch>(x, e));
  d = select(nan, x, derivative_from<Arch>(e));
}

// The fast tier (XNNPACK-style name: rr2 lut8 p3, exponent by integer add, div)
// ---------------------------------------------------------------------------------
// f = e/(1+e) with e = e^z, z = max(-|x|, -104); sigma = f for x <= 0, 1 - f for x > 0.  No
// compensated steps: every operation is one IEEE rounding, and the same ones on every path.
// 1. nb = RN(z*log2(e) + 1.5*2^20): the magic bias rounds n = z/ln2 to a multiple of 1/8, so
//    n = k + j/8 and the low 3 mantissa bits of nb are j.  r = (z - n*ln2_hi) - n*ln2_lo (ln2_hi
//    has 12 bits, 8n has at most 11, so n*ln2_hi is exact); |r| <= ln2/16, error ~2^-29 relative.
// 2. s = 2^(k + 25 + j/8) in two integer operations: the table holds bits(2^(j/8 + 25)) - j*2^20
//    and bits(nb) << 20 is k*2^23 + j*2^20, so their sum puts k into the exponent (no scalef, no
//    float ops: on AMD Zen 4 the loop is bound by its count of vector ops).  The 2^25 keeps s and e
//    normal down to z = -104 (e^-104 ~ 2^-150): f = e'/(e' + 2^25) rounds once, also where sigma
//    is subnormal, with no separate scaling step.
// 3. e^r = 1 + r*(1 + r*(c2 + c3*r)), Sollya fpminimax (kernels/exp_fast_coefficients.txt):
//    max |p - expm1| = 2^-25.25 on |r| <= ln2/16.  e' = s + (s*r)*p.
// Budget, relative to sigma for x <= 0: table entry 2^-25 + polynomial 2^-25.25 + s*r and the FMA
// 2^-24 (plus 2^-48) + 1 + e rounded 2^-24 * e/(1+e) + the division 2^-24: about 3.2 * 2^-24, so
// up to ~1.6 ulp where sigma's significand is near 2, ~3.2 where it is near 1; measured 2.94 or less
// (README).  For x > 0, 1 - f with f <= 1/2: f's error counts half, plus one rounding: below 2 ulp.
// Not monotone: where sigma moves by less than an ulp per input (0.25 <= |x| < 2) that noise
// reorders neighbours, ~300k times over the float line (tests/test_support.hpp); the accurate tier is.
// Specials without blends: -inf and +inf behave like -104 and +104 (sigma = 0 and 1 exactly);
// a NaN passes through max (x86 semantics, see simd_ops.hpp) and every later operation.
namespace fast_constants {
constexpr float log2e = 0x1.715476p0f;
constexpr float magic_round_eighths = 0x1.8p20f; // its ulp is 1/8
constexpr float ln2_hi = 0x1.62ep-1f;            // 12 significant bits
constexpr float ln2_lo = 0x1.0bfbe8p-15f;
constexpr float c2 = 0x1.000882p-1f;
constexpr float c3 = 0x1.555cd8p-3f;
constexpr float min_z = -104.0f;
constexpr float scale = 0x1p25f;
// bits(2^(j/8) * 2^25) - j * 2^20, as floats; 2^(j/8) rounded as in exp_fast_coefficients.txt.
alignas(32) constexpr float exp2_j8_scaled[8] = {0x1p25f,        0x1.f72b84p24f, 0x1.f06fep24f,  0x1.ebfdaep24f,
                                                 0x1.ea09e6p24f, 0x1.eace54p24f, 0x1.ee89fap24f, 0x1.f5818ep24f};
} // namespace fast_constants

template <class Arch, class V> SIMDACT_INLINE V sigmoid_fast_vector(V x) noexcept {
  using namespace fast_constants;
  const V z = max(V(min_z), negative_abs(x));
  const V nb = fmadd(z, V(log2e), V(magic_round_eighths));
  const V n = nb - V(magic_round_eighths);
  V r = fmadd(n, V(-ln2_hi), z);
  r = fmadd(n, V(-ln2_lo), r);
  const V s = add_shifted_bits<20>(lookup8(exp2_j8_scaled, nb), nb);
  const V p = fmadd(fmadd(V(c3), r, V(c2)), r, V(1.0f));
  const V e = fmadd(s * r, p, s);
  const V f = divide(e, e + V(scale));
  return select(x > V(0.0f), V(1.0f) - f, f);
}

template <class Arch, class V> SIMDACT_INLINE V sigmoid_backward_vector(V dy, V y) noexcept {
  const V one(1.0f);
  // TwoSum(1, -y): u_hi + u_lo == 1 - y exactly, for any y.
  const V u_hi = one - y;
  const V back = u_hi - one;
  const V u_lo = (one - (u_hi - back)) + (-y - back);
  const V p_hi = y * u_hi;
  const V p_lo = fmadd(y, u_lo, product_error<Arch>(y, u_hi, p_hi));
  // dy * p_lo is only a correction, |dy * p_lo| <= 2^-24 |dy * p_hi|: where it is not finite (an
  // infinite dy, or dy * p_lo overflowing) the main term alone is right (it is then infinite too),
  // and a NaN input already makes the main term NaN.
  const auto correction = [](V c) { return select(abs(c) < V(std::numeric_limits<float>::infinity()), c, V(0.0f)); };
  if constexpr (has_fma<Arch>) {
    return fmadd(dy, p_hi, correction(dy * p_lo));
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
    const V sum = t + correction(product_error<Arch>(dy_scaled, p_hi, t) + dy_scaled * p_lo);
    return sum * divide(V(1.0f), scale);
  }
}

/// Applies `body` to every full vector of n elements, then once to the tail through a
/// zero-padded copy, so the tail runs the same instructions as the body (bit-identical results)
/// and nothing outside [p, p + n) is read or written.  Inputs of a vector are loaded before its
/// outputs are stored, so an output may alias an input exactly.
template <class Arch, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_each_vector(const float* const (&in)[In], float* const (&out)[Out], std::size_t n,
                                    Body body) noexcept {
  using V = vec<Arch>;
  constexpr std::size_t w = lanes<Arch>;
  std::size_t i = 0;
  V x[In];
  V y[Out];
  for (; i + w <= n; i += w) {
    for (std::size_t k = 0; k < In; ++k) x[k] = load(in[k] + i, V());
    body(x, y);
    for (std::size_t k = 0; k < Out; ++k) store(out[k] + i, y[k]);
  }
  if constexpr (w > 1) {
    if (i < n) {
      const std::size_t rest = n - i;
      alignas(64) float buffer[In > Out ? In : Out][w];
      for (std::size_t k = 0; k < In; ++k) {
        for (std::size_t l = 0; l < w; ++l) buffer[k][l] = 0.0f;
        std::memcpy(buffer[k], in[k] + i, rest * sizeof(float));
        x[k] = load(buffer[k], V());
      }
      body(x, y);
      for (std::size_t k = 0; k < Out; ++k) {
        store(buffer[k], y[k]);
        std::memcpy(out[k] + i, buffer[k], rest * sizeof(float));
      }
    }
  }
}

template <class Arch> void activation_kernels<Arch>::sigmoid(const float* x, float* y, std::size_t n) noexcept {
  using V = vec<Arch>;
  for_each_vector<Arch>(
      {x}, {y}, n, [](const V(&in)[1], V(&out)[1]) SIMDACT_INLINE_LAMBDA { out[0] = sigmoid_vector<Arch>(in[0]); });
}

template <class Arch> void activation_kernels<Arch>::sigmoid_fast(const float* x, float* y, std::size_t n) noexcept {
  using V = vec<Arch>;
  for_each_vector<Arch>({x}, {y}, n, [](const V(&in)[1], V(&out)[1]) SIMDACT_INLINE_LAMBDA {
    out[0] = sigmoid_fast_vector<Arch>(in[0]);
  });
}

template <class Arch>
void activation_kernels<Arch>::sigmoid_derivative(const float* x, float* d, std::size_t n) noexcept {
  using V = vec<Arch>;
  for_each_vector<Arch>({x}, {d}, n, [](const V(&in)[1], V(&out)[1]) SIMDACT_INLINE_LAMBDA {
    out[0] = sigmoid_derivative_vector<Arch>(in[0]);
  });
}

template <class Arch>
void activation_kernels<Arch>::sigmoid_with_derivative(const float* x, float* y, float* d, std::size_t n) noexcept {
  using V = vec<Arch>;
  for_each_vector<Arch>({x}, {y, d}, n, [](const V(&in)[1], V(&out)[2]) SIMDACT_INLINE_LAMBDA {
    sigmoid_with_derivative_vector<Arch>(in[0], out[0], out[1]);
  });
}

template <class Arch>
void activation_kernels<Arch>::sigmoid_backward(const float* dy, const float* y, float* dx, std::size_t n) noexcept {
  using V = vec<Arch>;
  for_each_vector<Arch>({dy, y}, {dx}, n, [](const V(&in)[2], V(&out)[1]) SIMDACT_INLINE_LAMBDA {
    out[0] = sigmoid_backward_vector<Arch>(in[0], in[1]);
  });
}

} // namespace kernels
} // namespace simdact
