/* simdact: SIMD batch activation kernels (sigmoid, its derivative, the backward pass).
 *
 * C API.  Every function works on n contiguous floats, checks its arguments first and, when they
 * are bad, returns a non-zero status and writes nothing.  n == 0 is valid with any pointers.
 * An output may be the very same buffer as an input (in place); any other overlap is an error: a
 * partial one, or the two outputs of simdact_sigmoid_with_derivative_f32 sharing memory at all.
 *
 * Accuracy (every ISA, every float input; see README.md for the measured table):
 *   simdact_sigmoid_f32             <= 1 ulp (subnormal results: within 1 unit of 2^-149),
 *                                   NaN -> NaN (the input returned unchanged), +inf -> 1,
 *                                   -inf -> 0, sigma(+-0) = 0.5, results in [0, 1], monotone.
 *   simdact_sigmoid_fast_f32        the opt-in fast tier: <= 3 ulp (subnormal results: within 3
 *                                   units of 2^-149), NaN -> NaN, +inf -> 1, -inf -> 0,
 *                                   sigma(+-0) = 0.5, no NaN for finite x, results in [0, 1];
 *                                   monotone but for 1 input (2 on sse2 and scalar, README).
 *   simdact_sigmoid_derivative_f32  <= 1 ulp, evaluated as e/(1+e)^2 with e = exp(-|x|), never
 *                                   as y*(1-y); sigma'(0) = 0.25, +-inf -> 0, NaN -> NaN.
 *   simdact_sigmoid_with_derivative_f32  bit for bit the two calls above, in one pass.
 *   simdact_sigmoid_backward_f32    dx = dy*y*(1-y) within 1 ulp of the exact value on the given
 *                                   floats, for any dy and |y| <= 2^56; y is not clamped to
 *                                   [0, 1]; an overflowing result is the exact result's infinity;
 *                                   NaN propagates.
 * The FMA paths (avx2, avx512, neon) return identical bits for identical inputs.
 */
#ifndef SIMDACT_SIMDACT_H
#define SIMDACT_SIMDACT_H

#include <stddef.h>

/* The version of these headers; simdact_version() gives the library's. */
#define SIMDACT_VERSION_MAJOR 0
#define SIMDACT_VERSION_MINOR 1
#define SIMDACT_VERSION_PATCH 0
#define SIMDACT_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum simdact_status {
  SIMDACT_OK = 0,
  SIMDACT_NULL_POINTER,    /* a pointer argument is null while n > 0 (or a null ISA name) */
  SIMDACT_OVERLAP,         /* an output partially overlaps an input, or overlaps another output */
  SIMDACT_UNKNOWN_ISA,     /* not one of "auto", "scalar", "sse2", "avx2", "avx512", "neon" */
  SIMDACT_UNSUPPORTED_ISA, /* a known ISA that this build or this CPU cannot run */
  SIMDACT_SIZE_TOO_LARGE   /* n * sizeof(float) overflows, or a buffer wraps the address space */
} simdact_status;

simdact_status simdact_sigmoid_f32(const float* x, float* y, size_t n);
/* The fast tier: same checks and dispatch as simdact_sigmoid_f32, a looser bound (<= 3 ulp). */
simdact_status simdact_sigmoid_fast_f32(const float* x, float* y, size_t n);
simdact_status simdact_sigmoid_derivative_f32(const float* x, float* d, size_t n); /* sigma'(x) from x */
simdact_status simdact_sigmoid_with_derivative_f32(const float* x, float* y, float* d, size_t n);
simdact_status simdact_sigmoid_backward_f32(const float* dy, const float* y, float* dx, size_t n); /* dy*y*(1-y) */

/* The ISA the kernels run on now: "scalar", "sse2", "avx2", "avx512" or "neon". */
const char* simdact_active_isa(void);

/* Forces an ISA ("auto" picks the best this CPU has).  Safe while other threads run kernels: each
 * call uses the old or the new choice, never a mix.  The environment variable SIMDACT_ISA, read
 * once at the first call into the library, does the same. */
simdact_status simdact_set_isa(const char* name);

/* 1 if this build and this CPU can run the named ISA, else 0 ("auto" is always 1). */
int simdact_isa_supported(const char* name);

const char* simdact_status_string(simdact_status s);

/* The library's version, "MAJOR.MINOR.PATCH". */
const char* simdact_version(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SIMDACT_SIMDACT_H */
