#!/usr/bin/env bash
# Times our meta-step and the plain-PyTorch peer's on the same workloads, alternating between
# them so that both see the same machine conditions, and prints medians and the ratio.
#
#   bench/compare-with-peer.sh [--rounds N] [--steps N] [--peer PATH] [-- extra bench flags]
#
# Needs Debian's python3-torch and an optimised BLAS for the peer:
#   apt-get install python3-torch libopenblas0-openmp
# The peer gets no OMP_WAIT_POLICY, as it would run by default.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3
steps=20
peer=../shared/bench/maml_bench.py
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
extra=("$@")

if [ ! -f "$peer" ]; then
  echo "The peer benchmark is not at $peer; give its path with --peer." >&2
  exit 2
fi
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "The peer needs Debian's PyTorch: apt-get install python3-torch libopenblas0-openmp" >&2
  exit 2
fi

dotnet build bench/MetaHarmony.Bench -c Release -v quiet -nologo >/dev/null
ours=bench/MetaHarmony.Bench/bin/Release/net10.0/metaharmony-bench

# The speed issue's four workloads first, then the other order at each size for the core
# issue's table.
workloads=(
  "--image 28 --order 1 --shots 1 --meta-batch 4"
  "--image 28 --order 1 --shots 5 --meta-batch 4"
  "--image 84 --order 2 --shots 1 --meta-batch 4"
  "--image 84 --order 2 --shots 5 --meta-batch 2"
  "--image 28 --order 2 --shots 1 --meta-batch 4"
  "--image 84 --order 1 --shots 1 --meta-batch 4"
)

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p"; }

printf '%-46s %10s %10s %7s %10s %10s\n' workload "ours ms" "peer ms" ratio "ours MiB" "peer MiB"
for w in "${workloads[@]}"; do
  ours_ms=(); peer_ms=(); ours_mb=(); peer_mb=()
  for r in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    o=$("$ours" $w --steps "$steps" --json "${extra[@]}" | tail -n 1)
    # shellcheck disable=SC2086
    p=$(/usr/bin/python3 "$peer" $w --steps "$steps" --json | tail -n 1)
    ours_ms+=("$(echo "$o" | field median_ms)"); ours_mb+=("$(echo "$o" | field peak_rss_mib)")
    peer_ms+=("$(echo "$p" | field median_ms)"); peer_mb+=("$(echo "$p" | field peak_rss_mib)")
  done
  om=$(printf '%s\n' "${ours_ms[@]}" | median); pm=$(printf '%s\n' "${peer_ms[@]}" | median)
  omb=$(printf '%s\n' "${ours_mb[@]}" | median); pmb=$(printf '%s\n' "${peer_mb[@]}" | median)
  printf '%-46s %10.1f %10.1f %7.2f %10.0f %10.0f\n' "$w" "$om" "$pm" \
    "$(awk -v a="$om" -v b="$pm" 'BEGIN {print a / b}')" "$omb" "$pmb"
done
