// Cross-architecture bit identity: a digest (FNV-1a, 64 bits) of each op's outputs over a fixed
// sample, recorded in the op's row of include/simdact/ops.def and checked on every path of every
// architecture.  The FMA paths (avx2, avx512, neon) must all give the row's FMA digest; the paths
// without FMA (sse2, scalar) the other.  To print the digests of this machine's paths (how the
// values in ops.def were made, on x86-64):
//   SIMDACT_PRINT_DIGEST=1 build/tests/tests/simdact_tests --gtest_filter='Digest.*'
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace simdact_test {
namespace {

/// The digest sample of one input: for domain any, every 4099th bit pattern but the last 3 (a
/// ragged length, so a tail is included); for the others, values from a fixed LCG seeded by the
/// input's position: a gradient over many exponents, a probability in [0, 1) and one in 8 beyond.
std::vector<float> digest_sample(domain d, std::size_t position) {
  std::vector<float> x = strided_bit_patterns(4099);
  x.resize(x.size() - 3);
  if (d == domain::any) return x;
  std::uint32_t state = 12345 + std::uint32_t(position);
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (d == domain::gradient) {
      const std::uint32_t sign_and_mantissa = next() & 0x807fffffu;
      x[i] = from_bits(sign_and_mantissa | ((64u + next() % 128u) << 23));
    } else {
      x[i] = float(next() >> 8) * 0x1p-24f * (i % 8 == 0 ? 3.0f : 1.0f);
    }
  }
  return x;
}

/// FNV-1a over the outputs' bytes, output by output (NaNs as one where the op promises no payload).
std::uint64_t digest_of(const op_case& op, const simdact::detail::kernel_table& k) {
  std::vector<std::vector<float>> in;
  for (std::size_t i = 0; i < op.inputs; ++i) in.push_back(digest_sample(op.domains[i], i));
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const std::vector<float>& out : outputs_of(op, in, &k))
    for (float f : out) {
      std::uint32_t u = comparable_bits(op, f);
      for (int byte = 0; byte < 4; ++byte, u >>= 8) h = (h ^ (u & 0xffu)) * 0x100000001b3ull;
    }
  return h;
}

TEST(Digest, EveryPathMatchesTheRecordedDigest) {
  const bool print = std::getenv("SIMDACT_PRINT_DIGEST") != nullptr;
  for (simdact::isa i : simdact::supported_isas()) {
    for (const op_case& op : all_ops()) {
      const bool fma = is_fma_path(i);
      const std::uint64_t h = digest_of(op, *kernels_for(i));
      if (print)
        std::printf("%s on %s (%s): 0x%016llx\n", op.name, simdact::to_string(i), fma ? "fma" : "no fma",
                    (unsigned long long)h);
      EXPECT_EQ(h, fma ? op.digest.fma : op.digest.no_fma) << op.name << " on " << simdact::to_string(i);
    }
  }
}

} // namespace
} // namespace simdact_test
