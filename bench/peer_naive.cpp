// Peers: the loops a user writes by hand.  This file is compiled twice, once at -O2 and once at
// -O3 -march=native (bench/CMakeLists.txt), with BENCH_NAIVE_NAME naming the variant.
#include <cmath>
#include <cstring>

#include "registry.hpp"

namespace {

__attribute__((noinline)) void naive_sigmoid(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
}

__attribute__((noinline)) void naive_silu(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] / (1.0f + std::exp(-x[i]));
}

__attribute__((noinline)) void naive_swiglu(const float* a, const float* b, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = a[i] / (1.0f + std::exp(-a[i])) * b[i];
}

/// PyTorch's scalar formula: dy * s * (1 + x * (1 - s)), s = sigma(x).
__attribute__((noinline)) void naive_silu_backward(const float* dy, const float* x, float* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float s = 1.0f / (1.0f + std::exp(-x[i]));
    dx[i] = dy[i] * s * (1.0f + x[i] * (1.0f - s));
  }
}

/// The same for swiglu: da = dy*b*silu'(a), db = dy*silu(a).
__attribute__((noinline)) void naive_swiglu_backward(const float* dy, const float* a, const float* b, float* da,
                                                     float* db, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float s = 1.0f / (1.0f + std::exp(-a[i]));
    da[i] = dy[i] * b[i] * s * (1.0f + a[i] * (1.0f - s));
    db[i] = dy[i] * a[i] * s;
  }
}

__attribute__((noinline)) void naive_backward(const float* dy, const float* y, float* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}

/// The stable forms a user writes: max(x, 0) + log1p(e^-|x|), min(x, 0) - log1p(e^-|x|).
__attribute__((noinline)) void naive_softplus(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::fmax(x[i], 0.0f) + std::log1p(std::exp(-std::fabs(x[i])));
}

__attribute__((noinline)) void naive_log_sigmoid(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::fmin(x[i], 0.0f) - std::log1p(std::exp(-std::fabs(x[i])));
}

__attribute__((noinline)) void naive_softplus_backward(const float* dy, const float* x, float* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] / (1.0f + std::exp(-x[i]));
}

__attribute__((noinline)) void naive_log_sigmoid_backward(const float* dy, const float* x, float* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] / (1.0f + std::exp(x[i]));
}

/// mish on the stable softplus, and its derivative as tanh(sp) + x*sigma(x)*(1 - tanh(sp)^2).
__attribute__((noinline)) void naive_mish(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    y[i] = x[i] * std::tanh(std::fmax(x[i], 0.0f) + std::log1p(std::exp(-std::fabs(x[i]))));
}

__attribute__((noinline)) void naive_mish_backward(const float* dy, const float* x, float* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float t = std::tanh(std::fmax(x[i], 0.0f) + std::log1p(std::exp(-std::fabs(x[i]))));
    const float s = 1.0f / (1.0f + std::exp(-x[i]));
    dx[i] = dy[i] * (t + x[i] * s * (1.0f - t * t));
  }
}

const bench::registrar mish_entry{
    bench::unary("naive-" BENCH_NAIVE_NAME, "mish", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { naive_mish(x, y, n); };
    })};
const bench::registrar mish_backward_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "mish_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* dy, const float* x, float* dx) { naive_mish_backward(dy, x, dx, n); };
    })};

const bench::registrar softplus_backward_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "softplus_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* dy, const float* x, float* dx) { naive_softplus_backward(dy, x, dx, n); };
    })};
const bench::registrar log_sigmoid_backward_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "log_sigmoid_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* dy, const float* x, float* dx) { naive_log_sigmoid_backward(dy, x, dx, n); };
    })};

const bench::registrar softplus_entry{
    bench::unary("naive-" BENCH_NAIVE_NAME, "softplus", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { naive_softplus(x, y, n); };
    })};
const bench::registrar log_sigmoid_entry{
    bench::unary("naive-" BENCH_NAIVE_NAME, "log_sigmoid", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { naive_log_sigmoid(x, y, n); };
    })};

__attribute__((noinline)) void naive_tanh(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}

__attribute__((noinline)) void naive_tanh_backward(const float* dy, const float* y, float* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
}

const bench::registrar tanh_entry{
    bench::unary("naive-" BENCH_NAIVE_NAME, "tanh", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { naive_tanh(x, y, n); };
    })};

const bench::registrar tanh_backward_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "tanh_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* dy, const float* y, float* dx) { naive_tanh_backward(dy, y, dx, n); };
    })};

const bench::registrar sigmoid_entry{
    bench::unary("naive-" BENCH_NAIVE_NAME, "sigmoid", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { naive_sigmoid(x, y, n); };
    })};

const bench::registrar silu_entry{
    bench::unary("naive-" BENCH_NAIVE_NAME, "silu", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { naive_silu(x, y, n); };
    })};

const bench::registrar swiglu_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "swiglu", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* a, const float* b, float* y) { naive_swiglu(a, b, y, n); };
    })};

const bench::registrar backward_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "sigmoid_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* dy, const float* y, float* dx) { naive_backward(dy, y, dx, n); };
    })};

const bench::registrar silu_backward_entry{
    bench::binary("naive-" BENCH_NAIVE_NAME, "silu_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n](const float* dy, const float* x, float* dx) { naive_silu_backward(dy, x, dx, n); };
    })};

const bench::registrar swiglu_backward_entry{[] {
  bench::implementation i = bench::named("naive-" BENCH_NAIVE_NAME, "swiglu_backward", 3, 2);
  i.prepare = [](std::size_t n) -> bench::kernel {
    return [n](const float* const* in, float* const* out) {
      naive_swiglu_backward(in[0], in[1], in[2], out[0], out[1], n);
    };
  };
  return i;
}()};

} // namespace
