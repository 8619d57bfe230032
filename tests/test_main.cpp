// simdact_tests' main: GoogleTest's, except that a run in which no test matched the filter fails.
// CTest runs each typed test and path as `simdact_tests --gtest_filter=Sigmoid/<isa>.<Test>`
// (tests/CMakeLists.txt), and GoogleTest 1.12 exits 0 when a filter matches nothing: a renamed
// test, path or list entry would otherwise turn its CTest entries into passes that test nothing.
// (A path the CPU lacks still runs its tests, which skip, and a skip still counts as run.)
#include <gtest/gtest.h>

#include <cstdio>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const int status = RUN_ALL_TESTS();
  if (status == 0 && !GTEST_FLAG_GET(list_tests) && ::testing::UnitTest::GetInstance()->test_to_run_count() == 0) {
    std::fprintf(stderr, "simdact_tests: no test matched the filter\n");
    return 1;
  }
  return status;
}
