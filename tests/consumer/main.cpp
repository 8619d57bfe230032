// A consumer of the installed or embedded simdact: every C++ entry point of the list of operations
// (but the C++20 span overloads) once, through the installed <simdact/ops.def>, checked against the
// installed reference; ISA selection and the version.
#include <simdact/reference.h>
#include <simdact/simdact.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#define CONSUMER_ARGUMENT(name) name.data()

int main() {
  bool ok = true;
  int ops = 0;
  // Each input holds x, each output is its own vector, named as in the op's row.
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  {                                                                                                                    \
    const std::vector<float> SIMDACT_PP_MAP(CONSUMER_INPUT, inputs);                                                   \
    std::vector<float> SIMDACT_PP_MAP(CONSUMER_OUTPUT, outputs);                                                       \
    simdact::name(SIMDACT_PP_MAP(CONSUMER_ARGUMENT, inputs), SIMDACT_PP_MAP(CONSUMER_ARGUMENT, outputs), 3);           \
    ++ops;                                                                                                             \
  }
#define CONSUMER_INPUT(name) name = {-3.0f, 0.0f, 3.0f}
#define CONSUMER_OUTPUT(name) name(3, -1.0f)
#include <simdact/ops.def>
#undef SIMDACT_OP
  ok = ok && ops == SIMDACT_OP_COUNT;

  std::vector<float> x = {-3.0f, 0.0f, 3.0f}, y(3);
  simdact::sigmoid(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < 3; ++i) ok = ok && simdact_ulp_error(y[i], simdact_reference_sigmoid(x[i])) <= 1.0;
  try {
    simdact::sigmoid(nullptr, y.data(), 3);
    ok = false;
  } catch (const std::invalid_argument&) {
  }
  const std::vector<simdact::isa> isas = simdact::supported_isas();
  ok = ok && !isas.empty() && isas.back() == simdact::isa::scalar;
  simdact::set_isa(simdact::isa::scalar);
  ok = ok && simdact::active_isa() == simdact::isa::scalar;
  simdact::set_isa("auto");
  ok = ok && simdact::active_isa() == isas.front();
  ok = ok && std::strcmp(simdact_version(), SIMDACT_VERSION_STRING) == 0;
  std::printf("simdact %s on %s, %d operations: %s\n", simdact_version(), simdact::to_string(simdact::active_isa()),
              ops, ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
