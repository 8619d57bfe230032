// Peer: XNNPACK (Debian's libxnnpack-dev), the sigmoid operator as a framework uses it: created
// once per size, then setup + run per call, no threadpool (one thread).  XNNPACK has no SiLU: its
// silu row is the sigmoid operator then the multiply operator (y = x * sigma(x), y written twice),
// its swiglu row one more multiply by b.
#include <xnnpack.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "registry.hpp"

namespace {

struct op_deleter {
  void operator()(xnn_operator* op) const { xnn_delete_operator(op); }
};

bool initialized() {
  static const bool ok = xnn_initialize(nullptr) == xnn_status_success;
  return ok;
}

void check(xnn_status status, const char* what, std::size_t n) {
  // A failed call would time nothing: stop the run instead.
  if (status != xnn_status_success) {
    std::fprintf(stderr, "bench: XNNPACK's %s failed for n = %zu\n", what, n);
    std::abort();
  }
}

const bench::registrar silu{bench::unary(
    "xnnpack", "silu",
    [](std::size_t n) -> bench::unary_kernel {
      xnn_operator_t raw_sigmoid = nullptr, raw_multiply = nullptr;
      if (xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &raw_sigmoid) != xnn_status_success) return {};
      std::shared_ptr<xnn_operator> sigmoid(raw_sigmoid, op_deleter{});
      if (xnn_create_multiply_nd_f32(-INFINITY, INFINITY, 0, &raw_multiply) != xnn_status_success) return {};
      std::shared_ptr<xnn_operator> multiply(raw_multiply, op_deleter{});
      return [sigmoid, multiply, n](const float* x, float* y) {
        const std::size_t shape[1] = {n};
        check(xnn_setup_sigmoid_nc_f32(sigmoid.get(), n, x, y, nullptr), "sigmoid", n);
        check(xnn_run_operator(sigmoid.get(), nullptr), "sigmoid", n);
        check(xnn_setup_multiply_nd_f32(multiply.get(), 1, shape, 1, shape, x, y, y, nullptr), "multiply", n);
        check(xnn_run_operator(multiply.get(), nullptr), "multiply", n);
      };
    },
    initialized)};

const bench::registrar swiglu{bench::binary(
    "xnnpack", "swiglu",
    [](std::size_t n) -> bench::binary_kernel {
      xnn_operator_t raw_sigmoid = nullptr, raw_multiply = nullptr;
      if (xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &raw_sigmoid) != xnn_status_success) return {};
      std::shared_ptr<xnn_operator> sigmoid(raw_sigmoid, op_deleter{});
      if (xnn_create_multiply_nd_f32(-INFINITY, INFINITY, 0, &raw_multiply) != xnn_status_success) return {};
      std::shared_ptr<xnn_operator> multiply(raw_multiply, op_deleter{});
      return [sigmoid, multiply, n](const float* a, const float* b, float* y) {
        const std::size_t shape[1] = {n};
        check(xnn_setup_sigmoid_nc_f32(sigmoid.get(), n, a, y, nullptr), "sigmoid", n);
        check(xnn_run_operator(sigmoid.get(), nullptr), "sigmoid", n);
        check(xnn_setup_multiply_nd_f32(multiply.get(), 1, shape, 1, shape, a, y, y, nullptr), "multiply", n);
        check(xnn_run_operator(multiply.get(), nullptr), "multiply", n);
        check(xnn_setup_multiply_nd_f32(multiply.get(), 1, shape, 1, shape, y, b, y, nullptr), "multiply", n);
        check(xnn_run_operator(multiply.get(), nullptr), "multiply", n);
      };
    },
    initialized)};

const bench::registrar entry{bench::unary(
    "xnnpack", "sigmoid",
    [](std::size_t n) -> bench::unary_kernel {
      xnn_operator_t raw = nullptr;
      if (xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &raw) != xnn_status_success) return {};
      std::shared_ptr<xnn_operator> op(raw, op_deleter{});
      return [op, n](const float* x, float* y) {
        // A failed call would time nothing: stop the run instead.
        if (xnn_setup_sigmoid_nc_f32(op.get(), n, x, y, nullptr) != xnn_status_success ||
            xnn_run_operator(op.get(), nullptr) != xnn_status_success) {
          std::fprintf(stderr, "bench: XNNPACK's sigmoid failed for n = %zu\n", n);
          std::abort();
        }
      };
    },
    initialized)};

} // namespace
