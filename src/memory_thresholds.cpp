// From which size of a call's data the kernels prefetch their inputs and stream their output
// (kernels/sigmoid.hpp): the L2 and last-level caches' sizes, read once per process.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../kernels/activation_kernels.hpp"

#if defined(__unix__)
#include <unistd.h>
#endif

namespace simdact {
namespace kernels {
namespace {

/// Used where a size cannot be read: Zen 4's L2 (per core) and Zen 3 and Zen 4's L3 (per CCD), where
/// the thresholds were first measured.
constexpr std::size_t default_l2_cache_bytes = std::size_t(1) << 20;
constexpr std::size_t default_last_level_cache_bytes = std::size_t(32) << 20;

/// The most of a last-level cache that one call's data are taken to stay in.  A Xeon reports its
/// socket's whole L3, which every core of the socket shares (and on a cloud host, other tenants):
/// 480 MiB on the Granite Rapids-class VM of 2026-12-02, where one core kept 64 MiB of data at cache
/// speed (memcpy 3.4-3.5 Gelem/s of floats) but not 128 MiB (1.7, as at 256 MiB); streaming at
/// 128 MiB made sigma 1.15-1.19x and the fast tier 1.28-1.30x as fast, where it cost the fast tier
/// 7-14% at 32 MiB and 3-5% at 64 MiB (README, "Streaming stores").  96 MiB lies between.  The
/// other machines measured have 32 and 48 MiB, and an AMD X3D part reports 96 MiB per CCD: nothing
/// changes for them.
constexpr std::size_t max_cache_kept_bytes = std::size_t(96) << 20;

std::size_t read_streaming_threshold(std::size_t last_level_cache) noexcept {
  const char* wanted = std::getenv("SIMDACT_STREAMING_MIN_BYTES");
  if (wanted == nullptr || *wanted == '\0') return last_level_cache;
  // Digits only: strtoull alone would take " -1" as 2^64 - 1.
  const bool digits_only = std::strspn(wanted, "0123456789") == std::strlen(wanted);
  errno = 0;
  const unsigned long long bytes = digits_only ? std::strtoull(wanted, nullptr, 10) : 0;
  if (!digits_only || errno != 0) {
    std::fprintf(stderr,
                 "simdact: warning: SIMDACT_STREAMING_MIN_BYTES=\"%s\" is not a number of bytes; using the "
                 "last-level cache's size, at most %zu MiB (%zu)\n",
                 wanted, max_cache_kept_bytes >> 20, last_level_cache);
    return last_level_cache;
  }
  return std::size_t(bytes);
}

memory_thresholds read_thresholds() noexcept {
  std::size_t l2 = default_l2_cache_bytes;
  std::size_t last_level = default_last_level_cache_bytes;
#if defined(_SC_LEVEL2_CACHE_SIZE) && defined(_SC_LEVEL3_CACHE_SIZE)
  // glibc reads them from cpuid on x86, the ISAs these thresholds were measured on.
  if (const long bytes = sysconf(_SC_LEVEL2_CACHE_SIZE); bytes > 0) l2 = std::size_t(bytes);
  if (const long bytes = sysconf(_SC_LEVEL3_CACHE_SIZE); bytes > 0) last_level = std::size_t(bytes);
#endif
  return {l2, read_streaming_threshold(std::min(last_level, max_cache_kept_bytes))};
}

} // namespace

std::atomic<const memory_thresholds*> memory_thresholds_read{nullptr};

const memory_thresholds& read_memory_thresholds() noexcept {
  static const memory_thresholds thresholds = read_thresholds(); // once, whichever thread comes first
  memory_thresholds_read.store(&thresholds, std::memory_order_release);
  return thresholds;
}

} // namespace kernels
} // namespace simdact
