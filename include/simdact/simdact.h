/* simdact: SIMD batch activation kernels.  C API.
 *
 * The operations are listed in <simdact/ops.def>, one row each; for every row this header declares
 *   simdact_status simdact_<name>_f32(const float* <input>..., float* <output>..., size_t n);
 * e.g. simdact_sigmoid_f32(const float* x, float* y, size_t n) and
 *      simdact_sigmoid_backward_f32(const float* dy, const float* y, float* dx, size_t n),
 * and the enumerator simdact_op_<name> for the generic entry simdact_run_f32.  The row also states
 * the op's accuracy bound and special values (README.md has one line per op, docs/accuracy.md the
 * measured tables).
 *
 * Every function works on n contiguous floats per buffer, checks its arguments first and, when they
 * are bad, returns a non-zero status and writes nothing.  n == 0 is valid with any pointers.  An
 * output may be the very same buffer as an input (in place); any other overlap is an error: a
 * partial one, or two outputs sharing memory at all.  The FMA paths (avx2, avx512, neon) return
 * identical bits for identical inputs.
 */
#ifndef SIMDACT_SIMDACT_H
#define SIMDACT_SIMDACT_H

#include <stddef.h>

/* The version of these headers; simdact_version() gives the library's. */
#define SIMDACT_VERSION_MAJOR 0
#define SIMDACT_VERSION_MINOR 1
#define SIMDACT_VERSION_PATCH 0
#define SIMDACT_VERSION_STRING "0.1.0"

/* The ISAs simdact knows, best last (auto picks the best this build and CPU run). */
#define SIMDACT_ISA_NAMES "scalar, sse2, avx2, avx512, neon"

/* Helpers that expand the list of operations: SIMDACT_PP_MAP(f, (a, b)) is f(a), f(b), for lists
 * of one to five names. */
#define SIMDACT_PP_EXPAND(...) __VA_ARGS__
#define SIMDACT_PP_CAT(a, b) SIMDACT_PP_CAT_(a, b)
#define SIMDACT_PP_CAT_(a, b) a##b
#define SIMDACT_PP_COUNT(...) SIMDACT_PP_COUNT_(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define SIMDACT_PP_COUNT_(a, b, c, d, e, n, ...) n
#define SIMDACT_PP_MAP(f, list)                                                                                        \
  SIMDACT_PP_MAP_(SIMDACT_PP_CAT(SIMDACT_PP_MAP_, SIMDACT_PP_COUNT list), f, SIMDACT_PP_EXPAND list)
#define SIMDACT_PP_MAP_(map, f, ...) map(f, __VA_ARGS__)
#define SIMDACT_PP_MAP_1(f, a) f(a)
#define SIMDACT_PP_MAP_2(f, a, b) f(a), f(b)
#define SIMDACT_PP_MAP_3(f, a, b, c) f(a), f(b), f(c)
#define SIMDACT_PP_MAP_4(f, a, b, c, d) f(a), f(b), f(c), f(d)
#define SIMDACT_PP_MAP_5(f, a, b, c, d, e) f(a), f(b), f(c), f(d), f(e)
#define SIMDACT_PP_INPUT_F32(name) const float* name
#define SIMDACT_PP_OUTPUT_F32(name) float* name

#ifdef __cplusplus
extern "C" {
#endif

typedef enum simdact_status {
  SIMDACT_OK = 0,
  SIMDACT_NULL_POINTER,    /* a pointer argument is null while n > 0 (or a null ISA name) */
  SIMDACT_OVERLAP,         /* an output partially overlaps an input, or overlaps another output */
  SIMDACT_UNKNOWN_ISA,     /* not "auto" nor one of SIMDACT_ISA_NAMES */
  SIMDACT_UNSUPPORTED_ISA, /* a known ISA that this build or this CPU cannot run */
  SIMDACT_SIZE_TOO_LARGE,  /* n * sizeof(float) overflows, or a buffer wraps the address space */
  SIMDACT_UNKNOWN_OP       /* simdact_run_f32: not a simdact_op */
} simdact_status;

/* One enumerator per row of ops.def, in its order: simdact_op_sigmoid, ... */
typedef enum simdact_op {
#define SIMDACT_OP(name, ...) simdact_op_##name,
#include "ops.def"
#undef SIMDACT_OP
  SIMDACT_OP_COUNT
} simdact_op;

/* The named entry points, one per row of ops.def. */
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  simdact_status simdact_##name##_f32(SIMDACT_PP_MAP(SIMDACT_PP_INPUT_F32, inputs),                                    \
                                      SIMDACT_PP_MAP(SIMDACT_PP_OUTPUT_F32, outputs), size_t n);
#include "ops.def"
#undef SIMDACT_OP

/* The generic entry: op's inputs and outputs as arrays of pointers, in the order of its row
 * (inputs[0..k), outputs[0..m)), with the named entry's checks and results.  SIMDACT_UNKNOWN_OP
 * for an op that is not an enumerator above. */
simdact_status simdact_run_f32(simdact_op op, const float* const* inputs, float* const* outputs, size_t n);

/* swiglu over the rows of a fused gate|up matrix (the layout vLLM, sglang and llama.cpp produce):
 * y[r*d + i] = silu(gate_up[r*2d + i]) * gate_up[r*2d + d + i] for r < rows, i < d, with swiglu's
 * bound.  y may be gate_up itself (in place: row r is read before anything is written over it);
 * any other overlap, a null pointer with rows*d > 0 or a size beyond the address space is refused. */
simdact_status simdact_swiglu_rows_f32(const float* gate_up, float* y, size_t rows, size_t d);

/* The operation's name ("sigmoid"), or NULL for an unknown op. */
const char* simdact_op_name(simdact_op op);

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
