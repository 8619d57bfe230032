// The reference functions, in double precision (see include/simdact/reference.h).
#include "simdact/reference.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace {
// e^-|x|, 0 from |x| = 746 on, where it is below half the least subnormal double: exp rounds it to 0
// there too, but through glibc's underflow path (errno), which took a tenth of an exhaustive sweep.
double exp_minus_abs(double x) {
  const double magnitude = std::fabs(x);
  return magnitude >= 746.0 ? 0.0 : std::exp(-magnitude);
}
} // namespace

extern "C" {

double simdact_reference_sigmoid(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  // e = exp(-|x|) <= 1 never overflows; each branch is a ratio of positive terms (no cancellation).
  const double e = exp_minus_abs(xd);
  return xd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double simdact_reference_sigmoid_derivative(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  const double e = exp_minus_abs(xd);
  return e / ((1.0 + e) * (1.0 + e));
}

double simdact_reference_sigmoid_backward(float dy, float y) {
  const double yd = y;
  return double(dy) * (yd * (1.0 - yd));
}

double simdact_reference_silu(float x) {
  const double xd = x;
  if (std::isnan(xd) || xd == INFINITY) return xd;
  if (xd == -INFINITY) return -0.0;
  // x * sigma(x) with sigma as above: one product more, no cancellation.
  const double e = exp_minus_abs(xd);
  return xd > 0 ? xd / (1.0 + e) : xd * e / (1.0 + e);
}

double simdact_reference_swiglu(float a, float b) {
  // silu(a) within ~2^-52 relative, times b rounded once more: no float product over- or
  // underflows in double (|silu(a)*b| lies in [2^-450, 2^257] unless it is 0).
  // silu(a) of a finite a != 0 is not 0, even where double underflows it (a < -745).
  if (std::isinf(b) && std::isfinite(a) && a != 0) return (a > 0) == (b > 0) ? INFINITY : -INFINITY;
  return simdact_reference_silu(a) * double(b);
}

double simdact_reference_silu_derivative(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  if (xd == INFINITY) return 1.0;
  if (xd == -INFINITY) return -0.0;
  const double e = exp_minus_abs(xd);
  if (xd > 0) return (1.0 + e * (1.0 + xd)) / ((1.0 + e) * (1.0 + e));
  // e(1 + x + e)/(1 + e)^2: 1 + x + e^x is 0 at x0 = x0_hi + x0_lo (doubles), where it cancels.  As
  // h + e0*expm1(h) with h = x - x0 (x - x0_hi is exact) and e0 = e^x0 = -(1 + x0), its two terms
  // have h's sign: no cancellation (kernels/math/silu_derivative_zero.sollya gives x0).
  constexpr double x0_hi = -0x1.474973c84120bp0, x0_lo = -0x1.f8d74bc9ac154p-54;
  const double h = (xd - x0_hi) - x0_lo;
  const double e0 = -((1.0 + x0_hi) + x0_lo);
  return e * (h + e0 * std::expm1(h)) / ((1.0 + e) * (1.0 + e));
}

double simdact_reference_silu_backward(float dy, float x) {
  // silu'(x) within ~2^-52 relative, times dy rounded once more: no product that is not 0 in float
  // over- or underflows in double (silu'(x) of a float x below -200 is under 2^-280, and |dy| is
  // below 2^128).  silu'(x) of a finite x is not 0, even where double underflows it (x < -745): an
  // infinite dy gives an infinity of silu'(x)'s sign (negative from x0 = -1.2785 down) times dy's.
  const double d = simdact_reference_silu_derivative(x);
  if (std::isinf(dy) && std::isfinite(x)) return std::signbit(d) != std::signbit(dy) ? -INFINITY : INFINITY;
  return d * double(dy);
}

double simdact_reference_swiglu_backward_da(float dy, float a, float b) {
  // dy*b is exact in double (|dy*b| in [2^-298, 2^256] unless 0), times silu'(a) within ~2^-52
  // relative: no product that is not 0 in float over- or underflows in double (silu'(a) of a float
  // a below -300 is under 2^-420).  An infinite dy or b gives an infinity of silu'(a)'s sign times
  // theirs (NaN with a zero factor), as silu_backward's reference does for dy.
  const double g = double(dy) * double(b);
  const double d = simdact_reference_silu_derivative(a);
  if (std::isinf(g) && std::isfinite(a)) return std::signbit(d) != std::signbit(g) ? -INFINITY : INFINITY;
  return d * g;
}

double simdact_reference_swiglu_backward_db(float dy, float a, float /*b*/) { return simdact_reference_swiglu(a, dy); }

double simdact_reference_tanh(float x) {
  // glibc's tanh, within 1 ulp of a double (~2^-52 relative), odd.
  return std::tanh(double(x));
}

double simdact_reference_tanh_derivative(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  // 4e/(1 + e)^2 with e = e^-2|x| (2x is exact in double): no cancellation, where 1 - tanh^2 has.
  const double e = exp_minus_abs(2.0 * xd);
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

double simdact_reference_tanh_backward(float dy, float y) {
  // y^2 is exact in double, so 1 - y^2 is rounded once by the FMA.
  const double yd = y;
  return double(dy) * std::fma(-yd, yd, 1.0);
}

double simdact_reference_softplus(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  // max(x, 0) + log1p(e^-|x|): glibc's log1p and exp, each within 1 ulp of a double, and a sum of
  // two non-negative terms (no cancellation): ~2^-51 relative.  -inf gives 0 + log1p(0) = +0.
  return std::max(xd, 0.0) + std::log1p(exp_minus_abs(xd));
}

double simdact_reference_log_sigmoid(float x) { return -simdact_reference_softplus(-x); }

double simdact_reference_softplus_backward(float dy, float x) {
  // sigma(x) within ~2^-52 relative, times dy rounded once more: no product that is not 0 in float
  // over- or underflows in double.  sigma(x) of a finite x is not 0, even where double underflows
  // it (x < -745): an infinite dy gives its infinity there; at x = -inf, inf * 0 = NaN.
  const double s = simdact_reference_sigmoid(x);
  if (std::isinf(dy) && s == 0.0 && x > -INFINITY) return dy;
  return double(dy) * s;
}

double simdact_reference_log_sigmoid_backward(float dy, float x) { return simdact_reference_softplus_backward(dy, -x); }

double simdact_reference_mish(float x) {
  const double xd = x;
  if (std::isnan(xd) || xd == INFINITY) return xd;
  if (xd == -INFINITY) return -0.0;
  // tanh(softplus(x)) = n/(n + 2) with n = u(u + 2), u = e^x: with e = e^-|x|, (1 + 2e)/(1 + 2e + 2e^2)
  // for x > 0 and e(e + 2)/(e(e + 2) + 2) for x <= 0, ratios of positive terms (no cancellation).
  const double e = exp_minus_abs(xd);
  if (xd > 0) {
    const double a = 1.0 + 2.0 * e;
    return xd * a / (a + 2.0 * e * e);
  }
  const double n = e * (e + 2.0);
  return xd * n / (n + 2.0);
}

namespace {
// mish'(x) = e^x B/D^2 with D = u^2 + 2u + 2 and B = (u + 2)D + 4x(u + 1), u = e^x; for x > 0 the
// same over e^-4x: (A D + 4x e^2 (1 + e))/D^2 with e = e^-x, A = 1 + 2e, D = A + 2e^2.  B is 0 at
// x0 = x0_hi + x0_lo (doubles, kernels/math/mish_derivative_zero.sollya) and cancels near it: for
// |h| <= 1/4, h = x - x0 (x - x0_hi is exact), B = h * sum_{k>=1} B^(k)(x0) h^(k-1)/k! with
// B^(k) = 3^k E^3 + 4 2^k E^2 + 6E + 4E(x0 + k) (+4 for k = 1), E = e^x0: positive terms but one,
// 20 of them (the series' radius is 2.8).  mish'(-inf) = -0 (mish' approaches 0 from below).
double mish_derivative(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  if (xd == INFINITY) return 1.0;
  if (xd == -INFINITY) return -0.0;
  const double e = exp_minus_abs(xd);
  if (xd > 0) {
    const double a = 1.0 + 2.0 * e, d = a + 2.0 * e * e;
    return (a * d + 4.0 * xd * e * e * (1.0 + e)) / (d * d);
  }
  const double d = e * (e + 2.0) + 2.0;
  constexpr double x0_hi = -0x1.31432c0d12d84p0, x0_lo = -0x1.bf319154da21p-55;
  const double h = (xd - x0_hi) - x0_lo;
  double b;
  if (std::fabs(h) <= 0.25) {
    struct series {
      double c[20]; // c[k - 1] = B^(k)(x0)/k!
      series() {
        const double e0 = std::exp(x0_hi);
        double factorial = 1.0;
        for (int k = 1; k <= 20; ++k) {
          factorial *= k;
          const double derivative = std::pow(3.0, k) * e0 * e0 * e0 + 4.0 * std::pow(2.0, k) * e0 * e0 + 6.0 * e0 +
                                    4.0 * e0 * (x0_hi + k) + (k == 1 ? 4.0 : 0.0);
          c[k - 1] = derivative / factorial;
        }
      }
    };
    static const series g;
    double sum = 0.0;
    for (int k = 19; k >= 0; --k) sum = sum * h + g.c[k];
    b = h * sum;
  } else {
    b = (e + 2.0) * d + 4.0 * xd * (1.0 + e);
  }
  return e * b / (d * d);
}
} // namespace

double simdact_reference_mish_backward(float dy, float x) {
  // mish'(x) within ~2^-51 relative, times dy rounded once more: no product that is not 0 in float
  // over- or underflows in double (mish'(x) of a float x below -200 is under 2^-280).  mish'(x) of
  // a finite x is not 0, even where double underflows it (x < -745): an infinite dy gives an
  // infinity of mish'(x)'s sign (negative from x0 = -1.1924 down) times dy's.
  const double d = mish_derivative(x);
  if (std::isinf(dy) && std::isfinite(x)) return std::signbit(d) != std::signbit(dy) ? -INFINITY : INFINITY;
  return d * double(dy);
}

double simdact_float_ulp(double exact) {
  // From the exponent field, not frexp and ldexp: those took ~13 ns a call, up to a fifth of an exhaustive
  // sweep's time.  The field is floor(log2 |exact|) + 1023 for a normal double, and 0 for zero and
  // the subnormal doubles, which the clamp at -126 covers (below 2^-126 the float ulp stays 2^-149).
  std::uint64_t bits = 0;
  std::memcpy(&bits, &exact, sizeof bits);
  const int exponent = std::max(int(bits >> 52 & 0x7ff) - 1023, FLT_MIN_EXP - 1);
  const std::uint64_t ulp_bits = std::uint64_t(exponent - (FLT_MANT_DIG - 1) + 1023) << 52;
  double ulp = 0.0;
  std::memcpy(&ulp, &ulp_bits, sizeof ulp);
  return ulp;
}

double simdact_ulp_error(float computed, double exact) {
  const double c = computed;
  if (std::isnan(c) || std::isnan(exact)) return std::isnan(c) && std::isnan(exact) ? 0.0 : INFINITY;
  if (std::isinf(c) || std::isinf(exact)) return c == exact ? 0.0 : INFINITY;
  return std::fabs(c - exact) / simdact_float_ulp(exact);
}

} // extern "C"
