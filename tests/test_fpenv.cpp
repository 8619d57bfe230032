// The floating-point environment: the caller's control register (MXCSR on x86, FPCR on aarch64)
// is never changed by a call, on any path; under FTZ/DAZ (which many ML frameworks set) normal
// results keep their bounds; and which exception flags a call may raise, measured.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "test_support.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace {

using namespace simdact_test;

#if defined(__x86_64__) || defined(__i386__)
using control_word = unsigned;
control_word read_control() { return _mm_getcsr(); }
void write_control(control_word c) { _mm_setcsr(c); }
constexpr control_word flush_to_zero_bits = 0x8040; // FTZ (bit 15) | DAZ (bit 6)
constexpr control_word status_bits = 0x3f;          // the sticky exception flags
#elif defined(__aarch64__)
using control_word = unsigned long;
control_word read_control() { return __builtin_aarch64_get_fpcr64(); }
void write_control(control_word c) { __builtin_aarch64_set_fpcr64(c); }
constexpr control_word flush_to_zero_bits = 1ul << 24; // FPCR.FZ
constexpr control_word status_bits = 0;                // flags live in FPSR, not FPCR
#endif

std::vector<float> sweep_inputs() {
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 65537) x.push_back(from_bits(std::uint32_t(b)));
  return x;
}

void run_all(const simdact::detail::kernel_table& k, const std::vector<float>& x, std::vector<float>& y,
             std::vector<float>& d) {
  k.sigmoid(x.data(), y.data(), x.size());
  k.sigmoid_fast(x.data(), y.data(), x.size());
  k.sigmoid_derivative(x.data(), d.data(), x.size());
  k.sigmoid_with_derivative(x.data(), y.data(), d.data(), x.size());
  k.sigmoid_backward(x.data(), y.data(), d.data(), x.size());
}

class FpEnv : public ::testing::Test {
protected:
  void SetUp() override { saved_ = read_control(); }
  void TearDown() override { write_control(saved_); }
  control_word saved_{};
};

TEST_F(FpEnv, ControlRegisterUnchanged) {
  const std::vector<float> x = sweep_inputs();
  std::vector<float> y(x.size()), d(x.size());
  for (simdact::isa i : simdact::supported_isas()) {
    for (control_word mode : {saved_, saved_ | flush_to_zero_bits}) {
      write_control(mode);
      const control_word before = read_control() & ~status_bits;
      run_all(*kernels_for(i), x, y, d);
      EXPECT_EQ(read_control() & ~status_bits, before) << simdact::to_string(i);
    }
  }
}

// Under FTZ/DAZ: subnormal inputs read as 0 (sigma = 0.5, sigma' = 0.25, both correct to the ulp
// for such inputs), subnormal results become 0, and every normal result of sigma (both tiers) and
// sigma' keeps its bound.
TEST_F(FpEnv, FlushToZeroKeepsNormalResultsInBounds) {
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 4099) x.push_back(from_bits(std::uint32_t(b)));
  std::vector<float> y(x.size()), fast(x.size()), d(x.size());
  for (simdact::isa i : simdact::supported_isas()) {
    write_control(saved_ | flush_to_zero_bits);
    const auto& k = *kernels_for(i);
    k.sigmoid(x.data(), y.data(), x.size());
    k.sigmoid_fast(x.data(), fast.data(), x.size());
    k.sigmoid_derivative(x.data(), d.data(), x.size());
    write_control(saved_);
    for (std::size_t j = 0; j < x.size(); ++j) {
      if (std::isnan(x[j])) continue;
      const double exact_y = simdact_reference_sigmoid(x[j]);
      const double exact_d = simdact_reference_sigmoid_derivative(x[j]);
      if (exact_y >= 0x1p-126) {
        ASSERT_LE(simdact_ulp_error(y[j], exact_y), sigmoid_max_ulp) << simdact::to_string(i) << " x=" << x[j];
      } else {
        ASSERT_TRUE(y[j] == 0.0f || simdact_ulp_error(y[j], exact_y) <= sigmoid_max_ulp) << "x=" << x[j];
      }
      // The fast tier's 3 ulp can take a result whose exact value is a few units above 2^-126
      // below it, where FTZ flushes it: normal means 8 units clear of that edge here.
      if (exact_y >= 0x1.00001p-126) {
        ASSERT_LE(simdact_ulp_error(fast[j], exact_y), sigmoid_fast_max_ulp) << simdact::to_string(i) << " x=" << x[j];
      } else {
        ASSERT_TRUE(fast[j] == 0.0f || simdact_ulp_error(fast[j], exact_y) <= sigmoid_fast_max_ulp) << "x=" << x[j];
      }
      if (exact_d >= 0x1p-126) {
        ASSERT_LE(simdact_ulp_error(d[j], exact_d), derivative_max_ulp) << simdact::to_string(i) << " x=" << x[j];
      }
    }
  }
}

// Which IEEE exception flags a call raises: measured over a sweep without NaN inputs, and with
// them.  Asserted: the forward kernels raise no divide-by-zero or overflow, nor invalid for non-NaN
// inputs; the backward pass no divide-by-zero, and on the FMA paths no overflow (without FMA,
// Dekker's split of a huge dy may overflow in a discarded correction: README).
TEST_F(FpEnv, ExceptionFlagsRaised) {
  std::vector<float> finite_and_inf, with_nan;
  for (float v : sweep_inputs()) (std::isnan(v) ? with_nan : finite_and_inf).push_back(v);
  with_nan.insert(with_nan.end(), finite_and_inf.begin(), finite_and_inf.begin() + 100);
  auto flags_of = [](const simdact::detail::kernel_table& k, const std::vector<float>& x, bool backward) {
    std::vector<float> y(x.size()), d(x.size());
    std::feclearexcept(FE_ALL_EXCEPT);
    if (backward) {
      std::vector<float> yb(x.size(), 0.25f);
      k.sigmoid_backward(x.data(), yb.data(), d.data(), x.size());
    } else {
      k.sigmoid(x.data(), y.data(), x.size());
      k.sigmoid_derivative(x.data(), d.data(), x.size());
      k.sigmoid_with_derivative(x.data(), y.data(), d.data(), x.size());
      k.sigmoid_fast(x.data(), y.data(), x.size());
    }
    return std::fetestexcept(FE_ALL_EXCEPT);
  };
  auto names = [](int f) {
    std::string s;
    if (f & FE_INEXACT) s += "inexact ";
    if (f & FE_UNDERFLOW) s += "underflow ";
    if (f & FE_OVERFLOW) s += "overflow ";
    if (f & FE_DIVBYZERO) s += "divbyzero ";
    if (f & FE_INVALID) s += "invalid ";
    return s.empty() ? std::string("none") : s;
  };
  for (simdact::isa i : simdact::supported_isas()) {
    const auto& k = *kernels_for(i);
    const int forward = flags_of(k, finite_and_inf, false);
    const int forward_nan = flags_of(k, with_nan, false);
    const int backward = flags_of(k, finite_and_inf, true);
    std::printf("%-7s forward, no NaN inputs: %s| with NaN inputs: %s| backward (dy finite/inf, y = 0.25): %s\n",
                simdact::to_string(i), names(forward).c_str(), names(forward_nan).c_str(), names(backward).c_str());
    EXPECT_EQ(forward & (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW), 0) << names(forward);
    EXPECT_EQ(forward_nan & (FE_DIVBYZERO | FE_OVERFLOW), 0) << names(forward_nan);
    EXPECT_EQ(backward & (is_fma_path(i) ? FE_DIVBYZERO | FE_OVERFLOW : FE_DIVBYZERO), 0) << names(backward);
  }
}

// Where |x| >= 104 every result is exactly 0 or 1 (sigma', 0), and the kernels get there without a
// subnormal or underflowing intermediate (kernels/sigmoid.hpp, "Large |x|"): an x86 core takes a
// microcode assist for each such instruction, which made these inputs 13-27x slower.  The
// underflow flag shows it without timing anything: none may be raised, on any path, with such
// inputs mixed into the same vectors as ordinary ones (x in [-12, 12], whose results are normal).
TEST_F(FpEnv, NoUnderflowForLargeMagnitudes) {
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
  for (simdact::isa i : simdact::supported_isas()) {
    const auto& k = *kernels_for(i);
    std::vector<float> y(x.size()), d(x.size());
    // Both outputs are reset before each call (to NaN, which no check accepts), so every value
    // checked was written by that call; d only where the call writes it.
    auto check = [&](const char* kernel, bool writes_d, auto call) {
      std::fill(y.begin(), y.end(), std::numeric_limits<float>::quiet_NaN());
      std::fill(d.begin(), d.end(), std::numeric_limits<float>::quiet_NaN());
      std::feclearexcept(FE_ALL_EXCEPT);
      call();
      EXPECT_FALSE(std::fetestexcept(FE_UNDERFLOW)) << simdact::to_string(i) << ": " << kernel;
      for (std::size_t j = 0; j < x.size(); ++j) {
        if (std::fabs(x[j]) < 104.0f) continue;
        EXPECT_EQ(y[j], x[j] > 0.0f ? 1.0f : 0.0f) << simdact::to_string(i) << ": " << kernel << ", x=" << x[j];
        if (writes_d) {
          EXPECT_EQ(d[j], 0.0f) << simdact::to_string(i) << ": " << kernel << ", x=" << x[j];
        }
      }
    };
    check("sigmoid and sigmoid_derivative", true, [&] {
      k.sigmoid(x.data(), y.data(), x.size());
      k.sigmoid_derivative(x.data(), d.data(), x.size());
    });
    check("sigmoid_fast", false, [&] { k.sigmoid_fast(x.data(), y.data(), x.size()); });
    check("sigmoid_with_derivative", true, [&] { k.sigmoid_with_derivative(x.data(), y.data(), d.data(), x.size()); });
  }
}

} // namespace
