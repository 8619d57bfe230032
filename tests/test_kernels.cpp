// Quick tests of every kernel on every ISA (typed tests named Sigmoid/<isa>.<Test>): special values,
// sizes and tails, alignment, in place, random and structured values, monotonicity, a strided sweep
// of bit patterns under the accuracy contract, and guard pages around the buffers.
#include <sys/mman.h>
#include <unistd.h>
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <cpuid.h>
#endif

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../kernels/activation_kernels.hpp"
#include "test_support.hpp"

namespace {

using namespace simdact_test;

template <class T> class Sigmoid : public ::testing::Test {
protected:
  void SetUp() override {
    if (kernels_for(T::value) == nullptr)
      GTEST_SKIP() << simdact::to_string(T::value) << " is not supported by this build or CPU";
    simdact::set_isa(T::value);
    ASSERT_EQ(simdact::active_isa(), T::value);
  }
  void TearDown() override { simdact::set_isa("auto"); }
};
TYPED_TEST_SUITE(Sigmoid, all_isas, isa_names);

struct results {
  std::vector<float> y, d, fused_y, fused_d, fast;
};

results run_forward(const std::vector<float>& x) {
  const std::size_t n = x.size();
  results r{std::vector<float>(n), std::vector<float>(n), std::vector<float>(n), std::vector<float>(n),
            std::vector<float>(n)};
  simdact::sigmoid(x.data(), r.y.data(), n);
  simdact::sigmoid_fast(x.data(), r.fast.data(), n);
  simdact::sigmoid_derivative(x.data(), r.d.data(), n);
  simdact::sigmoid_with_derivative(x.data(), r.fused_y.data(), r.fused_d.data(), n);
  return r;
}

// Asserts the whole forward contract on x: ulp bounds, [0, 1], specials, fused == separate.
void expect_forward_contract(const std::vector<float>& x, const results& r) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float xi = x[i];
    ASSERT_EQ(to_bits(r.fused_y[i]), to_bits(r.y[i])) << "fused sigmoid differs at x=" << xi;
    ASSERT_EQ(to_bits(r.fused_d[i]), to_bits(r.d[i])) << "fused derivative differs at x=" << xi;
    if (std::isnan(xi)) {
      ASSERT_TRUE(std::isnan(r.y[i])) << "sigmoid(NaN)";
      ASSERT_TRUE(std::isnan(r.d[i])) << "sigmoid'(NaN)";
      ASSERT_TRUE(std::isnan(r.fast[i])) << "sigmoid_fast(NaN)";
      continue;
    }
    ASSERT_LE(simdact_ulp_error(r.fast[i], simdact_reference_sigmoid(xi)), sigmoid_fast_max_ulp)
        << "sigmoid_fast x=" << std::hexfloat << xi << " y=" << r.fast[i];
    ASSERT_TRUE(r.fast[i] >= 0.0f && r.fast[i] <= 1.0f) << "x=" << xi << " fast=" << r.fast[i];
    ASSERT_LE(simdact_ulp_error(r.y[i], simdact_reference_sigmoid(xi)), sigmoid_max_ulp)
        << "sigmoid x=" << std::hexfloat << xi << " y=" << r.y[i];
    ASSERT_LE(simdact_ulp_error(r.d[i], simdact_reference_sigmoid_derivative(xi)), derivative_max_ulp)
        << "derivative x=" << std::hexfloat << xi << " d=" << r.d[i];
    ASSERT_TRUE(r.y[i] >= 0.0f && r.y[i] <= 1.0f) << "x=" << xi << " y=" << r.y[i];
    ASSERT_TRUE(r.d[i] >= 0.0f && r.d[i] <= 0.25f) << "x=" << xi << " d=" << r.d[i];
  }
}

std::vector<float> random_floats(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> x(n);
  std::uniform_real_distribution<float> narrow(-20.0f, 20.0f), wide(-120.0f, 120.0f);
  std::uniform_int_distribution<std::uint32_t> bits;
  for (std::size_t i = 0; i < n; ++i) {
    switch (i % 3) {
    case 0: x[i] = narrow(rng); break;
    case 1: x[i] = wide(rng); break;
    default: x[i] = from_bits(bits(rng)); break;
    }
  }
  return x;
}

void random_backward_inputs(std::size_t n, std::uint32_t seed, std::vector<float>& dy, std::vector<float>& y) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f), around(-3.0f, 3.0f);
  std::uniform_int_distribution<int> exponent(-60, 60);
  dy.resize(n);
  y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    dy[i] = std::ldexp(around(rng), exponent(rng));
    // Mostly sigmoid outputs, including ones just below 1 and tiny ones; some outside [0, 1].
    switch (i % 4) {
    case 0: y[i] = unit(rng); break;
    case 1: y[i] = 1.0f - std::ldexp(unit(rng), -exponent(rng) / 3 - 4); break;
    case 2: y[i] = std::ldexp(unit(rng), -std::abs(exponent(rng)) * 2); break;
    default: y[i] = around(rng); break;
    }
  }
}

void expect_backward_contract(const std::vector<float>& dy, const std::vector<float>& y, const std::vector<float>& dx) {
  for (std::size_t i = 0; i < dy.size(); ++i) {
    const double exact = simdact_reference_sigmoid_backward(dy[i], y[i]);
    if (std::isnan(exact)) {
      ASSERT_TRUE(std::isnan(dx[i])) << "dy=" << dy[i] << " y=" << y[i];
      continue;
    }
    if (std::fabs(exact) >= 0x1.ffffffp127) { // rounds to infinity (FLT_MAX + half its ulp): the contract asks for it
      ASSERT_EQ(dx[i], float(exact)) << std::hexfloat << "dy=" << dy[i] << " y=" << y[i] << " exact=" << exact;
      continue;
    }
    ASSERT_LE(simdact_ulp_error(dx[i], exact), backward_max_ulp)
        << std::hexfloat << "dy=" << dy[i] << " y=" << y[i] << " dx=" << dx[i] << " exact=" << exact;
  }
}

TYPED_TEST(Sigmoid, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const float qnan = std::numeric_limits<float>::quiet_NaN();
  const float snan = std::numeric_limits<float>::signaling_NaN();
  const std::vector<float> x = {qnan,    -qnan,   snan,     inf,          -inf,          0.0f,
                                -0.0f,   FLT_MAX, -FLT_MAX, FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN,
                                -104.0f, -103.0f, 88.0f,    -88.0f,       17.0f,         1e-8f};
  const results r = run_forward(x);
  expect_forward_contract(x, r);
  EXPECT_EQ(to_bits(r.y[0]), to_bits(qnan)) << "a NaN comes back unchanged";
  EXPECT_EQ(to_bits(r.y[2]), to_bits(snan)) << "a NaN comes back unchanged";
  EXPECT_EQ(r.y[3], 1.0f);
  EXPECT_EQ(r.y[4], 0.0f);
  EXPECT_EQ(r.y[5], 0.5f);
  EXPECT_EQ(r.y[6], 0.5f);
  EXPECT_EQ(r.y[7], 1.0f);
  EXPECT_EQ(r.y[8], 0.0f);
  EXPECT_EQ(r.y[9], 0.5f);
  EXPECT_EQ(r.y[10], 0.5f);
  EXPECT_EQ(r.y[12], 0.0f) << "sigma(-104) < 2^-150 rounds to 0";
  EXPECT_GT(r.y[13], 0.0f) << "sigma(-103) is a subnormal, not 0";
  // The fast tier: the same exact specials (a NaN comes back as a NaN, not necessarily the same one).
  for (std::size_t i : {3, 7}) EXPECT_EQ(r.fast[i], 1.0f) << "x=" << x[i];
  for (std::size_t i : {4, 8, 12}) EXPECT_EQ(r.fast[i], 0.0f) << "x=" << x[i];
  for (std::size_t i : {5, 6, 9, 10}) EXPECT_EQ(r.fast[i], 0.5f) << "x=" << x[i];
  EXPECT_GT(r.fast[13], 0.0f) << "sigma(-103) is a subnormal, not 0";
  EXPECT_EQ(r.d[3], 0.0f);
  EXPECT_EQ(r.d[4], 0.0f);
  EXPECT_EQ(r.d[5], 0.25f);
  EXPECT_EQ(r.d[6], 0.25f);

  const std::vector<float> dy = {qnan, 1.0f, 1.0f, inf, 0.0f, 2.0f};
  const std::vector<float> y = {0.5f, qnan, 0.5f, 0.5f, 0.5f, 1.0f};
  std::vector<float> dx(dy.size());
  simdact::sigmoid_backward(dy.data(), y.data(), dx.data(), dy.size());
  EXPECT_TRUE(std::isnan(dx[0]));
  EXPECT_TRUE(std::isnan(dx[1]));
  EXPECT_EQ(dx[2], 0.25f);
  EXPECT_EQ(dx[3], inf);
  EXPECT_EQ(dx[4], 0.0f);
  EXPECT_EQ(dx[5], 0.0f);
}

// The backward pass's FMA paths fold y into f = min(y, 1 - y) for y in [-1, 2] and compute the
// other lanes of a group the general way (kernels/sigmoid.hpp): y at and next to the edges of
// that range, and next to 1/2 (where f switches between y and 1 - y), against the reference, each
// element also alone, and in blocks where the neighbours are inside or outside the range.
TYPED_TEST(Sigmoid, BackwardAtRangeEdges) {
  // Each edge and its two neighbours on either side.
  std::vector<float> edges;
  for (float edge : {-1.0f, 2.0f, 0.5f, 1.0f, 0.0f}) {
    edges.push_back(edge);
    float below = edge, above = edge;
    for (int step = 0; step < 2; ++step) {
      below = std::nextafter(below, -INFINITY);
      above = std::nextafter(above, INFINITY);
      edges.push_back(below);
      edges.push_back(above);
    }
  }
  std::mt19937 rng(61);
  std::uniform_real_distribution<float> mantissa(1.0f, 2.0f), inside(0.0f, 1.0f);
  std::uniform_int_distribution<int> exponent(-140, 60), far_exponent(1, 40), pick(0, 3);
  // Outside [-1, 2], with full mantissas (values with few significant bits, such as 3 or 2^56,
  // come out right even the folded way, and would not show a missing range check).
  auto outside = [&](std::size_t i) {
    const float magnitude = std::ldexp(mantissa(rng), far_exponent(rng));
    return i % 2 ? magnitude : -magnitude;
  };
  const std::size_t n = 4099;
  std::vector<float> dy(n), y(n), dx(n);
  for (std::size_t i = 0; i < n; ++i) {
    dy[i] = std::ldexp(mantissa(rng), exponent(rng)) * (i % 4 < 2 ? -1.0f : 1.0f);
    // Blocks of 64 (a whole avx512 group): all inside; edges and values outside; mostly inside.
    switch ((i / 64) % 3) {
    case 0: y[i] = inside(rng); break;
    case 1: y[i] = i % 3 ? edges[i % edges.size()] : outside(i); break;
    default: y[i] = pick(rng) ? inside(rng) : outside(i); break;
    }
  }
  simdact::sigmoid_backward(dy.data(), y.data(), dx.data(), n);
  expect_backward_contract(dy, y, dx);
  for (std::size_t i = 0; i < n; ++i) {
    float dx1;
    simdact::sigmoid_backward(&dy[i], &y[i], &dx1, 1);
    ASSERT_EQ(to_bits(dx1), to_bits(dx[i])) << std::hexfloat << "dy=" << dy[i] << " y=" << y[i];
  }
}

// Every n from 0 to 300 and around the tile sizes: each element equals the same element computed
// alone (n = 1), so the tail runs the same formula as the body, and meets the contract.
TYPED_TEST(Sigmoid, SizesAndTails) {
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 300; ++n) sizes.push_back(n);
  for (std::size_t tile : {4, 8, 16, 32, 64})
    for (std::size_t m : {16, 64})
      for (long delta : {-1, 0, 1}) sizes.push_back(tile * m + delta);
  const std::size_t largest = *std::max_element(sizes.begin(), sizes.end());
  const std::vector<float> all = random_floats(largest, 7);
  std::vector<float> dy_all, y_all;
  random_backward_inputs(largest, 8, dy_all, y_all);
  for (std::size_t n : sizes) {
    SCOPED_TRACE("n = " + std::to_string(n));
    const std::vector<float> x(all.begin(), all.begin() + n);
    const results r = run_forward(x);
    expect_forward_contract(x, r);
    std::vector<float> dx(n);
    simdact::sigmoid_backward(dy_all.data(), y_all.data(), dx.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      float y1, d1, dx1, fast1;
      simdact::sigmoid(&x[i], &y1, 1);
      simdact::sigmoid_fast(&x[i], &fast1, 1);
      ASSERT_EQ(fast_bits(fast1), fast_bits(r.fast[i])) << "i=" << i;
      simdact::sigmoid_derivative(&x[i], &d1, 1);
      simdact::sigmoid_backward(&dy_all[i], &y_all[i], &dx1, 1);
      ASSERT_EQ(to_bits(y1), to_bits(r.y[i])) << "i=" << i;
      ASSERT_EQ(to_bits(d1), to_bits(r.d[i])) << "i=" << i;
      ASSERT_EQ(to_bits(dx1), to_bits(dx[i])) << "i=" << i;
    }
  }
}

// Every 4-byte offset in a 64-byte line, for each buffer: same bits as the aligned call.
TYPED_TEST(Sigmoid, EveryAlignment) {
  constexpr std::size_t n = 67;
  const std::vector<float> x = random_floats(n, 11);
  std::vector<float> dy, yb;
  random_backward_inputs(n, 12, dy, yb);
  const results want = run_forward(x);
  std::vector<float> want_dx(n);
  simdact::sigmoid_backward(dy.data(), yb.data(), want_dx.data(), n);
  alignas(64) float in1[n + 16], in2[n + 16], out1[n + 16], out2[n + 16];
  // Before every call: so each check sees only what that call wrote.
  const auto clear_outputs = [&] {
    std::fill(std::begin(out1), std::end(out1), std::numeric_limits<float>::quiet_NaN());
    std::fill(std::begin(out2), std::end(out2), std::numeric_limits<float>::quiet_NaN());
  };
  for (std::size_t a = 0; a < 16; ++a) {
    const std::size_t b = (a * 7 + 3) % 16; // a different offset for the output
    std::copy(x.begin(), x.end(), in1 + a);
    clear_outputs();
    simdact::sigmoid(in1 + a, out1 + b, n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(to_bits(out1[b + i]), to_bits(want.y[i])) << "offset " << a;
    clear_outputs();
    simdact::sigmoid_fast(in1 + a, out1 + b, n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(fast_bits(out1[b + i]), fast_bits(want.fast[i])) << "offset " << a;
    clear_outputs();
    simdact::sigmoid_derivative(in1 + a, out2 + b, n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(to_bits(out2[b + i]), to_bits(want.d[i])) << "offset " << a;
    clear_outputs();
    simdact::sigmoid_with_derivative(in1 + a, out1 + b, out2 + a, n);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(to_bits(out1[b + i]), to_bits(want.y[i])) << "offset " << a;
      ASSERT_EQ(to_bits(out2[a + i]), to_bits(want.d[i])) << "offset " << a;
    }
    // Both outputs at the same offset within a line (where avx512 streams them both).
    clear_outputs();
    simdact::sigmoid_with_derivative(in1 + a, out1 + b, out2 + b, n);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(to_bits(out1[b + i]), to_bits(want.y[i])) << "offset " << a;
      ASSERT_EQ(to_bits(out2[b + i]), to_bits(want.d[i])) << "offset " << a;
    }
    std::copy(dy.begin(), dy.end(), in1 + a);
    std::copy(yb.begin(), yb.end(), in2 + b);
    clear_outputs();
    simdact::sigmoid_backward(in1 + a, in2 + b, out1 + (a + 5) % 16, n);
    for (std::size_t i = 0; i < n; ++i)
      ASSERT_EQ(to_bits(out1[(a + 5) % 16 + i]), to_bits(want_dx[i])) << "offset " << a;
  }
}

TYPED_TEST(Sigmoid, InPlace) {
  constexpr std::size_t n = 131;
  const std::vector<float> x = random_floats(n, 21);
  const results want = run_forward(x);
  std::vector<float> buf = x, other(n);
  simdact::sigmoid(buf.data(), buf.data(), n);
  EXPECT_EQ(buf, want.y);
  buf = x;
  simdact::sigmoid_fast(buf.data(), buf.data(), n);
  EXPECT_EQ(buf, want.fast);
  buf = x;
  simdact::sigmoid_derivative(buf.data(), buf.data(), n);
  EXPECT_EQ(buf, want.d);
  buf = x;
  simdact::sigmoid_with_derivative(buf.data(), buf.data(), other.data(), n);
  EXPECT_EQ(buf, want.y);
  EXPECT_EQ(other, want.d);
  buf = x;
  simdact::sigmoid_with_derivative(buf.data(), other.data(), buf.data(), n);
  EXPECT_EQ(other, want.y);
  EXPECT_EQ(buf, want.d);

  std::vector<float> dy, y;
  random_backward_inputs(n, 22, dy, y);
  std::vector<float> want_dx(n);
  simdact::sigmoid_backward(dy.data(), y.data(), want_dx.data(), n);
  std::vector<float> dy2 = dy, y2 = y;
  simdact::sigmoid_backward(dy2.data(), y.data(), dy2.data(), n);
  EXPECT_EQ(dy2, want_dx);
  simdact::sigmoid_backward(dy.data(), y2.data(), y2.data(), n);
  EXPECT_EQ(y2, want_dx);
}

// Calls large enough to be written with streaming stores (every kernel; the fused one's two outputs
// on avx512 only), with the output misaligned, and in place (which never streams, but prefetches,
// in blocks of whole lines on avx2): the same bits as the same inputs in small calls, and nothing
// written outside the output (sentinels on both sides; asan checks the inputs' bounds).  CTest
// runs this with SIMDACT_STREAMING_MIN_BYTES=4194304 (4 MiB) so that it need not exceed the
// last-level cache, and SIMDACT_PREFETCH_MIN_BYTES=1048576 so that it prefetches on AMD CPUs too
// (tests/CMakeLists.txt).
TYPED_TEST(Sigmoid, LargeStreamed) {
  constexpr std::size_t n = (std::size_t(1) << 20) + 37, chunk = 4096, margin = 19, offset = 3;
  ASSERT_LE(simdact::kernels::thresholds().streaming_min_bytes, n * sizeof(float))
      << "these calls would not be streamed: run with SIMDACT_STREAMING_MIN_BYTES=4194304 (as CTest does)";
  ASSERT_LE(simdact::kernels::thresholds().prefetch_min_bytes, n * sizeof(float))
      << "these calls would not prefetch: run with SIMDACT_PREFETCH_MIN_BYTES=1048576 (as CTest does)";
  const std::vector<float> x = random_floats(n, 51);
  std::vector<float> dy, yb;
  random_backward_inputs(n, 52, dy, yb);
  const float sentinel = std::numeric_limits<float>::quiet_NaN();
  using unary = void (*)(const float*, float*, std::size_t);
  const auto in_chunks = [&](unary f, const std::vector<float>& in) {
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; i += chunk) f(in.data() + i, out.data() + i, std::min(chunk, n - i));
    return out;
  };
  using bits_of = std::uint32_t (*)(float);
  const auto expect_output = [&](const std::vector<float>& got, std::size_t at, const std::vector<float>& want,
                                 const char* what, bits_of bits = to_bits) {
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (i < at || i >= at + n) {
        ASSERT_TRUE(std::isnan(got[i])) << what << ": wrote outside the output at " << i;
      } else {
        ASSERT_EQ(bits(got[i]), bits(want[i - at])) << what << " at " << i - at;
      }
    }
  };
  struct unary_case {
    unary f;
    const char* name;
    bits_of bits;
  };
  for (const unary_case& c :
       {unary_case{simdact::sigmoid, "sigmoid", to_bits}, unary_case{simdact::sigmoid_fast, "sigmoid_fast", fast_bits},
        unary_case{simdact::sigmoid_derivative, "sigmoid_derivative", to_bits}}) {
    const std::vector<float> want = in_chunks(c.f, x);
    std::vector<float> out(n + margin, sentinel);
    c.f(x.data(), out.data() + offset, n);
    expect_output(out, offset, want, c.name, c.bits);
    std::vector<float> in_place(n + margin, sentinel);
    std::copy(x.begin(), x.end(), in_place.begin() + offset);
    c.f(in_place.data() + offset, in_place.data() + offset, n);
    expect_output(in_place, offset, want, c.name, c.bits);
  }
  // The fused kernel's outputs in one buffer, span floats apart (whole cache lines): first at the
  // same offset within a line, where avx512 streams both, then one float further apart.
  const std::vector<float> want_y = in_chunks(simdact::sigmoid, x), want_d = in_chunks(simdact::sigmoid_derivative, x);
  const std::size_t span = (n + margin + 15) / 16 * 16;
  for (std::size_t shift : {0, 1}) {
    std::vector<float> both(2 * span + 16, sentinel);
    simdact::sigmoid_with_derivative(x.data(), both.data() + offset, both.data() + span + shift + offset, n);
    expect_output(std::vector<float>(both.begin(), both.begin() + span), offset, want_y, "fused sigmoid");
    expect_output(std::vector<float>(both.begin() + span, both.end()), shift + offset, want_d, "fused derivative");
  }
  std::vector<float> want_dx(n);
  for (std::size_t i = 0; i < n; i += chunk)
    simdact::sigmoid_backward(dy.data() + i, yb.data() + i, want_dx.data() + i, std::min(chunk, n - i));
  std::vector<float> dx(n + margin, sentinel);
  simdact::sigmoid_backward(dy.data(), yb.data(), dx.data() + offset, n);
  expect_output(dx, offset, want_dx, "backward");
}

TYPED_TEST(Sigmoid, RandomValues) {
  const std::vector<float> x = random_floats(200000, 31);
  expect_forward_contract(x, run_forward(x));
  std::vector<float> dy, y;
  random_backward_inputs(200000, 32, dy, y);
  std::vector<float> dx(dy.size());
  simdact::sigmoid_backward(dy.data(), y.data(), dx.data(), dy.size());
  expect_backward_contract(dy, y, dx);
}

// Structured values: integers, halves, powers of two and the regions where the algorithm
// changes regime (table index wrap, the subnormal outputs near -87..-104, the flat top near 17).
TYPED_TEST(Sigmoid, StructuredValues) {
  std::vector<float> x;
  for (int i = -110; i <= 110; ++i) {
    x.push_back(float(i));
    x.push_back(i + 0.5f);
  }
  for (int e = -149; e <= 127; ++e) {
    x.push_back(std::ldexp(1.0f, e));
    x.push_back(-std::ldexp(1.0f, e));
  }
  for (float centre : {-104.0f, -103.3f, -87.34f, -86.6f, 0.0f, 16.64f, 17.33f}) {
    float v = centre;
    for (int i = 0; i < 2000; ++i) v = std::nextafter(v, 200.0f);
    for (int i = 0; i < 4000; ++i) x.push_back(v = std::nextafter(v, -200.0f));
  }
  expect_forward_contract(x, run_forward(x));
}

// Monotone non-decreasing over a value-ordered sweep of the whole float line (every 997th float),
// and densely (every float) across 0 and the flat regions where breaks would show first.
TYPED_TEST(Sigmoid, Monotonic) {
  std::vector<float> x;
  for (std::uint64_t o = 0; o < (1ull << 32); o += 997) x.push_back(from_ordinal(std::uint32_t(o)));
  // The accurate tier only: the fast one has a break or two (Exhaustive.SigmoidFast counts them).
  auto check = [](const std::vector<float>& xs) {
    std::vector<float> y(xs.size());
    simdact::sigmoid(xs.data(), y.data(), xs.size());
    float last = -1.0f;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (std::isnan(xs[i])) continue;
      ASSERT_GE(y[i], last) << "sigmoid decreases at x=" << std::hexfloat << xs[i];
      last = y[i];
    }
  };
  check(x);
  for (float start : {-1e-3f, 16.0f, 17.3f, -87.5f, -103.5f}) {
    std::vector<float> dense;
    for (float v = start; dense.size() < 300000; v = std::nextafter(v, 1e9f)) dense.push_back(v);
    check(dense);
  }
}

// The accuracy contract on a strided sweep of bit patterns (every 4099th: about 1M floats, all
// exponents and signs).  The exhaustive label checks all 2^32.
TYPED_TEST(Sigmoid, StridedSweep) {
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 4099) x.push_back(from_bits(std::uint32_t(b)));
  expect_forward_contract(x, run_forward(x));
}

// Buffers against PROT_NONE pages, before and after: a read or write outside [p, p + n) faults.
TYPED_TEST(Sigmoid, GuardPages) {
  const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
  constexpr std::size_t max_n = 300;
  const std::size_t data_pages = (max_n * sizeof(float) + page - 1) / page;
  const std::size_t total = (data_pages + 2) * page;
  void* mem = mmap(nullptr, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  char* data = static_cast<char*>(mem) + page;
  ASSERT_EQ(mprotect(data, data_pages * page, PROT_READ | PROT_WRITE), 0);
  const char* data_end = data + data_pages * page;
  const std::vector<float> source = random_floats(max_n, 41);
  std::vector<float> dy, ys;
  random_backward_inputs(max_n, 42, dy, ys);
  for (std::size_t n = 0; n <= max_n; ++n) {
    SCOPED_TRACE("n = " + std::to_string(n));
    // In place, once against the leading guard and once against the trailing one.
    for (float* p : {reinterpret_cast<float*>(data), reinterpret_cast<float*>(const_cast<char*>(data_end)) - n}) {
      std::copy(source.begin(), source.begin() + n, p);
      simdact::sigmoid(p, p, n);
      std::copy(source.begin(), source.begin() + n, p);
      simdact::sigmoid_fast(p, p, n);
      std::copy(source.begin(), source.begin() + n, p);
      simdact::sigmoid_derivative(p, p, n);
      std::copy(source.begin(), source.begin() + n, p);
      std::vector<float> d(n + 1);
      simdact::sigmoid_with_derivative(p, p, d.data(), n);
      std::copy(source.begin(), source.begin() + n, p);
      simdact::sigmoid_with_derivative(p, d.data(), p, n);
      std::vector<float> yv(ys.begin(), ys.begin() + n);
      std::copy(dy.begin(), dy.begin() + n, p);
      simdact::sigmoid_backward(p, yv.data(), p, n);
      std::copy(dy.begin(), dy.begin() + n, p);
      simdact::sigmoid_backward(yv.data(), p, p, n);
    }
  }
  munmap(mem, total);
}

// The FMA paths (avx2, avx512, neon) agree bit for bit, tails included, both tiers.
TEST(FmaPaths, BitIdentical) {
  std::vector<const simdact::detail::kernel_table*> paths;
  for (simdact::isa i : {simdact::isa::avx2, simdact::isa::avx512, simdact::isa::neon})
    if (auto* k = kernels_for(i)) paths.push_back(k);
  if (paths.size() < 2) GTEST_SKIP() << "needs two FMA paths on this CPU, found " << paths.size();
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 1021) x.push_back(from_bits(std::uint32_t(b)));
  x.resize(x.size() - 5); // a ragged tail
  std::vector<float> dy, yb;
  random_backward_inputs(x.size(), 51, dy, yb);
  auto outputs = [&](const simdact::detail::kernel_table* k) {
    std::vector<float> y(x.size()), d(x.size()), fy(x.size()), fd(x.size()), dx(x.size()), fast(x.size());
    k->sigmoid(x.data(), y.data(), x.size());
    k->sigmoid_fast(x.data(), fast.data(), x.size());
    k->sigmoid_derivative(x.data(), d.data(), x.size());
    k->sigmoid_with_derivative(x.data(), fy.data(), fd.data(), x.size());
    k->sigmoid_backward(dy.data(), yb.data(), dx.data(), x.size());
    return std::vector<std::vector<float>>{y, d, fy, fd, dx, fast};
  };
  const auto reference = outputs(paths[0]);
  for (std::size_t p = 1; p < paths.size(); ++p) {
    const auto other = outputs(paths[p]);
    for (std::size_t f = 0; f < reference.size(); ++f)
      for (std::size_t i = 0; i < x.size(); ++i)
        // The fast tier (f = 5) promises a NaN for a NaN, not which one (README).
        ASSERT_EQ(f == 5 ? fast_bits(other[f][i]) : to_bits(other[f][i]),
                  f == 5 ? fast_bits(reference[f][i]) : to_bits(reference[f][i]))
            << paths[p]->name << " vs " << paths[0]->name << " function " << f << " x=" << x[i];
  }
}

// The size of cpu0's data or unified cache of this level as Linux's sysfs reports it, or 0.
std::size_t sysfs_cache_bytes(int wanted_level) {
  for (int index = 0; index < 16; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
    std::ifstream level(dir + "level"), type(dir + "type"), size(dir + "size");
    int read_level = 0;
    std::string read_type;
    std::size_t kib = 0;
    char unit = 0;
    if (level >> read_level && read_level == wanted_level && type >> read_type && read_type != "Instruction" &&
        size >> kib >> unit && unit == 'K')
      return kib << 10;
  }
  return 0;
}

// The thresholds without SIMDACT_STREAMING_MIN_BYTES (src/memory_thresholds.cpp): streaming from
// the last-level cache's size, but from 96 MiB at most (a Xeon's L3 as cpuid reports it is the
// socket's, 480 MiB on one machine measured, far more than one core keeps), and never below the
// L2's size, so a call that fits in the L2 never streams.
TEST(MemoryThresholds, StreamingFromTheLastLevelCacheAtMost96MiB) {
  if (std::getenv("SIMDACT_STREAMING_MIN_BYTES") != nullptr) GTEST_SKIP() << "SIMDACT_STREAMING_MIN_BYTES is set";
  const simdact::kernels::memory_thresholds& limits = simdact::kernels::thresholds();
  EXPECT_LE(limits.streaming_min_bytes, std::size_t(96) << 20);
  EXPECT_GE(limits.streaming_min_bytes, sysfs_cache_bytes(2));
}

// The last-level cache is read as Linux's sysfs reports cpu0's (src/memory_thresholds.cpp), not as
// glibc's sysconf does: on an AMD VM sysconf said 320 MiB where the core's L3 (sysfs, lscpu, cpuid
// 0x8000001D) was 32 MiB, and nothing up to 96 MiB streamed.
TEST(MemoryThresholds, StreamingFromNoMoreThanTheL3ThatSysfsReports) {
  if (std::getenv("SIMDACT_STREAMING_MIN_BYTES") != nullptr) GTEST_SKIP() << "SIMDACT_STREAMING_MIN_BYTES is set";
  const std::size_t l3_bytes = sysfs_cache_bytes(3);
  if (l3_bytes == 0) GTEST_SKIP() << "sysfs reports no L3 in KiB for cpu0";
  EXPECT_LE(simdact::kernels::thresholds().streaming_min_bytes, l3_bytes);
}

// Prefetching from the L2's size, but never on an AMD CPU, whose hardware prefetchers were faster
// alone (src/memory_thresholds.cpp).
TEST(MemoryThresholds, PrefetchingFromTheL2CacheButNeverOnAmd) {
  if (std::getenv("SIMDACT_PREFETCH_MIN_BYTES") != nullptr) GTEST_SKIP() << "SIMDACT_PREFETCH_MIN_BYTES is set";
  const std::size_t prefetch_min_bytes = simdact::kernels::thresholds().prefetch_min_bytes;
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
  unsigned max_leaf = 0, ebx = 0, ecx = 0, edx = 0;
  ASSERT_NE(__get_cpuid(0, &max_leaf, &ebx, &ecx, &edx), 0);
  const std::string vendor = std::string(reinterpret_cast<const char*>(&ebx), 4) +
                             std::string(reinterpret_cast<const char*>(&edx), 4) +
                             std::string(reinterpret_cast<const char*>(&ecx), 4);
  if (vendor == "AuthenticAMD" || vendor == "HygonGenuine") {
    EXPECT_EQ(prefetch_min_bytes, SIZE_MAX) << vendor;
    return;
  }
#endif
  const std::size_t l2_bytes = sysfs_cache_bytes(2);
  if (l2_bytes == 0) GTEST_SKIP() << "sysfs reports no L2 in KiB for cpu0";
  EXPECT_EQ(prefetch_min_bytes, l2_bytes);
}

} // namespace
