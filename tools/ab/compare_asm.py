#!/usr/bin/env python3
"""Compares the kernels of two builds' object files for one ISA, op by op, without running them.

    tools/ab/compare_asm.py A.o B.o

A.o and B.o are src/arch/<isa>.cpp's objects (build/.../CMakeFiles/simdact_<isa>.dir/src/arch/<isa>.cpp.o)
of two builds. Kernels are paired by op name (run<ops::<op>, ...> since the one-list layout,
activation_kernels<...>::<op> before it). For each op it prints the instruction counts, how many
lines differ once addresses and symbol names are taken out, which mnemonics changed in number, and
each loop (a backward jump) with its instruction count, divisions and stack references, the first
thing to look at when a path runs slower: a spill in the loop that runs at 1Ki and 16Ki shows
there. On a machine without an ISA (no AVX-512 here, say) this is what can be checked of its code.
"""
import collections
import difflib
import re
import subprocess
import sys


def functions(obj):
    """{symbol: [(address, instruction)]} of the object, demangled, Intel syntax."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C", "-M", "intel", obj],
                         capture_output=True, text=True, check=True).stdout
    result, current = {}, None
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            current = m.group(1)
            result[current] = []
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(.*)$", line)
        if m and current:
            result[current].append((int(m.group(1), 16), m.group(2).strip()))
    return result


def op_name(symbol):
    m = re.search(r"ops::(\w+),", symbol) or re.search(r"activation_kernels<.*>::(\w+)\(", symbol)
    return m.group(1) if m else None


def normalized(instruction):
    instruction = instruction.split("#")[0]
    instruction = re.sub(r"[0-9a-f]+ <.*$", "ADDR", instruction)
    return " ".join(instruction.split())


def loops(instructions):
    addresses = {a for a, _ in instructions}
    for address, text in instructions:
        m = re.match(r"j\w+\s+([0-9a-f]+)", text)
        if m and int(m.group(1), 16) < address and int(m.group(1), 16) in addresses:
            start = int(m.group(1), 16)
            body = [t for a, t in instructions if start <= a <= address]
            yield (len(body), sum("div" in t for t in body), sum("rsp" in t or "rbp" in t for t in body))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a = {op_name(k): v for k, v in functions(sys.argv[1]).items() if op_name(k)}
    b = {op_name(k): v for k, v in functions(sys.argv[2]).items() if op_name(k)}
    for op in sorted(set(a) | set(b)):
        x = [normalized(t) for _, t in a.get(op, [])]
        y = [normalized(t) for _, t in b.get(op, [])]
        diff = [l for l in difflib.unified_diff(x, y, lineterm="", n=0) if l[:1] in "+-" and l[:3] not in ("+++", "---")]
        count_a = collections.Counter(t.split()[0] for t in x if t)
        count_b = collections.Counter(t.split()[0] for t in y if t)
        changed = {m: count_b[m] - count_a[m] for m in sorted(set(count_a) | set(count_b)) if count_a[m] != count_b[m]}
        print(f"{op}: {len(x)} and {len(y)} instructions; {len(diff)} lines differ; mnemonics changed in number: "
              f"{changed or 'none'}")
        loops_a, loops_b = sorted(loops(a.get(op, []))), sorted(loops(b.get(op, [])))
        if loops_a != loops_b:
            print(f"  loops (instructions, divisions, stack references): A {loops_a}")
            print(f"                                                     B {loops_b}")


if __name__ == "__main__":
    main()
