// Peer: XNNPACK (Debian's libxnnpack-dev), the sigmoid operator as a framework uses it: created
// once per size, then setup + run per call, no threadpool (one thread).
#include <xnnpack.h>

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
