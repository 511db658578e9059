#!/usr/bin/env bash
# The GPU check of the engine, in one run on a CUDA machine with PyTorch and transformers installed (not in CI):
# builds vlmprobe-engine against that PyTorch, then runs transformers_parity.py (logits and greedy parity on the
# golden and make-tiny checkpoints, on CPU and CUDA; speed on random-weight 3B and 7B configurations).
#
#   tests/oracles/gpu_check.sh SHARED_DIR OUT_DIR [EXTRA_PREFIX]
#
# SHARED_DIR holds golden/; EXTRA_PREFIX is a CMake prefix with nlohmann-json (and include/stb/stb_image.h) for
# machines that lack them. Everything it prints also lands in OUT_DIR (gpu.txt, build.log, parity.jsonl).
set -uo pipefail
shared=$(realpath "$1")
out=$(realpath "$2")
extra=${3:+$(realpath "$3")}
build=${BUILD_DIR:-/tmp/vlmprobe-engine-build}

{
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    python3 -c 'import torch, transformers; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__)'
    nproc
} 2>&1 | tee "$out/gpu.txt"

torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
start=$(date +%s)
if ! cmake -S engine -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$torch_prefix${extra:+;$extra}" ${extra:+-DSTB_INCLUDE_DIR="$extra/include/stb"} \
    >"$out/build.log" 2>&1; then
    tail -40 "$out/build.log"
    exit 1
fi
if ! cmake --build "$build" --target vlmprobe-engine -- -k 0 >>"$out/build.log" 2>&1; then
    grep -E -A3 "error:|Error " "$out/build.log" | head -80
    exit 1
fi
echo "engine built in $(($(date +%s) - start)) s"

PYTHONUNBUFFERED=1 python3 tests/oracles/transformers_parity.py --engine "$build/tools/vlmprobe-engine" \
    --shared "$shared" --image "$shared/golden/flat_f32/images/img_a_45x61.png" --cuda --speed ${SPEED:-7b 3b} ${PARITY_ARGS:-} \
    2>&1 | tee "$out/parity.jsonl"
