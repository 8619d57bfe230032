// sigmoid_with_derivative: y = sigma(x) and d = sigma'(x) in one pass, bit for bit what sigmoid and
// sigmoid_derivative return (the same operations on one evaluation of e^-|x|).
#pragma once

#include "sigmoid.hpp"
#include "sigmoid_derivative.hpp"

namespace simdact {
namespace kernels {
namespace ops {
struct sigmoid_with_derivative {
  /// Vectors per loop step: 3 on avx2, whose 16 registers hold fewer of its longer chains
  /// (bench/RESULTS.md, "Unroll").
  template <class Arch>
  static constexpr std::size_t unroll = isa<Arch>::id == simdact::isa::avx2 ? 3 : isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE void compute(V x, V& y, V& d) noexcept {
    const exp_pair<V> e = exp_pair_rr2_lut8_p4<Arch>(x);
    y = select_nan(x, sigmoid_from_exp_pair<Arch>(x, e));
    d = select_nan(x, sigmoid_derivative_from_exp_pair<Arch>(e));
  }
};
} // namespace ops
} // namespace kernels
} // namespace simdact
