// The reference functions, in double precision (see include/simdact/reference.h).
#include "simdact/reference.h"

#include <cfloat>
#include <cmath>

extern "C" {

double simdact_reference_sigmoid(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  // e = exp(-|x|) <= 1 never overflows; each branch is a ratio of positive terms (no cancellation).
  const double e = std::exp(-std::fabs(xd));
  return xd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double simdact_reference_sigmoid_derivative(float x) {
  const double xd = x;
  if (std::isnan(xd)) return xd;
  const double e = std::exp(-std::fabs(xd));
  return e / ((1.0 + e) * (1.0 + e));
}

double simdact_reference_sigmoid_backward(float dy, float y) {
  const double yd = y;
  return double(dy) * (yd * (1.0 - yd));
}

double simdact_float_ulp(double exact) {
  int exponent = 0;
  std::frexp(exact, &exponent);             // |exact| in [2^(exponent-1), 2^exponent)
  const int min_exponent = FLT_MIN_EXP - 1; // -126: below 2^-126 the float ulp stays 2^-149
  const int e = (exact == 0.0 || exponent - 1 < min_exponent) ? min_exponent : exponent - 1;
  return std::ldexp(1.0, e - (FLT_MANT_DIG - 1));
}

double simdact_ulp_error(float computed, double exact) {
  const double c = computed;
  if (std::isnan(c) || std::isnan(exact)) return std::isnan(c) && std::isnan(exact) ? 0.0 : INFINITY;
  if (std::isinf(c) || std::isinf(exact)) return c == exact ? 0.0 : INFINITY;
  return std::fabs(c - exact) / simdact_float_ulp(exact);
}

} // extern "C"
