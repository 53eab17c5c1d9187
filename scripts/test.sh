#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, a PostgreSQL server on loopback for
# the state-store tests (started here when none runs), build, unit and integration tests, and
# every transcript replayed on Magento 1 and Magento 2 through the built CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
if [[ -z ${MAGEDESK_TEST_POSTGRES_URL:-} ]]; then
    MAGEDESK_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)
    trap 'scripts/start-postgres.sh stop' EXIT
fi
export MAGEDESK_TEST_POSTGRES_URL
swift build --build-tests
swift test --skip-build
.build/debug/magedesk replay transcripts --log-level error
