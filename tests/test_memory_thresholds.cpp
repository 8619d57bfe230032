// The loop driver's memory thresholds as read from this machine (kernels/memory_thresholds.cpp):
// streaming from the last-level cache's size but at most 96 MiB, prefetching from the L2's size
// but never on AMD CPUs.
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <cpuid.h>
#endif

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

// The size of cpu0's data or unified cache of this level as Linux's sysfs reports it, or 0.
std::size_t sysfs_cache_bytes(int wanted_level) {
  for (int index = 0; index < 16; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
    std::ifstream level(dir + "level"), type(dir + "type"), size(dir + "size");
    int read_level = 0;
    std::string read_type;
    std::size_t kib = 0;
    char unit = 0;
    if (level >> read_level && read_level == wanted_level && type >> read_type && read_type != "Instruction" &&
        size >> kib >> unit && unit == 'K')
      return kib << 10;
  }
  return 0;
}

// The thresholds without SIMDACT_STREAMING_MIN_BYTES (kernels/memory_thresholds.cpp): streaming from
// the last-level cache's size, but from 96 MiB at most (a Xeon's L3 as cpuid reports it is the
// socket's, far more than one core keeps), and never below the
// L2's size, so a call that fits in the L2 never streams.
TEST(MemoryThresholds, StreamingFromTheLastLevelCacheAtMost96MiB) {
  if (std::getenv("SIMDACT_STREAMING_MIN_BYTES") != nullptr) GTEST_SKIP() << "SIMDACT_STREAMING_MIN_BYTES is set";
  const simdact::kernels::memory_thresholds& limits = simdact::kernels::thresholds();
  EXPECT_LE(limits.streaming_min_bytes, std::size_t(96) << 20);
  EXPECT_GE(limits.streaming_min_bytes, sysfs_cache_bytes(2));
}

// The last-level cache is read as Linux's sysfs reports cpu0's (kernels/memory_thresholds.cpp), not as
// glibc's sysconf does: on an AMD VM sysconf said 320 MiB where the core's L3 (sysfs, lscpu, cpuid
// 0x8000001D) was 32 MiB, and nothing up to 96 MiB streamed.
TEST(MemoryThresholds, StreamingFromNoMoreThanTheL3ThatSysfsReports) {
  if (std::getenv("SIMDACT_STREAMING_MIN_BYTES") != nullptr) GTEST_SKIP() << "SIMDACT_STREAMING_MIN_BYTES is set";
  const std::size_t l3_bytes = sysfs_cache_bytes(3);
  if (l3_bytes == 0) GTEST_SKIP() << "sysfs reports no L3 in KiB for cpu0";
  EXPECT_LE(simdact::kernels::thresholds().streaming_min_bytes, l3_bytes);
}

// Prefetching from the L2's size, but never on an AMD CPU, whose hardware prefetchers were faster
// alone (kernels/memory_thresholds.cpp).
TEST(MemoryThresholds, PrefetchingFromTheL2CacheButNeverOnAmd) {
  if (std::getenv("SIMDACT_PREFETCH_MIN_BYTES") != nullptr) GTEST_SKIP() << "SIMDACT_PREFETCH_MIN_BYTES is set";
  const std::size_t prefetch_min_bytes = simdact::kernels::thresholds().prefetch_min_bytes;
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
  unsigned max_leaf = 0, ebx = 0, ecx = 0, edx = 0;
  ASSERT_NE(__get_cpuid(0, &max_leaf, &ebx, &ecx, &edx), 0);
  const std::string vendor = std::string(reinterpret_cast<const char*>(&ebx), 4) +
                             std::string(reinterpret_cast<const char*>(&edx), 4) +
                             std::string(reinterpret_cast<const char*>(&ecx), 4);
  if (vendor == "AuthenticAMD" || vendor == "HygonGenuine") {
    EXPECT_EQ(prefetch_min_bytes, SIZE_MAX) << vendor;
    return;
  }
#endif
  const std::size_t l2_bytes = sysfs_cache_bytes(2);
  if (l2_bytes == 0) GTEST_SKIP() << "sysfs reports no L2 in KiB for cpu0";
  EXPECT_EQ(prefetch_min_bytes, l2_bytes);
}

} // namespace
