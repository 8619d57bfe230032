// log_sigmoid_backward: dx = dy * sigma(-x), the gradient through log_sigmoid from its input x.
// Max error, special values: softplus_backward's at -x (an infinite dy gives dy's infinity, NaN
// for x = +inf).
// Algorithm: softplus_backward's kernel on dy and -x (a sign flip): its bits are
// softplus_backward(dy, -x)'s on every path.
#pragma once

#include "softplus_backward.hpp"

namespace simdact {
namespace kernels {
namespace ops {
struct log_sigmoid_backward {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V dy, V x) noexcept {
    return dy_times_sigmoid<Arch>(dy, negate(x));
  }
};
} // namespace ops
} // namespace kernels
} // namespace simdact
