// One side of an A/B of two builds of simdact (tools/ab/run.sh): linked with one build's
// libsimdact.a into a shared object that exports ab_time alone, so that ab_main can load both
// builds into one process and alternate between them call by call.  It runs every op of a
// build's list (include/simdact/ops.def) through the generic entry, or sigmoid's named entry points
// in a build from before the list.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>

#include "simdact/simdact.h"

namespace {

struct buffers {
  std::size_t n = 0;
  float* region = nullptr;
  float *x = nullptr, *y = nullptr, *d = nullptr, *dx = nullptr;
  /// The four buffers in one region at fixed offsets (whole pages apart, plus 256 bytes), so that
  /// both builds see the same layout, 4 KiB aliasing between loads and stores included.
  void resize(std::size_t size) {
    if (size == n) return;
    std::free(region);
    n = size;
    const std::size_t stride = ((n * sizeof(float) + 4095) / 4096 * 4096 + 256) / sizeof(float);
    region = static_cast<float*>(std::aligned_alloc(4096, 4 * stride * sizeof(float)));
    x = region, y = region + stride, d = region + 2 * stride, dx = region + 3 * stride;
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> around(-12.0f, 12.0f), unit(0.0f, 1.0f);
    for (std::size_t i = 0; i < n; ++i) x[i] = around(rng), y[i] = unit(rng), d[i] = dx[i] = 0.0f;
  }
} b;

#if __has_include("simdact/ops.def")
// Every op of this build's list, through the generic entry: inputs x then y, outputs d then dx.
constexpr simdact_op op_ids[] = {
#define SIMDACT_OP(name, ...) simdact_op_##name,
#include "simdact/ops.def"
#undef SIMDACT_OP
};

void call(int op) {
  const float* const inputs[] = {b.x, b.y};
  float* const outputs[] = {b.d, b.dx};
  simdact_run_f32(op_ids[op], inputs, outputs, b.n);
}

} // namespace

/// The op's names, in the order ab_time takes them.
extern "C" __attribute__((visibility("default"))) const char* const ab_ops[] = {
#define SIMDACT_OP(name, ...) #name,
#include "simdact/ops.def"
#undef SIMDACT_OP
    nullptr};
#else
// A build from before the list of operations: sigmoid's named entry points.
void call(int op) {
  switch (op) {
  case 0: simdact_sigmoid_f32(b.x, b.d, b.n); break;
  case 1: simdact_sigmoid_fast_f32(b.x, b.d, b.n); break;
  case 2: simdact_sigmoid_derivative_f32(b.x, b.d, b.n); break;
  case 3: simdact_sigmoid_with_derivative_f32(b.x, b.d, b.dx, b.n); break;
  default: simdact_sigmoid_backward_f32(b.x, b.y, b.dx, b.n); break;
  }
}

} // namespace

/// The op's names, in the order ab_time takes them.
extern "C" __attribute__((visibility("default"))) const char* const ab_ops[] = {
    "sigmoid", "sigmoid_fast", "sigmoid_derivative", "sigmoid_with_derivative", "sigmoid_backward", nullptr};
#endif

/// Nanoseconds for `calls` calls of op ab_ops[op] on n elements on the given ISA (x in [-12, 12],
/// y in [0, 1]); a negative value if the ISA is not supported.
extern "C" __attribute__((visibility("default"))) double ab_time(const char* isa, int op, std::size_t n, int calls) {
  if (simdact_set_isa(isa) != SIMDACT_OK) return -1.0;
  b.resize(n);
  call(op); // the first call of a size touches the buffers
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) call(op);
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
}
