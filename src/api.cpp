// The C and C++ entry points, generated from the list of operations (include/simdact/ops.def):
// argument checks (one implementation for every op and both APIs), then one indirect call through
// the active kernel table.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "dispatch.hpp"
#include "simdact/simdact.h"
#include "simdact/simdact.hpp"

namespace simdact {
namespace detail {
namespace {

/// What the checks need of an op: its name and its buffers' names, inputs first.
struct op_info {
  const char* name;
  const char* buffer_names[5];
};

#define SIMDACT_PP_NAME(name) #name
constexpr op_info op_infos[] = {
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  {#name, {SIMDACT_PP_MAP(SIMDACT_PP_NAME, inputs), SIMDACT_PP_MAP(SIMDACT_PP_NAME, outputs)}},
#include "simdact/ops.def"
#undef SIMDACT_OP
};

// Only f32 kernels are built: a row that lists another element type needs its kernels first.
#define SIMDACT_OP(name, types, ...) static_assert(std::string_view(#types) == "(f32)", #name ": types");
#include "simdact/ops.def"
#undef SIMDACT_OP

/// Which argument is wrong, if any.  Nothing is checked for n == 0.
struct check_failure {
  simdact_status status = SIMDACT_OK;
  const char* argument = nullptr;
  const char* other = nullptr;
  bool output_pair = false; // an overlap of two outputs (any overlap of those is refused)
};

/// The checks of a call of an op with In inputs and Out outputs (its names from `op`).  Inlined
/// into each entry point, where the buffer count is a constant and the loops unroll: a call at
/// small n costs a few nanoseconds, and an out-of-line call here was a measurable part of them
/// (bench/RESULTS.md, "The one-list redesign").
template <std::size_t In, std::size_t Out>
[[gnu::always_inline]] inline check_failure check_buffers(const op_info& op, const float* const* inputs,
                                                          float* const* outputs, std::size_t n) noexcept {
  constexpr std::size_t count = In + Out;
  static_assert(count <= std::size(op_info{}.buffer_names), "op_info holds the names of 5 buffers at most");
  if (n == 0) return {};
  if (inputs == nullptr) return {SIMDACT_NULL_POINTER, "inputs"};
  if (outputs == nullptr) return {SIMDACT_NULL_POINTER, "outputs"};
  const void* data[count];
  for (std::size_t i = 0; i < count; ++i) {
    data[i] = i < In ? static_cast<const void*>(inputs[i]) : outputs[i - In];
    if (data[i] == nullptr) return {SIMDACT_NULL_POINTER, op.buffer_names[i]};
  }
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(float)) return {SIMDACT_SIZE_TOO_LARGE, "n"};
  const std::uintptr_t bytes = n * sizeof(float);
  for (std::size_t i = 0; i < count; ++i)
    if (reinterpret_cast<std::uintptr_t>(data[i]) > std::numeric_limits<std::uintptr_t>::max() - bytes)
      return {SIMDACT_SIZE_TOO_LARGE, op.buffer_names[i]};
  // An output may coincide exactly with an input (in place) but not with another output, and
  // must not overlap anything partially.
  for (std::size_t i = In; i < count; ++i) {
    const auto out = reinterpret_cast<std::uintptr_t>(data[i]);
    for (std::size_t j = 0; j < count; ++j) {
      if (j == i) continue;
      const auto other = reinterpret_cast<std::uintptr_t>(data[j]);
      const bool other_is_output = j >= In;
      const bool intersect = out < other + bytes && other < out + bytes;
      const bool in_place = out == other && !other_is_output;
      if (intersect && !in_place) return {SIMDACT_OVERLAP, op.buffer_names[i], op.buffer_names[j], other_is_output};
    }
  }
  return {};
}

bool is_op(simdact_op op) noexcept { return unsigned(op) < unsigned(SIMDACT_OP_COUNT); }

[[noreturn]] void throw_failure(const char* function, const check_failure& failure, std::size_t n) {
  std::string message = std::string("simdact::") + function + ": argument '" + failure.argument + "' ";
  switch (failure.status) {
  case SIMDACT_NULL_POINTER: message += "is a null pointer with n = " + std::to_string(n); break;
  case SIMDACT_OVERLAP:
    message +=
        std::string(failure.output_pair ? "overlaps the other output '" : "partially overlaps '") + failure.other + "'";
    break;
  default: message += std::string("is invalid: ") + simdact_status_string(failure.status); break;
  }
  throw std::invalid_argument(message);
}

} // namespace

/// The checks, then the kernel: the one path every entry point takes, with the op's arity known
/// at compile time (the named entry points inline it).
template <std::size_t In, std::size_t Out>
[[gnu::always_inline]] inline simdact_status run_f32(simdact_op op, const float* const* inputs, float* const* outputs,
                                                     std::size_t n) noexcept {
  if (const check_failure f = check_buffers<In, Out>(op_infos[op], inputs, outputs, n); f.status) return f.status;
  if (n) active_kernels().run[op](inputs, outputs, n);
  return SIMDACT_OK;
}

template <std::size_t In, std::size_t Out>
inline void run_f32_or_throw(simdact_op op, const float* const* inputs, float* const* outputs, std::size_t n) {
  if (const check_failure f = check_buffers<In, Out>(op_infos[op], inputs, outputs, n); f.status)
    throw_failure(op_infos[op].name, f, n);
  if (n) active_kernels().run[op](inputs, outputs, n);
}

/// The generic entry's path: run_f32 for the op's arity, or SIMDACT_UNKNOWN_OP.
simdact_status run_f32_any(simdact_op op, const float* const* inputs, float* const* outputs, std::size_t n) noexcept {
  switch (op) {
#define SIMDACT_OP(name, types, inputs_, outputs_, ...)                                                                \
  case simdact_op_##name:                                                                                              \
    return run_f32<SIMDACT_PP_COUNT inputs_, SIMDACT_PP_COUNT outputs_>(op, inputs, outputs, n);
#include "simdact/ops.def"
#undef SIMDACT_OP
  default: return SIMDACT_UNKNOWN_OP;
  }
}

/// swiglu_rows' checks: rows*d elements of y and twice as many of gate_up.
static check_failure check_swiglu_rows(const float* gate_up, const float* y, std::size_t rows, std::size_t d) noexcept {
  if (rows == 0 || d == 0) return {};
  if (gate_up == nullptr) return {SIMDACT_NULL_POINTER, "gate_up"};
  if (y == nullptr) return {SIMDACT_NULL_POINTER, "y"};
  constexpr std::size_t max_floats = std::numeric_limits<std::size_t>::max() / (2 * sizeof(float));
  if (d > max_floats / rows) return {SIMDACT_SIZE_TOO_LARGE, "rows"};
  const std::uintptr_t y_bytes = rows * d * sizeof(float), gate_up_bytes = 2 * y_bytes;
  const auto g = reinterpret_cast<std::uintptr_t>(gate_up), out = reinterpret_cast<std::uintptr_t>(y);
  if (g > std::numeric_limits<std::uintptr_t>::max() - gate_up_bytes) return {SIMDACT_SIZE_TOO_LARGE, "gate_up"};
  if (out > std::numeric_limits<std::uintptr_t>::max() - y_bytes) return {SIMDACT_SIZE_TOO_LARGE, "y"};
  if (out != g && out < g + gate_up_bytes && g < out + y_bytes) return {SIMDACT_OVERLAP, "y", "gate_up"};
  return {};
}

/// Row by row.  In place, row r writes gate_up[r*d, r*d + d), where only rows already read lie
/// (r*d + d <= 2*r*d for r >= 1), and row 0 is swiglu in place on its own gate.
static void run_swiglu_rows(const float* gate_up, float* y, std::size_t rows, std::size_t d) noexcept {
  const auto run = active_kernels().run[simdact_op_swiglu];
  for (std::size_t r = 0; r < rows; ++r) {
    const float* const in[] = {gate_up + 2 * r * d, gate_up + 2 * r * d + d};
    float* const out[] = {y + r * d};
    run(in, out, d);
  }
}

void check_span_sizes(const char* function, std::initializer_list<span_size> sizes) {
  for (const span_size& s : sizes)
    if (s.size != sizes.begin()->size)
      throw std::invalid_argument(std::string("simdact::") + function + ": argument '" + s.name +
                                  "' has a different size from the input");
}

} // namespace detail

#define SIMDACT_PP_POINTER(name) name
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  void name(SIMDACT_PP_MAP(SIMDACT_PP_INPUT_F32, inputs), SIMDACT_PP_MAP(SIMDACT_PP_OUTPUT_F32, outputs),              \
            std::size_t n) {                                                                                           \
    const float* const in[] = {SIMDACT_PP_MAP(SIMDACT_PP_POINTER, inputs)};                                            \
    float* const out[] = {SIMDACT_PP_MAP(SIMDACT_PP_POINTER, outputs)};                                                \
    detail::run_f32_or_throw<SIMDACT_PP_COUNT inputs, SIMDACT_PP_COUNT outputs>(simdact_op_##name, in, out, n);        \
  }
#include "simdact/ops.def"
#undef SIMDACT_OP

void run(simdact_op op, const float* const* inputs, float* const* outputs, std::size_t n) {
  switch (op) {
#define SIMDACT_OP(name, types, inputs_, outputs_, ...)                                                                \
  case simdact_op_##name:                                                                                              \
    return detail::run_f32_or_throw<SIMDACT_PP_COUNT inputs_, SIMDACT_PP_COUNT outputs_>(op, inputs, outputs, n);
#include "simdact/ops.def"
#undef SIMDACT_OP
  default: throw std::invalid_argument("simdact::run: argument 'op' is not a simdact_op");
  }
}

void swiglu_rows(const float* gate_up, float* y, std::size_t rows, std::size_t d) {
  if (const detail::check_failure f = detail::check_swiglu_rows(gate_up, y, rows, d); f.status)
    detail::throw_failure("swiglu_rows", f, rows * d);
  detail::run_swiglu_rows(gate_up, y, rows, d);
}

isa active_isa() noexcept { return detail::active_kernels().id; }

std::vector<isa> supported_isas() {
  const detail::kernel_table* tables[8];
  const std::size_t count = detail::supported_kernels(tables, 8);
  std::vector<isa> result;
  for (std::size_t i = 0; i < count; ++i) result.push_back(tables[i]->id);
  return result;
}

void set_isa(isa which) {
  const detail::kernel_table* table = nullptr;
  const simdact_status status = detail::find_kernels(which, &table);
  if (status == SIMDACT_UNSUPPORTED_ISA)
    throw unsupported_isa(std::string("simdact::set_isa: ISA '") + to_string(which) +
                          "' is not supported here (not built for this architecture, or this CPU lacks it)");
  if (status != SIMDACT_OK) throw std::invalid_argument("simdact::set_isa: argument 'which' is not a known ISA");
  detail::activate(*table);
}

void set_isa(std::string_view name) {
  const std::string name_z(name);
  const detail::kernel_table* table = nullptr;
  switch (detail::find_kernels(name_z.c_str(), &table)) {
  case SIMDACT_OK: detail::activate(*table); return;
  case SIMDACT_UNSUPPORTED_ISA:
    throw unsupported_isa("simdact::set_isa: ISA '" + name_z +
                          "' is not supported here (not built for this architecture, or this CPU lacks it)");
  default:
    throw std::invalid_argument("simdact::set_isa: argument 'name' (\"" + name_z +
                                "\") is not one of auto, " SIMDACT_ISA_NAMES);
  }
}

const char* to_string(isa which) noexcept {
  switch (which) {
  case isa::scalar: return "scalar";
  case isa::sse2: return "sse2";
  case isa::avx2: return "avx2";
  case isa::avx512: return "avx512";
  case isa::neon: return "neon";
  }
  return "unknown";
}

} // namespace simdact

extern "C" {

#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  simdact_status simdact_##name##_f32(SIMDACT_PP_MAP(SIMDACT_PP_INPUT_F32, inputs),                                    \
                                      SIMDACT_PP_MAP(SIMDACT_PP_OUTPUT_F32, outputs), size_t n) {                      \
    const float* const in[] = {SIMDACT_PP_MAP(SIMDACT_PP_POINTER, inputs)};                                            \
    float* const out[] = {SIMDACT_PP_MAP(SIMDACT_PP_POINTER, outputs)};                                                \
    return simdact::detail::run_f32<SIMDACT_PP_COUNT inputs, SIMDACT_PP_COUNT outputs>(simdact_op_##name, in, out, n); \
  }
#include "simdact/ops.def"
#undef SIMDACT_OP

simdact_status simdact_run_f32(simdact_op op, const float* const* inputs, float* const* outputs, size_t n) {
  return simdact::detail::run_f32_any(op, inputs, outputs, n);
}

simdact_status simdact_swiglu_rows_f32(const float* gate_up, float* y, size_t rows, size_t d) {
  if (const simdact::detail::check_failure f = simdact::detail::check_swiglu_rows(gate_up, y, rows, d); f.status)
    return f.status;
  simdact::detail::run_swiglu_rows(gate_up, y, rows, d);
  return SIMDACT_OK;
}

const char* simdact_op_name(simdact_op op) {
  return simdact::detail::is_op(op) ? simdact::detail::op_infos[op].name : nullptr;
}

const char* simdact_active_isa(void) { return simdact::detail::active_kernels().name; }

simdact_status simdact_set_isa(const char* name) {
  const simdact::detail::kernel_table* table = nullptr;
  const simdact_status status = simdact::detail::find_kernels(name, &table);
  if (status == SIMDACT_OK) simdact::detail::activate(*table);
  return status;
}

int simdact_isa_supported(const char* name) {
  const simdact::detail::kernel_table* table = nullptr;
  return simdact::detail::find_kernels(name, &table) == SIMDACT_OK;
}

const char* simdact_status_string(simdact_status s) {
  switch (s) {
  case SIMDACT_OK: return "success";
  case SIMDACT_NULL_POINTER: return "null pointer";
  case SIMDACT_OVERLAP: return "an output partially overlaps an input, or overlaps another output";
  case SIMDACT_UNKNOWN_ISA: return "unknown ISA name (expected auto, " SIMDACT_ISA_NAMES ")";
  case SIMDACT_UNSUPPORTED_ISA: return "ISA not supported by this build or this CPU";
  case SIMDACT_SIZE_TOO_LARGE: return "size too large: the buffer would wrap the address space";
  case SIMDACT_UNKNOWN_OP: return "unknown operation (not a simdact_op)";
  }
  return "unknown status";
}

const char* simdact_version(void) { return SIMDACT_VERSION_STRING; }

} // extern "C"
