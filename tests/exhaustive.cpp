// Exhaustive accuracy proof (CTest label `exhaustive`): all 2^32 floats through every forward op of
// the list (one input of domain any) on every supported ISA, against the double reference, on all
// cores.  Ops held to the same reference are swept together, the reference computed once per input
// for all of them and all paths (Exhaustive.<first op>).  Prints a table per op and path (the
// tables of docs/accuracy.md come from it) and asserts the contract: max ulp, results in the op's
// range, NaN exactly for NaN inputs, and at most the op's monotone breaks over the float line.
// The scalar path runs on one chunk of 2^20 consecutive floats in 16, where its bits must be sse2's
// (on x86-64; the digest compares them on aarch64): they are by design, and all 2^32 took two fifths
// of a sweep's time.
// An op whose outputs equal other ops' (its row's "equals") is proved by comparing them bit for bit
// (Exhaustive.<op>): on every input on the FMA paths, on one chunk of 2^20 consecutive floats in 16
// on the others, where it runs several times slower and all of them would add minutes to CI; with a
// sweep stride (qemu), on one chunk in 16 on every path: the quick suite's EqualsOps and the digest
// compare the same bits there too, and the full comparison took two minutes of CI under qemu.
// An op of two or three inputs is swept over one, the others fixed at 1 and then at 2^100: a forward
// op (swiglu) over its first, a gradient op (silu_backward: dy, x; swiglu_backward: dy, a, b) over
// the input after dy (Exhaustive.<op>_over_<swept input>; one table per fixed value; at 2^100 the
// exact results are those at 1 scaled, where the reference scales so, checked on a sample), and
// checked on 2^27 random pairs or triples per path (Exhaustive.<op>_random_pairs, _random_triples).
// Each output is held to its own reference (a target: an op's output), or where it equals another
// op's output on some of its inputs (swiglu_backward's db: swiglu(a, dy)), compared with that bit
// for bit over the same sweep.
// SIMDACT_SWEEP_STRIDE=k checks every k-th float in value order instead (the aarch64 run under qemu
// uses 32: all 2^32 would take hours there).
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace simdact_test {
namespace {

constexpr std::uint32_t chunk_bits = 20;
constexpr std::uint32_t chunk_size = 1u << chunk_bits;
constexpr std::uint32_t chunk_count = 1u << (32 - chunk_bits);

struct stats {
  double max_ulp = 0.0;
  float worst_x = 0.0f;
  double max_ulp_normal = 0.0; // over results whose exact value is a normal float
  std::uint64_t checked = 0, above_half = 0, correctly_rounded = 0, bad_specials = 0, monotone_breaks = 0;
  std::uint64_t differ_from_sse2 = 0;  // scalar's outputs whose bits are not sse2's (a NaN's payload aside)
  std::uint64_t differ_from_equal = 0; // outputs whose bits are not those of the op they equal
  /// A tie goes to the smaller x, so that the table does not depend on which thread swept which
  /// chunk (sigma' is even: x and -x tie).
  void note_error(double err, float x) {
    if (err > max_ulp || (err == max_ulp && x < worst_x)) {
      max_ulp = err;
      worst_x = x;
    }
  }
  void merge(const stats& o) {
    note_error(o.max_ulp, o.worst_x);
    max_ulp_normal = std::max(max_ulp_normal, o.max_ulp_normal);
    checked += o.checked;
    above_half += o.above_half;
    correctly_rounded += o.correctly_rounded;
    bad_specials += o.bad_specials;
    differ_from_sse2 += o.differ_from_sse2;
    differ_from_equal += o.differ_from_equal;
    monotone_breaks += o.monotone_breaks;
  }
};

// First and last non-NaN input and result of a chunk, to check monotonicity across chunk boundaries.
struct chunk_ends {
  float first_x = NAN, first = NAN, last_x = NAN, last = NAN;
};

/// One output of an op: what the sweeps hold to its reference, or where it equals another op's
/// output (ops.def, "equals"), compare with that bit for bit.
struct target {
  const op_case* op;
  std::size_t output = 0;
  equal_op equal = equal_of(*op, output);
  const reference_fn& reference() const { return op->references[output]; }
  bool same_reference(const target& t) const {
    return reference().unary == t.reference().unary && reference().binary == t.reference().binary &&
           reference().ternary == t.reference().ternary;
  }
  /// The op's name, and the output's where it has several.
  std::string name() const { return op->outputs == 1 ? op->name : op->name + (" " + op->output_names[output]); }
};

/// The names of the inputs a sweep holds fixed, joined by `separator`.
std::string fixed_inputs(const op_case& op, const char* separator) {
  std::string names;
  for (std::size_t k = 0; k < op.inputs; ++k)
    if (int(k) != op.swept_input()) names += (names.empty() ? "" : separator) + op.input_names[k];
  return names;
}

std::uint32_t sweep_stride() {
  const char* s = std::getenv("SIMDACT_SWEEP_STRIDE");
  const long k = s ? std::atol(s) : 1;
  return k >= 1 && k <= 4096 && (k & (k - 1)) == 0 ? std::uint32_t(k) : 1u; // a power of two
}

std::string hex(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%a", double(v));
  return text;
}

std::string inputs_swept(std::uint32_t stride) {
  return stride == 1 ? "all 2^32 inputs" : "one input in " + std::to_string(stride) + ", in value order";
}

std::vector<const simdact::detail::kernel_table*> supported_paths() {
  std::vector<const simdact::detail::kernel_table*> paths;
  for (simdact::isa i : simdact::supported_isas()) paths.push_back(kernels_for(i));
  return paths;
}

unsigned sweep_threads() { return std::max(1u, std::min(8u, std::thread::hardware_concurrency())); }

/// Runs worker(chunk index) for every chunk of the sweep on all threads; returns the seconds taken.
template <class Worker> double for_every_chunk(std::uint32_t stride, Worker make_worker) {
  std::atomic<std::uint32_t> next_chunk{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < sweep_threads(); ++t)
    threads.emplace_back([&] {
      auto worker = make_worker();
      for (std::uint32_t c; (c = next_chunk.fetch_add(1)) < chunk_count / stride;) worker.sweep(c);
      worker.finish();
    });
  for (auto& t : threads) t.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The inputs of chunk c: chunk_size floats in value order, every stride-th.
void chunk_inputs(std::uint32_t c, std::uint32_t stride, std::vector<float>& x) {
  for (std::uint32_t i = 0; i < chunk_size; ++i)
    x[i] = from_ordinal(std::uint32_t((std::uint64_t(c) * chunk_size + i) * stride));
}

/// Whether path p runs on one chunk in 16 only: scalar after another path.  It is several times
/// slower than the vector paths (one lane; Dekker products where there is no FMA), and under qemu
/// slower still; all 2^32 inputs took two fifths of a sweep's time.  Its bits are sse2's by design,
/// on aarch64 too: the sweep compares them on its chunks on x86-64, the digest on both architectures.
bool sampled(const std::vector<const simdact::detail::kernel_table*>& paths, std::size_t p) {
  return p > 0 && paths[p]->id == simdact::isa::scalar;
}

/// Whether a sampled path runs on chunk c: one chunk in 16, at a place in its block of 16 that
/// moves from block to block, so that the chunks sampled are not all the first eighth of a binade.
bool sampled_chunk(std::uint32_t c) { return (c + c / 16) % 16 == 0; }

/// Adds one path's outputs y over a chunk (inputs x, exact results, 1/ulp) to s, and the chunk's
/// first and last non-NaN point to ends (for the monotone check across chunks).  On copies of both,
/// so that the compiler keeps them in registers.
void add_chunk_statistics(const target& which, const float* x, const float* y, const double* exact,
                          const double* per_ulp, stats& s, chunk_ends& ends) {
  const op_case& op = *which.op;
  const bool has_range = !op.ranges.empty(), monotone = op.monotone.promised();
  const float lo = has_range ? op.ranges[which.output].lo : -INFINITY,
              hi = has_range ? op.ranges[which.output].hi : INFINITY;
  const monotone_limit limit = op.monotone;
  stats t = s;
  chunk_ends e = ends;
  for (std::uint32_t i = 0; i < chunk_size; ++i) {
    const float xi = x[i], yi = y[i];
    if (std::isnan(xi)) {
      t.bad_specials += !std::isnan(yi);
      continue;
    }
    if (!(yi >= lo && yi <= hi)) { // a NaN, or outside the op's range
      ++t.bad_specials;
      continue;
    }
    // A result beyond FLT_MAX + half its ulp (a product with a large second input) must be the
    // exact result's infinity.
    const double ex = exact[i];
    const bool rounded = yi == float(ex);
    const double err = std::fabs(ex) < 0x1.ffffffp127 ? std::fabs(double(yi) - ex) * per_ulp[i]
                       : rounded                      ? 0.0
                                                      : INFINITY;
    ++t.checked;
    t.above_half += err > 0.5;
    t.correctly_rounded += rounded;
    t.note_error(err, xi);
    t.max_ulp_normal = std::max(t.max_ulp_normal, std::fabs(ex) >= 0x1p-126 ? err : 0.0);
    if (monotone) {
      if (std::isnan(e.first_x)) {
        e.first_x = xi;
        e.first = yi;
      }
      if (!std::isnan(e.last_x) && limit.breaks(e.last_x, e.last, xi, yi)) ++t.monotone_breaks;
      e.last_x = xi;
      e.last = yi;
    }
  }
  s = t;
  ends = e;
}

/// The reference of target t at the swept input x, the others at `fixed`.
double reference_at(const target& t, int swept, float fixed, float x) {
  float args[] = {fixed, fixed, fixed};
  args[swept] = x;
  return t.reference()(args);
}

/// The power of two s with reference(x; others at `fixed`) = s * reference(x; others at `base`) for
/// every x, bit for bit, as for a gradient op's dy * f(x): checked on every 65537th float x (and 0
/// where it is not: the sweep then computes that reference itself).  It lets the sweep at 2^100
/// reuse the reference work of the sweep at 1 (each reference took about half of a sweep's time).
double reference_scale(const target& t, int swept, float base, float fixed) {
  double scale = 0.0;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 65537) {
    const float x = from_bits(std::uint32_t(b));
    const double r0 = reference_at(t, swept, base, x), r1 = reference_at(t, swept, fixed, x);
    if (scale == 0.0 && std::isnormal(r0) && std::isnormal(r1)) {
      int e = 0;
      if (std::frexp(r1 / r0, &e) != 0.5) return 0.0; // not a power of two
      scale = r1 / r0;
    }
    const double scaled = r0 * (scale == 0.0 ? 1.0 : scale);
    if (!(scaled == r1 || (std::isnan(scaled) && std::isnan(r1))) && scale != 0.0) return 0.0;
  }
  return scale;
}

void report_sweep(const std::vector<target>& targets, const std::vector<const simdact::detail::kernel_table*>& paths,
                  std::optional<float> fixed, double seconds, std::vector<stats> totals,
                  const std::vector<chunk_ends>& ends);

// Targets (op outputs) over the same inputs: of ops of one input of domain any, or of two or three
// with the ones not swept (op_case::swept_input) fixed, in turn, at each of `fixed` (1 and 2^100).
// Swept together, each reference computed once per input for all the targets that share it and all
// paths, and for the second fixed value derived from the first where it scales (reference_scale).
void sweep_against_reference(const std::vector<target>& targets, std::vector<float> fixed = {}) {
  const std::uint32_t stride = sweep_stride();
  const auto paths = supported_paths();
  const std::size_t p_count = paths.size(), o_count = targets.size(), f_count = std::max<std::size_t>(1, fixed.size());
  std::vector<stats> totals(f_count * o_count * p_count);
  std::vector<chunk_ends> ends(f_count * std::size_t(chunk_count) * o_count * p_count);
  std::mutex merge_mutex;
  const op_case& first = *targets[0].op;
  const int swept = first.swept_input();
  // The first target with each target's reference: where the exact results are computed.
  std::vector<std::size_t> exact_of(o_count);
  for (std::size_t o = 0; o < o_count; ++o)
    for (exact_of[o] = 0;
         !targets[o].equal.op && (targets[exact_of[o]].equal.op || !targets[exact_of[o]].same_reference(targets[o]));)
      ++exact_of[o];
  // scale[f * o_count + o]: the exact results at fixed[f] are the first fixed value's times it (0: computed).
  std::vector<double> scale(f_count * o_count, 0.0);
  for (std::size_t f = 1; f < f_count; ++f)
    for (std::size_t o = 0; o < o_count; ++o)
      if (exact_of[o] == o && !targets[o].equal.op)
        scale[f * o_count + o] = reference_scale(targets[o], swept, fixed[0], fixed[f]);

  struct worker {
    const std::vector<target>& targets;
    const std::vector<const simdact::detail::kernel_table*>& paths;
    const std::vector<std::size_t>& exact_of;
    std::uint32_t stride;
    int swept;
    const std::vector<float>& fixed;
    const std::vector<double>& scale;
    std::vector<chunk_ends>& ends;
    std::vector<stats>& totals;
    std::mutex& merge_mutex;
    std::vector<float> x = std::vector<float>(chunk_size), equal_y = std::vector<float>(chunk_size),
                       b = std::vector<float>(chunk_size);
    std::vector<std::vector<float>> scratch = std::vector<std::vector<float>>(); // the equal op's negated inputs
    // Each path's outputs over the chunk (an op's targets share them).
    std::vector<std::vector<std::vector<float>>> y = std::vector<std::vector<std::vector<float>>>(
        paths.size(), std::vector<std::vector<float>>(targets[0].op->outputs, std::vector<float>(chunk_size)));
    // 1/ulp, exact (a power of two): a product in the loop below, not a division.
    std::vector<std::vector<double>> exact = std::vector<std::vector<double>>(targets.size()),
                                     per_ulp = std::vector<std::vector<double>>(targets.size()),
                                     first_exact = std::vector<std::vector<double>>(targets.size());
    std::vector<stats> local = std::vector<stats>(totals.size());

    void sweep(std::uint32_t c) {
      chunk_inputs(c, stride, x);
      for (std::size_t f = 0; f < std::max<std::size_t>(1, fixed.size()); ++f) sweep_at(c, f);
    }
    /// Chunk c with the inputs not swept at fixed[f]; the statistics of (f, o, p) at
    /// (f * targets + o) * paths + p, the chunk ends at ((f * chunks + c) * targets + o) * paths + p.
    void sweep_at(std::uint32_t c, std::size_t f) {
      const std::size_t o_count = targets.size(), offset = f * o_count;
      const float fixed_value = fixed.empty() ? 0.0f : fixed[f];
      std::fill(b.begin(), b.end(), fixed_value);
      for (std::size_t o = 0; o < o_count; ++o) {
        if (exact_of[o] != o || targets[o].equal.op) continue;
        exact[o].resize(chunk_size);
        per_ulp[o].resize(chunk_size);
        const double s = scale[offset + o];
        if (s != 0.0) { // the first fixed value's exact results, scaled (exactly: a power of two)
          for (std::uint32_t i = 0; i < chunk_size; ++i) exact[o][i] = first_exact[o][i] * s;
        } else {
          for (std::uint32_t i = 0; i < chunk_size; ++i)
            exact[o][i] = reference_at(targets[o], swept, fixed_value, x[i]);
          if (f == 0 && fixed.size() > 1) first_exact[o] = exact[o];
        }
        for (std::uint32_t i = 0; i < chunk_size; ++i) per_ulp[o][i] = 1.0 / simdact_float_ulp(exact[o][i]);
      }
      std::vector<const float*> in(targets[0].op->inputs, b.data());
      in[swept] = x.data();
      const auto runs = [&](std::size_t p) { return !sampled(paths, p) || sampled_chunk(c); };
      for (std::size_t o = 0; o < targets.size(); ++o) {
        const target& t = targets[o];
        if (o == 0 || t.op != targets[o - 1].op) // each path's outputs, for all of the op's targets
          for (std::size_t p = 0; p < paths.size(); ++p) {
            if (!runs(p)) continue;
            float* out[] = {y[p][0].data(), y[p].back().data()};
            paths[p]->run[t.op->id](in.data(), out, chunk_size);
          }
        if (t.equal.op) {
          const std::vector<const float*> picked = t.equal.pick(in, chunk_size, scratch);
          for (std::size_t p = 0; p < paths.size(); ++p) {
            if (!runs(p)) continue;
            float* out[] = {equal_y.data()};
            paths[p]->run[t.equal.op->id](picked.data(), out, chunk_size);
            stats& s = local[(offset + o) * paths.size() + p];
            s.checked += chunk_size;
            for (std::uint32_t i = 0; i < chunk_size; ++i)
              s.differ_from_equal += to_bits(y[p][t.output][i]) != t.equal.bits_of(equal_y[i]);
          }
          continue;
        }
        stats previous; // the previous path's statistics over this chunk
        for (std::size_t p = 0; p < paths.size(); ++p) {
          if (!runs(p)) continue;
          const std::vector<float>& yo = y[p][t.output];
          stats s;
          chunk_ends& e = ends[((f * chunk_count + c) * o_count + o) * paths.size() + p];
          // A path that returned the previous path's bits over the chunk (avx2 and avx512, sse2 and
          // scalar, by design) has its statistics too: a quarter of the run's time saved.
          const bool same_bits =
              p > 0 && std::memcmp(yo.data(), y[p - 1][t.output].data(), chunk_size * sizeof(float)) == 0;
          if (same_bits) {
            s = previous;
            e = ends[((f * chunk_count + c) * o_count + o) * paths.size() + p - 1];
          } else if (sampled(paths, p) && paths[p - 1]->id == simdact::isa::sse2) {
            for (std::uint32_t i = 0; i < chunk_size; ++i)
              s.differ_from_sse2 += comparable_bits(*t.op, yo[i]) != comparable_bits(*t.op, y[p - 1][t.output][i]);
          }
          if (!same_bits)
            add_chunk_statistics(t, x.data(), yo.data(), exact[exact_of[o]].data(), per_ulp[exact_of[o]].data(), s, e);
          local[(offset + o) * paths.size() + p].merge(s);
          previous = s;
        }
      }
    }
    void finish() {
      std::lock_guard<std::mutex> lock(merge_mutex);
      for (std::size_t k = 0; k < totals.size(); ++k) totals[k].merge(local[k]);
    }
  };
  const double seconds = for_every_chunk(
      stride, [&] { return worker{targets, paths, exact_of, stride, swept, fixed, scale, ends, totals, merge_mutex}; });
  for (std::size_t f = 0; f < f_count; ++f)
    report_sweep(
        targets, paths, fixed.empty() ? std::optional<float>() : fixed[f], seconds / double(f_count),
        std::vector<stats>(totals.begin() + f * o_count * p_count, totals.begin() + (f + 1) * o_count * p_count),
        std::vector<chunk_ends>(ends.begin() + f * chunk_count * o_count * p_count,
                                ends.begin() + (f + 1) * chunk_count * o_count * p_count));
}

/// Prints the tables of a sweep over the targets with the inputs not swept at `fixed`, and asserts
/// the contracts; totals and ends as sweep_against_reference's for that fixed value, seconds its
/// share of the sweep (the time of a sweep over several fixed values, split evenly).
void report_sweep(const std::vector<target>& targets, const std::vector<const simdact::detail::kernel_table*>& paths,
                  std::optional<float> fixed, double seconds, std::vector<stats> totals,
                  const std::vector<chunk_ends>& ends) {
  const std::uint32_t stride = sweep_stride();
  const std::size_t p_count = paths.size(), o_count = targets.size();
  const op_case& first = *targets[0].op;
  const int swept = first.swept_input();
  const std::string fixed_text = fixed ? ", " + fixed_inputs(first, " = ") + " = " + hex(*fixed) : "";
  for (std::size_t o = 0; o < o_count; ++o) {
    const op_case& op = *targets[o].op;
    // Monotonicity across chunk boundaries, in value order.
    if (op.monotone.promised()) {
      for (std::size_t p = 0; p < p_count; ++p) {
        float last_x = NAN, last = NAN;
        for (std::uint32_t c = 0; c < chunk_count / stride; ++c) {
          const chunk_ends& e = ends[(std::size_t(c) * o_count + o) * p_count + p];
          if (std::isnan(e.first_x)) continue;
          if (!std::isnan(last_x) && op.monotone.breaks(last_x, last, e.first_x, e.first))
            ++totals[o * p_count + p].monotone_breaks;
          last_x = e.last_x;
          last = e.last;
        }
      }
    }
    if (const equal_op& e = targets[o].equal; e.op) {
      std::printf("\n%s, %s%s, %.0f s on %u threads (bit for bit %s)\n", targets[o].name().c_str(),
                  inputs_swept(stride).c_str(), fixed_text.c_str(), seconds, sweep_threads(),
                  op.equals[targets[o].output].c_str());
      std::printf("| path | outputs compared | outputs that differ |\n|---|---|---|\n");
      for (std::size_t p = 0; p < p_count; ++p)
        std::printf("| %s%s | %llu | %llu |\n", paths[p]->name, sampled(paths, p) ? " (1 chunk of 2^20 in 16)" : "",
                    (unsigned long long)totals[o * p_count + p].checked,
                    (unsigned long long)totals[o * p_count + p].differ_from_equal);
      continue;
    }
    std::printf("\n%s, %s%s, %.0f s on %u threads (bound %.1f ulp)\n", targets[o].name().c_str(),
                inputs_swept(stride).c_str(), fixed_text.c_str(), seconds, sweep_threads(), op.max_ulp);
    std::printf("| path | max ulp | at %s | max ulp, normal results | > 0.5 ulp | correctly rounded | monotone breaks "
                "| bad specials |\n",
                op.input_names[swept].c_str());
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (std::size_t p = 0; p < p_count; ++p) {
      const stats& s = totals[o * p_count + p];
      std::printf("| %s%s | %.4f | %a | %.4f | %llu | %.4f%% | %s | %llu |\n", paths[p]->name,
                  sampled(paths, p) ? " (1 chunk of 2^20 in 16)" : "", s.max_ulp, double(s.worst_x), s.max_ulp_normal,
                  (unsigned long long)s.above_half, 100.0 * double(s.correctly_rounded) / double(s.checked),
                  op.monotone.promised() ? std::to_string(s.monotone_breaks).c_str() : "n/a",
                  (unsigned long long)s.bad_specials);
    }
  }
  std::fflush(stdout);
  for (std::size_t o = 0; o < o_count; ++o) {
    const op_case& op = *targets[o].op;
    const std::string name = targets[o].name();
    for (std::size_t p = 0; p < p_count; ++p) {
      const stats& s = totals[o * p_count + p];
      if (targets[o].equal.op) {
        EXPECT_GT(s.checked, 0u) << name << " on " << paths[p]->name;
        EXPECT_EQ(s.differ_from_equal, 0u)
            << name << " on " << paths[p]->name << ": not " << op.equals[targets[o].output];
        continue;
      }
      EXPECT_LE(s.max_ulp, op.max_ulp) << name << " on " << paths[p]->name << " at " << op.input_names[swept] << "="
                                       << std::hexfloat << s.worst_x << fixed_text;
      EXPECT_EQ(s.bad_specials, 0u) << name << " on " << paths[p]->name;
      EXPECT_EQ(s.differ_from_sse2, 0u) << name << " on " << paths[p]->name << ": its bits are sse2's";
      if (op.monotone.promised()) {
        EXPECT_LE(s.monotone_breaks, std::uint64_t(monotone_breaks_allowed(op, paths[p]->id)))
            << name << " on " << paths[p]->name << ": non-decreasing over the float line";
      }
      if (stride == 1 && !sampled(paths, p)) {
        EXPECT_EQ(s.checked + 2 * ((1ull << 23) - 1), 1ull << 32)
            << name << " on " << paths[p]->name << ": every non-NaN input checked";
      }
    }
  }
}

// An op whose outputs equal other ops' outputs bit for bit (its row's "equals"); an op of two or
// three inputs over its swept input, the others at 1 and then at 2^100.
void sweep_against_equal_ops(const op_case& op) {
  const std::uint32_t stride = sweep_stride();
  const auto paths = supported_paths();
  std::vector<std::uint64_t> checked(paths.size()), differences(paths.size());
  std::mutex merge_mutex;
  const int swept = std::max(op.swept_input(), 0);
  struct worker {
    const op_case& op;
    const std::vector<const simdact::detail::kernel_table*>& paths;
    std::uint32_t stride;
    int swept;
    std::vector<std::uint64_t>& checked;
    std::vector<std::uint64_t>& differences;
    std::mutex& merge_mutex;
    std::vector<float> x = std::vector<float>(chunk_size), separate = std::vector<float>(chunk_size),
                       fixed = std::vector<float>(chunk_size);
    std::vector<std::vector<float>> fused = std::vector<std::vector<float>>(op.outputs, std::vector<float>(chunk_size));
    std::vector<std::vector<float>> scratch = std::vector<std::vector<float>>(); // an equal op's negated inputs
    std::vector<std::uint64_t> local_checked = std::vector<std::uint64_t>(paths.size()),
                               local_differences = std::vector<std::uint64_t>(paths.size());

    void sweep(std::uint32_t c) {
      chunk_inputs(c, stride, x);
      for (float value : op.inputs == 1 ? std::vector<float>{1.0f} : std::vector<float>{1.0f, 0x1p100f}) {
        std::fill(fixed.begin(), fixed.end(), value);
        std::vector<const float*> in(op.inputs, fixed.data());
        in[swept] = x.data();
        for (std::size_t p = 0; p < paths.size(); ++p) {
          if ((stride > 1 || !is_fma_path(paths[p]->id)) && !sampled_chunk(c)) continue;
          std::vector<float*> out;
          for (auto& v : fused) out.push_back(v.data());
          paths[p]->run[op.id](in.data(), out.data(), chunk_size);
          for (std::size_t o = 0; o < op.outputs; ++o) {
            const equal_op equal = equal_of(op, o);
            const std::vector<const float*> picked = equal.pick(in, chunk_size, scratch);
            float* separate_out[] = {separate.data()};
            paths[p]->run[equal.op->id](picked.data(), separate_out, chunk_size);
            local_checked[p] += chunk_size;
            for (std::uint32_t i = 0; i < chunk_size; ++i)
              local_differences[p] += to_bits(fused[o][i]) != equal.bits_of(separate[i]);
          }
        }
      }
    }
    void finish() {
      std::lock_guard<std::mutex> lock(merge_mutex);
      for (std::size_t p = 0; p < paths.size(); ++p) {
        checked[p] += local_checked[p];
        differences[p] += local_differences[p];
      }
    }
  };
  const double seconds =
      for_every_chunk(stride, [&] { return worker{op, paths, stride, swept, checked, differences, merge_mutex}; });
  std::string equals;
  for (const std::string& e : op.equals) equals += (equals.empty() ? "" : ", ") + e;
  const std::string fixed = op.inputs == 1 ? "" : ", " + fixed_inputs(op, " and ") + " at 1 and at 2^100";
  std::printf("\n%s, %s%s, %.0f s on %u threads (outputs equal to %s; one chunk of 2^20 in 16 %s)\n", op.name,
              inputs_swept(stride).c_str(), fixed.c_str(), seconds, sweep_threads(), equals.c_str(),
              stride > 1 ? "on every path" : "without FMA");
  std::printf("| path | outputs compared | outputs that differ |\n|---|---|---|\n");
  for (std::size_t p = 0; p < paths.size(); ++p)
    std::printf("| %s | %llu | %llu |\n", paths[p]->name, (unsigned long long)checked[p],
                (unsigned long long)differences[p]);
  std::fflush(stdout);
  for (std::size_t p = 0; p < paths.size(); ++p) {
    EXPECT_GT(checked[p], 0u) << paths[p]->name;
    EXPECT_EQ(differences[p], 0u) << op.name << " on " << paths[p]->name;
  }
}

// Targets of ops of two or three inputs, on random pairs or triples: 2^27 per path, half with every
// input in [-20, 20], half any finite floats (random bits), each reference computed once per tuple.
void random_tuples_against_reference(const std::vector<target>& targets) {
  // Of chunk_size tuples: 2^27, or 2^27 / SIMDACT_SWEEP_STRIDE (qemu) and at least one chunk.
  const std::uint32_t tuple_chunks = std::max(1u, 128u / sweep_stride());
  const auto paths = supported_paths();
  const std::size_t p_count = paths.size(), inputs = targets[0].op->inputs;
  std::vector<stats> totals(targets.size() * p_count);
  std::vector<std::array<float, 3>> worst(totals.size());
  std::mutex merge_mutex;
  std::atomic<std::uint32_t> next_chunk{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < sweep_threads(); ++t)
    threads.emplace_back([&] {
      std::vector<std::vector<float>> in(inputs, std::vector<float>(chunk_size));
      std::vector<std::vector<float>> y(targets[0].op->outputs, std::vector<float>(chunk_size));
      std::vector<double> exact(chunk_size), ulp(chunk_size);
      std::vector<stats> local(totals.size());
      std::vector<std::array<float, 3>> local_worst(totals.size());
      for (std::uint32_t c; (c = next_chunk.fetch_add(1)) < tuple_chunks;) {
        std::mt19937 rng(c);
        std::uniform_real_distribution<float> narrow(-20.0f, 20.0f);
        std::uniform_int_distribution<std::uint32_t> bits;
        auto finite = [&] {
          for (;;)
            if (const float v = from_bits(bits(rng)); std::isfinite(v)) return v;
        };
        for (std::uint32_t i = 0; i < chunk_size; ++i)
          for (std::size_t k = 0; k < inputs; ++k) in[k][i] = i % 2 ? finite() : narrow(rng);
        for (std::size_t o = 0; o < targets.size(); ++o) {
          if (o == 0 || !targets[o].same_reference(targets[o - 1]))
            for (std::uint32_t i = 0; i < chunk_size; ++i) {
              const float args[] = {in[0][i], in[1][i], in[inputs - 1][i]};
              exact[i] = targets[o].reference()(args);
              ulp[i] = simdact_float_ulp(exact[i]);
            }
          for (std::size_t p = 0; p < p_count; ++p) {
            const float* in_data[] = {in[0].data(), in[1].data(), in[inputs - 1].data()};
            float* out[] = {y[0].data(), y.back().data()};
            paths[p]->run[targets[o].op->id](in_data, out, chunk_size);
            const std::vector<float>& yo = y[targets[o].output];
            stats& s = local[o * p_count + p];
            for (std::uint32_t i = 0; i < chunk_size; ++i) {
              // A result beyond FLT_MAX + half its ulp must be the exact result's infinity.
              const double err = std::fabs(exact[i]) >= 0x1.ffffffp127 ? (yo[i] == float(exact[i]) ? 0.0 : INFINITY)
                                                                       : std::fabs(double(yo[i]) - exact[i]) / ulp[i];
              ++s.checked;
              s.above_half += err > 0.5;
              s.correctly_rounded += yo[i] == float(exact[i]);
              if (!(err <= s.max_ulp)) local_worst[o * p_count + p] = {in[0][i], in[1][i], in[inputs - 1][i]};
              s.max_ulp = std::isnan(err) ? INFINITY : std::max(s.max_ulp, err);
            }
          }
        }
      }
      std::lock_guard<std::mutex> lock(merge_mutex);
      for (std::size_t k = 0; k < totals.size(); ++k) {
        if (local[k].max_ulp > totals[k].max_ulp) worst[k] = local_worst[k];
        totals[k].max_ulp = std::max(totals[k].max_ulp, local[k].max_ulp);
        totals[k].checked += local[k].checked;
        totals[k].above_half += local[k].above_half;
        totals[k].correctly_rounded += local[k].correctly_rounded;
      }
    });
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const op_case& op = *targets[0].op;
  const auto worst_text = [&](const std::array<float, 3>& w, const char* format) {
    std::string text;
    char v[40];
    for (std::size_t k = 0; k < inputs; ++k) {
      std::snprintf(v, sizeof v, format, double(w[k == inputs - 1 ? 2 : k]));
      text += (k ? ", " : "") + std::string(v);
    }
    return "(" + text + ")";
  };
  std::string names;
  for (std::size_t k = 0; k < inputs; ++k) names += (k ? ", " : "") + op.input_names[k];
  for (std::size_t o = 0; o < targets.size(); ++o) {
    std::printf("\n%s, %u x 2^20 random %s (half with each in [-20, 20], half any finite floats), %.0f s on %u "
                "threads (bound %.1f ulp)\n",
                targets[o].name().c_str(), tuple_chunks, inputs == 2 ? "pairs" : "triples", seconds, sweep_threads(),
                op.max_ulp);
    std::printf("| path | max ulp | at (%s) | > 0.5 ulp | correctly rounded |\n|---|---|---|---|---|\n", names.c_str());
    for (std::size_t p = 0; p < p_count; ++p) {
      const stats& s = totals[o * p_count + p];
      std::printf("| %s | %.4f | %s | %llu | %.4f%% |\n", paths[p]->name, s.max_ulp,
                  worst_text(worst[o * p_count + p], "%a").c_str(), (unsigned long long)s.above_half,
                  100.0 * double(s.correctly_rounded) / double(s.checked));
    }
  }
  std::fflush(stdout);
  for (std::size_t o = 0; o < targets.size(); ++o)
    for (std::size_t p = 0; p < p_count; ++p)
      EXPECT_LE(totals[o * p_count + p].max_ulp, targets[o].op->max_ulp)
          << targets[o].name() << " on " << paths[p]->name << " at " << worst_text(worst[o * p_count + p], "%a");
}

class test_of : public ::testing::Test {
public:
  explicit test_of(std::function<void()> body) : body_(std::move(body)) {}
  void TestBody() override { body_(); }

private:
  std::function<void()> body_;
};

bool every_output_equals(const op_case& op) {
  bool every = !op.equals.empty();
  for (const std::string& e : op.equals) every &= !e.empty();
  return every;
}

void register_exhaustive_tests() {
  // Targets swept together: the one-output ops by reference function, an op of several outputs alone.
  std::vector<std::vector<target>> groups;
  for (const op_case& op : all_ops()) {
    if (op.swept_input() < 0 || every_output_equals(op)) continue;
    auto same_reference = [&](const std::vector<target>& g) {
      return op.outputs == 1 && g[0].op->outputs == 1 && op.equals.empty() && g[0].op->equals.empty() &&
             g[0].same_reference(target{&op});
    };
    auto group = std::find_if(groups.begin(), groups.end(), same_reference);
    if (group != groups.end()) {
      group->push_back(target{&op});
      continue;
    }
    groups.emplace_back();
    for (std::size_t k = 0; k < op.outputs; ++k) groups.back().push_back(target{&op, k});
  }
  for (const auto& group : groups) {
    const op_case& op = *group[0].op;
    if (op.inputs == 1) {
      ::testing::RegisterTest(
          "Exhaustive", op.name, nullptr, nullptr, __FILE__, __LINE__,
          [group]() -> ::testing::Test* { return new test_of([group] { sweep_against_reference(group); }); });
      continue;
    }
    // Two or three inputs: over one with the others at 1 and at 2^100 (where a subnormal factor must
    // keep its bits, and swiglu_backward's dy*b overflows), and on random tuples.  Under a sweep
    // stride (qemu) at 1 only: at 2^100 every lane takes the careful formula, one to two minutes
    // more per op there.
    const std::string swept_name = op.input_names[op.swept_input()];
    ::testing::RegisterTest("Exhaustive", (std::string(op.name) + "_over_" + swept_name).c_str(), nullptr, nullptr,
                            __FILE__, __LINE__, [group]() -> ::testing::Test* {
                              return new test_of([group] {
                                sweep_against_reference(group, sweep_stride() == 1 ? std::vector<float>{1.0f, 0x1p100f}
                                                                                   : std::vector<float>{1.0f});
                              });
                            });
    ::testing::RegisterTest(
        "Exhaustive", (op.name + std::string(op.inputs == 2 ? "_random_pairs" : "_random_triples")).c_str(), nullptr,
        nullptr, __FILE__, __LINE__,
        [group]() -> ::testing::Test* { return new test_of([group] { random_tuples_against_reference(group); }); });
  }
  for (const op_case& op : all_ops())
    if (op.swept_input() >= 0 && every_output_equals(op))
      ::testing::RegisterTest("Exhaustive", op.name, nullptr, nullptr, __FILE__, __LINE__, [&op]() -> ::testing::Test* {
        return new test_of([&op] { sweep_against_equal_ops(op); });
      });
}

} // namespace
} // namespace simdact_test

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  simdact_test::register_exhaustive_tests();
  return RUN_ALL_TESTS();
}
