#!/usr/bin/env python3
"""Pillow + numpy oracle for the engine's image preprocessing (transformers' slow Qwen2VLImageProcessor path).

The reference is computed the way the slow processor computes it: PIL convert("RGB") (or qwen-vl-utils' paste on
white for RGBA), smart_resize, PIL BICUBIC resize of the uint8 image, rescale in float64 then cast to float32,
normalise in float32, repeat the frame temporal_patch_size times, reshape/transpose into patches.

  pillow_pixel_values.py cases OUTDIR
      Writes deterministic random inputs (uint8 .npy [h, w, c]), the expected pixel_values (float32 .npy) and
      cases.json (configuration, alpha mode, inputs, grids and resized sizes per case).
  pillow_pixel_values.py bench --input IMAGE.npy --repeat N [--max-pixels N] [--out PIXELS.npy]
      Times the whole path (from the uint8 array to pixel_values) with the shipped Qwen2.5-VL configuration and
      prints {"ms_median": ..., "ms_min": ..., "cpu_ms_median": ..., "rows": ..., "cols": ...} (wall-clock and
      process CPU milliseconds).
Exit status 3 (with one line on stderr) when Pillow or numpy is missing.
"""

import json
import math
import os
import sys
import time

try:
    import numpy as np
    from PIL import Image
except ImportError as error:  # the C++ test reports this line as its failure
    sys.stderr.write(
        f"pillow_pixel_values.py: missing python3 module ({error}); install python3-pil and python3-numpy\n")
    sys.exit(3)

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


def make_config(patch, merge, min_pixels, max_pixels, temporal=2):
    return {"patch_size": patch, "merge_size": merge, "temporal_patch_size": temporal, "min_pixels": min_pixels,
            "max_pixels": max_pixels, "image_mean": CLIP_MEAN, "image_std": CLIP_STD,
            "rescale_factor": 1 / 255}


CONFIGS = {
    "tiny": make_config(2, 2, 64, 262144),
    "qwen_shipped": make_config(14, 2, 3136, 12845056),
    "qwen_max_50176": make_config(14, 2, 3136, 50176),
    "tiny_temporal3": make_config(2, 2, 64, 4096, temporal=3),
}


def smart_resize(height, width, factor, min_pixels, max_pixels):
    """transformers' smart_resize (Qwen2VLImageProcessor), Python float semantics."""
    if height < factor or width < factor:
        raise ValueError(f"height:{height} or width:{width} must be larger than factor:{factor}")
    if max(height, width) / min(height, width) > 200:
        raise ValueError("absolute aspect ratio must be smaller than 200")
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = math.floor(height / beta / factor) * factor
        w_bar = math.floor(width / beta / factor) * factor
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


def to_rgb(array, alpha):
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[array.shape[2]]
    image = Image.fromarray(array[:, :, 0] if mode == "L" else array, mode)
    if mode == "RGBA" and alpha == "white":
        white = Image.new("RGB", image.size, (255, 255, 255))
        white.paste(image, mask=image.split()[3])
        return white
    return image.convert("RGB")


def preprocess(arrays, config, alpha):
    """Returns (pixel_values float32 [rows, cols], grids, resized sizes) for a list of uint8 arrays."""
    patch, merge, temporal = config["patch_size"], config["merge_size"], config["temporal_patch_size"]
    mean = np.array(config["image_mean"], dtype=np.float32)
    std = np.array(config["image_std"], dtype=np.float32)
    rows, grids, sizes = [], [], []
    for array in arrays:
        image = to_rgb(array, alpha)
        height, width = smart_resize(image.height, image.width, patch * merge, config["min_pixels"],
                                     config["max_pixels"])
        image = image.resize((width, height), Image.BICUBIC)
        pixels = np.asarray(image)
        pixels = (pixels.astype(np.float64) * config["rescale_factor"]).astype(np.float32)
        pixels = (pixels - mean) / std
        frames = np.array([pixels.transpose(2, 0, 1)])  # [frames, channels, height, width]
        if frames.shape[0] % temporal != 0:
            repeats = np.repeat(frames[-1][np.newaxis], temporal - 1, axis=0)
            frames = np.concatenate([frames, repeats], axis=0)
        channels = frames.shape[1]
        grid_t, grid_h, grid_w = frames.shape[0] // temporal, height // patch, width // patch
        patches = frames.reshape(grid_t, temporal, channels, grid_h // merge, merge, patch, grid_w // merge, merge,
                                 patch)
        patches = patches.transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
        rows.append(patches.reshape(grid_t * grid_h * grid_w, channels * temporal * patch * patch))
        grids.append([grid_t, grid_h, grid_w])
        sizes.append([height, width])
    return np.concatenate(rows, axis=0), grids, sizes


def random_image(rng, height, width, channels):
    # Smooth gradients plus noise, so that both flat areas and the filter's overshoot (clipping) are exercised.
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([(x * 255 // max(width - 1, 1)), (y * 255 // max(height - 1, 1)), ((x + y) * 7) % 256,
                     np.full_like(x, 128)], axis=2)[:, :, :channels]
    noise = rng.integers(-60, 61, size=(height, width, channels))
    pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
    if channels == 4:
        pixels[:, :, 3] = rng.integers(0, 256, size=(height, width), dtype=np.uint8)
        pixels[0, :, 3] = 0
        pixels[-1, :, 3] = 255
    return pixels


# name, configuration, alpha mode, [(height, width, channels), ...]
CASES = [
    ("tiny_rgb_45x61", "tiny", "drop", [(45, 61, 3)]),
    ("tiny_rgb_same_size", "tiny", "drop", [(40, 52, 3)]),
    ("tiny_gray_33x47", "tiny", "drop", [(33, 47, 1)]),
    ("tiny_rgba_drop", "tiny", "drop", [(41, 53, 4)]),
    ("tiny_rgba_white", "tiny", "white", [(41, 53, 4)]),
    ("tiny_three_images", "tiny", "drop", [(45, 61, 3), (32, 32, 3), (24, 36, 3)]),
    ("tiny_temporal3", "tiny_temporal3", "drop", [(30, 50, 3)]),
    ("qwen_rgb_97x131", "qwen_shipped", "drop", [(97, 131, 3)]),
    ("qwen_rgb_30x30_upscale", "qwen_shipped", "drop", [(30, 30, 3)]),
    ("qwen_rgb_70x70_half_even", "qwen_shipped", "drop", [(70, 70, 3)]),
    ("qwen_max_pixels_300x200", "qwen_max_50176", "drop", [(300, 200, 3)]),
    ("qwen_rgba_white_two", "qwen_shipped", "white", [(60, 90, 4), (57, 29, 3)]),
]


def write_cases(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(7)
    cases = []
    for name, config_name, alpha, shapes in CASES:
        config = CONFIGS[config_name]
        inputs = []
        arrays = []
        for index, shape in enumerate(shapes):
            array = random_image(rng, *shape)
            file = f"{name}_in{index}.npy"
            np.save(os.path.join(out_dir, file), array)
            inputs.append(file)
            arrays.append(array)
        pixel_values, grids, sizes = preprocess(arrays, config, alpha)
        np.save(os.path.join(out_dir, f"{name}_pixel_values.npy"), pixel_values.astype(np.float32))
        cases.append({"name": name, "config": config, "alpha": alpha, "inputs": inputs,
                      "pixel_values": f"{name}_pixel_values.npy", "grid_thw": grids, "resized_hw": sizes})
    with open(os.path.join(out_dir, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump({"cases": cases}, handle, indent=1)


def bench(argv):
    options = dict(zip(argv[0::2], argv[1::2]))
    array = np.load(options["--input"])
    repeat = int(options.get("--repeat", "10"))
    config = dict(CONFIGS["qwen_shipped"])
    if "--max-pixels" in options:
        config["max_pixels"] = int(options["--max-pixels"])
    times, cpu_times = [], []
    pixel_values = None
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        pixel_values, _, _ = preprocess([array], config, "drop")
        times.append((time.perf_counter() - start) * 1000.0)
        cpu_times.append((time.process_time() - cpu_start) * 1000.0)
    if "--out" in options:
        np.save(options["--out"], pixel_values)
    times.sort()
    cpu_times.sort()
    print(json.dumps({"ms_median": times[len(times) // 2], "ms_min": times[0],
                      "cpu_ms_median": cpu_times[len(cpu_times) // 2], "rows": int(pixel_values.shape[0]),
                      "cols": int(pixel_values.shape[1])}))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "cases":
        write_cases(sys.argv[2])
        return 0
    if len(sys.argv) >= 2 and sys.argv[1] == "bench":
        bench(sys.argv[2:])
        return 0
    sys.stderr.write("usage: pillow_pixel_values.py cases OUTDIR | bench --input F.npy [--repeat N] [--out F]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
