// A test body run on every ISA, for the GoogleTest files (test_support.hpp itself stays free of
// GoogleTest: the fuzzer includes it).
#pragma once

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace simdact_test {

/// Calls f(isa's kernels) for every ISA this build and CPU run, naming the ISA in failures.
template <class F> void on_every_isa(F f) {
  for (simdact::isa i : simdact::supported_isas()) {
    SCOPED_TRACE(simdact::to_string(i));
    f(*kernels_for(i));
  }
}

} // namespace simdact_test
