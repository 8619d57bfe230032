// The benchmark's implementations: simdact's ops (registered from the list of operations, through
// the public API) and the peers and memory bounds, each in its own translation unit (own flags, own
// CMake option), which register themselves here at static-initialization time.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace bench {

/// One call over a fixed n (chosen when the implementation is prepared): the inputs and outputs in
/// the order of the function's row in include/simdact/ops.def.
using kernel = std::function<void(const float* const* in, float* const* out)>;
/// y = f(x), and dx = f(dy, y), over a fixed n: how most peers are written.
using unary_kernel = std::function<void(const float* x, float* y)>;
using binary_kernel = std::function<void(const float* a, const float* b, float* c)>;

struct implementation {
  std::string name;     // e.g. "xnnpack", "sleef-avx512-u10", "simdact-avx2", "memcpy"
  std::string function; // what it computes: an op of the list ("sigmoid"), or for a bound its own name
  std::size_t inputs = 1, outputs = 1;
  bool bound = false;              // a memory bound (bench/peer_memcpy.cpp), not a peer
  bool in_place = false;           // a bound that runs in place only, held against the in-place rows
  std::function<bool()> available; // false: this CPU cannot run it (the benchmark skips it)
  // Builds a kernel for n elements (operator creation etc. happens here, outside the timing); an
  // empty one if it could not.
  std::function<kernel(std::size_t n)> prepare;
};

inline bool always() { return true; }

/// An implementation of `function` with the given arity, available everywhere, not yet prepared.
inline implementation named(std::string name, std::string function, std::size_t inputs, std::size_t outputs) {
  implementation i;
  i.name = std::move(name);
  i.function = std::move(function);
  i.inputs = inputs;
  i.outputs = outputs;
  i.available = always;
  return i;
}

inline implementation unary(std::string name, std::string function, std::function<unary_kernel(std::size_t)> prepare,
                            std::function<bool()> available = always) {
  implementation i = named(std::move(name), std::move(function), 1, 1);
  i.available = std::move(available);
  i.prepare = [prepare = std::move(prepare)](std::size_t n) -> kernel {
    unary_kernel k = prepare(n);
    if (!k) return {};
    return [k](const float* const* in, float* const* out) { k(in[0], out[0]); };
  };
  return i;
}

inline implementation binary(std::string name, std::string function, std::function<binary_kernel(std::size_t)> prepare,
                             std::function<bool()> available = always) {
  implementation i = named(std::move(name), std::move(function), 2, 1);
  i.available = std::move(available);
  i.prepare = [prepare = std::move(prepare)](std::size_t n) -> kernel {
    binary_kernel k = prepare(n);
    if (!k) return {};
    return [k](const float* const* in, float* const* out) { k(in[0], in[1], out[0]); };
  };
  return i;
}

/// A memory bound: an implementation that is its own function, held against the rows of the same
/// arity (and layout).
inline implementation bound(implementation i, bool in_place = false) {
  i.function = i.name;
  i.bound = true;
  i.in_place = in_place;
  return i;
}

std::vector<implementation>& registry();

struct registrar {
  explicit registrar(implementation impl) { registry().push_back(std::move(impl)); }
};

} // namespace bench
