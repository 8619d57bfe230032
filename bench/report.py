#!/usr/bin/python3
"""Turns simdact_bench's Google Benchmark JSON into build/report/report.md and throughput.png.

usage: report.py BENCHMARK_JSON OUTPUT_DIR

Everything it knows of the ops comes from the JSON's context (bench/bench_main.cpp writes one
op/<name> entry per row of include/simdact/ops.def, one bound/<name> per memory bound, and the
accuracy of each 1-input implementation, and of each gradient op's at dy = 1), never from simdact's
sources.

report.md: the machine, compiler, package versions, the ISA auto chose; a summary of simdact
(auto) against the fastest peer per op, variant and size; per family and size a table (Gelem/s,
GB/s, median time, spread over repetitions, ratio to the fastest peer, accuracy).
throughput.png: Gelem/s against n for the first op of the list and every implementation of the
function it computes, memcpy dashed, L1/L2/L3 marked.
"""
import json
import os
import platform
import re
import subprocess
import sys
from collections import defaultdict

PACKAGES = ["libxsimd-dev", "libbenchmark-dev", "libxnnpack-dev", "libdnnl-dev", "libsleef-dev",
            "libeigen3-dev", "libhwy-dev"]
VARIANTS = ["", ":in_place", ":offset4", ":masked"]


def size_label(n):
    for unit, scale in (("Mi", 1 << 20), ("Ki", 1 << 10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_family():
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        vendor = re.search(r"vendor_id\s*:\s*(\S+)", text)
        family = re.search(r"cpu family\s*:\s*(\d+)", text)
        model = re.search(r"^model\s*:\s*(\d+)", text, re.M)
        avx512 = "avx512f" in text
        return (f"{vendor.group(1) if vendor else '?'} family {family.group(1) if family else '?'} "
                f"model {model.group(1) if model else '?'}, AVX-512: {'yes' if avx512 else 'no'}")
    except OSError:
        return "unknown"


def caches():
    """{'L1d': bytes, 'L2': bytes, 'L3': bytes} of cpu0."""
    result = {}
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        for index in sorted(os.listdir(base)):
            path = os.path.join(base, index)
            try:
                level = open(os.path.join(path, "level")).read().strip()
                kind = open(os.path.join(path, "type")).read().strip()
                size = open(os.path.join(path, "size")).read().strip()
            except OSError:
                continue
            if kind == "Instruction":
                continue
            name = f"L{level}" + ("d" if kind == "Data" else "")
            value = int(re.match(r"(\d+)", size).group(1)) * (1024 if size.endswith("K") else
                                                               1024 * 1024 if size.endswith("M") else 1)
            result[name] = value
    except OSError:
        pass
    return result


def package_versions():
    out = []
    for pkg in PACKAGES:
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
            out.append(f"{pkg} {v.stdout.strip() if v.returncode == 0 and v.stdout.strip() else '(not installed)'}")
        except OSError:
            out.append(f"{pkg} (unknown)")
    return out


def fields(value):
    """'a=1;b=x' -> {'a': '1', 'b': 'x'}"""
    return dict(part.split("=", 1) for part in value.split(";"))


def load(path):
    with open(path) as f:
        data = json.load(f)
    results = defaultdict(dict)  # (family, n) -> impl -> record
    # With one repetition (--benchmark_repetitions=1) there are no aggregates: the single run is taken.
    single = [b for b in data["benchmarks"] if b.get("run_type") == "iteration"]
    aggregates = [b for b in data["benchmarks"] if b.get("run_type") == "aggregate"]
    names_with_aggregates = {b["run_name"] for b in aggregates}
    for b in aggregates + [dict(b, aggregate_name="median") for b in single if b["run_name"] not in names_with_aggregates]:
        parts = b["run_name"].split("/")  # family/impl/n[/min_time:...][/repeats:...][/real_time]
        if len(parts) < 3 or not parts[2].isdigit():
            continue
        family, impl, n = parts[0], parts[1], int(parts[2])
        rec = results[(family, n)].setdefault(impl, {})
        agg = b["aggregate_name"]
        if agg == "median":
            rec["gelem"] = b.get("items_per_second", 0.0) / 1e9
            rec["gbps"] = b.get("bytes_per_second", 0.0) / 1e9
            rec["time_us"] = b["real_time"] if b.get("time_unit") == "us" else b["real_time"] / 1e3
        elif agg == "cv":
            rec["cv"] = b["real_time"] * 100.0
    context = data.get("context", {})
    ops = {k[len("op/"):]: fields(v) for k, v in context.items() if k.startswith("op/")}
    ops = dict(sorted(ops.items(), key=lambda kv: int(kv[1].get("index", 0))))  # the list's order
    bounds = {k[len("bound/"):]: fields(v) for k, v in context.items() if k.startswith("bound/")}
    accuracy = {}
    for key, value in context.items():
        if key.startswith("accuracy/"):
            family, impl = key[len("accuracy/"):].split("/", 1)
            core, full, nans, count = value.split(";")
            accuracy[(family, impl)] = (float(core), float(full), int(nans), int(count))
    return context, results, ops, bounds, accuracy


def is_peer(impl, bounds):
    return not impl.startswith("simdact") and impl not in bounds


def arity(family, ops, bounds):
    base = family.split(":")[0]
    f = ops.get(base) or bounds.get(base)
    return (int(f["inputs"]), int(f["outputs"])) if f else None


def memory_bound(family, n, results, ops, bounds):
    """The fastest memory bound of the family's arity and layout at n (memcpy with the same
    misalignment for :offset4; read-write-pass in place; none for :masked), or None."""
    base, _, variant = family.partition(":")
    if variant == "masked":
        return None
    layout = "in_place" if variant == "in_place" else "separate"
    candidates = []
    for name, b in bounds.items():
        if (int(b["inputs"]), int(b["outputs"])) != arity(base, ops, bounds) or b["layout"] != layout:
            continue
        rec = results.get((name + (":" + variant if variant else ""), n), {}).get(name)
        if rec and rec.get("gbps"):
            candidates.append(rec)
    return max(candidates, key=lambda r: r["gbps"]) if candidates else None


def fmt_ulp(u):
    return f"{u:.2f}" if u < 1e4 else f"{u:.2g}"


def fmt_accuracy(acc):
    if acc is None:
        return " | "
    core, full, nans, _ = acc
    return f"{fmt_ulp(core)} | {fmt_ulp(full)}" + (f" ({nans} NaN)" if nans else "")


def ceilings(context, results, ops):
    """The instruction costs measured by the benchmark binary (bench/instruction_costs.cpp) and the
    ceiling that one division per vector sets, with how close the fastest implementation of each
    1-input, 1-output op comes to it at 16Ki (in the L2 on every machine measured so far)."""
    costs = {k[len("instruction_ns/"):]: float(v) for k, v in context.items() if k.startswith("instruction_ns/")}
    if not costs:
        return []
    line = ("- vector instructions, ns each with 12 independent chains (throughput, not latency): "
            + ", ".join(f"{name} {ns:.3f}" for name, ns in costs.items()))
    for width, floats in (("zmm", 16), ("ymm", 8)):
        ns = costs.get(f"vdivps {width}")
        if not ns:
            continue
        ceiling = floats / ns  # Gelem/s
        close = []
        for family in sorted({ops[o]["computes"] for o in ops} | set(ops)):
            recs = {k: v for k, v in results.get((family, 16 << 10), {}).items() if "gelem" in v}
            if recs and arity(family, ops, {}) == (1, 1):
                best = max(recs, key=lambda k: recs[k]["gelem"])
                close.append(f"{family} {best} {recs[best]['gelem'] / ceiling:.0%}")
        line += (f"; one vdivps {width} per {floats} floats caps a loop at {ceiling:.2f} Gelem/s"
                 + (f" (at 16Ki, the fastest of each family: {', '.join(close)})" if close else ""))
    return [line]


def families_in_order(results, ops, bounds):
    """Every family benchmarked: each op of the list with its variants, then the bounds."""
    present = {family for (family, _) in results}
    order = [op + v for op in ops for v in VARIANTS] + [b + v for b in bounds for v in VARIANTS]
    return [f for f in order if f in present]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    context, results, ops, bounds, accuracy = load(sys.argv[1])
    out_dir = sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    cache = caches()

    lines = ["# simdact benchmark report", ""]
    lines += [f"- CPU: {cpu_model()} ({cpu_family()}), {os.cpu_count()} logical cores; one thread used",
              "- caches (cpu0): " + ", ".join(f"{k} {v // 1024} KiB" for k, v in cache.items()),
              f"- compiler: {context.get('simdact_compiler', 'unknown')}; simdact {context.get('simdact_version', '?')}",
              f"- ISA chosen by auto: **{context.get('simdact_auto_isa', '?')}**",
              *ceilings(context, results, ops),
              f"- date: {context.get('date', '?')}; Google Benchmark, median of repetitions, "
              f"spread = coefficient of variation over repetitions",
              "- packages: " + "; ".join(package_versions()),
              "- families: an op of simdact's list, or the function a peer computes; each op is compared with "
              "the peers of the function it computes (" +
              ", ".join(f"{op}: {f['computes']}" for op, f in ops.items()) + "); variants: :in_place (output "
              "over input), :offset4 (buffers one float past a cache line), :masked (half of the x at -1e9)",
              "- accuracy of 1-input implementations (and of gradient ops (dy, x) at dy = 1) over every 4099th bit "
              "pattern (all signs and exponents, NaN inputs excluded) against simdact's reference: max ulp for |x| <= 80, and over every input (subnormal "
              "results in units of 2^-149: flushing them to 0 shows there); '(k NaN)' counts NaN outputs for "
              "non-NaN inputs",
              "- ratio: Gelem/s over the fastest peer's at that size (simdact's own paths and the memory bounds "
              "are not peers; an op that equals others is compared with its -separate-calls)",
              "- vs memory bound: GB/s over that of the fastest memory bound of the same arity and layout at "
              "that size (memcpy of the same bytes, with the same misalignment for :offset4; read-write-pass in "
              "place; for two inputs, the fastest of the add passes)",
              ""]

    summary = ["## Summary: simdact (auto) against the fastest peer", "",
               "| op | n | simdact Gelem/s | fastest peer | peer Gelem/s | ratio | vs memory bound |",
               "|---|---|---|---|---|---|---|"]
    for op, row in ops.items():
        for v in VARIANTS:
            family = op + v
            for n in sorted(n for (f, n) in results if f == family):
                ours = results[(family, n)].get("simdact-auto")
                if not ours or "gelem" not in ours:
                    continue
                peer_recs = results.get((row["computes"] + v, n), {})
                peers = {k: r for k, r in peer_recs.items() if is_peer(k, bounds) and "gelem" in r}
                separate = results[(family, n)].get("simdact-auto-separate-calls")
                if separate and "gelem" in separate:
                    peers = {"simdact-auto-separate-calls": separate}
                if peers:
                    best = max(peers, key=lambda k: peers[k]["gelem"])
                    peer_cells = f"{best} | {peers[best]['gelem']:.3f} | {ours['gelem'] / peers[best]['gelem']:.2f}x"
                else:
                    peer_cells = "(none) | | "
                bound = memory_bound(family, n, results, ops, bounds)
                vs_mem = f"{ours['gbps'] / bound['gbps']:.2f}x" if bound else ""
                summary.append(f"| {family} | {size_label(n)} | {ours['gelem']:.3f} | {peer_cells} | {vs_mem} |")
    lines += summary + [""]

    for family in families_in_order(results, ops, bounds):
        base, _, variant = family.partition(":")
        peers_family = (ops[base]["computes"] if base in ops else base) + (":" + variant if variant else "")
        lines += [f"## {family}", ""]
        for n in sorted(n for (f, n) in results if f == family):
            recs = dict(results[(family, n)])
            if peers_family != family:  # the peers of the function the op computes, beside it
                recs.update({k: r for k, r in results.get((peers_family, n), {}).items() if is_peer(k, bounds)})
            peers = [r["gelem"] for k, r in recs.items() if is_peer(k, bounds) and "gelem" in r]
            fastest = max(peers) if peers else None
            lines += [f"### {family}, n = {size_label(n)}", "",
                      "| implementation | Gelem/s | GB/s | median µs | spread | ratio to fastest peer | "
                      "max ulp, abs(x) <= 80 | max ulp, all x |",
                      "|---|---|---|---|---|---|---|---|"]
            for impl, rec in sorted(recs.items(), key=lambda kv: -kv[1].get("gelem", 0.0)):
                if "gelem" not in rec:
                    continue
                ratio = f"{rec['gelem'] / fastest:.2f}x" if fastest else ""
                acc = accuracy.get((base if impl.startswith("simdact") else peers_family.split(":")[0], impl))
                lines.append(f"| {impl} | {rec['gelem']:.3f} | {rec['gbps']:.2f} | {rec['time_us']:.2f} | "
                             f"{rec.get('cv', 0.0):.1f}% | {ratio} | {fmt_accuracy(acc)} |")
            lines.append("")

    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    plot(results, ops, cache, os.path.join(out_dir, "throughput.png"), context)
    print("\n".join(summary))
    print(f"\nReport: {os.path.join(out_dir, 'report.md')}; plot: {os.path.join(out_dir, 'throughput.png')}")


def plot(results, ops, cache, path, context):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report: python3-matplotlib is missing, no plot", file=sys.stderr)
        return
    if not ops:
        return
    function = ops[next(iter(ops))]["computes"]
    # Every op computing that function (simdact's, named op/implementation) and the function's peers.
    series = defaultdict(dict)
    for (family, n), recs in results.items():
        if family == function or ops.get(family, {}).get("computes") == function:
            for impl, rec in recs.items():
                if "gelem" in rec and not (impl.startswith("simdact") and family != function and "auto" not in impl):
                    label = impl if not impl.startswith("simdact") else f"{family} {impl}"
                    series[label][n] = rec["gelem"]
    memcpy = {n: recs["memcpy"]["gelem"] for (family, n), recs in results.items()
              if family == "memcpy" and "gelem" in recs.get("memcpy", {})}
    fig, ax = plt.subplots(figsize=(11, 6.5))
    colors = plt.get_cmap("tab20").colors
    for index, label in enumerate(sorted(series, key=lambda k: (not k.startswith(function), k))):
        points = sorted(series[label].items())
        ours = " simdact" in label
        bold = ours and "auto" in label
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", markersize=3, label=label,
                linewidth=3.0 if bold else 1.6, linestyle="-" if ours else "-.", color=colors[index % len(colors)])
    if memcpy:
        points = sorted(memcpy.items())
        ax.plot([p[0] for p in points], [p[1] for p in points], "--", color="grey", linewidth=2,
                label="memcpy (same bytes)")
    for name, size in cache.items():
        n = size / 8  # 8 bytes per element: one float in, one out
        ax.axvline(n, color="grey", linestyle=":", linewidth=1)
        ax.text(n, ax.get_ylim()[1] * 0.98, f" {name}", color="grey", va="top", fontsize=8)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("n (floats); cache lines mark where 8 bytes/element fill L1d/L2/L3")
    ax.set_ylabel("Gelem/s (median)")
    ax.set_title(f"{function} throughput, one thread: {cpu_model()} (auto = {context.get('simdact_auto_isa', '?')})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, ncol=2, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
