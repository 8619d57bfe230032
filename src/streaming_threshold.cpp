// Where the kernels start streaming their output (kernels/sigmoid.hpp): the last-level cache's size,
// read once per process.
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

/// Zen 3 and Zen 4's L3 (per CCD), where the threshold was first measured; used where the size
/// cannot be read.
constexpr std::size_t default_last_level_cache_bytes = std::size_t(32) << 20;

std::size_t last_level_cache_bytes() noexcept {
#if defined(_SC_LEVEL3_CACHE_SIZE)
  // glibc reads it from cpuid on x86, the only ISAs with streaming stores here.
  if (const long bytes = sysconf(_SC_LEVEL3_CACHE_SIZE); bytes > 0) return std::size_t(bytes);
#endif
  return default_last_level_cache_bytes;
}

std::size_t read_threshold() noexcept {
  const std::size_t cache = last_level_cache_bytes();
  const char* wanted = std::getenv("SIMDACT_STREAMING_MIN_BYTES");
  if (wanted == nullptr || *wanted == '\0') return cache;
  // Digits only: strtoull alone would take " -1" as 2^64 - 1.
  const bool digits_only = std::strspn(wanted, "0123456789") == std::strlen(wanted);
  errno = 0;
  const unsigned long long bytes = digits_only ? std::strtoull(wanted, nullptr, 10) : 0;
  if (!digits_only || errno != 0) {
    std::fprintf(stderr,
                 "simdact: warning: SIMDACT_STREAMING_MIN_BYTES=\"%s\" is not a number of bytes; using the "
                 "last-level cache's size (%zu)\n",
                 wanted, cache);
    return cache;
  }
  return std::size_t(bytes);
}

} // namespace

std::atomic<std::size_t> streaming_min_bytes_read{streaming_min_bytes_not_read};

std::size_t read_streaming_min_bytes() noexcept {
  static const std::size_t bytes = read_threshold(); // once, whichever thread comes first
  streaming_min_bytes_read.store(bytes, std::memory_order_relaxed);
  return bytes;
}

} // namespace kernels
} // namespace simdact
