// Peer: SLEEF (Debian's libsleef-dev) the way PyTorch's CPU kernels compute sigmoid and silu:
// 1 / (1 + exp(-x)) and x / (1 + exp(-x)) with Sleef_expf16_u10 (AVX-512) or Sleef_expf8_u10
// (AVX2), the 1.0-ulp exp; and SLEEF's own tanh, u10 (PyTorch's vectorized tanh) and u35; softplus and log_sigmoid as
// max(x, 0) + log1pf_u10(expf_u10(-|x|)) and min(x, 0) - the same.
// The loops are in peer_sleef_kernels.cpp; each variant runs only where the CPU has its ISA.
#include <cstddef>

#include "registry.hpp"

void sleef_sigmoid_avx2(const float* x, float* y, std::size_t n);
void sleef_sigmoid_avx512(const float* x, float* y, std::size_t n);
void sleef_silu_avx2(const float* x, float* y, std::size_t n);
void sleef_silu_avx512(const float* x, float* y, std::size_t n);
void sleef_swiglu_avx2(const float* a, const float* b, float* y, std::size_t n);
void sleef_swiglu_avx512(const float* a, const float* b, float* y, std::size_t n);
void sleef_tanh_avx2_u10(const float* x, float* y, std::size_t n);
void sleef_tanh_avx2_u35(const float* x, float* y, std::size_t n);
void sleef_tanh_avx512_u10(const float* x, float* y, std::size_t n);
void sleef_tanh_avx512_u35(const float* x, float* y, std::size_t n);
void sleef_softplus_avx2(const float* x, float* y, std::size_t n);
void sleef_softplus_avx512(const float* x, float* y, std::size_t n);
void sleef_log_sigmoid_avx2(const float* x, float* y, std::size_t n);
void sleef_log_sigmoid_avx512(const float* x, float* y, std::size_t n);

namespace {

bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool has_avx512() { return __builtin_cpu_supports("avx512f"); }

const bench::registrar avx2{bench::unary(
    "sleef-avx2-u10", "sigmoid",
    [](std::size_t n) -> bench::unary_kernel { return [n](const float* x, float* y) { sleef_sigmoid_avx2(x, y, n); }; },
    has_avx2)};
const bench::registrar avx512{bench::unary(
    "sleef-avx512-u10", "sigmoid",
    [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { sleef_sigmoid_avx512(x, y, n); };
    },
    has_avx512)};
const bench::registrar silu_avx2{bench::unary(
    "sleef-avx2-u10", "silu",
    [](std::size_t n) -> bench::unary_kernel { return [n](const float* x, float* y) { sleef_silu_avx2(x, y, n); }; },
    has_avx2)};
const bench::registrar silu_avx512{bench::unary(
    "sleef-avx512-u10", "silu",
    [](std::size_t n) -> bench::unary_kernel { return [n](const float* x, float* y) { sleef_silu_avx512(x, y, n); }; },
    has_avx512)};

const bench::registrar swiglu_avx2{bench::binary(
    "sleef-avx2-u10", "swiglu",
    [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* a, const float* b, float* y) { sleef_swiglu_avx2(a, b, y, n); };
    },
    has_avx2)};
const bench::registrar swiglu_avx512{bench::binary(
    "sleef-avx512-u10", "swiglu",
    [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* a, const float* b, float* y) { sleef_swiglu_avx512(a, b, y, n); };
    },
    has_avx512)};

using unary_loop = void (*)(const float*, float*, std::size_t);
bench::implementation loop_for(const char* name, const char* op, unary_loop loop, bool (*available)()) {
  return bench::unary(
      name, op,
      [loop](std::size_t n) -> bench::unary_kernel { return [n, loop](const float* x, float* y) { loop(x, y, n); }; },
      available);
}
const bench::registrar tanh_avx2_u10{loop_for("sleef-avx2-u10", "tanh", sleef_tanh_avx2_u10, has_avx2)};
const bench::registrar tanh_avx2_u35{loop_for("sleef-avx2-u35", "tanh", sleef_tanh_avx2_u35, has_avx2)};
const bench::registrar tanh_avx512_u10{loop_for("sleef-avx512-u10", "tanh", sleef_tanh_avx512_u10, has_avx512)};
const bench::registrar tanh_avx512_u35{loop_for("sleef-avx512-u35", "tanh", sleef_tanh_avx512_u35, has_avx512)};
const bench::registrar softplus_avx2{loop_for("sleef-avx2-u10", "softplus", sleef_softplus_avx2, has_avx2)};
const bench::registrar softplus_avx512{loop_for("sleef-avx512-u10", "softplus", sleef_softplus_avx512, has_avx512)};
const bench::registrar log_sigmoid_avx2{loop_for("sleef-avx2-u10", "log_sigmoid", sleef_log_sigmoid_avx2, has_avx2)};
const bench::registrar log_sigmoid_avx512{
    loop_for("sleef-avx512-u10", "log_sigmoid", sleef_log_sigmoid_avx512, has_avx512)};

} // namespace
