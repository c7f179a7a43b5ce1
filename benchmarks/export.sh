#!/usr/bin/env bash
# Export throughput: spans/s Argus's export thread sustains to a local OTLP receiver with zero drops, and what happens
# at twice that rate, and the export cost per span next to the OpenTelemetry agent; prints markdown tables.
# Usage (after `mvn -B -DskipTests -pl benchmarks -am package`):
#   benchmarks/export.sh [--start 4000] [--steps 3] [--warmup 10] [--seconds 20] [--rounds 3] [--compare half|N]
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "$(benchmarks/classpath.sh)" io.argus.benchmarks.export.ExportThroughput "$@"
