#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, build, unit and integration tests,
# and every transcript replayed on Magento 1 and Magento 2 through the built CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
.build/debug/magedesk replay transcripts --log-level error
