// The bandwidth bound: memcpy of the bytes a forward kernel moves (read n floats, write n).
#include <cstring>

#include "registry.hpp"

namespace {
const bench::registrar entry{bench::unary("memcpy", bench::function::memcpy, [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) { std::memcpy(y, x, n * sizeof(float)); };
})};
} // namespace
