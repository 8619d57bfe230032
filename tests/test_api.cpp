// The API's contract beyond the math: error codes (outputs untouched), C++ exceptions naming the
// argument, ISA selection by name, by enum and by SIMDACT_ISA in a child process.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

constexpr float sentinel = -7.0f;

class ErrorCodes : public ::testing::Test {
protected:
  std::vector<float> x = std::vector<float>(64, 0.25f);
  std::vector<float> y = std::vector<float>(64, sentinel);
  std::vector<float> d = std::vector<float>(64, sentinel);
  void expect_untouched() {
    for (float v : y) ASSERT_EQ(v, sentinel);
    for (float v : d) ASSERT_EQ(v, sentinel);
  }
};

TEST_F(ErrorCodes, NullPointers) {
  EXPECT_EQ(simdact_sigmoid_f32(nullptr, y.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_f32(x.data(), nullptr, 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_fast_f32(nullptr, y.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_fast_f32(x.data(), nullptr, 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_derivative_f32(nullptr, d.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_derivative_f32(x.data(), nullptr, 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(nullptr, y.data(), d.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(x.data(), nullptr, d.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(x.data(), y.data(), nullptr, 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_backward_f32(nullptr, x.data(), y.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_backward_f32(x.data(), nullptr, y.data(), 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_sigmoid_backward_f32(x.data(), x.data(), nullptr, 8), SIMDACT_NULL_POINTER);
  expect_untouched();
}

TEST_F(ErrorCodes, ZeroLengthAcceptsNull) {
  EXPECT_EQ(simdact_sigmoid_f32(nullptr, nullptr, 0), SIMDACT_OK);
  EXPECT_EQ(simdact_sigmoid_fast_f32(nullptr, nullptr, 0), SIMDACT_OK);
  EXPECT_EQ(simdact_sigmoid_derivative_f32(nullptr, nullptr, 0), SIMDACT_OK);
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(nullptr, nullptr, nullptr, 0), SIMDACT_OK);
  EXPECT_EQ(simdact_sigmoid_backward_f32(nullptr, nullptr, nullptr, 0), SIMDACT_OK);
  EXPECT_NO_THROW(simdact::sigmoid(nullptr, nullptr, 0));
}

TEST_F(ErrorCodes, PartialOverlap) {
  std::vector<float> buf(64, sentinel);
  const std::vector<float> before = buf;
  EXPECT_EQ(simdact_sigmoid_f32(buf.data(), buf.data() + 1, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_f32(buf.data() + 7, buf.data(), 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_fast_f32(buf.data(), buf.data() + 1, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_derivative_f32(buf.data(), buf.data() + 3, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(x.data(), buf.data(), buf.data(), 8), SIMDACT_OVERLAP)
      << "the two outputs may not be the same buffer";
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(x.data(), buf.data(), buf.data() + 4, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_with_derivative_f32(buf.data(), buf.data() + 2, d.data(), 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_backward_f32(buf.data(), x.data(), buf.data() + 1, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_sigmoid_backward_f32(x.data(), buf.data() + 5, buf.data(), 8), SIMDACT_OVERLAP);
  EXPECT_EQ(buf, before);
  expect_untouched();
  // Adjacent buffers do not overlap; inputs may overlap each other.
  EXPECT_EQ(simdact_sigmoid_f32(buf.data(), buf.data() + 8, 8), SIMDACT_OK);
  EXPECT_EQ(simdact_sigmoid_backward_f32(x.data(), x.data() + 1, y.data(), 8), SIMDACT_OK);
}

TEST_F(ErrorCodes, SizeTooLarge) {
  EXPECT_EQ(simdact_sigmoid_f32(x.data(), y.data(), SIZE_MAX / 2), SIMDACT_SIZE_TOO_LARGE);
  EXPECT_EQ(simdact_sigmoid_f32(x.data(), y.data(), SIZE_MAX / sizeof(float) - 1), SIMDACT_SIZE_TOO_LARGE)
      << "the buffer would wrap the address space";
  expect_untouched();
}

TEST(StatusString, EveryCode) {
  for (int s = SIMDACT_OK; s <= SIMDACT_SIZE_TOO_LARGE; ++s)
    EXPECT_STRNE(simdact_status_string(simdact_status(s)), "unknown status") << s;
  EXPECT_STREQ(simdact_status_string(simdact_status(99)), "unknown status");
}

template <class F> std::string exception_message(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no std::invalid_argument thrown)";
}

TEST(CppErrors, MessagesNameTheArgument) {
  std::vector<float> buf(16, sentinel);
  EXPECT_NE(exception_message([&] { simdact::sigmoid(nullptr, buf.data(), 4); }).find("'x'"), std::string::npos);
  EXPECT_NE(exception_message([&] { simdact::sigmoid(buf.data(), nullptr, 4); }).find("'y'"), std::string::npos);
  EXPECT_NE(exception_message([&] { simdact::sigmoid_fast(nullptr, buf.data(), 4); }).find("'x'"), std::string::npos);
  EXPECT_NE(exception_message([&] { simdact::sigmoid_derivative(buf.data(), nullptr, 4); }).find("'d'"),
            std::string::npos);
  EXPECT_NE(exception_message([&] { simdact::sigmoid_backward(buf.data(), nullptr, buf.data(), 4); }).find("'y'"),
            std::string::npos);
  EXPECT_NE(exception_message([&] {
              simdact::sigmoid_backward(buf.data(), buf.data(), buf.data() + 1, 4);
            }).find("'dx' partially overlaps"),
            std::string::npos);
  // The two outputs of the fused kernel at one address: not a partial overlap, and refused all the same.
  EXPECT_NE(exception_message([&] {
              simdact::sigmoid_with_derivative(buf.data(), buf.data() + 8, buf.data() + 8, 4);
            }).find("'y' overlaps the other output 'd'"),
            std::string::npos);
  EXPECT_NE(exception_message([&] { simdact::set_isa("avx9000"); }).find("'name'"), std::string::npos);
  for (float v : buf) EXPECT_EQ(v, sentinel);
}

TEST(IsaSelection, EveryName) {
  const std::vector<simdact::isa> supported = simdact::supported_isas();
  ASSERT_FALSE(supported.empty());
  EXPECT_EQ(supported.back(), simdact::isa::scalar) << "scalar runs everywhere and comes last";
  for (simdact::isa i :
       {simdact::isa::scalar, simdact::isa::sse2, simdact::isa::avx2, simdact::isa::avx512, simdact::isa::neon}) {
    const char* name = simdact::to_string(i);
    const bool runs = std::find(supported.begin(), supported.end(), i) != supported.end();
    EXPECT_EQ(simdact_isa_supported(name), runs ? 1 : 0) << name;
    if (runs) {
      EXPECT_EQ(simdact_set_isa(name), SIMDACT_OK) << name;
      EXPECT_STREQ(simdact_active_isa(), name);
      EXPECT_NO_THROW(simdact::set_isa(i));
      EXPECT_EQ(simdact::active_isa(), i);
    } else {
      const std::string before = simdact_active_isa();
      EXPECT_EQ(simdact_set_isa(name), SIMDACT_UNSUPPORTED_ISA) << name;
      EXPECT_EQ(before, simdact_active_isa()) << "a refused set_isa changes nothing";
      EXPECT_THROW(simdact::set_isa(i), simdact::unsupported_isa);
      EXPECT_THROW(simdact::set_isa(std::string_view(name)), simdact::unsupported_isa);
    }
  }
  EXPECT_EQ(simdact_set_isa("auto"), SIMDACT_OK);
  EXPECT_EQ(simdact::active_isa(), supported.front()) << "auto is the best supported ISA";
  EXPECT_EQ(simdact_set_isa("AVX2"), SIMDACT_UNKNOWN_ISA) << "names are lower case";
  EXPECT_EQ(simdact_set_isa(""), SIMDACT_UNKNOWN_ISA);
  EXPECT_EQ(simdact_set_isa(nullptr), SIMDACT_NULL_POINTER);
  EXPECT_THROW(simdact::set_isa(std::string_view("bogus")), std::invalid_argument);
  EXPECT_NO_THROW(simdact::set_isa(std::string_view("auto")));
}

// SIMDACT_ISA in a child process: the first call reads it once.
struct child_result {
  int exit_code;
  std::string out, err;
};

child_result run_print_isa(const char* value) {
  const std::string dir = ::testing::TempDir();
  const std::string out = dir + "simdact_isa_out.txt", err = dir + "simdact_isa_err.txt";
  std::string command = std::string("env ") +
                        (value ? std::string("SIMDACT_ISA='") + value + "' " : "-u SIMDACT_ISA ") + SIMDACT_PRINT_ISA +
                        " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

TEST(IsaSelection, EnvironmentVariable) {
  const std::string best = simdact::to_string(simdact::supported_isas().front());
  const child_result unset = run_print_isa(nullptr);
  EXPECT_EQ(unset.exit_code, 0);
  EXPECT_EQ(unset.out, best + "\n");
  EXPECT_EQ(unset.err, "");

  const child_result scalar = run_print_isa("scalar");
  EXPECT_EQ(scalar.out, "scalar\n");
  EXPECT_EQ(scalar.err, "");

  const child_result bogus = run_print_isa("bogus");
  EXPECT_EQ(bogus.exit_code, 0);
  EXPECT_EQ(bogus.out, best + "\n") << "an unknown value falls back to auto";
  EXPECT_NE(bogus.err.find("SIMDACT_ISA=\"bogus\""), std::string::npos) << bogus.err;
  EXPECT_EQ(std::count(bogus.err.begin(), bogus.err.end(), '\n'), 1) << "exactly one warning: " << bogus.err;

  // An ISA this machine cannot run, one compiled in where there is one (avx512 on an x86 CPU without
  // it, which would SIGILL if it ran), else neon on x86 or avx512 on aarch64.
  const char* unsupported = nullptr;
  for (const char* name : {"avx512", "avx2", "neon", "sse2"}) {
    if (!simdact_isa_supported(name)) {
      unsupported = name;
      break;
    }
  }
  if (unsupported == nullptr) GTEST_SKIP() << "every ISA is supported here";
  const child_result refused = run_print_isa(unsupported);
  EXPECT_EQ(refused.exit_code, 0) << "never SIGILL";
  EXPECT_EQ(refused.out, best + "\n");
  EXPECT_NE(refused.err.find("not supported"), std::string::npos) << refused.err;
}

} // namespace
