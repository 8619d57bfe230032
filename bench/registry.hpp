// The benchmark's implementations: simdact's paths and the peers, each peer in its own translation
// unit (own flags, own CMake option) that registers itself here at static-initialization time.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace bench {

/// y = f(x) over a fixed n (chosen when the implementation is prepared).
using unary_kernel = std::function<void(const float* x, float* y)>;
/// dx = dy * y * (1 - y) over a fixed n.
using backward_kernel = std::function<void(const float* dy, const float* y, float* dx)>;

/// memcpy and read_write_pass are the memory bounds (bench/peer_memcpy.cpp); the rest, sigma's peers.
enum class function { sigmoid, sigmoid_derivative, sigmoid_with_derivative, sigmoid_backward, memcpy, read_write_pass };

using fused_kernel = std::function<void(const float* x, float* y, float* d)>;

struct implementation {
  std::string name; // e.g. "xnnpack", "sleef-avx512-u10", "simdact-avx2"
  function what = function::sigmoid;
  std::function<bool()> available; // false: this CPU cannot run it (the benchmark skips it)
  // Build a kernel for n elements (operator creation etc. happens here, outside the timing);
  // the one matching `what` is set.
  std::function<unary_kernel(std::size_t n)> prepare_unary;
  std::function<backward_kernel(std::size_t n)> prepare_backward;
  std::function<fused_kernel(std::size_t n)> prepare_fused;
};

inline bool always() { return true; }

inline implementation unary(std::string name, function what, std::function<unary_kernel(std::size_t)> prepare,
                            std::function<bool()> available = always) {
  implementation i;
  i.name = std::move(name);
  i.what = what;
  i.available = std::move(available);
  i.prepare_unary = std::move(prepare);
  return i;
}

inline implementation backward(std::string name, std::function<backward_kernel(std::size_t)> prepare,
                               std::function<bool()> available = always) {
  implementation i;
  i.name = std::move(name);
  i.what = function::sigmoid_backward;
  i.available = std::move(available);
  i.prepare_backward = std::move(prepare);
  return i;
}

inline implementation fused(std::string name, std::function<fused_kernel(std::size_t)> prepare) {
  implementation i;
  i.name = std::move(name);
  i.what = function::sigmoid_with_derivative;
  i.available = always;
  i.prepare_fused = std::move(prepare);
  return i;
}

std::vector<implementation>& registry();

struct registrar {
  explicit registrar(implementation impl) { registry().push_back(std::move(impl)); }
};

} // namespace bench
