// The floating-point environment, for every op on every path: the caller's control register
// (MXCSR on x86, FPCR on aarch64) is never changed by a call; under FTZ/DAZ (which many ML
// frameworks set) normal results keep their bounds; and which exception flags a call may raise,
// measured.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

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

/// Every 65537th bit pattern for an input of domain any or gradient, 0.25 for an activation's output.
std::vector<std::vector<float>> sweep_inputs(const op_case& op, std::uint32_t stride = 65537) {
  const std::vector<float> sweep = strided_bit_patterns(stride);
  std::vector<std::vector<float>> in;
  for (domain d : op.domains)
    in.push_back(d == domain::probability || d == domain::signed_unit ? std::vector<float>(sweep.size(), 0.25f)
                                                                      : sweep);
  return in;
}

class FpEnv : public ::testing::Test {
protected:
  void SetUp() override { saved_ = read_control(); }
  void TearDown() override { write_control(saved_); }
  control_word saved_{};
};

TEST_F(FpEnv, ControlRegisterUnchanged) {
  for (simdact::isa i : simdact::supported_isas()) {
    for (const op_case& op : all_ops()) {
      const auto in = sweep_inputs(op);
      for (control_word mode : {saved_, saved_ | flush_to_zero_bits}) {
        write_control(mode);
        const control_word before = read_control() & ~status_bits;
        outputs_of(op, in, kernels_for(i));
        EXPECT_EQ(read_control() & ~status_bits, before) << op.name << " on " << simdact::to_string(i);
      }
    }
  }
}

// Under FTZ/DAZ: subnormal inputs read as 0, subnormal results become 0, and every result whose
// exact value is at least max_ulp units of 2^-149 above 2^-126 (so no result within the bound is
// subnormal) keeps its bound; checked on every 4099th bit pattern for each forward op.
TEST_F(FpEnv, FlushToZeroKeepsNormalResultsInBounds) {
  for (simdact::isa i : simdact::supported_isas()) {
    for (const op_case& op : all_ops()) {
      if (!op.is_forward()) continue;
      const auto in = sweep_inputs(op, 4099);
      write_control(saved_ | flush_to_zero_bits);
      const auto out = outputs_of(op, in, kernels_for(i));
      write_control(saved_);
      for (std::size_t j = 0; j < in[0].size(); ++j) {
        if (std::isnan(in[0][j])) continue;
        // The inputs as DAZ reads them: a subnormal one as a zero of its sign.
        float args[8];
        for (std::size_t k = 0; k < op.inputs; ++k)
          args[k] = std::fpclassify(in[k][j]) == FP_SUBNORMAL ? std::copysign(0.0f, in[k][j]) : in[k][j];
        for (std::size_t o = 0; o < op.outputs; ++o) {
          const double exact = op.references[o](args);
          if (std::fabs(exact) >= 0x1.ffffffp127) { // rounds to infinity (FLT_MAX + half its ulp)
            ASSERT_EQ(out[o][j], float(exact)) << op.name << " on " << simdact::to_string(i) << " x=" << in[0][j];
          } else if (std::fabs(exact) >= 0x1p-126 + op.max_ulp * 0x1p-149) {
            ASSERT_LE(simdact_ulp_error(out[o][j], exact), op.max_ulp)
                << op.name << " on " << simdact::to_string(i) << " x=" << in[0][j];
          } else {
            ASSERT_TRUE(out[o][j] == 0.0f || simdact_ulp_error(out[o][j], exact) <= op.max_ulp)
                << op.name << " x=" << in[0][j];
          }
        }
      }
    }
  }
}

// Which IEEE exception flags a call raises: measured over a sweep without NaN inputs, and with
// them.  Asserted: no op raises divide-by-zero; the forward ops raise no overflow, nor invalid for
// non-NaN inputs, where their exact results are finite (inputs whose exact result overflows or is
// NaN are left out); an op with a gradient input raises no overflow on the FMA paths where its exact
// results are finite (y = 0.25 here; without FMA, Dekker's split of a huge dy may overflow in a
// discarded correction: README).
TEST_F(FpEnv, ExceptionFlagsRaised) {
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
    for (const op_case& op : all_ops()) {
      std::vector<std::vector<float>> no_nan(op.inputs), with_nan(op.inputs);
      const auto in = sweep_inputs(op);
      for (std::size_t j = 0; j < in[0].size(); ++j) {
        bool nan = false;
        float args[8];
        for (std::size_t k = 0; k < op.inputs; ++k) {
          nan |= std::isnan(in[k][j]);
          args[k] = in[k][j];
        }
        // Where an exact result itself overflows or is NaN (silu(a)*b of a large or infinite b),
        // those flags are the right ones: such inputs are left out of the flags measured.
        bool exact_raises = false;
        for (std::size_t o = 0; o < op.outputs && !nan; ++o) {
          const double exact = op.references[o](args);
          exact_raises |= std::isnan(exact) || std::fabs(exact) >= 0x1.ffffffp127;
        }
        if (exact_raises) continue;
        for (std::size_t k = 0; k < op.inputs; ++k) (nan ? with_nan : no_nan)[k].push_back(in[k][j]);
      }
      for (std::size_t k = 0; k < op.inputs; ++k)
        with_nan[k].insert(with_nan[k].end(), no_nan[k].begin(), no_nan[k].begin() + 100);
      const auto flags_of = [&](const std::vector<std::vector<float>>& x) {
        std::feclearexcept(FE_ALL_EXCEPT);
        outputs_of(op, x, kernels_for(i));
        return std::fetestexcept(FE_ALL_EXCEPT);
      };
      const int without = flags_of(no_nan), with = flags_of(with_nan);
      std::printf("%-7s %-24s no NaN inputs: %s| with NaN inputs: %s\n", simdact::to_string(i), op.name,
                  names(without).c_str(), names(with).c_str());
      EXPECT_EQ((without | with) & FE_DIVBYZERO, 0) << op.name;
      if (op.is_forward()) {
        EXPECT_EQ(without & (FE_INVALID | FE_OVERFLOW), 0) << op.name << ": " << names(without);
        EXPECT_EQ(with & FE_OVERFLOW, 0) << op.name << ": " << names(with);
      } else if (is_fma_path(i)) {
        EXPECT_EQ(without & FE_OVERFLOW, 0) << op.name << ": " << names(without);
      }
    }
  }
}

} // namespace
