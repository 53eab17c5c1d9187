#!/usr/bin/env bash
# The long run of issue 17: 100,000 turns over 1,000 conversations through one `magedesk filter`
# (SQLite state) while the simulated store cycles through its faults; prints resident memory and
# open descriptors after warm-up and at the end (the figures in BENCHMARKS.md). CI runs the same
# test with 3,000 turns. Usage: scripts/soak.sh [TURNS] [CONVERSATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
export MAGEDESK_SOAK_TURNS=${1:-100000}
export MAGEDESK_SOAK_CONVERSATIONS=${2:-1000}
swift build --build-tests 2>&1 | tail -1
swift test --skip-build --filter LongRunTests 2>&1 | grep -E "long run:|passed|failed|error" | grep -v "^\[" || true
