/* The C API from C11, including only <simdact/simdact.h> and linked as
 *   cc -std=c11 c_api.c libsimdact.a -lstdc++ -lm
 * (tests/CMakeLists.txt builds it exactly so).  Calls every named entry point of the list of
 * operations (generated from ops.def, as the header declares them) and the generic one, which must
 * agree bit for bit; bad input must fail. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <simdact/simdact.h>

static int failures = 0;
#define CHECK(cond)                                                                                                    \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                                         \
      ++failures;                                                                                                      \
    }                                                                                                                  \
  } while (0)

#define N 5
/* Each input holds these values, each output is its own array, named as in the op's row. */
#define C_INPUT_ARRAY(name) name[N] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f}
#define C_OUTPUT_ARRAY(name) name[N]
#define C_ARGUMENT(name) name

int main(void) {
  int ops = 0;
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  {                                                                                                                    \
    const float SIMDACT_PP_MAP(C_INPUT_ARRAY, inputs);                                                                 \
    float SIMDACT_PP_MAP(C_OUTPUT_ARRAY, outputs);                                                                     \
    const float* in[] = {SIMDACT_PP_MAP(C_ARGUMENT, inputs)};                                                          \
    float* out[] = {SIMDACT_PP_MAP(C_ARGUMENT, outputs)};                                                              \
    float generic[sizeof out / sizeof out[0]][N];                                                                      \
    float* generic_out[sizeof out / sizeof out[0]];                                                                    \
    size_t k;                                                                                                          \
    for (k = 0; k < sizeof out / sizeof out[0]; ++k) generic_out[k] = generic[k];                                      \
    CHECK(simdact_##name##_f32(SIMDACT_PP_MAP(C_ARGUMENT, inputs), SIMDACT_PP_MAP(C_ARGUMENT, outputs), N) ==          \
          SIMDACT_OK);                                                                                                 \
    CHECK(simdact_run_f32(simdact_op_##name, in, generic_out, N) == SIMDACT_OK);                                       \
    for (k = 0; k < sizeof out / sizeof out[0]; ++k) CHECK(memcmp(out[k], generic[k], sizeof generic[k]) == 0);        \
    CHECK(strcmp(simdact_op_name(simdact_op_##name), #name) == 0);                                                     \
    out[0] = NULL;                                                                                                     \
    CHECK(simdact_run_f32(simdact_op_##name, in, out, N) == SIMDACT_NULL_POINTER);                                     \
    out[0] = (float*)in[0] + 1;                                                                                        \
    CHECK(simdact_run_f32(simdact_op_##name, in, out, N - 1) == SIMDACT_OVERLAP);                                      \
    ++ops;                                                                                                             \
  }
#include <simdact/ops.def>
#undef SIMDACT_OP
  CHECK(ops == SIMDACT_OP_COUNT);

  {
    float x[N] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f}, y[N], d[N];
    CHECK(simdact_sigmoid_f32(x, y, N) == SIMDACT_OK);
    CHECK(simdact_sigmoid_derivative_f32(x, d, N) == SIMDACT_OK);
    CHECK(y[2] == 0.5f && d[2] == 0.25f);
    CHECK(fabsf(y[4] - 0.880797078f) < 1e-7f);
    CHECK(simdact_sigmoid_f32(x, x + 1, 3) == SIMDACT_OVERLAP);
  }
  CHECK(simdact_run_f32((simdact_op)SIMDACT_OP_COUNT, NULL, NULL, 1) == SIMDACT_UNKNOWN_OP);
  CHECK(simdact_op_name((simdact_op)SIMDACT_OP_COUNT) == NULL);
  CHECK(simdact_set_isa("no-such-isa") == SIMDACT_UNKNOWN_ISA);
  CHECK(simdact_set_isa("scalar") == SIMDACT_OK);
  CHECK(strcmp(simdact_active_isa(), "scalar") == 0);
  CHECK(simdact_set_isa("auto") == SIMDACT_OK);
  CHECK(simdact_isa_supported("scalar") == 1);
  CHECK(strlen(simdact_status_string(SIMDACT_OVERLAP)) > 0);

  printf("C API (%d operations) on %s: %s\n", ops, simdact_active_isa(), failures ? "FAILED" : "ok");
  return failures != 0;
}
