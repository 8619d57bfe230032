#!/usr/bin/env python3
"""Which execution pipes the AVX-512 instructions of the sigmoid loops share on this core.

Issue 8 asks for the port-bound estimate of each loop's instruction mix.  Instruction tables give
latency and throughput, not which instructions compete for the same pipes, so this measures it:
for each instruction X, 12 independent X per loop iteration (its throughput alone), then each X
followed by 8 independent FMAs, then by 8 independent adds.  If X uses none of the FMA pipes, the
8 FMAs hide it (time ~ 8 FMA intervals); if it takes k intervals of them, the time is ~ 8 + k.
Times are in units of one FMA's issue interval (12 independent FMAs alone), so the columns read
as "FMA slots"; on a core that issues one 512-bit FMA a cycle (Zen 4) they are cycles.

    python3 tools/port_probe.py        (needs g++ and an AVX-512 CPU with DQ; a few seconds)

Not part of CI (its output is a measurement, not a check); bench/RESULTS.md (Status) quotes a run.
"""
import os
import subprocess
import sys
import tempfile

# name: AT&T operand string, with {d} a destination zmm and {k} a destination mask register.
# Sources are zmm30 and zmm31 (never written), k1 a mask of all lanes.
INSTRUCTIONS = [
    ("vfmadd231ps", "vfmadd231ps %zmm30, %zmm31, %zmm{d}"),
    ("vmulps", "vmulps %zmm30, %zmm31, %zmm{d}"),
    ("vaddps", "vaddps %zmm30, %zmm31, %zmm{d}"),
    ("vaddps, merge-masked", "vaddps %zmm30, %zmm31, %zmm{d}{%k1}"),
    ("vminps", "vminps %zmm30, %zmm31, %zmm{d}"),
    ("vminps, zero-masked", "vminps %zmm30, %zmm31, %zmm{d}{%k1}{z}"),
    ("vrangeps", "vrangeps $14, %zmm30, %zmm31, %zmm{d}"),
    ("vcmpps to a mask", "vcmpps $6, %zmm30, %zmm31, %k{k}"),
    ("vptestnmd to a mask", "vptestnmd %zmm30, %zmm31, %k{k}"),
    ("vpermps", "vpermps %zmm30, %zmm31, %zmm{d}"),
    ("vpermt2ps", "vpermt2ps %zmm30, %zmm31, %zmm{d}"),
    ("vscalefps", "vscalefps %zmm30, %zmm31, %zmm{d}"),
    ("vfixupimmps", "vfixupimmps $0, %zmm30, %zmm31, %zmm{d}"),
    ("vblendmps", "vblendmps %zmm30, %zmm31, %zmm{d}{%k1}"),
    ("vpsrad", "vpsrad $31, %zmm30, %zmm{d}"),
    ("vpandd", "vpandd %zmm30, %zmm31, %zmm{d}"),
    ("vpternlogd", "vpternlogd $0xca, %zmm30, %zmm31, %zmm{d}"),
    ("vmovaps (register)", "vmovaps %zmm30, %zmm{d}"),
    ("vdivps", "vdivps %zmm30, %zmm31, %zmm{d}"),
    ("vrcp14ps", "vrcp14ps %zmm30, %zmm{d}"),
]
FMA = "vfmadd231ps %zmm30, %zmm31, %zmm{d}"
ADD = "vaddps %zmm30, %zmm31, %zmm{d}"
GROUPS = 12  # instances of X per iteration
FILLERS = 8  # FMAs or adds after each


def loop_body(x, filler, count):
    lines, d = [], 0
    for group in range(GROUPS):
        if x:
            lines.append(x.replace("{d}", str(d % 28)).replace("{k}", str(2 + group % 5)))
            d += 1
        for _ in range(count):
            lines.append(filler.replace("{d}", str(d % 28)))
            d += 1
    # Extended asm: % and braces are escaped.
    return "\n".join('"' + l.replace("%", "%%").replace("{", "%{").replace("}", "%}") + '\\n\\t"' for l in lines)


# Every register the loops write or read, for the asm statements' clobber lists.
CLOBBERS = ", ".join(f'"xmm{i}"' for i in range(32)) + ", " + ", ".join(f'"k{i}"' for i in range(1, 7))
# zmm30 = zmm31 = 0x3fffffff in each lane (1.99999988f), zmm0-27 = 0, k1 = all lanes: set in each
# function before its loop, since library calls between them may use any vector register.
SETUP = ('"vpternlogd $0xff, %%zmm30, %%zmm30, %%zmm30\\n\\tvpsrld $2, %%zmm30, %%zmm30\\n\\t"'
         '"vmovaps %%zmm30, %%zmm31\\n\\tkxnorw %%k0, %%k0, %%k1\\n\\t"'
         + "".join(f'"vpxord %%zmm{i}, %%zmm{i}, %%zmm{i}\\n\\t"' for i in range(28)))


def function(name, body):
    """A C++ function that sets the registers up, then runs `body` (one asm string) n times."""
    return (f"static void {name}(long n) {{\n  asm volatile({SETUP} ::: {CLOBBERS});\n"
            f"  for (long i = 0; i < n; ++i)\n    asm volatile({body} ::: {CLOBBERS});\n}}")


def source():
    out = ["#include <chrono>", "#include <cstdio>",
           "template <class F> double ns(F f) {  // per instance of X, best of 5 runs",
           "  double best = 1e300;",
           "  for (int run = 0; run < 5; ++run) {",
           "    const auto start = std::chrono::steady_clock::now();",
           "    f(200000);",
           "    const std::chrono::duration<double, std::nano> t = std::chrono::steady_clock::now() - start;",
           "    if (t.count() < best) best = t.count();",
           "  }",
           f"  return best / 200000 / {GROUPS};",
           "}"]
    calls = []
    for i, (name, x) in enumerate(INSTRUCTIONS):
        for variant, filler, count in (("alone", FMA, 0), ("fma", FMA, FILLERS), ("add", ADD, FILLERS)):
            out.append(function(f"x{i}_{variant}", loop_body(x, filler, count)))
        calls.append(f'  row("{name}", ns(x{i}_alone), ns(x{i}_fma), ns(x{i}_add));')
    for name, filler in (("fma", FMA), ("add", ADD)):  # the fillers alone: the columns' baselines
        out.append(function(f"{name}_filler", loop_body(None, filler, FILLERS)))
    fma_index = [n for n, _ in INSTRUCTIONS].index("vfmadd231ps")
    out += ["int main() {",
            f"  const double fma = ns(x{fma_index}_alone), fma_only = ns(fma_filler), add_only = ns(add_filler);",
            '  std::printf("one FMA interval (12 independent vfmadd231ps zmm): %.3f ns\\n\\n", fma);',
            '  std::printf("| instruction (zmm) | alone | FMA slots | ADD slots |\\n|---|---|---|---|\\n");',
            "  auto row = [&](const char* name, double alone, double with_fma, double with_add) {",
            "    const double f = (with_fma - fma_only) / fma, a = (with_add - add_only) / fma;",
            '    std::printf("| %s | %.2f | %.2f | %.2f |\\n", name, alone / fma, f < 0 ? 0 : f, a < 0 ? 0 : a);',
            "  };",
            *calls,
            "}"]
    return "\n".join(out) + "\n"


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def main():
    if not {"avx512f", "avx512dq"} <= cpu_flags():
        sys.exit("port_probe: this CPU has no AVX-512 F and DQ (per /proc/cpuinfo); nothing to measure")
    with tempfile.TemporaryDirectory() as tmp:
        cpp, exe = os.path.join(tmp, "probe.cpp"), os.path.join(tmp, "probe")
        with open(cpp, "w") as f:
            f.write(source())
        subprocess.run(["g++", "-O2", "-std=c++17", "-mavx512f", "-mavx512dq", cpp, "-o", exe], check=True)
        sys.stdout.flush()
        subprocess.run([exe], check=True)
    print("\nalone: throughput, FMA intervals per instruction.  FMA slots: what it adds to 8 independent FMAs\n"
          "(their time alone subtracted); ADD slots: the same with 8 vaddps.  0: hidden by the other pipes' work.")


if __name__ == "__main__":
    main()
