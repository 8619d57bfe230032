// Which ISAs this build compiles, and the extern template declarations that keep every other
// translation unit from instantiating their kernels with the wrong flags.
#pragma once

#include <xsimd/xsimd.hpp>

#include "../../kernels/activation_kernels.hpp"

namespace simdact {
namespace kernels {
struct scalar_arch;
}
} // namespace simdact

extern template struct simdact::kernels::activation_kernels<simdact::kernels::scalar_arch>;
#if SIMDACT_HAVE_SSE2
extern template struct simdact::kernels::activation_kernels<xsimd::sse2>;
#endif
#if SIMDACT_HAVE_AVX2
extern template struct simdact::kernels::activation_kernels<xsimd::fma3<xsimd::avx2>>;
#endif
#if SIMDACT_HAVE_AVX512
extern template struct simdact::kernels::activation_kernels<xsimd::avx512f>;
#endif
#if SIMDACT_HAVE_NEON
extern template struct simdact::kernels::activation_kernels<xsimd::neon64>;
#endif
