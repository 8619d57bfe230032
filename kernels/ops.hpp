// Every op's kernel, one file each in kernels/ops/ (one per row of include/simdact/ops.def), and
// run<Op, Arch>, which applies an op's vector function to a call's buffers through the loop driver.
// An op is a struct kernels::ops::<name> with
//   template <class Arch> static constexpr std::size_t unroll;   // vectors per loop step
//   template <class Arch, class V> static V compute(V x...);      // one output: returns it
//   template <class Arch, class V> static void compute(V x..., V& y...);  // several outputs
// written once for every Arch against kernels/isa/isa.hpp.  docs/adding-an-op.md walks through one.
#pragma once

#include <cstddef>
#include <utility>

#include "loop.hpp"
#include "ops/log_sigmoid.hpp"
#include "ops/log_sigmoid_backward.hpp"
#include "ops/mish.hpp"
#include "ops/mish_backward.hpp"
#include "ops/sigmoid.hpp"
#include "ops/sigmoid_backward.hpp"
#include "ops/sigmoid_derivative.hpp"
#include "ops/sigmoid_fast.hpp"
#include "ops/sigmoid_with_derivative.hpp"
#include "ops/silu.hpp"
#include "ops/silu_backward.hpp"
#include "ops/silu_derivative.hpp"
#include "ops/silu_fast.hpp"
#include "ops/softplus.hpp"
#include "ops/softplus_backward.hpp"
#include "ops/swiglu.hpp"
#include "ops/swiglu_backward.hpp"
#include "ops/swiglu_fast.hpp"
#include "ops/tanh.hpp"
#include "ops/tanh_backward.hpp"
#include "ops/tanh_derivative.hpp"
#include "ops/tanh_fast.hpp"
#include "ops/tanh_with_derivative.hpp"

namespace simdact {
namespace kernels {

template <class Op, class Arch, std::size_t... I, std::size_t... O>
SIMDACT_INLINE void run_indexed(const float* const* inputs, float* const* outputs, std::size_t n,
                                std::index_sequence<I...>, std::index_sequence<O...>) noexcept {
  const float* const in[] = {inputs[I]...};
  float* const out[] = {outputs[O]...};
  for_each_vector<Arch, Op::template unroll<Arch>>(in, out, n, [](const auto& x, auto& y) SIMDACT_INLINE_LAMBDA {
    if constexpr (sizeof...(O) == 1) {
      y[0] = Op::template compute<Arch>(x[I]...);
    } else {
      Op::template compute<Arch>(x[I]..., y[O]...);
    }
  });
}

/// Op on Arch over n elements of its In inputs and Out outputs.
template <class Op, class Arch, std::size_t In, std::size_t Out>
void run(const float* const* inputs, float* const* outputs, std::size_t n) noexcept {
  run_indexed<Op, Arch>(inputs, outputs, n, std::make_index_sequence<In>{}, std::make_index_sequence<Out>{});
}

} // namespace kernels
} // namespace simdact
