#!/usr/bin/env python3
"""Pillow oracle for the engine's bicubic resampler and alpha compositing.

Writes, into OUTDIR, deterministic random images, what Pillow makes of them, and cases.json describing each case:
  resize     Image.resize((out_w, out_h), Image.BICUBIC) on RGB, RGBA and L images (RGBA goes through Pillow's own
             premultiplied path);
  composite  qwen-vl-utils' RGBA -> RGB: paste onto a white RGB image with the alpha channel as the mask.
Images are stored as uint8 .npy arrays [height, width, channels].

Usage: pillow_resize.py OUTDIR
Exit status 3 (with one line on stderr) when Pillow or numpy is missing.
"""

import json
import os
import sys

try:
    import numpy as np
    import PIL
    from PIL import Image
except ImportError as error:  # the C++ test reports this line as its failure
    sys.stderr.write(f"pillow_resize.py: missing python3 module ({error}); install python3-pil and python3-numpy\n")
    sys.exit(3)

# (input width, input height) -> (output width, output height): up, down, mixed, odd, one axis only, same size,
# extreme aspect ratios in both directions, single pixels.
RESIZES = [
    ((64, 48), (128, 96)),
    ((64, 48), (32, 24)),
    ((97, 131), (140, 84)),
    ((61, 45), (60, 44)),
    ((47, 33), (48, 32)),
    ((200, 300), (52, 76)),
    ((640, 360), (224, 126)),
    ((640, 480), (644, 476)),
    ((1, 300), (28, 308)),
    ((300, 1), (308, 28)),
    ((1, 300), (1, 150)),
    ((300, 1), (150, 1)),
    ((5, 7), (400, 3)),
    ((1000, 10), (10, 1000)),
    ((500, 3), (1316, 28)),
    ((123, 77), (123, 200)),
    ((123, 77), (50, 77)),
    ((57, 57), (57, 57)),
    ((256, 256), (255, 257)),
    ((31, 29), (29, 31)),
    ((999, 17), (13, 11)),
    ((7, 5), (3, 2)),
    ((2, 2), (1, 1)),
    ((1, 1), (5, 5)),
    ((30, 30), (56, 56)),
]

COMPOSITES = [(40, 52), (1, 1), (97, 13)]


def random_image(rng, width, height, channels):
    pixels = rng.integers(0, 256, size=(height, width, channels), dtype=np.uint8)
    if channels == 4:
        # Make the fully transparent and fully opaque special cases frequent, not only 2/256 of the pixels.
        alpha = pixels[:, :, 3]
        alpha[rng.random(alpha.shape) < 0.15] = 0
        alpha[rng.random(alpha.shape) < 0.15] = 255
    return pixels


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pillow_resize.py OUTDIR\n")
        return 2
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20250107)
    cases = []
    for mode, channels in (("RGB", 3), ("RGBA", 4), ("L", 1)):
        for (in_w, in_h), (out_w, out_h) in RESIZES:
            name = f"resize_{mode}_{in_w}x{in_h}_to_{out_w}x{out_h}"
            source = random_image(rng, in_w, in_h, channels)
            image = Image.fromarray(source[:, :, 0] if mode == "L" else source, mode)
            result = np.asarray(image.resize((out_w, out_h), Image.BICUBIC))
            np.save(os.path.join(out_dir, name + "_in.npy"), source)
            np.save(os.path.join(out_dir, name + "_out.npy"), result.reshape(out_h, out_w, channels))
            cases.append({"kind": "resize", "name": name, "mode": mode, "out_width": out_w, "out_height": out_h})
    for width, height in COMPOSITES:
        name = f"composite_{width}x{height}"
        source = random_image(rng, width, height, 4)
        image = Image.fromarray(source, "RGBA")
        white = Image.new("RGB", image.size, (255, 255, 255))
        white.paste(image, mask=image.split()[3])
        np.save(os.path.join(out_dir, name + "_in.npy"), source)
        np.save(os.path.join(out_dir, name + "_out.npy"), np.asarray(white).reshape(height, width, 3))
        cases.append({"kind": "composite", "name": name, "mode": "RGBA"})
    with open(os.path.join(out_dir, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump({"pillow": PIL.__version__, "cases": cases}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
