#!/usr/bin/env python3
"""Compare vlmprobe-engine with Hugging Face transformers on the same checkpoints, and time both.

Not run in CI: it needs torch + transformers (and, for the speed part, a CUDA GPU). Typical use on a GPU machine,
after building the engine against that machine's PyTorch (Torch_DIR from torch.utils.cmake_prefix_path):

    python3 tests/oracles/transformers_parity.py --engine build/engine/tools/vlmprobe-engine \
        --shared ../shared --image ../shared/golden/flat_f32/images/img_a_45x61.png --speed 3b 7b

Parity (CPU, float32, eager attention): for the golden tiny checkpoints and fresh `make-tiny` ones, the prefill
logits of `vlmprobe-engine logits` against transformers' forward, and the greedy continuation of
`vlmprobe-engine generate --greedy --json` against `model.generate(do_sample=False)`.
Speed (CUDA, bf16, sdpa): random-weight 3B/7B configurations built by both sides; time to first token for a
1008x1008 image, decode tokens/s at batch 1, and 8 variants of one sample (transformers recomputes each prefill;
the engine reuses the shared prefix). Prints one JSON object per measurement.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import transformers
from PIL import Image
from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration
from transformers.models.qwen2_vl.image_processing_qwen2_vl import Qwen2VLImageProcessor

TRANSFORMERS_5 = int(transformers.__version__.split(".")[0]) >= 5


def run_engine(engine, *args):
    done = subprocess.run([engine, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"vlmprobe-engine {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def model_inputs(checkpoint, spec_ids, images, image_pad):
    """input_ids with expanded image pads, pixel_values and grid as the slow (PIL) processor makes them."""
    with open(os.path.join(checkpoint, "preprocessor_config.json")) as f:
        processor = Qwen2VLImageProcessor(**{k: v for k, v in json.load(f).items() if k != "image_processor_type"})
    kwargs = {}
    ids = []
    if images:
        out = processor(images=[Image.open(p) for p in images], return_tensors="pt")
        kwargs = {"pixel_values": out["pixel_values"], "image_grid_thw": out["image_grid_thw"]}
        counts = [int(t * h * w) // 4 for t, h, w in out["image_grid_thw"].tolist()]
    for token in spec_ids:
        ids.extend([token] * (counts.pop(0) if token == image_pad else 1))
    input_ids = torch.tensor([ids])
    if TRANSFORMERS_5:
        # transformers 5.x only builds M-RoPE positions when told which tokens are image tokens.
        kwargs["mm_token_type_ids"] = (input_ids == image_pad).long()
    return input_ids, kwargs


def parity(engine, checkpoint, spec_ids, images, workdir, use_cuda):
    with open(os.path.join(checkpoint, "config.json")) as f:
        image_pad = json.load(f)["image_token_id"]
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(
        checkpoint, torch_dtype=torch.float32, attn_implementation="eager").eval()
    input_ids, kwargs = model_inputs(checkpoint, spec_ids, images, image_pad)
    with torch.no_grad():
        reference = model(input_ids=input_ids, **kwargs).logits[0].float().numpy()
    ids_file = os.path.join(workdir, "ids.json")
    with open(ids_file, "w") as f:
        json.dump(spec_ids, f)
    out = os.path.join(workdir, "logits.npy")
    image_args = [a for p in images for a in ("--image", p)]
    run_engine(engine, "logits", "--model", checkpoint, "--ids-file", ids_file, "--out", out, *image_args)
    ours = np.load(out)
    scale = max(1.0, float(np.abs(reference).max()))
    max_diff = float(np.abs(ours - reference).max()) if ours.shape == reference.shape else float("inf")
    # The same network input on both sides: transformers fed the engine's pixel_values (Pillow-exact, see the
    # preprocessing oracle tests), which separates a network difference from an image-processor difference.
    same_pixels = {}
    if images:
        pixels_file = os.path.join(workdir, "pixels.npy")
        run_engine(engine, "preprocess", "--model", checkpoint, "--image", images[0], "--out", pixels_file)
        engine_pixels = torch.from_numpy(np.load(pixels_file))
        hf_pixels = kwargs["pixel_values"]
        pixel_diff = float((engine_pixels - hf_pixels).abs().max()) if engine_pixels.shape == hf_pixels.shape else -1.0
        with torch.no_grad():
            reference2 = model(input_ids=input_ids, **{**kwargs, "pixel_values": engine_pixels}).logits[0].float().numpy()
        diff2 = float(np.abs(ours - reference2).max()) if ours.shape == reference2.shape else float("inf")
        same_pixels = {"pixel_values_max_abs_diff": pixel_diff, "same_pixels_logits_max_abs_diff": diff2,
                       "same_pixels_relative": diff2 / scale, "same_pixels_logits_ok": diff2 <= 1e-4 * scale}
    cuda = {}
    if use_cuda:
        # The engine on the GPU in float32 against the same CPU reference (GEMM order differs: a looser bound).
        run_engine(engine, "logits", "--model", checkpoint, "--ids-file", ids_file, "--out", out, "--device", "cuda",
                   "--dtype", "f32", *image_args)
        on_gpu = np.load(out)
        target = reference2 if images else reference
        diff = float(np.abs(on_gpu - target).max()) if on_gpu.shape == target.shape else float("inf")
        cuda = {"cuda_logits_max_abs_diff": diff, "cuda_relative": diff / scale, "cuda_logits_ok": diff <= 1e-3 * scale}

    with torch.no_grad():
        generated = model.generate(input_ids=input_ids, **kwargs, do_sample=False, max_new_tokens=16,
                                   min_new_tokens=16, repetition_penalty=1.0)
    hf_tokens = generated[0, input_ids.shape[1]:].tolist()
    ours_json = json.loads(run_engine(engine, "generate", "--model", checkpoint, "--ids-file", ids_file,
                                      "--greedy", "--repetition-penalty", "1", "--max-new-tokens", "16",
                                      "--json", *image_args))
    # min_new_tokens suppresses EOS in transformers; compare up to the engine's stop.
    n = len(ours_json["ids"])
    # logits_ok judges the network on the same input; the difference through transformers' own image processor
    # (not Pillow-exact in transformers 5.x) is reported beside it.
    network_diff = same_pixels["same_pixels_logits_max_abs_diff"] if images else max_diff
    return {"checkpoint": checkpoint, "hf_processor_logits_max_abs_diff": max_diff, "relative": max_diff / scale,
            "logits_ok": network_diff <= 1e-4 * scale, "greedy_equal": ours_json["ids"] == hf_tokens[:n],
            "transformers": transformers.__version__, "torch": torch.__version__, **same_pixels, **cuda}


def real_config(name):
    big = name == "7b"
    text = dict(hidden_size=3584 if big else 2048, intermediate_size=18944 if big else 11008,
                num_hidden_layers=28 if big else 36, num_attention_heads=28 if big else 16,
                num_key_value_heads=4 if big else 2, vocab_size=152064 if big else 151936, rms_norm_eps=1e-6,
                rope_theta=1e6, max_position_embeddings=128000, tie_word_embeddings=not big,
                rope_scaling={"type": "mrope", "mrope_section": [16, 24, 24]})
    vision = dict(depth=32, hidden_size=1280, num_heads=16, intermediate_size=3420, patch_size=14,
                  window_size=112, fullatt_block_indexes=[7, 15, 23, 31], out_hidden_size=text["hidden_size"],
                  tokens_per_second=2)
    if TRANSFORMERS_5:
        text.pop("rope_scaling")
        text["rope_parameters"] = {"rope_type": "default", "rope_theta": 1e6, "mrope_section": [16, 24, 24]}
        return Qwen2_5_VLConfig(text_config=text, vision_config=vision, tie_word_embeddings=not big)
    return Qwen2_5_VLConfig(**text, vision_config=vision)


def cuda_time(fn):
    torch.cuda.synchronize()
    start = time.perf_counter()
    result = fn()
    torch.cuda.synchronize()
    return time.perf_counter() - start, result


def speed(engine, name, new_tokens=64, variants=8):
    # The engine first, so that its figures come back even if the transformers side fails.
    ours = json.loads(run_engine(engine, "bench", "--config", name, "--random", "--device", "cuda", "--dtype",
                                 "bf16", "--image-size", "1008", "--new-tokens", str(new_tokens), "--json"))
    print(json.dumps({"config": name, "engine": ours}), flush=True)
    config = real_config(name)
    config._attn_implementation = "sdpa"
    torch.manual_seed(0)
    # Built on the GPU in bf16 directly: a 7B model initialised on the CPU in float32 takes minutes.
    torch.set_default_dtype(torch.bfloat16)
    with torch.device("cuda"):
        model = Qwen2_5_VLForConditionalGeneration(config).eval()
    torch.set_default_dtype(torch.float32)
    processor = Qwen2VLImageProcessor(min_pixels=3136, max_pixels=12845056)
    image = Image.fromarray((np.random.default_rng(0).random((1008, 1008, 3)) * 255).astype(np.uint8))
    out = processor(images=[image], return_tensors="pt")
    tokens = int(out["image_grid_thw"].prod()) // 4
    ids = [151644] + list(range(100, 113)) + [151652] + [151655] * tokens + [151653] + list(range(200, 261))
    input_ids = torch.tensor([ids], device="cuda")
    kwargs = {"pixel_values": out["pixel_values"].to("cuda", torch.bfloat16),
              "image_grid_thw": out["image_grid_thw"].to("cuda")}
    if TRANSFORMERS_5:
        kwargs["mm_token_type_ids"] = (input_ids == 151655).long()
    with torch.no_grad():
        model.generate(input_ids=input_ids, **kwargs, max_new_tokens=4, do_sample=False)  # warm-up
        ttft, _ = cuda_time(lambda: model.generate(input_ids=input_ids, **kwargs, max_new_tokens=1, do_sample=False))
        total, _ = cuda_time(lambda: model.generate(input_ids=input_ids, **kwargs, max_new_tokens=new_tokens,
                                                    min_new_tokens=new_tokens, do_sample=False))
        eight, _ = cuda_time(lambda: [model(input_ids=input_ids, **kwargs) for _ in range(variants)])
    hf = {"time_to_first_token_s": ttft, "decode_tokens_per_s": (new_tokens - 1) / max(total - ttft, 1e-9),
          "variants_s": eight, "variants_over_one_prefill": eight / ttft}
    del model
    torch.cuda.empty_cache()
    return {"config": name, "gpu": torch.cuda.get_device_name(0), "transformers": hf, "engine": ours,
            "decode_speedup": ours["decode_tokens_per_s"] / hf["decode_tokens_per_s"],
            "ttft_ratio": ours["time_to_first_token_s"] / hf["time_to_first_token_s"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, help="path of the vlmprobe-engine executable")
    parser.add_argument("--shared", required=True, help="the shared/ folder (goldens)")
    parser.add_argument("--image", required=True, help="an image for the tiny checkpoints")
    parser.add_argument("--speed", nargs="*", default=[], choices=["3b", "7b"], help="speed runs on CUDA")
    parser.add_argument("--cuda", action="store_true", help="also compare the engine's CUDA float32 logits")
    parser.add_argument("--skip-parity", action="store_true", help="only the speed runs")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        checkpoints = [os.path.join(args.shared, "golden", "checkpoints", n) for n in ("flat_f32", "nested_tied_bf16")]
        for layout, extra in (("flat", []), ("nested", ["--tie", "--dtype", "bf16"])):
            out = os.path.join(workdir, "tiny_" + layout)
            run_engine(args.engine, "make-tiny", "--out", out, "--layout", layout, *extra)
            checkpoints.append(out)
        for checkpoint in [] if args.skip_parity else checkpoints:
            with open(os.path.join(checkpoint, "config.json")) as f:
                config = json.load(f)
            pad, start, end = config["image_token_id"], config["vision_start_token_id"], config["vision_end_token_id"]
            spec = [10, 11, 20, 21, start, pad, end, 100, 101, 102, 11, 13, 11]
            try:
                results.append(parity(args.engine, checkpoint, spec, [args.image], workdir, args.cuda))
            except Exception as error:  # one failing checkpoint must not hide the others' figures
                results.append({"checkpoint": checkpoint, "error": str(error)[-2000:], "logits_ok": False})
            print(json.dumps(results[-1]), flush=True)
    for name in args.speed:
        try:
            results.append(speed(args.engine, name))
        except Exception as error:
            results.append({"config": name, "error": str(error)[-2000:]})
        print(json.dumps(results[-1]), flush=True)
    failed = [r for r in results if r.get("logits_ok") is False or r.get("greedy_equal") is False
              or r.get("cuda_logits_ok") is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
