#!/usr/bin/env bash
# The GPU check: run it first on a CUDA machine (about ten minutes, most of it the build).
#   1. builds the benchmark with the CUDA backend (-p:TorchBackend=cuda),
#   2. compares per-task meta-gradients on the GPU (loop and all-tasks-in-one-pass) with the
#      CPU's, in float64 and float32,
#   3. times second-order 84x84 meta-steps for both variants, 1-shot and 5-shot,
# and prints one table. Needs the .NET 10 SDK, an NVIDIA driver, and a NuGet feed that serves
# TorchSharp-cuda-linux (nuget.org does; it is several GB).
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${STEPS:-10}

echo "== build (CUDA backend)"
dotnet build bench/MetaHarmony.Bench -c Release -p:TorchBackend=cuda -nologo -v quiet
bench=bench/MetaHarmony.Bench/bin/Release/net10.0/metaharmony-bench
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv

echo "== gradients on the GPU against the CPU"
"$bench" --device cuda --verify --image 84 --order 2 --meta-batch 4

echo "== second-order 84x84 meta-steps"
printf '%-10s %-6s %12s %12s\n' variant shots "median ms" "min ms"
for shots in 1 5; do
  batch=$([ "$shots" = 1 ] && echo 4 || echo 2)
  for estimator in loop grouped; do
    line=$("$bench" --device cuda --image 84 --order 2 --shots "$shots" --meta-batch "$batch" \
      --estimator "$estimator" --steps "$steps" --json | tail -n 1)
    median=$(echo "$line" | sed -n 's/.*"median_ms": *\([0-9.]*\).*/\1/p')
    min=$(echo "$line" | sed -n 's/.*"min_ms": *\([0-9.]*\).*/\1/p')
    printf '%-10s %-6s %12.1f %12.1f\n' "$estimator" "$shots" "$median" "$min"
  done
done
