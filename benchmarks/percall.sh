#!/usr/bin/env bash
# Per-call cost of instrumented calls (HTTP round trip, JDBC query, capability method, executor hop) with no agent,
# with Argus and with the OpenTelemetry Java agent, alternating in one invocation; prints markdown tables.
# Usage (from anywhere, after `mvn -B -DskipTests -pl benchmarks -am package`):
#   benchmarks/percall.sh [--rounds 3] [--warmup 10] [--iterations 5] [--seconds 1] [--include regex] [--agents none,argus,otel]
#   benchmarks/percall.sh --verify 500     # spans per call each agent exports, instead of timings
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "$(benchmarks/classpath.sh)" io.argus.benchmarks.percall.PerCallComparison "$@"
