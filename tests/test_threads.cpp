// Thread safety: worker threads call every op on shared inputs while another thread keeps switching
// the ISA with set_isa.  Every call's outputs must be exactly what one of the supported ISAs
// computes (the old table or the new one, never a mix).  Run under ThreadSanitizer by the tsan
// preset.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

TEST(Threads, KernelsWhileSwitchingIsa) {
  constexpr std::size_t n = 517; // body and tail on every path
  const std::vector<simdact::isa> isas = simdact::supported_isas();
  // Each op's inputs, and each ISA's exact outputs for them, computed before the race.
  std::vector<std::vector<std::vector<float>>> inputs;
  std::vector<std::vector<std::vector<std::vector<float>>>> expected; // [op][isa][output]
  for (const op_case& op : all_ops()) {
    inputs.push_back(random_inputs(op, n, 81));
    expected.emplace_back();
    for (simdact::isa i : isas) expected.back().push_back(outputs_of(op, inputs.back(), kernels_for(i)));
  }
  const auto same_bits = [](const std::vector<float>& a, const std::vector<float>& b) {
    return std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
  };
  const auto matches_one = [&](std::size_t op, const std::vector<std::vector<float>>& got) {
    for (const auto& want : expected[op])
      if (std::equal(got.begin(), got.end(), want.begin(), same_bits)) return true;
    return false;
  };

  std::atomic<bool> stop{false};
  std::atomic<long> calls{0}, mismatches{0};
  std::thread switcher([&] {
    for (std::size_t round = 0; !stop.load(std::memory_order_relaxed); ++round) {
      simdact::set_isa(isas[round % isas.size()]);
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        bool ok = true;
        for (std::size_t op = 0; op < all_ops().size(); ++op)
          ok &= matches_one(op, outputs_of(all_ops()[op], inputs[op]));
        mismatches.fetch_add(ok ? 0 : 1, std::memory_order_relaxed);
        calls.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  switcher.join();
  for (auto& w : workers) w.join();
  simdact::set_isa("auto");
  EXPECT_GT(calls.load(), 10) << "the workers ran";
  EXPECT_EQ(mismatches.load(), 0) << "of " << calls.load() << " rounds";
}

} // namespace
