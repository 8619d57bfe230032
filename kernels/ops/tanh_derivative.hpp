// tanh_derivative: d = tanh'(x) = 1 - tanh^2(x) = 4e/(1 + e)^2 with e = e^-2|x|, from x (never as
// 1 - y^2, which cancels where tanh nears 1).
// Max error: 1 ulp on every path (subnormal results, from |x| = 43.7 on: 1 unit of 2^-149);
// docs/accuracy.md.  Every float x: NaN -> the input NaN, tanh'(+-0) = 1, +-inf -> +0, results in
// [0, 1], even to the bit.
// Algorithm: 4 sigma'(2|x|), sigma''s two chained corrected quotients with the 4 folded into their
// numerator (a subnormal result rounds once, where 4 RN(sigma') would err by up to 2 units); e' from
// tanh's exp pair; docs/design/tanh.md.
#pragma once

#include "sigmoid_derivative.hpp"
#include "tanh.hpp"

namespace simdact {
namespace kernels {
namespace ops {
struct tanh_derivative {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    return select_nan(x,
                      sigmoid_derivative_from_exp_pair<Arch, 4, tanh_constants::exp_scaling>(tanh_exp_pair<Arch>(x)));
  }
};
} // namespace ops
} // namespace kernels
} // namespace simdact
