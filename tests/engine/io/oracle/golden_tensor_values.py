#!/usr/bin/env python3
"""Prints reference values of a few tensors of the golden checkpoints, decoded straight from the raw bytes with
json and struct (BF16 -> float32 is the 16-bit pattern shifted into the high half of a float32). The literals in
tst_checkpoint_weights.cpp were produced by this script.

Usage: python3 golden_tensor_values.py <shared>/golden/checkpoints
"""
import json
import struct
import sys

CASES = [
    ("nested_tied_bf16", "model.visual.blocks.0.attn.qkv.weight"),
    ("nested_tied_bf16", "model.language_model.embed_tokens.weight"),
    ("nested_tied_bf16", "model.language_model.norm.weight"),
    ("flat_f32", "visual.merger.mlp.2.bias"),
    ("flat_f32", "lm_head.weight"),
]


def values(path, name):
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    entry = json.loads(blob[8:8 + n])[name]
    begin, end = entry["data_offsets"]
    raw = blob[8 + n + begin:8 + n + end]
    if entry["dtype"] == "BF16":
        halves = struct.unpack("<%dH" % (len(raw) // 2), raw)
        return entry["shape"], [struct.unpack("<f", struct.pack("<I", h << 16))[0] for h in halves]
    return entry["shape"], list(struct.unpack("<%df" % (len(raw) // 4), raw))


if __name__ == "__main__":
    root = sys.argv[1]
    for checkpoint, name in CASES:
        shape, v = values("%s/%s/model.safetensors" % (root, checkpoint), name)
        total = 0.0
        for x in v:
            total += x
        print(checkpoint, name, shape, "first8", [repr(x) for x in v[:8]], "last", repr(v[-1]), "sum", repr(total))
