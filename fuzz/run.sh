#!/usr/bin/env bash
# Runs a fuzz target (needs a nightly toolchain and cargo-fuzz), seeded
# with every page of docs/ and tests/fixtures/:
#   fuzz/run.sh parse_page 600     # ten minutes
#   fuzz/run.sh render 600
#   fuzz/run.sh yaml 600
# New crashes land in fuzz/artifacts/<target>/; add each as a regression
# test in tests/hostile.rs.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: parse_page, render or yaml}
seconds=${2:-60}
seeds=$(mktemp -d)
find ../docs ../tests/fixtures -name '*.md' -exec sh -c 'cp "$1" "$2/$(basename "$(dirname "$1")")-$(basename "$1")"' _ {} "$seeds" \;
mkdir -p "corpus/$target"
cargo +nightly fuzz run "$target" "corpus/$target" "$seeds" -- -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048
