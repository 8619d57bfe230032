// Run-time dispatch: a list of implementations by priority, one active table of function pointers,
// chosen once (SIMDACT_ISA, read once, or the best the CPU has) and switchable by set_isa.
//
// The hot path is one acquire load of a pointer (a plain load on x86 and a load-acquire on
// aarch64) and an indirect call; the pointer only ever points at one of the constant tables listed below,
// so a thread sees the old or the new table, never a torn one.  Each ISA's table is built in
// src/arch/<isa>.cpp, compiled with that ISA's flags, from the list of operations.
#include "dispatch.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include <xsimd/xsimd.hpp>

namespace simdact {
namespace detail {
namespace {

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
  const kernel_table& table;
  bool (*cpu_runs)() noexcept;
};

// By priority: the first one the CPU runs is "auto".
constexpr implementation implementations[] = {
#if SIMDACT_HAVE_AVX512
    {avx512_kernels, cpu_runs_avx512},
#endif
#if SIMDACT_HAVE_AVX2
    {avx2_kernels, cpu_runs_avx2},
#endif
#if SIMDACT_HAVE_SSE2
    {sse2_kernels, cpu_runs_sse2},
#endif
#if SIMDACT_HAVE_NEON
    {neon_kernels, cpu_runs_neon},
#endif
    {scalar_kernels, cpu_runs_anything},
};

// Every ISA the API knows, built here or not: the enumerators of simdact::isa, scalar to neon.
bool is_known(isa which) noexcept { return int(which) >= int(isa::scalar) && int(which) <= int(isa::neon); }

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
  return is_known(which) ? SIMDACT_UNSUPPORTED_ISA : SIMDACT_UNKNOWN_ISA; // known, but not built here
}

simdact_status find_kernels(const char* name, const kernel_table** out) noexcept {
  if (name == nullptr) return SIMDACT_NULL_POINTER;
  if (std::strcmp(name, "auto") == 0) {
    *out = &best_kernels();
    return SIMDACT_OK;
  }
  for (isa known = isa::scalar; is_known(known); known = isa(int(known) + 1))
    if (std::strcmp(name, to_string(known)) == 0) return find_kernels(known, out);
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
