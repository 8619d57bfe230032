// The kernels as analysis programs (tools/) may use them: every op's constants and vector
// functions, with the scalar path's traits, so that a program can run a kernel's arithmetic one
// float at a time (simdact::kernels::ops::<op>::compute<simdact::kernels::scalar_arch>(x)) or
// model a variant on the shipped constants.  An internal header: it changes with the kernels, and
// nothing in the library or its tests includes it.
#pragma once

#include "isa/scalar.hpp"
#include "ops.hpp"
