// simdact C++17 API: the C API's kernels with exceptions instead of status codes.
//
// For every row of <simdact/ops.def> it declares simdact::<name>(const float* <input>...,
// float* <output>..., std::size_t n), e.g. simdact::sigmoid(const float* x, float* y, std::size_t n),
// and in C++20 an overload on spans, simdact::sigmoid(std::span<const float> x, std::span<float> y),
// whose sizes must match.
//
// Errors: a null pointer with n > 0, overlapping buffers (as for the C API: only an output that is
// exactly an input may share memory with another buffer), a size whose bytes overflow or wrap the
// address space, or spans of different sizes throw std::invalid_argument whose message names the
// argument; an unknown ISA name throws std::invalid_argument; an ISA this build or CPU cannot run
// throws simdact::unsupported_isa (a std::runtime_error).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string_view>
#include <vector>

#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#define SIMDACT_HAS_SPAN 1
#endif

#include "simdact.h"

namespace simdact {

enum class isa { scalar, sse2, avx2, avx512, neon };

/// Thrown by set_isa for an ISA that this build or this CPU cannot run.
class unsupported_isa : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The named entry points, one per row of ops.def.
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  void name(SIMDACT_PP_MAP(SIMDACT_PP_INPUT_F32, inputs), SIMDACT_PP_MAP(SIMDACT_PP_OUTPUT_F32, outputs),              \
            std::size_t n);
#include "ops.def"
#undef SIMDACT_OP

/// The generic entry: the C API's simdact_run_f32, throwing as the named entries do
/// (std::invalid_argument for an unknown op too).
void run(simdact_op op, const float* const* inputs, float* const* outputs, std::size_t n);

/// simdact_swiglu_rows_f32, throwing std::invalid_argument where the C API returns an error.
void swiglu_rows(const float* gate_up, float* y, std::size_t rows, std::size_t d);

isa active_isa() noexcept;
/// The ISAs this build and CPU can run, best first ("auto" picks the first).
std::vector<isa> supported_isas();
void set_isa(isa which);
/// "auto" or a name from to_string(isa).
void set_isa(std::string_view name);
const char* to_string(isa which) noexcept;

namespace detail {
struct span_size {
  const char* name;
  std::size_t size;
};
/// Throws std::invalid_argument naming the first argument whose size differs from the first one's.
void check_span_sizes(const char* function, std::initializer_list<span_size> sizes);
} // namespace detail

#ifdef SIMDACT_HAS_SPAN
// Span overloads (C++20): the sizes must match.
#define SIMDACT_PP_SPAN_INPUT(name) std::span<const float> name
#define SIMDACT_PP_SPAN_OUTPUT(name) std::span<float> name
#define SIMDACT_PP_SPAN_SIZE(name)                                                                                     \
  detail::span_size { #name, name.size() }
#define SIMDACT_PP_SPAN_DATA(name) name.data()
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  inline void name(SIMDACT_PP_MAP(SIMDACT_PP_SPAN_INPUT, inputs), SIMDACT_PP_MAP(SIMDACT_PP_SPAN_OUTPUT, outputs)) {   \
    const std::initializer_list<detail::span_size> sizes = {SIMDACT_PP_MAP(SIMDACT_PP_SPAN_SIZE, inputs),              \
                                                            SIMDACT_PP_MAP(SIMDACT_PP_SPAN_SIZE, outputs)};            \
    detail::check_span_sizes(#name, sizes);                                                                            \
    name(SIMDACT_PP_MAP(SIMDACT_PP_SPAN_DATA, inputs), SIMDACT_PP_MAP(SIMDACT_PP_SPAN_DATA, outputs),                  \
         sizes.begin()->size);                                                                                         \
  }
#include "ops.def"
#undef SIMDACT_OP
#undef SIMDACT_PP_SPAN_INPUT
#undef SIMDACT_PP_SPAN_OUTPUT
#undef SIMDACT_PP_SPAN_SIZE
#undef SIMDACT_PP_SPAN_DATA

/// swiglu_rows on spans: y holds rows of d, gate_up twice as many floats.
inline void swiglu_rows(std::span<const float> gate_up, std::span<float> y, std::size_t d) {
  if (d == 0 || y.size() % d != 0 || gate_up.size() != 2 * y.size())
    throw std::invalid_argument("simdact::swiglu_rows: y must hold whole rows of d and gate_up twice as many floats");
  swiglu_rows(gate_up.data(), y.data(), y.size() / d, d);
}
#endif

} // namespace simdact
