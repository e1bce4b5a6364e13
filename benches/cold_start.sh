#!/usr/bin/env bash
# Whole-process cold starts: `gongbao extract FILE` against a process that only loads jieba-rs
# and segments FILE (examples/jieba_cut.rs). Prints the median of N runs of each and their ratio.
#
#   benches/cold_start.sh [FILE] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-samples/party-stats-2019-commentary.txt}
runs=${2:-30}
cargo build --release --quiet --bin gongbao --example jieba_cut

median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

gongbao_ms=$(median_ms target/release/gongbao extract "$file")
jieba_ms=$(median_ms target/release/examples/jieba_cut "$file")
echo "file: $file ($(wc -c <"$file") bytes), $runs runs each, median wall time"
echo "gongbao extract:           ${gongbao_ms} ms"
echo "jieba load + cut (ref):    ${jieba_ms} ms"
awk -v g="$gongbao_ms" -v j="$jieba_ms" 'BEGIN {printf "ratio gongbao / jieba:     %.2f (target <= 1.2)\n", g / j}'
