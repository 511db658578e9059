#!/usr/bin/env python3
"""Writes data/writer_oracle.safetensors, the file SafetensorsWriter must reproduce byte for byte.

An independent implementation of the safetensors layout using only json and struct: an 8-byte little-endian header
length, compact JSON ("__metadata__" first, then the tensors in data order), spaces padding the header to a multiple
of 8, then the data, tensors ordered by element size (largest first) and then by name. float16 comes from
struct's "e" format (round half to even); bfloat16 is rounded half to even on the float32 bit pattern.

Run from the repository root: python3 tests/engine/io/oracle/make_writer_oracle.py
"""
import json
import os
import struct

ITEM_SIZE = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4,
             "F64": 8, "I64": 8, "U64": 8}


def bf16_bits(value):
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    lower = bits & 0xFFFF
    upper = bits >> 16
    if lower > 0x8000 or (lower == 0x8000 and upper & 1):
        upper += 1
    return upper


# (name, dtype, shape, raw bytes), in the order the C++ test adds them.
F32_VALUES = [-1.0, -0.75, 0.5, 0.25, 1e-3, 3.0]
F16_VALUES = [0.1, -2.5, 65504.0, 1e-7, 3.14159]
BF16_VALUES = [1.0, -0.1, 3.14159, 1e-20, 65504.0, -7.5]
I64_VALUES = [-3, 0, 1 << 40]
TENSORS = [
    ("model.norm.weight", "F32", [2, 3], struct.pack("<6f", *F32_VALUES)),
    ("visual.half", "F16", [5], struct.pack("<5e", *F16_VALUES)),
    ("model.embed_tokens.weight", "BF16", [3, 2], struct.pack("<6H", *[bf16_bits(v) for v in BF16_VALUES])),
    ("ids", "I64", [3], struct.pack("<3q", *I64_VALUES)),
    ("mask", "BOOL", [3], bytes([1, 0, 1])),
    ("bytes", "U8", [1], bytes([200])),
    ("scalar", "F64", [], struct.pack("<d", 2.5)),
    ("empty", "F32", [0, 3], b""),
]
METADATA = {"format": "pt", "note": "oracle"}


def serialize(tensors, metadata):
    ordered = sorted(tensors, key=lambda t: (-ITEM_SIZE[t[1]], t[0]))
    header = {}
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    offset = 0
    for name, dtype, shape, data in ordered:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in ordered)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "data", "writer_oracle.safetensors"), "wb") as out:
        out.write(serialize(TENSORS, METADATA))
