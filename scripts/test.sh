#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, a PostgreSQL server on loopback for
# the state-store tests (started here when none runs), build, unit and integration tests, and
# every transcript replayed on Magento 1 and Magento 2 through the built CLI; then the release
# package built and checked as installed on a machine without Swift (scripts/test-package.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
if [[ -z ${MAGEDESK_TEST_POSTGRES_URL:-} ]]; then
    MAGEDESK_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)
    trap 'scripts/start-postgres.sh stop' EXIT
fi
export MAGEDESK_TEST_POSTGRES_URL
swift build --build-tests
# One test at a time: the suite starts servers, workers and a terminal, and on 2 cores timing-
# sensitive expectations (retries within a deadline, Ctrl-C) stay deterministic this way (~70 s).
swift test --skip-build --no-parallel
.build/debug/magedesk replay transcripts --log-level error
scripts/test-package.sh
