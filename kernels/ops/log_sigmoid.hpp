// log_sigmoid: y = log(sigma(x)) = -softplus(-x).
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, -inf -> -inf, +inf -> -0; y = x wherever x is the correctly
// rounded value (from -14.556 down), -e^-x's tail down to the subnormal range for x >> 0, results
// <= 0, monotone.
// Algorithm: softplus's kernel on -x, negated (sign flips, exact): its bits are softplus(-x)'s with
// the sign flipped, on every path.
#pragma once

#include "softplus.hpp"

namespace simdact {
namespace kernels {
namespace ops {
struct log_sigmoid {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    return select_nan(x, negate(softplus_of<Arch>(negate(x))));
  }
};
} // namespace ops
} // namespace kernels
} // namespace simdact
