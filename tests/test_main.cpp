// simdact_tests' main: registers the tests generated from the list of operations, then runs
// GoogleTest, except that a run in which no test matched the filter fails.  CTest runs each test
// as `simdact_tests --gtest_filter=<name>` (gtest_discover_tests), and GoogleTest 1.12 exits 0
// when a filter matches nothing: a renamed test, path or list entry would otherwise turn its
// CTest entry into a pass that tests nothing.
#include <gtest/gtest.h>

#include <cstdio>

#include "test_support.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  simdact_test::register_op_tests();
  const int status = RUN_ALL_TESTS();
  if (status == 0 && !GTEST_FLAG_GET(list_tests) && ::testing::UnitTest::GetInstance()->test_to_run_count() == 0) {
    std::fprintf(stderr, "simdact_tests: no test matched the filter\n");
    return 1;
  }
  return status;
}
