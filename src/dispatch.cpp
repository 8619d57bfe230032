// Run-time dispatch: a list of implementations by priority, one active table of function pointers,
// chosen once (SIMDACT_ISA, read once, or the best the CPU has) and switchable by set_isa.
//
// The hot path is one acquire load of a pointer (a plain load on x86 and a load-acquire on
// aarch64) and an indirect call; the pointer only ever points at one of the constant tables below,
// so a thread sees the old or the new table, never a torn one.
#include "dispatch.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "arch/instances.hpp"

namespace simdact {
namespace detail {
namespace {

template <class Arch> constexpr kernel_table table_for(isa id, const char* name) noexcept {
  using k = kernels::activation_kernels<Arch>;
  return {id,
          name,
          &k::sigmoid,
          &k::sigmoid_fast,
          &k::sigmoid_derivative,
          &k::sigmoid_with_derivative,
          &k::sigmoid_backward};
}

// The CPU side comes from xsimd's detection.  xsimd 8.1 reads CPUID alone, which does not say
// whether the OS saves the wider registers, so the AVX paths also ask GCC's __builtin_cpu_supports
// (which checks XGETBV): a CPU that has AVX-512 under an OS that does not enable it must not SIGILL.
// __builtin_cpu_init first: GCC fills the data __builtin_cpu_supports reads in a constructor of its
// own, and a first call into simdact from another constructor (a static object's, or a shared
// library's) can come before it; without the init that call would see no feature at all and
// settle on sse2 for the whole process.
[[maybe_unused]] bool cpu_runs_anything() noexcept { return true; }
#if SIMDACT_HAVE_SSE2
bool cpu_runs_sse2() noexcept { return xsimd::available_architectures().sse2; }
#endif
#if SIMDACT_HAVE_AVX2
bool cpu_runs_avx2() noexcept {
  __builtin_cpu_init();
  return xsimd::available_architectures().fma3_avx2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif
#if SIMDACT_HAVE_AVX512
bool cpu_runs_avx512() noexcept {
  __builtin_cpu_init();
  return xsimd::available_architectures().avx512dq && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512dq");
}
#endif
#if SIMDACT_HAVE_NEON
bool cpu_runs_neon() noexcept { return xsimd::available_architectures().neon64; }
#endif

struct implementation {
  kernel_table table;
  bool (*cpu_runs)() noexcept;
};

// By priority: the first one the CPU runs is "auto".
constexpr implementation implementations[] = {
#if SIMDACT_HAVE_AVX512
    {table_for<xsimd::avx512f>(isa::avx512, "avx512"), cpu_runs_avx512},
#endif
#if SIMDACT_HAVE_AVX2
    {table_for<xsimd::fma3<xsimd::avx2>>(isa::avx2, "avx2"), cpu_runs_avx2},
#endif
#if SIMDACT_HAVE_SSE2
    {table_for<xsimd::sse2>(isa::sse2, "sse2"), cpu_runs_sse2},
#endif
#if SIMDACT_HAVE_NEON
    {table_for<xsimd::neon64>(isa::neon, "neon"), cpu_runs_neon},
#endif
    {table_for<kernels::scalar_arch>(isa::scalar, "scalar"), cpu_runs_anything},
};

// Every name the API knows, built here or not.
constexpr struct {
  isa id;
  const char* name;
} known_isas[] = {
    {isa::scalar, "scalar"}, {isa::sse2, "sse2"}, {isa::avx2, "avx2"}, {isa::avx512, "avx512"}, {isa::neon, "neon"}};

const kernel_table& best_kernels() noexcept {
  for (const implementation& impl : implementations)
    if (impl.cpu_runs()) return impl.table;
  return implementations[std::size(implementations) - 1].table; // scalar runs everywhere
}

std::atomic<const kernel_table*> active{nullptr};
std::once_flag chosen;

// First use: SIMDACT_ISA (read once, here) or the best.  A set_isa before the first kernel call
// comes through here too, so the environment is read and warned about exactly once.
void choose_once() noexcept {
  std::call_once(chosen, [] {
    const kernel_table* table = &best_kernels();
    if (const char* wanted = std::getenv("SIMDACT_ISA"); wanted != nullptr && *wanted != '\0') {
      const kernel_table* forced = nullptr;
      const simdact_status status = find_kernels(wanted, &forced);
      if (status == SIMDACT_OK) {
        table = forced;
      } else {
        std::fprintf(stderr, "simdact: warning: SIMDACT_ISA=\"%s\": %s; using auto (%s)\n", wanted,
                     simdact_status_string(status), table->name);
      }
    }
    const kernel_table* expected = nullptr;
    active.compare_exchange_strong(expected, table, std::memory_order_acq_rel);
  });
}

} // namespace

const kernel_table& active_kernels() noexcept {
  const kernel_table* table = active.load(std::memory_order_acquire);
  if (__builtin_expect(table == nullptr, 0)) {
    choose_once();
    table = active.load(std::memory_order_acquire);
  }
  return *table;
}

void activate(const kernel_table& table) noexcept {
  choose_once();
  active.store(&table, std::memory_order_release);
}

simdact_status find_kernels(isa which, const kernel_table** out) noexcept {
  for (const implementation& impl : implementations) {
    if (impl.table.id == which) {
      if (!impl.cpu_runs()) return SIMDACT_UNSUPPORTED_ISA;
      *out = &impl.table;
      return SIMDACT_OK;
    }
  }
  for (const auto& known : known_isas)
    if (known.id == which) return SIMDACT_UNSUPPORTED_ISA; // known, but not built here
  return SIMDACT_UNKNOWN_ISA;
}

simdact_status find_kernels(const char* name, const kernel_table** out) noexcept {
  if (name == nullptr) return SIMDACT_NULL_POINTER;
  if (std::strcmp(name, "auto") == 0) {
    *out = &best_kernels();
    return SIMDACT_OK;
  }
  for (const auto& known : known_isas)
    if (std::strcmp(name, known.name) == 0) return find_kernels(known.id, out);
  return SIMDACT_UNKNOWN_ISA;
}

std::size_t supported_kernels(const kernel_table** out, std::size_t capacity) noexcept {
  std::size_t count = 0;
  for (const implementation& impl : implementations)
    if (impl.cpu_runs() && count < capacity) out[count++] = &impl.table;
  return count;
}

} // namespace detail
} // namespace simdact
