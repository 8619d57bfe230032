// tanh_with_derivative: y = tanh(x) and d = tanh'(x) in one pass, bit for bit what tanh and
// tanh_derivative return (the same operations on one evaluation of e^-2|x|).
#pragma once

#include "tanh.hpp"
#include "tanh_derivative.hpp"

namespace simdact {
namespace kernels {
namespace ops {
struct tanh_with_derivative {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE void compute(V x, V& y, V& d) noexcept {
    const exp_pair<V> e = tanh_exp_pair<Arch>(x);
    y = tanh_from_x_and_exp_pair<Arch>(x, e);
    d = select_nan(x, sigmoid_derivative_from_exp_pair<Arch, 4, tanh_constants::exp_scaling>(e));
  }
};
} // namespace ops
} // namespace kernels
} // namespace simdact
