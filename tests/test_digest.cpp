// Cross-architecture bit identity: a digest (FNV-1a, 64 bits) of every kernel's outputs over a
// fixed sample, recorded once and checked on every path of every architecture.  The FMA paths
// (avx2, avx512, neon) must all give the FMA digest; the paths without FMA (sse2, scalar) the other.
// To print the digests of this machine's paths (how the constants below were made, on x86-64):
//   SIMDACT_PRINT_DIGEST=1 build/tests/tests/simdact_tests --gtest_filter='Digest.*'
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

constexpr std::uint64_t recorded_fma_digest = 0x1fd4d2d45b6b6bddull;
constexpr std::uint64_t recorded_no_fma_digest = 0x18893cf4576f78b8ull;

std::uint64_t digest_of(const simdact::detail::kernel_table& k) {
  // Every 4099th bit pattern, and a ragged length so a tail is included.
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 4099) x.push_back(from_bits(std::uint32_t(b)));
  x.resize(x.size() - 3);
  // Backward inputs from a fixed LCG: dy over many exponents, y in [0, 1) and some beyond.
  std::vector<float> dy(x.size()), yb(x.size());
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (std::size_t i = 0; i < x.size(); ++i) {
    dy[i] = from_bits((next() & 0x807fffffu) | ((64u + next() % 128u) << 23));
    yb[i] = float(next() >> 8) * 0x1p-24f * (i % 8 == 0 ? 3.0f : 1.0f);
  }
  std::vector<float> y(x.size()), d(x.size()), fy(x.size()), fd(x.size()), dx(x.size()), fast(x.size());
  k.sigmoid(x.data(), y.data(), x.size());
  k.sigmoid_derivative(x.data(), d.data(), x.size());
  k.sigmoid_with_derivative(x.data(), fy.data(), fd.data(), x.size());
  k.sigmoid_backward(dy.data(), yb.data(), dx.data(), x.size());
  k.sigmoid_fast(x.data(), fast.data(), x.size());
  // The fast tier promises a NaN for a NaN, not which one: its payload and sign depend on operand
  // order, which differs between optimization levels (the asan preset's sse2 path gave another).
  for (float& v : fast)
    if (v != v) v = std::numeric_limits<float>::quiet_NaN();
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const auto* v : {&y, &d, &fy, &fd, &dx, &fast})
    for (float f : *v) {
      std::uint32_t u = to_bits(f);
      for (int byte = 0; byte < 4; ++byte, u >>= 8) h = (h ^ (u & 0xffu)) * 0x100000001b3ull;
    }
  return h;
}

TEST(Digest, EveryPathMatchesTheRecordedDigest) {
  const bool print = std::getenv("SIMDACT_PRINT_DIGEST") != nullptr;
  for (simdact::isa i : simdact::supported_isas()) {
    const bool fma = i == simdact::isa::avx2 || i == simdact::isa::avx512 || i == simdact::isa::neon;
    const std::uint64_t h = digest_of(*kernels_for(i));
    if (print)
      std::printf("%s (%s): 0x%016llxull\n", simdact::to_string(i), fma ? "fma" : "no fma", (unsigned long long)h);
    EXPECT_EQ(h, fma ? recorded_fma_digest : recorded_no_fma_digest) << simdact::to_string(i);
  }
}

} // namespace
