// libFuzzer target (fuzz preset): the input bytes choose the function, the ISA among the supported
// ones, n, each buffer's offset, in place or not, a bad-argument case, and the values (bit patterns
// taken from the input, special ones included).  Checks every result against the reference within
// the contract, that nothing outside the outputs is written, bit identity across the FMA paths (for
// the function fuzzed) and of the fused kernel with the two separate calls, and that bad arguments
// give the documented status and leave the outputs untouched.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "../../src/dispatch.hpp"
#include "simdact/reference.h"
#include "simdact/simdact.h"

namespace {

struct reader {
  const std::uint8_t* data;
  std::size_t size, pos = 0;
  std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
  std::uint32_t word() {
    std::uint32_t w = 0;
    for (int i = 0; i < 4; ++i) w = (w << 8) | byte();
    return w;
  }
};

float value_from(std::uint32_t w) {
  static const std::uint32_t specials[] = {0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7f800000u, 0xff800000u,
                                           0x00000000u, 0x80000000u, 0x00000001u, 0x80800000u, 0x42d00000u,
                                           0xc2d00000u, 0xc2af0000u, 0x418a0000u, 0x3f800000u};
  float f;
  const std::uint32_t bits = (w & 0xf0000000u) == 0xf0000000u ? specials[w % std::size(specials)] : w;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_sigmoid: %s\n", what);
  std::abort();
}

void check_ulp(float got, double exact, double bound, const char* what, float in1, float in2 = 0.0f) {
  const bool ok = std::isnan(exact) ? std::isnan(got) : simdact_ulp_error(got, exact) <= bound;
  if (!ok) {
    std::fprintf(stderr, "fuzz_sigmoid: inputs %a %a: got %a, exact %a (%g ulp)\n", double(in1), double(in2),
                 double(got), exact, simdact_ulp_error(got, exact));
    fail(what);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader in{data, size};
  const int function = in.byte() % 5; // 0 sigmoid, 1 derivative, 2 fused, 3 backward, 4 sigmoid_fast
  const simdact::detail::kernel_table* tables[8];
  const std::size_t n_tables = simdact::detail::supported_kernels(tables, 8);
  const simdact::detail::kernel_table& k = *tables[in.byte() % n_tables];
  const std::size_t n = (std::size_t(in.byte()) << 8 | in.byte()) % 1100;
  const std::uint8_t offsets = in.byte();
  const std::uint8_t mode = in.byte(); // low bits: in place; high bits: a bad-argument case
  const std::size_t off_in = offsets & 15, off_out = (offsets >> 4) & 15;

  std::vector<float> a(n + 32), b(n + 32), out1(n + 32, -7.0f), out2(n + 32, -7.0f);
  for (std::size_t i = 0; i < n; ++i) a[off_in + i] = value_from(in.word());
  for (std::size_t i = 0; i < n; ++i) b[off_in + i] = value_from(in.word()); // dy for the backward pass
  float* x = a.data() + off_in;
  float* y_out = (mode & 1) ? x : out1.data() + off_out;
  float* d_out = out2.data() + off_out;

  if (n > 1 && (mode >> 6) != 0) { // bad arguments: the status, and nothing written
    const std::vector<float> before1 = out1, before2 = out2;
    simdact_status s = SIMDACT_OK, want = SIMDACT_OK;
    switch (mode >> 6) {
    case 1: s = simdact_sigmoid_f32(x, nullptr, n), want = SIMDACT_NULL_POINTER; break;
    case 2: s = simdact_sigmoid_f32(out1.data() + 1, out1.data(), n), want = SIMDACT_OVERLAP; break;
    default: s = simdact_sigmoid_with_derivative_f32(x, out2.data(), out2.data(), n), want = SIMDACT_OVERLAP; break;
    }
    if (s != want) fail("wrong status for bad arguments");
    if (out2 != before2) fail("a refused call wrote its output");
    if ((mode >> 6) != 2 && out1 != before1) fail("a refused call wrote its output");
    return 0;
  }

  const std::vector<float> x_copy(x, x + n);
  switch (function) {
  case 0: k.sigmoid(x, y_out, n); break;
  case 1: k.sigmoid_derivative(x, y_out, n); break;
  case 2: k.sigmoid_with_derivative(x, y_out, d_out, n); break;
  case 3: k.sigmoid_backward(b.data() + off_in, x, y_out, n); break;
  default: k.sigmoid_fast(x, y_out, n); break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const float xi = x_copy[i];
    switch (function) {
    case 0: check_ulp(y_out[i], simdact_reference_sigmoid(xi), 1.0, "sigmoid out of bounds", xi); break;
    case 1: check_ulp(y_out[i], simdact_reference_sigmoid_derivative(xi), 1.0, "derivative out of bounds", xi); break;
    case 2:
      check_ulp(y_out[i], simdact_reference_sigmoid(xi), 1.0, "fused sigmoid out of bounds", xi);
      check_ulp(d_out[i], simdact_reference_sigmoid_derivative(xi), 1.0, "fused derivative out of bounds", xi);
      break;
    case 4:
      check_ulp(y_out[i], simdact_reference_sigmoid(xi), 3.0, "sigmoid_fast out of bounds", xi);
      if (!(y_out[i] >= 0.0f && y_out[i] <= 1.0f) && !std::isnan(xi)) fail("sigmoid_fast outside [0, 1]");
      break;
    default: {
      const double exact = simdact_reference_sigmoid_backward(b[off_in + i], xi);
      if (std::fabs(xi) > 0x1p56f) break;       // outside the backward contract (|y| <= 2^56)
      if (std::fabs(exact) >= 0x1.ffffffp127) { // rounds to infinity (2^128 - 2^103: FLT_MAX + half its ulp)
        if (y_out[i] != float(exact)) {
          std::fprintf(stderr, "fuzz_sigmoid: dy %a y %a: got %a, exact %a\n", double(b[off_in + i]), double(xi),
                       double(y_out[i]), exact);
          fail("backward: an overflowing result is not that infinity");
        }
      } else {
        check_ulp(y_out[i], exact, 1.0, "backward out of bounds", b[off_in + i], xi);
      }
    }
    }
  }
  // Nothing written outside the outputs: every float of the buffers but [off, off + n) of each output.
  const auto untouched_but = [n](const std::vector<float>& buffer, std::size_t off, float fill) {
    for (std::size_t i = 0; i < buffer.size(); ++i)
      if ((i < off || i >= off + n) && !(buffer[i] == fill)) return false;
    return true;
  };
  const bool in_place = (mode & 1) != 0;
  if (!untouched_but(a, off_in, 0.0f)) fail("wrote outside its output (the input's buffer)");
  if (!untouched_but(out1, in_place ? out1.size() : off_out, -7.0f)) fail("wrote outside its output");
  if (function == 2 ? !untouched_but(out2, off_out, -7.0f) : !untouched_but(out2, out2.size(), -7.0f))
    fail("wrote outside its output");

  // Bit identity across the FMA paths, for the function fuzzed, and the fused kernel's two outputs
  // bit for bit those of the two separate calls on the same path.
  const float* dy = b.data() + off_in;
  std::vector<std::vector<float>> fma_results;
  for (std::size_t t = 0; t < n_tables; ++t) {
    const simdact::detail::kernel_table& path = *tables[t];
    const bool fma_path =
        path.id == simdact::isa::avx2 || path.id == simdact::isa::avx512 || path.id == simdact::isa::neon;
    if (!fma_path && !(function == 2 && &path == &k)) continue;
    std::vector<float> r(2 * n);
    switch (function) {
    case 0: path.sigmoid(x_copy.data(), r.data(), n); break;
    case 1: path.sigmoid_derivative(x_copy.data(), r.data(), n); break;
    case 2: {
      path.sigmoid_with_derivative(x_copy.data(), r.data(), r.data() + n, n);
      std::vector<float> separate(2 * n);
      path.sigmoid(x_copy.data(), separate.data(), n);
      path.sigmoid_derivative(x_copy.data(), separate.data() + n, n);
      if (n != 0 && std::memcmp(separate.data(), r.data(), 2 * n * sizeof(float)) != 0)
        fail("the fused kernel differs from the two separate calls");
      break;
    }
    case 3: path.sigmoid_backward(dy, x_copy.data(), r.data(), n); break;
    default:
      path.sigmoid_fast(x_copy.data(), r.data(), n);
      for (float& v : r) // the fast tier promises a NaN for a NaN, not which one (README)
        if (std::isnan(v)) v = std::numeric_limits<float>::quiet_NaN();
      break;
    }
    if (fma_path) fma_results.push_back(std::move(r));
  }
  for (std::size_t t = 1; n != 0 && t < fma_results.size(); ++t) // memcmp of an empty vector's null data is UB
    if (std::memcmp(fma_results[t].data(), fma_results[0].data(), 2 * n * sizeof(float)) != 0) fail("FMA paths differ");
  return 0;
}
