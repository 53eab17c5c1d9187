#!/usr/bin/env bash
# Builds magedesk and starts the chat against the built-in demo store.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build -c release --product magedesk
exec .build/release/magedesk chat "$@"
