// An exhaustive scalar model of fast-tier variants, to learn their max error before building one
// (bench/RESULTS.md, "Considered and not built").  Not part of the build; from the root:
// g++ -std=c++20 -O2 -march=native -fopenmp -Iinclude tools/fast_tier_variants.cpp src/reference.cpp -o ftv
// ./ftv shipped|lut32-p2|lut32-exact|lut32-p2-add-folded
// Each variant is the kernel's arithmetic in binary32 with fmaf, one float at a time, over every
// non-NaN float x, against the tests' reference and ulp measure (include/simdact/reference.h); it
// prints the max error and the count of x whose successor float gets a smaller result.
// "shipped" is kernels/ops/sigmoid_fast.hpp's sigmoid_rr2_lut8_p3_div on an FMA path, with its
// constants (through kernels/for_tools.hpp), which the variants share (the model reproduces the exhaustive
// test's 2.8273 ulp and one break).  The lut32 variants: n in steps of 1/32, s = RN(2^(j/32)) * 2^(k-25), the table's
// rounding folded into the polynomial's constant per entry (delta_j), and E = fma(s, q, s) with
// q = fma(u, fma(c2, u, -c1), delta_j), where Sollya gave
//   fpminimax(expm1(x), [|1, 2|], [|single, single|], [-R; R], absolute), R = log(2)/64 * (1 + 2^-10)
//   = x * (0x1.0000f6p0 + x * 0x1.0000a4p-1), max error 2^-24.1.
// "lut32-exact" takes q from expm1 in double (the roundings alone); "lut32-p2-add-folded" forms
// d = fma(s, q, s + 2^-25) in place of 2^-25 + E.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "../kernels/for_tools.hpp"
#include "simdact/reference.h"

namespace {

using simdact::kernels::constants::exp2_j8_times_2m25;
using simdact::kernels::constants::ln2_hi;
using simdact::kernels::constants::ln2_lo;
using simdact::kernels::constants::log2e;
using simdact::kernels::constants::magic_round_eighths;
using namespace simdact::kernels::sigmoid_fast_constants;

enum class variant { shipped, lut32_p2, lut32_exact, lut32_p2_add_folded };
variant chosen;
float table32[32], delta32[32];

float sigmoid_fast_model(float x) {
  if (x != x) return x;
  if (!(x > min_x)) return 0.0f;
  const float w = std::fmin(max_x, x);
  const bool lut32 = chosen != variant::shipped;
  const float magic = lut32 ? 0x1.8p18f : magic_round_eighths; // ulp 1/32 or 1/8
  const float nb = std::fma(w, -log2e, magic);
  const float n = nb - magic;
  const float u = std::fma(n, ln2_lo, std::fma(n, ln2_hi, w)); // -r
  const int k = int(std::floor(n));
  const std::uint32_t j = std::bit_cast<std::uint32_t>(nb) & (lut32 ? 31u : 7u);
  if (!lut32) {
    const float s = std::ldexp(exp2_j8_times_2m25.v[j], k);
    const float minus_p = std::fma(std::fma(-c3, u, c2), u, -1.0f);
    return scale / (scale + std::fma(s * u, minus_p, s));
  }
  const float s = std::ldexp(table32[j] * scale, k); // RN(2^(j/32)) * 2^(k-25), normal for every k
  const float q = chosen == variant::lut32_exact ? float(double(delta32[j]) + std::expm1(-double(u)))
                                                 : std::fma(u, std::fma(0x1.0000a4p-1f, u, -0x1.0000f6p0f), delta32[j]);
  if (chosen == variant::lut32_p2_add_folded) return scale / std::fma(s, q, s + scale);
  return scale / (scale + std::fma(s, q, s));
}

} // namespace

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "shipped";
  if (name == "shipped")
    chosen = variant::shipped;
  else if (name == "lut32-p2")
    chosen = variant::lut32_p2;
  else if (name == "lut32-exact")
    chosen = variant::lut32_exact;
  else if (name == "lut32-p2-add-folded")
    chosen = variant::lut32_p2_add_folded;
  else {
    std::fprintf(stderr, "usage: %s shipped|lut32-p2|lut32-exact|lut32-p2-add-folded\n", argv[0]);
    return 2;
  }
  for (int j = 0; j < 32; ++j) {
    table32[j] = float(std::exp2(j / 32.0));
    delta32[j] = float(std::exp2(j / 32.0) / table32[j] - 1.0);
  }
  double max_error = 0;
  float worst_x = 0;
  long breaks = 0;
#pragma omp parallel
  {
    double local_max = 0;
    float local_worst = 0;
    long local_breaks = 0;
#pragma omp for schedule(static)
    for (long b = 0; b < (1l << 32); ++b) {
      const float x = std::bit_cast<float>(std::uint32_t(b));
      if (x != x) continue;
      const float y = sigmoid_fast_model(x);
      const double e = simdact_ulp_error(y, simdact_reference_sigmoid(x));
      if (e > local_max) local_max = e, local_worst = x;
      if (x != INFINITY && sigmoid_fast_model(std::nextafter(x, INFINITY)) < y) ++local_breaks;
    }
#pragma omp critical
    {
      if (local_max > max_error) max_error = local_max, worst_x = local_worst;
      breaks += local_breaks;
    }
  }
  std::printf("%s: max %.4f ulp at %a, %ld monotone breaks\n", name.c_str(), max_error, worst_x, breaks);
}
