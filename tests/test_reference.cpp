// The double-precision reference against MPFR (200 bits): the reference must be far more accurate
// than the bounds it is used to check (here: within 1e-6 float ulp), on a sweep and on the inputs
// where the kernels' errors peak.
#include <mpfr.h>

#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

class Mpfr {
public:
  Mpfr() { mpfr_inits2(200, x_, e_, t_, (mpfr_ptr)0); }
  ~Mpfr() { mpfr_clears(x_, e_, t_, (mpfr_ptr)0); }
  double sigmoid(float x) {
    mpfr_set_flt(x_, x, MPFR_RNDN);
    mpfr_neg(t_, x_, MPFR_RNDN);
    mpfr_exp(e_, t_, MPFR_RNDN);       // e^-x
    mpfr_add_ui(t_, e_, 1, MPFR_RNDN); // 1 + e^-x
    mpfr_ui_div(t_, 1, t_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double derivative(float x) {
    mpfr_set_flt(x_, x, MPFR_RNDN);
    mpfr_abs(t_, x_, MPFR_RNDN);
    mpfr_neg(t_, t_, MPFR_RNDN);
    mpfr_exp(e_, t_, MPFR_RNDN);       // e = e^-|x|
    mpfr_add_ui(t_, e_, 1, MPFR_RNDN); // 1 + e
    mpfr_sqr(t_, t_, MPFR_RNDN);
    mpfr_div(t_, e_, t_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double silu(float x) {
    sigmoid(x); // leaves sigma(x) in t_
    mpfr_mul(t_, t_, x_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double silu_derivative(float x) {
    sigmoid(x); // leaves sigma(x) in t_
    mpfr_ui_sub(e_, 1, t_, MPFR_RNDN);
    mpfr_mul(e_, e_, x_, MPFR_RNDN);
    mpfr_add_ui(e_, e_, 1, MPFR_RNDN); // 1 + x(1 - sigma): 200 bits, its cancellation near x0 loses 30
    mpfr_mul(t_, t_, e_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double tanh(float x) {
    mpfr_set_flt(x_, x, MPFR_RNDN);
    mpfr_tanh(t_, x_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double tanh_derivative(float x) {
    mpfr_set_flt(x_, x, MPFR_RNDN);
    mpfr_cosh(t_, x_, MPFR_RNDN); // 1 - tanh^2 = 1/cosh^2, no cancellation
    mpfr_sqr(t_, t_, MPFR_RNDN);
    mpfr_ui_div(t_, 1, t_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double tanh_backward(float dy, float y) {
    mpfr_set_flt(x_, y, MPFR_RNDN);
    mpfr_sqr(t_, x_, MPFR_RNDN);
    mpfr_ui_sub(t_, 1, t_, MPFR_RNDN);
    mpfr_mul_d(t_, t_, dy, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double softplus(float x) {
    mpfr_set_flt(x_, x, MPFR_RNDN);
    mpfr_exp(t_, x_, MPFR_RNDN);
    mpfr_log1p(t_, t_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double mish(float x) {
    mpfr_set_flt(x_, x, MPFR_RNDN);
    mpfr_exp(t_, x_, MPFR_RNDN);
    mpfr_log1p(t_, t_, MPFR_RNDN);
    mpfr_tanh(t_, t_, MPFR_RNDN);
    mpfr_mul(t_, t_, x_, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double mish_derivative(float x) {
    sigmoid(x);                      // leaves sigma(x) in t_ and x in x_
    mpfr_mul(e_, t_, x_, MPFR_RNDN); // x sigma(x)
    mpfr_exp(t_, x_, MPFR_RNDN);
    mpfr_log1p(t_, t_, MPFR_RNDN);
    mpfr_tanh(t_, t_, MPFR_RNDN); // tanh(softplus(x))
    mpfr_t s;
    mpfr_init2(s, 200);
    mpfr_sqr(s, t_, MPFR_RNDN);
    mpfr_ui_sub(s, 1, s, MPFR_RNDN);
    mpfr_mul(s, s, e_, MPFR_RNDN); // x sigma (1 - tanh^2): 200 bits, its cancellation with tanh near x0 loses 30
    mpfr_add(t_, t_, s, MPFR_RNDN);
    mpfr_clear(s);
    return mpfr_get_d(t_, MPFR_RNDN);
  }
  double backward(float dy, float y) {
    mpfr_set_flt(x_, y, MPFR_RNDN);
    mpfr_ui_sub(t_, 1, x_, MPFR_RNDN);
    mpfr_mul(t_, t_, x_, MPFR_RNDN);
    mpfr_mul_d(t_, t_, dy, MPFR_RNDN);
    return mpfr_get_d(t_, MPFR_RNDN);
  }

private:
  mpfr_t x_, e_, t_;
};

constexpr double reference_tolerance_ulp = 1e-6;

std::vector<float> sample_inputs() {
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 65537) {
    const float v = from_bits(std::uint32_t(b));
    if (!std::isnan(v) && std::fabs(v) < 200.0f) x.push_back(v);
  }
  // Where the kernels' errors peak (from the exhaustive run) and regime boundaries.
  for (float v : {-0x1.59931ep+6f, -0x1.cea944p+0f, -103.97f, -87.33f, -16.6f, 16.6f, 17.33f, 1e-30f, -1e-30f, -108.66f,
                  -1.2784645f, 0x1.0ad4e2p4f})
    x.push_back(v);
  return x;
}

TEST(Reference, SigmoidAgainstMpfr) {
  Mpfr mp;
  for (float x : sample_inputs()) {
    const double exact = mp.sigmoid(x);
    ASSERT_LE(std::fabs(simdact_reference_sigmoid(x) - exact), reference_tolerance_ulp * simdact_float_ulp(exact))
        << std::hexfloat << "x=" << x;
  }
}

TEST(Reference, DerivativeAgainstMpfr) {
  Mpfr mp;
  for (float x : sample_inputs()) {
    const double exact = mp.derivative(x);
    ASSERT_LE(std::fabs(simdact_reference_sigmoid_derivative(x) - exact),
              reference_tolerance_ulp * simdact_float_ulp(exact))
        << std::hexfloat << "x=" << x;
  }
}

TEST(Reference, SiluAgainstMpfr) {
  Mpfr mp;
  for (float x : sample_inputs()) {
    const double exact = mp.silu(x);
    ASSERT_LE(std::fabs(simdact_reference_silu(x) - exact), reference_tolerance_ulp * simdact_float_ulp(exact))
        << std::hexfloat << "x=" << x;
  }
}

TEST(Reference, SiluDerivativeAgainstMpfr) {
  Mpfr mp;
  std::vector<float> x = sample_inputs();
  // The 2^16 floats around silu's zero x0 = -1.2784645 (where 1 + x + e^x cancels) and silu'(x)'s
  // extremes at -+2.3994.
  for (float centre : {-1.2784645f, -2.3994f, 2.3994f}) {
    float below = centre, above = centre;
    for (int i = 0; i < 1 << 15; ++i) {
      x.push_back(below = std::nextafter(below, -INFINITY));
      x.push_back(above = std::nextafter(above, INFINITY));
    }
  }
  for (float v : x) {
    const double exact = mp.silu_derivative(v);
    ASSERT_LE(std::fabs(simdact_reference_silu_derivative(v) - exact),
              reference_tolerance_ulp * simdact_float_ulp(exact))
        << std::hexfloat << "x=" << v;
  }
}

TEST(Reference, SwigluAgainstMpfr) {
  Mpfr mp;
  for (float a : sample_inputs())
    for (float b : {1.0f, -3.5f, 0x1p100f, 0x1p-120f}) {
      const double exact = mp.silu(a) * double(b); // exact: b is a power of two or has few bits
      ASSERT_LE(std::fabs(simdact_reference_swiglu(a, b) - exact), reference_tolerance_ulp * simdact_float_ulp(exact))
          << std::hexfloat << "a=" << a << " b=" << b;
    }
}

TEST(Reference, SiluBackwardAgainstMpfr) {
  Mpfr mp;
  for (float x : sample_inputs())
    for (float dy : {1.0f, -3.5f, 0x1p100f, 0x1p-120f}) {
      const double exact = mp.silu_derivative(x) * double(dy); // times 1, -3.5 or a power of two: exact
      ASSERT_LE(std::fabs(simdact_reference_silu_backward(dy, x) - exact),
                reference_tolerance_ulp * simdact_float_ulp(exact))
          << std::hexfloat << "dy=" << dy << " x=" << x;
    }
}

TEST(Reference, SwigluBackwardAgainstMpfr) {
  Mpfr mp;
  for (float a : sample_inputs())
    for (const auto& [dy, b] : {std::pair{1.0f, 1.0f}, std::pair{-3.5f, 0x1p100f}, std::pair{0x1p100f, 0x1p100f},
                                std::pair{0x1p-120f, 3.0f}}) {
      // Times powers of two and numbers of few bits: exact.
      const double da = mp.silu_derivative(a) * double(dy) * double(b), db = mp.silu(a) * double(dy);
      ASSERT_LE(std::fabs(simdact_reference_swiglu_backward_da(dy, a, b) - da),
                reference_tolerance_ulp * simdact_float_ulp(da))
          << std::hexfloat << "dy=" << dy << " a=" << a << " b=" << b;
      ASSERT_LE(std::fabs(simdact_reference_swiglu_backward_db(dy, a, b) - db),
                reference_tolerance_ulp * simdact_float_ulp(db))
          << std::hexfloat << "dy=" << dy << " a=" << a << " b=" << b;
    }
}

TEST(Reference, BackwardAgainstMpfr) {
  Mpfr mp;
  for (float y : sample_inputs()) {
    if (std::fabs(y) > 1e15f) continue; // y*(1-y) beyond double's 1e-6-ulp reach is not used
    for (float dy : {1.0f, -3.5f, 1e-20f, 7e20f}) {
      const double exact = mp.backward(dy, y);
      ASSERT_LE(std::fabs(simdact_reference_sigmoid_backward(dy, y) - exact),
                reference_tolerance_ulp * simdact_float_ulp(exact))
          << std::hexfloat << "dy=" << dy << " y=" << y;
    }
  }
}

TEST(Reference, TanhAgainstMpfr) {
  Mpfr mp;
  std::vector<float> x = sample_inputs();
  // Both sides of the kernel's switch at |x| = 1/8, where tanh rounds to 1 (9.01) and where tanh'
  // turns subnormal (43.7) and rounds to 0 (53.2).
  for (float v : {0.125f, 9.01f, 43.7f, 53.2f, 0x1p-12f})
    for (int i = -64; i <= 64; ++i) {
      const float w = v + float(i) * std::ldexp(v, -22);
      x.push_back(w);
      x.push_back(-w);
    }
  for (float v : x) {
    const double y = mp.tanh(v), d = mp.tanh_derivative(v);
    ASSERT_LE(std::fabs(simdact_reference_tanh(v) - y), reference_tolerance_ulp * simdact_float_ulp(y))
        << std::hexfloat << "x=" << v;
    ASSERT_LE(std::fabs(simdact_reference_tanh_derivative(v) - d), reference_tolerance_ulp * simdact_float_ulp(d))
        << std::hexfloat << "x=" << v;
  }
}

TEST(Reference, TanhBackwardAgainstMpfr) {
  Mpfr mp;
  std::vector<float> y = sample_inputs();
  for (float v : {1.0f, 0.5f, 2.0f})
    for (int i = -64; i <= 64; ++i) y.push_back(v + float(i) * std::ldexp(v, -23)); // where 1 - y^2 cancels
  for (float v : y) {
    if (std::fabs(v) > 0x1p56f) continue; // the contract's range
    for (float dy : {1.0f, -3.5f, 1e-20f, 7e20f}) {
      const double exact = mp.tanh_backward(dy, v);
      ASSERT_LE(std::fabs(simdact_reference_tanh_backward(dy, v) - exact),
                reference_tolerance_ulp * simdact_float_ulp(exact))
          << std::hexfloat << "dy=" << dy << " y=" << v;
    }
  }
}

TEST(Reference, SoftplusAndLogSigmoidAgainstMpfr) {
  Mpfr mp;
  std::vector<float> x = sample_inputs();
  // Where softplus turns subnormal (-87.3) and rounds to 0 (-103.97) or to x (14.556), and the kernel's switch at 1/4.
  for (float v : {-87.33f, -103.97f, 14.556f, 0.25f, -0.25f})
    for (int i = -64; i <= 64; ++i) x.push_back(v + float(i) * std::ldexp(std::fabs(v), -22));
  for (float v : x) {
    const double y = mp.softplus(v), l = -mp.softplus(-v);
    ASSERT_LE(std::fabs(simdact_reference_softplus(v) - y), reference_tolerance_ulp * simdact_float_ulp(y))
        << std::hexfloat << "x=" << v;
    ASSERT_LE(std::fabs(simdact_reference_log_sigmoid(v) - l), reference_tolerance_ulp * simdact_float_ulp(l))
        << std::hexfloat << "x=" << v;
  }
}

TEST(Reference, SoftplusAndLogSigmoidBackwardAgainstMpfr) {
  Mpfr mp;
  for (float x : sample_inputs())
    for (float dy : {1.0f, -3.5f, 0x1p100f, 0x1p-120f}) {
      const double exact = mp.sigmoid(x) * double(dy), mirrored = mp.sigmoid(-x) * double(dy); // exact products
      ASSERT_LE(std::fabs(simdact_reference_softplus_backward(dy, x) - exact),
                reference_tolerance_ulp * simdact_float_ulp(exact))
          << std::hexfloat << "dy=" << dy << " x=" << x;
      ASSERT_LE(std::fabs(simdact_reference_log_sigmoid_backward(dy, x) - mirrored),
                reference_tolerance_ulp * simdact_float_ulp(mirrored))
          << std::hexfloat << "dy=" << dy << " x=" << x;
    }
}

TEST(Reference, MishAndBackwardAgainstMpfr) {
  Mpfr mp;
  std::vector<float> x = sample_inputs();
  // Around mish's minimum x0 (mish' changes sign there), where mish rounds to x (8.71) and where
  // the reference's series for mish' ends (|x - x0| = 1/4).
  for (float v : {-0x1.31432cp+0f, 8.7065f, -0x1.31432cp+0f - 0.25f, -0x1.31432cp+0f + 0.25f})
    for (int i = -64; i <= 64; ++i) x.push_back(v + float(i) * std::ldexp(std::fabs(v), -23));
  for (float v : x) {
    const double y = mp.mish(v);
    ASSERT_LE(std::fabs(simdact_reference_mish(v) - y), reference_tolerance_ulp * simdact_float_ulp(y))
        << std::hexfloat << "x=" << v;
    const double d = mp.mish_derivative(v);
    for (float dy : {1.0f, -3.5f, 0x1p100f, 0x1p-120f}) {
      const double exact = d * double(dy); // rounded once more, within 2^-53
      ASSERT_LE(std::fabs(simdact_reference_mish_backward(dy, v) - exact),
                reference_tolerance_ulp * simdact_float_ulp(exact))
          << std::hexfloat << "dy=" << dy << " x=" << v;
    }
  }
}

TEST(Reference, UlpErrorMeasure) {
  EXPECT_EQ(simdact_ulp_error(1.0f, 1.0), 0.0);
  EXPECT_EQ(simdact_ulp_error(std::nextafter(1.0f, 2.0f), 1.0), 1.0);
  EXPECT_EQ(simdact_ulp_error(std::nextafter(1.0f, 0.0f), 1.0), 0.5) << "below 1 the ulp is half as large";
  EXPECT_EQ(simdact_ulp_error(0x1p-149f, 0.0), 1.0);
  EXPECT_EQ(simdact_ulp_error(0x1p-149f, 0x1p-150), 0.5);
  EXPECT_EQ(simdact_ulp_error(0.5f, std::nan("")), INFINITY);
  EXPECT_EQ(simdact_ulp_error(NAN, std::nan("")), 0.0);
  EXPECT_EQ(simdact_float_ulp(1.0), 0x1p-23);
  EXPECT_EQ(simdact_float_ulp(0.75), 0x1p-24);
  EXPECT_EQ(simdact_float_ulp(-3.0), 0x1p-22);
  EXPECT_EQ(simdact_float_ulp(0x1p-126), 0x1p-149);
  EXPECT_EQ(simdact_float_ulp(1e-40), 0x1p-149);
  EXPECT_EQ(simdact_float_ulp(0.0), 0x1p-149);
}

} // namespace
