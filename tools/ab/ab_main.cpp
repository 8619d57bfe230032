// An A/B of two builds of simdact in one process (tools/ab/run.sh): loads A.so and B.so (each one
// build's libsimdact.a behind ab_side.cpp's ab_time), then for every round, ISA, op and size
// times a sample of about 5 ms on A and on B back to back (which goes first alternates), and
// prints per (ISA, op, n) the median over the rounds of the per-round ratio of rates, B over A.
//   ab_main A.so B.so ROUNDS ISA[,ISA...] N[,N...]
#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct side {
  double (*time)(const char*, int, std::size_t, int);
  const char* const* ops;
  explicit side(const char* path) {
    void* so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!so) throw std::runtime_error(dlerror());
    time = reinterpret_cast<double (*)(const char*, int, std::size_t, int)>(dlsym(so, "ab_time"));
    ops = static_cast<const char* const*>(dlsym(so, "ab_ops"));
    if (!time || !ops) throw std::runtime_error("no ab_time or ab_ops in " + std::string(path));
  }
  /// The index of the op called `name` in this build's list; -1 if it has none.
  int find(const char* name) const {
    for (int op = 0; ops[op]; ++op)
      if (std::string(ops[op]) == name) return op;
    return -1;
  }
};

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> parts;
  std::stringstream s(list);
  for (std::string part; std::getline(s, part, ',');) parts.push_back(part);
  return parts;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: ab_main A.so B.so ROUNDS ISA[,ISA...] N[,N...]\n");
    return 2;
  }
  const side a(argv[1]), b(argv[2]);
  const int rounds = std::stoi(argv[3]);
  std::printf("| ISA | op | n | median ratio B/A | min | max | rounds |\n|---|---|---|---|---|---|---|\n");
  for (const std::string& isa : split(argv[4])) {
    for (int op = 0; a.ops[op]; ++op) {
      const int op_b = b.find(a.ops[op]);
      if (op_b < 0) continue; // an op that only A has
      for (const std::string& size : split(argv[5])) {
        const std::size_t n = std::stoul(size);
        if (a.time(isa.c_str(), op, n, 1) < 0 || b.time(isa.c_str(), op_b, n, 1) < 0) {
          std::fprintf(stderr, "ab_main: ISA %s is not supported here\n", isa.c_str());
          return 1;
        }
        // Calls per sample: about 5 ms on A.
        int calls = 1;
        while (a.time(isa.c_str(), op, n, calls) < 5e6) calls *= 2;
        std::vector<double> ratios;
        for (int r = 0; r < rounds; ++r) {
          const bool a_first = r % 2 == 0;
          const double first = a_first ? a.time(isa.c_str(), op, n, calls) : b.time(isa.c_str(), op_b, n, calls);
          const double second = a_first ? b.time(isa.c_str(), op_b, n, calls) : a.time(isa.c_str(), op, n, calls);
          ratios.push_back(a_first ? first / second : second / first); // time A / time B = rate B / rate A
        }
        std::printf("| %s | %s | %zu | %.3f | %.3f | %.3f | %d |\n", isa.c_str(), a.ops[op], n, median(ratios),
                    *std::min_element(ratios.begin(), ratios.end()), *std::max_element(ratios.begin(), ratios.end()),
                    rounds);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
