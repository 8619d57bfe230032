#!/usr/bin/python3
"""Turns simdact_bench's Google Benchmark JSON into build/report/report.md and throughput.png.

usage: report.py BENCHMARK_JSON OUTPUT_DIR

report.md: the machine, compiler, package versions, the ISA auto chose; per function and size a
table (Gelem/s, GB/s, median time, spread over repetitions, ratio to the fastest peer, sigma's
accuracy on a strided sweep); a summary of simdact's ratio per size.  throughput.png: sigma's
Gelem/s against n, one line per implementation, memcpy dashed, L1/L2/L3 marked.
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
FUNCTIONS = ["sigmoid", "sigmoid_derivative", "sigmoid_with_derivative", "sigmoid_backward",
             "sigmoid_inplace", "sigmoid_offset4", "sigmoid_masked"]


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
    accuracy = {}
    for key, value in data.get("context", {}).items():
        if key.startswith("accuracy/"):
            core, full, nans, count = value.split(";")
            accuracy[key[len("accuracy/"):]] = (float(core), float(full), int(nans), int(count))
    return data.get("context", {}), results, accuracy


# The memory bounds (bench/peer_memcpy.cpp), not peers.
BOUNDS = ("memcpy", "read-write-pass", "add-pass", "add-pass-prefetch", "add-pass-stream")


def is_peer(impl):
    return not impl.startswith("simdact") and impl not in BOUNDS


def memory_bound(family, n, recs, memcpy):
    """What a kernel's row is held against: in place, one pass reading and writing back the buffer;
    misaligned (offset4), memcpy with the same misalignment; backward, the fastest add pass over the
    same three buffers; otherwise memcpy of the same bytes."""
    if family == "sigmoid_inplace":
        return recs.get("read-write-pass")
    if family == "sigmoid_backward":
        passes = [recs[k] for k in BOUNDS if k.startswith("add-pass") and recs.get(k, {}).get("gbps")]
        return max(passes, key=lambda r: r["gbps"]) if passes else None
    if family == "sigmoid_offset4":
        return recs.get("memcpy")
    if family in ("sigmoid", "sigmoid_derivative"):
        return memcpy.get(n)
    return None


def fmt_ulp(u):
    return f"{u:.2f}" if u < 1e4 else f"{u:.2g}"


def fmt_accuracy(acc):
    if acc is None:
        return " | "
    core, full, nans, _ = acc
    return f"{fmt_ulp(core)} | {fmt_ulp(full)}" + (f" ({nans} NaN)" if nans else "")


def ceilings(context, results):
    """The instruction costs measured by the benchmark binary (bench/instruction_costs.cpp) and the
    ceiling that one division per vector sets (XNNPACK's loop and the fast tier each take one), with
    how close each comes to it at 16Ki (in the L2 on every machine measured so far)."""
    costs = {k[len("instruction_ns/"):]: float(v) for k, v in context.items() if k.startswith("instruction_ns/")}
    if not costs:
        return []
    line = ("- vector instructions, ns each with 12 independent chains (throughput, not latency): "
            + ", ".join(f"{name} {ns:.3f}" for name, ns in costs.items()))
    at_16ki = results.get(("sigmoid", 16 << 10), {})
    for width, floats, impls in (("zmm", 16, ("simdact-fast-avx512", "xnnpack")), ("ymm", 8, ("simdact-fast-avx2",))):
        ns = costs.get(f"vdivps {width}")
        if not ns:
            continue
        ceiling = floats / ns  # Gelem/s
        close = ", ".join(f"{impl} {at_16ki[impl]['gelem'] / ceiling:.0%}" for impl in impls
                          if "gelem" in at_16ki.get(impl, {}))
        line += (f"; one vdivps {width} per {floats} floats caps a loop at {ceiling:.2f} Gelem/s"
                 + (f" (at 16Ki: {close} of it)" if close else ""))
    return [line]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    context, results, accuracy = load(sys.argv[1])
    out_dir = sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    cache = caches()
    memcpy = {n: recs["memcpy"] for (family, n), recs in results.items() if family == "memcpy" and "memcpy" in recs}

    lines = ["# simdact benchmark report", ""]
    lines += [f"- CPU: {cpu_model()} ({cpu_family()}), {os.cpu_count()} logical cores; one thread used",
              "- caches (cpu0): " + ", ".join(f"{k} {v // 1024} KiB" for k, v in cache.items()),
              f"- compiler: {context.get('simdact_compiler', 'unknown')}; simdact {context.get('simdact_version', '?')}",
              f"- ISA chosen by auto: **{context.get('simdact_auto_isa', '?')}**",
              *ceilings(context, results),
              f"- date: {context.get('date', '?')}; Google Benchmark, median of repetitions, "
              f"spread = coefficient of variation over repetitions",
              "- packages: " + "; ".join(package_versions()),
              "- accuracy of sigma over every 4099th bit pattern (all signs and exponents, NaN inputs excluded) "
              "against simdact's reference: max ulp for |x| <= 80, and over every input (subnormal results in "
              "units of 2^-149: flushing them to 0 shows there); '(k NaN)' counts NaN outputs for non-NaN inputs",
              "- ratio: Gelem/s over the fastest peer's at that size (simdact's own paths and the memory bounds "
              "are not peers)",
              "- vs memory bound: GB/s over that of memcpy of the same bytes (separate buffers; for the misaligned "
              "offset4 rows, memcpy with the same misalignment), in place, of read-write-pass (one pass that "
              "reads each float of the buffer and writes it back), and for sigmoid_backward, of the fastest of "
              "add-pass, add-pass-prefetch and add-pass-stream (dx = dy + y over the same three buffers)",
              ""]

    # Summary: simdact-auto against the fastest peer, per function and size.
    summary = ["## Summary: simdact (auto) against the fastest peer", "",
               "| function | n | simdact Gelem/s | fastest peer | peer Gelem/s | ratio | vs memory bound |",
               "|---|---|---|---|---|---|---|"]
    tiers = [(family, "simdact-auto") for family in FUNCTIONS]
    # The fast tier (sigmoid_fast) beside the accurate sigmoid, against the same peers.
    tiers[1:1] = [("sigmoid", "simdact-fast-auto")]
    tiers.insert(tiers.index(("sigmoid_inplace", "simdact-auto")) + 1, ("sigmoid_inplace", "simdact-fast-auto"))
    tiers.append(("sigmoid_masked", "simdact-fast-auto"))
    for family, ours_name in tiers:
        label = family + (" (fast)" if "fast" in ours_name else "")
        for n in sorted(n for (f, n) in results if f == family):
            recs = results[(family, n)]
            ours = recs.get(ours_name)
            peers = {k: v for k, v in recs.items() if is_peer(k) and "gelem" in v}
            if family == "sigmoid_with_derivative":
                peers = {k: v for k, v in recs.items() if k == "simdact-auto-two-calls" and "gelem" in v}
            if not ours or "gelem" not in ours:
                continue
            if peers:
                best = max(peers, key=lambda k: peers[k]["gelem"])
                ratio = ours["gelem"] / peers[best]["gelem"]
                peer_cells = f"{best} | {peers[best]['gelem']:.3f} | {ratio:.2f}x"
            else:
                peer_cells = "(none) | | "
            vs_mem = ""
            bound = memory_bound(family, n, recs, memcpy)
            if bound and bound.get("gbps"):
                vs_mem = f"{ours['gbps'] / bound['gbps']:.2f}x"
            summary.append(f"| {label} | {size_label(n)} | {ours['gelem']:.3f} | {peer_cells} | {vs_mem} |")
    lines += summary + ["", "sigmoid (fast) is the opt-in fast tier, sigmoid_fast (<= 3 ulp); sigmoid is the accurate "
                        "default (<= 1 ulp). sigmoid_with_derivative is compared with simdact's own two separate calls.",
                        ""]

    for family in FUNCTIONS + ["memcpy"]:
        sizes = sorted(n for (f, n) in results if f == family)
        if not sizes:
            continue
        lines += [f"## {family}", ""]
        for n in sizes:
            recs = results[(family, n)]
            peers = [v["gelem"] for k, v in recs.items() if is_peer(k) and "gelem" in v]
            fastest = max(peers) if peers else None
            lines += [f"### {family}, n = {size_label(n)}", "",
                      "| implementation | Gelem/s | GB/s | median µs | spread | ratio to fastest peer | "
                      "max ulp, abs(x) <= 80 | max ulp, all x |",
                      "|---|---|---|---|---|---|---|---|"]
            for impl, rec in sorted(recs.items(), key=lambda kv: -kv[1].get("gelem", 0.0)):
                if "gelem" not in rec:
                    continue
                ratio = f"{rec['gelem'] / fastest:.2f}x" if fastest else ""
                acc = fmt_accuracy(accuracy.get(impl)) if family.startswith("sigmoid") and \
                    family not in ("sigmoid_backward", "sigmoid_derivative", "sigmoid_with_derivative") else " | "
                lines.append(f"| {impl} | {rec['gelem']:.3f} | {rec['gbps']:.2f} | {rec['time_us']:.2f} | "
                             f"{rec.get('cv', 0.0):.1f}% | {ratio} | {acc} |")
            lines.append("")

    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    plot(results, cache, memcpy, os.path.join(out_dir, "throughput.png"), context)
    print("\n".join(summary))
    print(f"\nReport: {os.path.join(out_dir, 'report.md')}; plot: {os.path.join(out_dir, 'throughput.png')}")


def plot(results, cache, memcpy, path, context):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report: python3-matplotlib is missing, no plot", file=sys.stderr)
        return
    series = defaultdict(dict)
    for (family, n), recs in results.items():
        if family != "sigmoid":
            continue
        for impl, rec in recs.items():
            if "gelem" in rec:
                series[impl][n] = rec["gelem"]
    fig, ax = plt.subplots(figsize=(11, 6.5))
    colors = plt.get_cmap("tab20").colors
    for index, impl in enumerate(sorted(series, key=lambda k: (not k.startswith("simdact"), k))):
        points = sorted(series[impl].items())
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ours = impl.startswith("simdact")
        highlight = {"simdact-auto": "black", "simdact-fast-auto": "crimson"}
        style = {"linewidth": 3.0 if impl in highlight else 1.6, "linestyle": "-" if ours else "-.",
                 "color": highlight.get(impl, colors[index % len(colors)])}
        ax.plot(xs, ys, marker="o", markersize=3, label=impl, **style)
    if memcpy:
        points = sorted(memcpy.items())
        ax.plot([p[0] for p in points], [p[1]["gelem"] for p in points], "--", color="grey", linewidth=2,
                label="memcpy (same bytes)")
    for name, size in cache.items():
        n = size / 8  # 8 bytes per element: one float in, one out
        ax.axvline(n, color="grey", linestyle=":", linewidth=1)
        ax.text(n, ax.get_ylim()[1] * 0.98, f" {name}", color="grey", va="top", fontsize=8)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("n (floats); cache lines mark where 8 bytes/element fill L1d/L2/L3")
    ax.set_ylabel("Gelem/s (median)")
    ax.set_title(f"sigmoid throughput, one thread: {cpu_model()} (auto = {context.get('simdact_auto_isa', '?')})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, ncol=2, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
