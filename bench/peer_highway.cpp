// Peer: Highway (Debian's libhwy-dev) 1 / (1 + hn::Exp(-x)) and hn::Tanh, max(x, 0) + hn::Log1p(hn::Exp(-|x|)) for
// softplus (and its log_sigmoid), with Highway's dynamic dispatch over the targets it compiles, and its AVX2 target
// called directly (sigmoid).  This file is re-included once per target by hwy/foreach_target.h (HWY_TARGET_INCLUDE).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "peer_highway.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace bench_highway {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// step(in, out) on each full vector of x, and on the tail through a zero-padded copy.
template <class Step> void EachVector(const float* HWY_RESTRICT x, float* HWY_RESTRICT y, size_t n, Step step) {
  const size_t lanes = hn::Lanes(hn::ScalableTag<float>());
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) step(x + i, y + i);
  if (i < n) {
    alignas(64) float in[64] = {}, out[64];
    for (size_t k = 0; i + k < n; ++k) in[k] = x[i + k];
    step(in, out);
    for (size_t k = 0; i + k < n; ++k) y[i + k] = out[k];
  }
}

void Sigmoid(const float* HWY_RESTRICT x, float* HWY_RESTRICT y, size_t n) {
  const hn::ScalableTag<float> d;
  const auto one = hn::Set(d, 1.0f);
  EachVector(x, y, n, [&](const float* in, float* out) {
    hn::StoreU(hn::Div(one, hn::Add(one, hn::Exp(d, hn::Neg(hn::LoadU(d, in))))), d, out);
  });
}

void Tanh(const float* HWY_RESTRICT x, float* HWY_RESTRICT y, size_t n) {
  const hn::ScalableTag<float> d;
  EachVector(x, y, n, [&](const float* in, float* out) { hn::StoreU(hn::Tanh(d, hn::LoadU(d, in)), d, out); });
}

// max(x, 0) + log1p(e^-|x|), and log_sigmoid as min(x, 0) - log1p(e^-|x|).
void Softplus(const float* HWY_RESTRICT x, float* HWY_RESTRICT y, size_t n) {
  const hn::ScalableTag<float> d;
  EachVector(x, y, n, [&](const float* in, float* out) {
    const auto v = hn::LoadU(d, in);
    hn::StoreU(hn::Add(hn::Max(v, hn::Zero(d)), hn::Log1p(d, hn::Exp(d, hn::Neg(hn::Abs(v))))), d, out);
  });
}

void LogSigmoid(const float* HWY_RESTRICT x, float* HWY_RESTRICT y, size_t n) {
  const hn::ScalableTag<float> d;
  EachVector(x, y, n, [&](const float* in, float* out) {
    const auto v = hn::LoadU(d, in);
    hn::StoreU(hn::Sub(hn::Min(v, hn::Zero(d)), hn::Log1p(d, hn::Exp(d, hn::Neg(hn::Abs(v))))), d, out);
  });
}

} // namespace HWY_NAMESPACE
} // namespace bench_highway
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "registry.hpp"

namespace bench_highway {
HWY_EXPORT(Sigmoid);
HWY_EXPORT(Tanh);
HWY_EXPORT(Softplus);
HWY_EXPORT(LogSigmoid);

namespace {
const bench::registrar dynamic{bench::unary("highway-dynamic", "sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) { HWY_DYNAMIC_DISPATCH(Sigmoid)(x, y, n); };
})};
#if HWY_TARGETS & HWY_AVX2
const bench::registrar avx2{bench::unary(
    "highway-avx2", "sigmoid",
    [](std::size_t n) -> bench::unary_kernel { return [n](const float* x, float* y) { N_AVX2::Sigmoid(x, y, n); }; },
    [] { return (hwy::SupportedTargets() & HWY_AVX2) != 0; })};
#endif
const bench::registrar tanh_dynamic{bench::unary("highway-dynamic", "tanh", [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) { HWY_DYNAMIC_DISPATCH(Tanh)(x, y, n); };
})};
const bench::registrar softplus_dynamic{
    bench::unary("highway-dynamic", "softplus", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { HWY_DYNAMIC_DISPATCH(Softplus)(x, y, n); };
    })};
const bench::registrar log_sigmoid_dynamic{
    bench::unary("highway-dynamic", "log_sigmoid", [](std::size_t n) -> bench::unary_kernel {
      return [n](const float* x, float* y) { HWY_DYNAMIC_DISPATCH(LogSigmoid)(x, y, n); };
    })};
} // namespace
} // namespace bench_highway
#endif
