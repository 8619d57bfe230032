// The throughput of the vector instructions that bound the sigmoid loops (bench/instruction_costs.cpp).
#pragma once

#include <string>
#include <vector>

namespace bench {

struct instruction_cost {
  std::string instruction; // as objdump names it, with its register width: "vdivps zmm"
  double ns;               // time per instruction with many independent ones in flight
};

/// The instructions this CPU has, measured now (about half a second); none on other architectures.
std::vector<instruction_cost> measure_instruction_costs();

} // namespace bench
