#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus (tests/fuzz/corpus): one input per op of the list (the first byte picks it, modulo their count) x ISA x mode, with values
around the interesting regions.  Run from the repository root: python3 tests/fuzz/make_corpus.py"""
import os
import struct

values = [0.0, -0.0, 1.0, -1.0, 16.6, 17.33, -87.33, -88.7, -103.97, -104.0, 1e-40, -1e30, float("inf"),
          float("-inf"), float("nan"), 0.5, -0.5, 5.0, -5.0, 88.0]
out = os.path.join(os.path.dirname(__file__), "corpus")
os.makedirs(out, exist_ok=True)
for function in range(5):
    for isa in range(4):
        for mode in (0, 1, 0x40, 0x80, 0xC0):
            n = 37 + 11 * isa
            head = bytes([function, isa, n >> 8, n & 255, (isa * 5 + 3) & 0xff, mode])
            body = b"".join(struct.pack(">f", values[i % len(values)]) for i in range(2 * n))
            with open(os.path.join(out, f"seed_f{function}_i{isa}_m{mode:02x}"), "wb") as f:
                f.write(head + body)
