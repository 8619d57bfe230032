// SLEEF's sigmoid, silu, tanh and softplus loops, compiled twice (bench/CMakeLists.txt): with -mavx2 -mfma and
// BENCH_SLEEF_AVX512=0, and with -mavx512f and BENCH_SLEEF_AVX512=1.  sleef.h declares its
// AVX2/AVX-512 functions only under those flags.  No static initialization here: the registration
// lives in peer_sleef.cpp, built with baseline flags, so nothing runs before the CPU check.
#include <immintrin.h>
#include <sleef.h>

#include <cstddef>

namespace {

// Tails go through a zero-padded copy, as simdact's do.
template <int W, class Step> void over(const float* x, float* y, std::size_t n, Step step) {
  std::size_t i = 0;
  for (; i + W <= n; i += W) step(x + i, y + i);
  if (i < n) {
    alignas(64) float in[W] = {}, out[W];
    for (std::size_t k = 0; i + k < n; ++k) in[k] = x[i + k];
    step(in, out);
    for (std::size_t k = 0; i + k < n; ++k) y[i + k] = out[k];
  }
}

} // namespace

#if BENCH_SLEEF_AVX512
void sleef_sigmoid_avx512(const float* x, float* y, std::size_t n) {
  over<16>(x, y, n, [](const float* in, float* out) {
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 e = Sleef_expf16_u10avx512f(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_loadu_ps(in)));
    _mm512_storeu_ps(out, _mm512_div_ps(one, _mm512_add_ps(one, e)));
  });
}
// x / (1 + exp(-x)): PyTorch's vectorized silu; swiglu: times b in the same loop.
void sleef_swiglu_avx512(const float* a, const float* b, float* y, std::size_t n) {
  std::size_t i = 0;
  const __m512 one = _mm512_set1_ps(1.0f);
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(a + i);
    const __m512 e = Sleef_expf16_u10avx512f(_mm512_sub_ps(_mm512_setzero_ps(), v));
    _mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_div_ps(v, _mm512_add_ps(one, e)), _mm512_loadu_ps(b + i)));
  }
  const __mmask16 tail = __mmask16((1u << (n - i)) - 1);
  const __m512 v = _mm512_maskz_loadu_ps(tail, a + i);
  const __m512 e = Sleef_expf16_u10avx512f(_mm512_sub_ps(_mm512_setzero_ps(), v));
  _mm512_mask_storeu_ps(y + i, tail,
                        _mm512_mul_ps(_mm512_div_ps(v, _mm512_add_ps(one, e)), _mm512_maskz_loadu_ps(tail, b + i)));
}
void sleef_silu_avx512(const float* x, float* y, std::size_t n) {
  over<16>(x, y, n, [](const float* in, float* out) {
    const __m512 one = _mm512_set1_ps(1.0f), v = _mm512_loadu_ps(in);
    const __m512 e = Sleef_expf16_u10avx512f(_mm512_sub_ps(_mm512_setzero_ps(), v));
    _mm512_storeu_ps(out, _mm512_div_ps(v, _mm512_add_ps(one, e)));
  });
}
void sleef_tanh_avx512_u10(const float* x, float* y, std::size_t n) {
  over<16>(x, y, n,
           [](const float* in, float* out) { _mm512_storeu_ps(out, Sleef_tanhf16_u10avx512f(_mm512_loadu_ps(in))); });
}
void sleef_tanh_avx512_u35(const float* x, float* y, std::size_t n) {
  over<16>(x, y, n,
           [](const float* in, float* out) { _mm512_storeu_ps(out, Sleef_tanhf16_u35avx512f(_mm512_loadu_ps(in))); });
}
// max(x, 0) + log1p(e^-|x|) and min(x, 0) - log1p(e^-|x|) with the 1.0-ulp exp and log1p.
void sleef_softplus_avx512(const float* x, float* y, std::size_t n) {
  over<16>(x, y, n, [](const float* in, float* out) {
    const __m512 v = _mm512_loadu_ps(in);
    const __m512 minus_abs = _mm512_min_ps(v, _mm512_sub_ps(_mm512_setzero_ps(), v));
    const __m512 l = Sleef_log1pf16_u10avx512f(Sleef_expf16_u10avx512f(minus_abs));
    _mm512_storeu_ps(out, _mm512_add_ps(_mm512_max_ps(v, _mm512_setzero_ps()), l));
  });
}
void sleef_log_sigmoid_avx512(const float* x, float* y, std::size_t n) {
  over<16>(x, y, n, [](const float* in, float* out) {
    const __m512 v = _mm512_loadu_ps(in);
    const __m512 minus_abs = _mm512_min_ps(v, _mm512_sub_ps(_mm512_setzero_ps(), v));
    const __m512 l = Sleef_log1pf16_u10avx512f(Sleef_expf16_u10avx512f(minus_abs));
    _mm512_storeu_ps(out, _mm512_sub_ps(_mm512_min_ps(v, _mm512_setzero_ps()), l));
  });
}
#else
void sleef_tanh_avx2_u10(const float* x, float* y, std::size_t n) {
  over<8>(x, y, n,
          [](const float* in, float* out) { _mm256_storeu_ps(out, Sleef_tanhf8_u10avx2(_mm256_loadu_ps(in))); });
}
void sleef_tanh_avx2_u35(const float* x, float* y, std::size_t n) {
  over<8>(x, y, n,
          [](const float* in, float* out) { _mm256_storeu_ps(out, Sleef_tanhf8_u35avx2(_mm256_loadu_ps(in))); });
}
void sleef_sigmoid_avx2(const float* x, float* y, std::size_t n) {
  over<8>(x, y, n, [](const float* in, float* out) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 e = Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), _mm256_loadu_ps(in)));
    _mm256_storeu_ps(out, _mm256_div_ps(one, _mm256_add_ps(one, e)));
  });
}
void sleef_swiglu_avx2(const float* a, const float* b, float* y, std::size_t n) {
  std::size_t i = 0;
  const __m256 one = _mm256_set1_ps(1.0f);
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(a + i);
    const __m256 e = Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), v));
    _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_div_ps(v, _mm256_add_ps(one, e)), _mm256_loadu_ps(b + i)));
  }
  for (; i < n; ++i) y[i] = a[i] / (1.0f + Sleef_expf_u10(-a[i])) * b[i];
}
void sleef_silu_avx2(const float* x, float* y, std::size_t n) {
  over<8>(x, y, n, [](const float* in, float* out) {
    const __m256 one = _mm256_set1_ps(1.0f), v = _mm256_loadu_ps(in);
    const __m256 e = Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), v));
    _mm256_storeu_ps(out, _mm256_div_ps(v, _mm256_add_ps(one, e)));
  });
}
void sleef_softplus_avx2(const float* x, float* y, std::size_t n) {
  over<8>(x, y, n, [](const float* in, float* out) {
    const __m256 v = _mm256_loadu_ps(in);
    const __m256 minus_abs = _mm256_min_ps(v, _mm256_sub_ps(_mm256_setzero_ps(), v));
    const __m256 l = Sleef_log1pf8_u10avx2(Sleef_expf8_u10avx2(minus_abs));
    _mm256_storeu_ps(out, _mm256_add_ps(_mm256_max_ps(v, _mm256_setzero_ps()), l));
  });
}
void sleef_log_sigmoid_avx2(const float* x, float* y, std::size_t n) {
  over<8>(x, y, n, [](const float* in, float* out) {
    const __m256 v = _mm256_loadu_ps(in);
    const __m256 minus_abs = _mm256_min_ps(v, _mm256_sub_ps(_mm256_setzero_ps(), v));
    const __m256 l = Sleef_log1pf8_u10avx2(Sleef_expf8_u10avx2(minus_abs));
    _mm256_storeu_ps(out, _mm256_sub_ps(_mm256_min_ps(v, _mm256_setzero_ps()), l));
  });
}
#endif
