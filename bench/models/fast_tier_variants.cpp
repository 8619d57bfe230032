// An exhaustive scalar model of fast-tier variants, to learn their max error before building one
// (bench/RESULTS.md, "Considered and not built", 2026-12-03).  Not part of the build:
//   g++ -O2 -march=native -fopenmp bench/models/fast_tier_variants.cpp -o /tmp/fast_tier_variants
//   /tmp/fast_tier_variants shipped|lut32-p2|lut32-exact|lut32-p2-add-folded
// Each variant is the kernel's arithmetic in binary32 with fmaf, one float at a time, over every
// non-NaN float x, against 1/(1 + e^-x) in double; it prints the max error in ulp of the rounded
// result (subnormal ulps 2^-149) and the count of x whose successor float gets a smaller result.
// "shipped" is kernels/sigmoid.hpp's sigmoid_fast_vector (the model reproduces its exhaustive
// test's 2.8273 ulp and one break).  The lut32 variants: n in steps of 1/32, s = RN(2^(j/32)) *
// 2^(k-25), the table's rounding folded into the polynomial's constant per entry (delta_j), and
// E = fma(s, q, s) with q = fma(u, fma(c2, u, -c1), delta_j), where Sollya gave
//   fpminimax(expm1(x), [|1, 2|], [|single, single|], [-R; R], absolute), R = log(2)/64 * (1 + 2^-10)
//   = x * (0x1.0000f6p0 + x * 0x1.0000a4p-1), max error 2^-24.1.
// "lut32-exact" takes q from expm1 in double (the roundings alone); "lut32-p2-add-folded" forms
// d = fma(s, q, s + 2^-25) in place of 2^-25 + E.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

enum class variant { shipped, lut32_p2, lut32_exact, lut32_p2_add_folded };
variant chosen;
float table8[8], table32[32], delta32[32];

float sigmoid_fast_model(float x) {
  if (x != x) return x;
  if (!(x > -104.0f)) return 0.0f;
  const float w = std::fmin(20.0f, x);
  const bool lut32 = chosen != variant::shipped;
  const float magic = lut32 ? 0x1.8p18f : 0x1.8p20f;
  const float nb = std::fma(w, -0x1.715476p0f, magic);
  const float n = nb - magic;
  const float u = std::fma(n, 0x1.0bfbe8p-15f, std::fma(n, 0x1.62ep-1f, w)); // -r
  const int k = int(std::floor(n));
  if (!lut32) {
    const float s = std::ldexp(table8[to_bits(nb) & 7u], k - 25);
    const float minus_p = std::fma(std::fma(-0x1.555cd8p-3f, u, 0x1.000882p-1f), u, -1.0f);
    return 0x1p-25f / (0x1p-25f + std::fma(s * u, minus_p, s));
  }
  const unsigned j = to_bits(nb) & 31u;
  const float s = std::ldexp(table32[j], k - 25);
  const float q = chosen == variant::lut32_exact ? float(double(delta32[j]) + std::expm1(-double(u)))
                                                 : std::fma(u, std::fma(0x1.0000a4p-1f, u, -0x1.0000f6p0f), delta32[j]);
  if (chosen == variant::lut32_p2_add_folded) return 0x1p-25f / std::fma(s, q, s + 0x1p-25f);
  return 0x1p-25f / (0x1p-25f + std::fma(s, q, s));
}

double error_in_ulp(float y, double exact) {
  int exponent;
  std::frexp(exact, &exponent); // exact = m * 2^exponent, m in [1/2, 1)
  const double ulp = std::fmax(std::ldexp(1.0, exponent - 24), 0x1p-149);
  return std::fabs(double(y) - exact) / ulp;
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
  for (int j = 0; j < 8; ++j) table8[j] = float(std::exp2(j / 8.0));
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
      const float x = from_bits(std::uint32_t(b));
      if (x != x) continue;
      const float y = sigmoid_fast_model(x);
      const double e = error_in_ulp(y, 1.0 / (1.0 + std::exp(-double(x))));
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
