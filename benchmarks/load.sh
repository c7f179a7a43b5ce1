#!/usr/bin/env bash
# Load harness: the Spring Boot MVC + JDBC service (benchmarks/load-app), or with --app light the JDK HttpServer + JDBC
# service (LightOwnersService), with no agent, Argus and the OpenTelemetry Java agent, alternating over rounds, driven
# by wrk on loopback; prints a markdown table.
# Needs wrk (apt-get install -y wrk). Usage (after `mvn -B -DskipTests -pl benchmarks,benchmarks/load-app -am package`):
#   benchmarks/load.sh [--app spring|light] [--rounds 5] [--warmup 15] [--saturation 15] [--fixed 20] [--rate auto|N] [--connections 16] [--agents none,argus,otel] [--only all|startup] [--service-cpus all|0] [--load-cpus all|1]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -d benchmarks/load-app/target/lib ] || { echo "build first: mvn -B -DskipTests -pl benchmarks,benchmarks/load-app -am package" >&2; exit 1; }
exec java -cp "$(benchmarks/classpath.sh)" io.argus.benchmarks.load.LoadHarness "$@"
