// The neon kernels: the only place they are instantiated.  Compiled with aarch64 baseline flags (NEON is mandatory
// there).
#include "../../kernels/sigmoid.hpp"

template struct simdact::kernels::activation_kernels<xsimd::neon64>;
