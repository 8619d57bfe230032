// What the sigmoid family promises beyond the contract every op is tested on (tests/test_ops.cpp):
// the regions where its algorithms change regime (kernels/ops/sigmoid*.hpp, docs/design/sigmoid.md),
// on every ISA this CPU runs.
#include <cfenv>
#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "on_every_isa.hpp"
#include "test_support.hpp"

namespace {

using namespace simdact_test;

const char* const forward_ops[] = {"sigmoid", "sigmoid_fast", "sigmoid_derivative", "sigmoid_with_derivative"};

// Integers, halves, powers of two, and densely around where the algorithms change regime: the
// table index's wrap, the subnormal outputs between -87.3 and -104, the flat top near 16.6 and
// 17.3, and 0.
TEST(Sigmoid, StructuredValues) {
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
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    for (const char* name : forward_ops) {
      const op_case& op = op_named(name);
      ASSERT_EQ(first_contract_violation(op, {x}, outputs_of(op, {x}, &k)), "");
    }
  });
}

// The accurate tier is monotone densely (every float) across 0 and the flat regions, where breaks
// would show first (the exhaustive proof checks every float).
TEST(Sigmoid, MonotoneDenselyWhereFlat) {
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    for (float start : {-1e-3f, 16.0f, 17.3f, -87.5f, -103.5f}) {
      std::vector<float> dense;
      for (float v = start; dense.size() < 300000; v = std::nextafter(v, 1e9f)) dense.push_back(v);
      const auto y = outputs_of(op_named("sigmoid"), {dense}, &k)[0];
      for (std::size_t i = 1; i < y.size(); ++i)
        ASSERT_GE(y[i], y[i - 1]) << "sigmoid decreases at x=" << std::hexfloat << dense[i];
    }
  });
}

// sigma(-103) is a subnormal, not 0 (1 ulp of it is the whole value: the bound alone allows 0).
TEST(Sigmoid, SubnormalResultsAreNotFlushed) {
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    for (const char* name : {"sigmoid", "sigmoid_fast"})
      EXPECT_GT(outputs_of(op_named(name), {{-103.0f}}, &k)[0][0], 0.0f) << name;
  });
}

// The backward pass's FMA paths fold y into f = min(y, 1 - y) for y in [-1, 2] and compute the
// other lanes of a group the general way: y at and next to the edges of that range, and next to
// 1/2 (where f switches between y and 1 - y), against the reference, each element also alone, and
// in blocks where the neighbours are inside or outside the range.
TEST(Sigmoid, BackwardAtRangeEdges) {
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
  std::vector<float> dy(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    dy[i] = std::ldexp(mantissa(rng), exponent(rng)) * (i % 4 < 2 ? -1.0f : 1.0f);
    // Blocks of 64 (a whole avx512 group): all inside; edges and values outside; mostly inside.
    switch ((i / 64) % 3) {
    case 0: y[i] = inside(rng); break;
    case 1: y[i] = i % 3 ? edges[i % edges.size()] : outside(i); break;
    default: y[i] = pick(rng) ? inside(rng) : outside(i); break;
    }
  }
  const op_case& op = op_named("sigmoid_backward");
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    const auto dx = outputs_of(op, {dy, y}, &k);
    ASSERT_EQ(first_contract_violation(op, {dy, y}, dx), "");
    for (std::size_t i = 0; i < n; ++i)
      ASSERT_EQ(to_bits(outputs_of(op, {{dy[i]}, {y[i]}}, &k)[0][0]), to_bits(dx[0][i]))
          << std::hexfloat << "dy=" << dy[i] << " y=" << y[i];
  });
}

// Where |x| >= 104 every result is exactly 0 or 1 (sigma', 0), and the kernels get there without a
// subnormal or underflowing intermediate (docs/design/sigmoid.md, "Large |x|"): an x86 core takes a
// microcode assist for each such instruction.  The underflow flag shows it without timing anything:
// none may be raised, on any path, with such inputs mixed into the same vectors as ordinary ones
// (x in [-12, 12], whose results are normal).
TEST(Sigmoid, NoUnderflowForLargeMagnitudes) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> pattern;
  for (float v : {104.0f, 104.5f, 200.0f, 1e9f, 3e38f, inf, 150.25f, 1e20f}) {
    for (float sign : {1.0f, -1.0f}) {
      pattern.push_back(sign * v);
      pattern.push_back(sign * std::nextafter(v, inf));
      pattern.push_back(float(pattern.size() % 25) - 12.0f);
    }
  }
  std::vector<float> x;
  for (int copy = 0; copy < 4; ++copy) x.insert(x.end(), pattern.begin(), pattern.end()); // several groups
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    for (const char* name : forward_ops) {
      const op_case& op = op_named(name);
      std::feclearexcept(FE_ALL_EXCEPT);
      const auto out = outputs_of(op, {x}, &k);
      EXPECT_FALSE(std::fetestexcept(FE_UNDERFLOW)) << name;
      for (std::size_t j = 0; j < x.size(); ++j) {
        if (std::fabs(x[j]) < 104.0f) continue;
        for (std::size_t o = 0; o < op.outputs; ++o) {
          const bool derivative = op.references[o].unary == simdact_reference_sigmoid_derivative;
          EXPECT_EQ(out[o][j], derivative ? 0.0f : x[j] > 0.0f ? 1.0f : 0.0f) << name << ", x=" << x[j];
        }
      }
    }
  });
}

} // namespace
