// What tanh promises beyond the contract every op is tested on (tests/test_ops.cpp): symmetry to
// the bit, x itself where that is the correctly rounded tanh, the switch between the polynomial and
// the quotient at |x| = 1/8, and the backward pass where 1 - y^2 cancels; on every ISA this CPU runs.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "on_every_isa.hpp"
#include "test_support.hpp"

namespace {

using namespace simdact_test;

/// Every 257th bit pattern with its sign bit clear (NaNs too), and the same with it set.
std::vector<float> positive_patterns() {
  std::vector<float> x;
  for (std::uint32_t b = 0; b < 0x80000000u; b += 257) x.push_back(from_bits(b));
  return x;
}

// tanh and tanh_fast are odd, tanh' even, bit for bit: f(-x) is -f(x) (+-0 kept) for every x.
TEST(Tanh, OddAndEvenToTheBit) {
  const std::vector<float> x = positive_patterns();
  std::vector<float> minus_x(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) minus_x[i] = -x[i];
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    for (const char* name : {"tanh", "tanh_fast", "tanh_derivative", "tanh_with_derivative"}) {
      SCOPED_TRACE(name);
      const op_case& op = op_named(name);
      const auto plus = outputs_of(op, {x}, &k), minus = outputs_of(op, {minus_x}, &k);
      for (std::size_t o = 0; o < op.outputs; ++o) {
        const bool even = op.output_names[o] == "d";
        for (std::size_t i = 0; i < x.size(); ++i) {
          if (std::isnan(x[i])) continue;
          const float expected = even ? plus[o][i] : -plus[o][i];
          ASSERT_EQ(to_bits(minus[o][i]), to_bits(expected)) << std::hexfloat << "x=" << x[i];
        }
      }
    }
  });
}

// tanh(x) = x wherever x is the correctly rounded value: every float from the least subnormal up
// to 2^-11 (every 61st, and densely below 2^-11), both signs.
TEST(Tanh, IdentityWhereCorrectlyRounded) {
  std::vector<float> x;
  for (std::uint32_t b = 1; b <= to_bits(0x1p-11f); b += 61) x.push_back(from_bits(b));
  float v = 0x1p-11f;
  for (int i = 0; i < 20000; ++i) x.push_back(v = std::nextafter(v, 0.0f));
  const std::size_t positives = x.size();
  for (std::size_t i = 0; i < positives; ++i) x.push_back(-x[i]);
  const op_case& op = op_named("tanh");
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    const auto y = outputs_of(op, {x}, &k);
    std::size_t identities = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (float(simdact_reference_tanh(x[i])) != x[i]) continue;
      ++identities;
      ASSERT_EQ(to_bits(y[0][i]), to_bits(x[i])) << std::hexfloat << "x=" << x[i];
    }
    EXPECT_GT(identities, positives); // most of them: tanh(x) rounds to x up to about 2^-11.8
  });
}

// Densely around |x| = 1/8, where the accurate tier and tanh_with_derivative switch from the odd
// polynomial to the quotient, and around 9.01 (tanh rounds to 1) and 43.7 (tanh' turns subnormal):
// the contract, each element also computed alone.
TEST(Tanh, RegimeEdges) {
  std::vector<float> x;
  for (float centre : {0.125f, 9.01f, 43.7f, 53.2f})
    for (float sign : {1.0f, -1.0f}) {
      float v = sign * centre;
      for (int i = 0; i < 1000; ++i) v = std::nextafter(v, 0.0f);
      for (int i = 0; i < 2000; ++i) x.push_back(v = std::nextafter(v, sign * INFINITY));
    }
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    for (const char* name : {"tanh", "tanh_fast", "tanh_derivative", "tanh_with_derivative"}) {
      SCOPED_TRACE(name);
      const op_case& op = op_named(name);
      const auto y = outputs_of(op, {x}, &k);
      ASSERT_EQ(first_contract_violation(op, {x}, y), "");
      for (std::size_t i = 0; i < x.size(); i += 37)
        ASSERT_EQ(to_bits(outputs_of(op, {{x[i]}}, &k)[0][0]), to_bits(y[0][i])) << std::hexfloat << "x=" << x[i];
    }
  });
}

// The backward pass where 1 - y^2 cancels (|y| near 1) or its TwoSum is inexact (|y| near 1/2 and
// sqrt(2), and beyond 2), y with full mantissas, any dy: against the reference.
TEST(Tanh, BackwardWhereOneMinusSquareCancels) {
  std::mt19937 rng(67);
  std::uniform_real_distribution<float> mantissa(1.0f, 2.0f);
  std::uniform_int_distribution<int> exponent(-140, 60), steps(0, 1 << 12), far_exponent(1, 56);
  const std::size_t n = 1 << 16;
  std::vector<float> dy(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    dy[i] = std::ldexp(mantissa(rng), exponent(rng)) * (i % 4 < 2 ? -1.0f : 1.0f);
    float v;
    switch (i % 4) {
    case 0: v = 1.0f; break;
    case 1: v = 0.5f; break;
    case 2: v = 1.4142135f; break;
    default: v = std::ldexp(mantissa(rng), far_exponent(rng)); break;
    }
    const int s = steps(rng);
    for (int step = 0; step < s; ++step) v = std::nextafter(v, i % 8 < 4 ? 0.0f : INFINITY);
    y[i] = i % 2 ? v : -v;
  }
  const op_case& op = op_named("tanh_backward");
  on_every_isa([&](const simdact::detail::kernel_table& k) {
    ASSERT_EQ(first_contract_violation(op, {dy, y}, outputs_of(op, {dy, y}, &k)), "");
  });
}

} // namespace
