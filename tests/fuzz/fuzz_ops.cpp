// libFuzzer target (fuzz preset): the input bytes choose the op of the list, the ISA among the
// supported ones, n, each buffer's offset, in place or not, a bad-argument case, and the values
// (bit patterns taken from the input, special ones included).  Checks every result against the
// reference within the op's contract (tests/test_support.hpp), that nothing outside the outputs is
// written, bit identity across the FMA paths and with the ops the op equals (its row's "equals"),
// and that bad arguments give the documented status and leave the outputs untouched.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../test_support.hpp"

namespace {

using namespace simdact_test;

struct reader {
  const std::uint8_t* data;
  std::size_t size, pos = 0;
  std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
  std::uint32_t word() {
    std::uint32_t w = 0;
    for (int i = 0; i < 4; ++i) w = (w << 8) | byte();
    return w;
  }
};

float value_from(std::uint32_t w) {
  static const std::uint32_t specials[] = {0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7f800000u, 0xff800000u,
                                           0x00000000u, 0x80000000u, 0x00000001u, 0x80800000u, 0x42d00000u,
                                           0xc2d00000u, 0xc2af0000u, 0x418a0000u, 0x3f800000u};
  return from_bits((w & 0xf0000000u) == 0xf0000000u ? specials[w % std::size(specials)] : w);
}

[[noreturn]] void fail(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "fuzz_ops: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
  std::abort();
}

/// Whether element i's inputs are inside the op's contract (an activation's output |y| <= 2^56).
bool in_contract(const op_case& op, const std::vector<std::vector<float>>& in, std::size_t i) {
  for (std::size_t k = 0; k < op.inputs; ++k)
    if ((op.domains[k] == domain::probability || op.domains[k] == domain::signed_unit) && std::fabs(in[k][i]) > 0x1p56f)
      return false;
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader bytes{data, size};
  const op_case& op = all_ops()[bytes.byte() % all_ops().size()];
  const simdact::detail::kernel_table* tables[8];
  const std::size_t n_tables = simdact::detail::supported_kernels(tables, 8);
  const simdact::detail::kernel_table& k = *tables[bytes.byte() % n_tables];
  const std::size_t n = (std::size_t(bytes.byte()) << 8 | bytes.byte()) % 1100;
  const std::uint8_t offsets = bytes.byte();
  const std::uint8_t mode = bytes.byte(); // low bit: in place; high bits: a bad-argument case
  const std::size_t off_in = offsets & 15, off_out = (offsets >> 4) & 15;
  constexpr float fill = -7.0f;

  std::vector<std::vector<float>> in_storage(op.inputs, std::vector<float>(n + 32)),
      out_storage(op.outputs, std::vector<float>(n + 32, fill));
  for (auto& v : in_storage)
    for (std::size_t i = 0; i < n; ++i) v[off_in + i] = value_from(bytes.word());
  std::vector<const float*> in;
  std::vector<float*> out;
  for (auto& v : in_storage) in.push_back(v.data() + off_in);
  for (auto& v : out_storage) out.push_back(v.data() + off_out);
  const bool in_place = (mode & 1) != 0;
  if (in_place) out[0] = in_storage[0].data() + off_in;

  if (n > 1 && (mode >> 6) != 0) { // bad arguments: the status, and nothing written
    const auto before = out_storage;
    const auto before_in = in_storage;
    simdact_status want = SIMDACT_OVERLAP;
    std::vector<float*> bad = out;
    switch (mode >> 6) {
    case 1: bad.back() = nullptr, want = SIMDACT_NULL_POINTER; break;
    case 2: bad[0] = in_storage[0].data() + off_in + 1; break;
    default: bad.back() = op.outputs > 1 ? bad[0] : in_storage[0].data() + off_in + n - 1; break;
    }
    if (simdact_run_f32(op.id, in.data(), bad.data(), n) != want) fail("wrong status for bad arguments", op.name);
    // Compared as bytes: the inputs hold NaNs, which never compare equal.
    const auto same_bytes = [](const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
      for (std::size_t k = 0; k < a.size(); ++k)
        if (std::memcmp(a[k].data(), b[k].data(), a[k].size() * sizeof(float)) != 0) return false;
      return true;
    };
    if (!same_bytes(out_storage, before) || !same_bytes(in_storage, before_in)) fail("a refused call wrote", op.name);
    return 0;
  }

  std::vector<std::vector<float>> inputs;
  for (const float* p : in) inputs.emplace_back(p, p + n);
  run_on(k, op, in, out, n);
  std::vector<std::vector<float>> outputs;
  for (float* p : out) outputs.emplace_back(p, p + n);
  for (std::size_t i = 0; i < n; ++i)
    if (in_contract(op, inputs, i))
      if (const std::string v = contract_violation(op, inputs, outputs, i); !v.empty()) fail("out of contract", v);

  // Nothing written outside the outputs: every float of the buffers but [off, off + n) of each output.
  const auto untouched_but = [n](const std::vector<float>& buffer, std::size_t off, float value, bool output) {
    for (std::size_t i = 0; i < buffer.size(); ++i)
      if ((!output || i < off || i >= off + n) && !(buffer[i] == value)) return false;
    return true;
  };
  for (std::size_t b = 0; b < op.inputs; ++b) {
    std::vector<float> around = in_storage[b];
    std::fill(around.begin() + off_in, around.begin() + off_in + n, 0.0f);
    if (!untouched_but(around, off_in, 0.0f, false)) fail("wrote outside its output (an input's buffer)", op.name);
  }
  for (std::size_t o = 0; o < op.outputs; ++o)
    if (!untouched_but(out_storage[o], off_out, fill, !(in_place && o == 0))) fail("wrote outside its output", op.name);

  // Bit identity across the FMA paths, and with the ops this one equals on the same path.
  std::vector<std::vector<std::vector<float>>> fma_results;
  for (std::size_t t = 0; t < n_tables; ++t)
    if (is_fma_path(tables[t]->id)) fma_results.push_back(outputs_of(op, inputs, tables[t]));
  for (std::size_t t = 1; t < fma_results.size(); ++t)
    for (std::size_t o = 0; o < op.outputs; ++o)
      for (std::size_t i = 0; i < n; ++i)
        if (comparable_bits(op, fma_results[t][o][i]) != comparable_bits(op, fma_results[0][o][i]))
          fail("FMA paths differ", op.name);
  for (std::size_t o = 0; o < op.equals.size(); ++o) {
    const equal_op other = equal_of(op, o);
    if (!other.op) continue;
    const auto separate = outputs_of(*other.op, other.pick(inputs), &k);
    for (std::size_t i = 0; i < n; ++i)
      if (other.bits_of(separate[0][i]) != to_bits(outputs[o][i])) fail("differs from the op it equals", op.name);
  }
  return 0;
}
