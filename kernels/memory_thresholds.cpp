// From which size of a call's data the loop driver prefetches its inputs and outputs and streams its
// outputs (kernels/loop.hpp, docs/design/loop.md): the L2 and last-level caches' sizes, read once
// per process.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "memory_thresholds.hpp"

#if defined(__unix__)
#include <unistd.h>
#endif
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <cpuid.h>
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
/// one core of a 480 MiB Granite Rapids keeps 64 MiB of data at cache speed but not 128 MiB, and
/// streaming pays from there (bench/RESULTS.md, "Streaming stores").  96 MiB lies between; the other
/// machines measured have 32 and 48 MiB, and an AMD X3D part reports 96 MiB per CCD.
constexpr std::size_t max_cache_kept_bytes = std::size_t(96) << 20;

/// A threshold set by the environment variable `name` (a number of bytes), else `otherwise`.
std::size_t read_threshold(const char* name, std::size_t otherwise, const char* otherwise_is) noexcept {
  const char* wanted = std::getenv(name);
  if (wanted == nullptr || *wanted == '\0') return otherwise;
  // Digits only: strtoull alone would take " -1" as 2^64 - 1.
  const bool digits_only = std::strspn(wanted, "0123456789") == std::strlen(wanted);
  errno = 0;
  const unsigned long long bytes = digits_only ? std::strtoull(wanted, nullptr, 10) : 0;
  if (!digits_only || errno != 0) {
    std::fprintf(stderr, "simdact: warning: %s=\"%s\" is not a number of bytes; using %s", name, wanted, otherwise_is);
    if (otherwise != SIZE_MAX) std::fprintf(stderr, " (%zu)", otherwise);
    std::fputc('\n', stderr);
    return otherwise;
  }
  return std::size_t(bytes);
}

/// Whether the CPU is AMD's (or Hygon's, the same cores), whose hardware prefetchers keep up with
/// the kernels' streams, so that software prefetches only take load slots; on the Intel Xeons
/// prefetching gains (bench/RESULTS.md, "Prefetching").
bool hardware_prefetch_suffices() noexcept {
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
  unsigned max_leaf = 0, vendor[3] = {};
  // The vendor's name is spelled by ebx, edx, ecx in that order.
  if (__get_cpuid(0, &max_leaf, &vendor[0], &vendor[2], &vendor[1]) == 0) return false;
  char name[sizeof vendor + 1] = {};
  std::memcpy(name, vendor, sizeof vendor);
  return std::strcmp(name, "AuthenticAMD") == 0 || std::strcmp(name, "HygonGenuine") == 0;
#else
  return false;
#endif
}

/// The size of cpu0's data or unified cache of the given level, as Linux reports it in sysfs (from
/// cpuid's per-cache leaf: 4 on Intel, 0x8000001D on AMD), or 0 where it cannot be read.  Read
/// before glibc's sysconf, which (2.36) takes an AMD L3 from the older leaf 0x80000006: on a Zen 4
/// VM that said 320 MiB (the host's L3s together, it seems) where sysfs and lscpu said the 32 MiB
/// of the core's CCD, and nothing streamed (bench/RESULTS.md, "Streaming stores").
std::size_t sysfs_cache_bytes(int level) noexcept {
#if defined(__linux__)
  for (int index = 0; index < 16; ++index) {
    const auto open = [index](const char* name) {
      char path[80];
      std::snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/%s", index, name);
      return std::fopen(path, "r");
    };
    std::FILE* level_file = open("level");
    if (level_file == nullptr) return 0; // no such cache: the indexes are consecutive
    int read_level = 0;
    const bool has_level = std::fscanf(level_file, "%d", &read_level) == 1;
    std::fclose(level_file);
    if (!has_level || read_level != level) continue;
    char type[16] = {};
    if (std::FILE* type_file = open("type")) {
      const bool has_type = std::fscanf(type_file, "%15s", type) == 1;
      std::fclose(type_file);
      if (!has_type || std::strcmp(type, "Instruction") == 0) continue;
    }
    std::FILE* size_file = open("size");
    if (size_file == nullptr) return 0;
    unsigned long long size = 0;
    char unit = '\0';
    const int fields = std::fscanf(size_file, "%llu%c", &size, &unit);
    std::fclose(size_file);
    if (fields < 1) return 0;
    const int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
    return std::size_t(size) << shift;
  }
#endif
  (void)level;
  return 0;
}

/// The size of the cache of the given level: sysfs, else sysconf, else the default.
std::size_t cache_bytes(int level, std::size_t default_bytes) noexcept {
  if (const std::size_t bytes = sysfs_cache_bytes(level); bytes > 0) return bytes;
#if defined(_SC_LEVEL2_CACHE_SIZE) && defined(_SC_LEVEL3_CACHE_SIZE)
  // glibc reads them from cpuid on x86, the ISAs these thresholds were measured on.
  if (const long bytes = sysconf(level == 2 ? _SC_LEVEL2_CACHE_SIZE : _SC_LEVEL3_CACHE_SIZE); bytes > 0)
    return std::size_t(bytes);
#endif
  return default_bytes;
}

memory_thresholds read_thresholds() noexcept {
  const std::size_t never = SIZE_MAX; // no call's data take that many bytes
  const std::size_t l2 = cache_bytes(2, default_l2_cache_bytes);
  const std::size_t last_level = std::min(cache_bytes(3, default_last_level_cache_bytes), max_cache_kept_bytes);
  const bool prefetching = !hardware_prefetch_suffices();
  return {read_threshold("SIMDACT_PREFETCH_MIN_BYTES", prefetching ? l2 : never,
                         prefetching ? "the L2 cache's size" : "never (an AMD CPU)"),
          read_threshold("SIMDACT_STREAMING_MIN_BYTES", last_level, "the last-level cache's size, at most 96 MiB")};
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
