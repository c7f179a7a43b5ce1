#!/usr/bin/env bash
# Builds Argus and runs the demo service (JDK HttpServer + H2) with the agent attached.
# Spans appear on stdout as JSON lines; metrics and status are on http://127.0.0.1:9464.
set -euo pipefail
cd "$(dirname "$0")"

mvn -q -B -DskipTests package

port="${DEMO_PORT:-8080}"
cat >&2 <<BANNER

  Argus demo: an "owners" service on http://127.0.0.1:${port}, calling itself once a second.
  Watch the span JSON lines below, and in another terminal try:
    curl http://127.0.0.1:${port}/owners/1          # a traced request (with a database query)
    curl http://127.0.0.1:9464/metrics              # Prometheus metrics of the agent
    curl http://127.0.0.1:9464/status               # agent status (JSON)
  Stop with Ctrl-C.

BANNER
exec java -javaagent:agent/target/argus-agent.jar \
  -Dotel.service.name=owners-demo \
  -cp "smoke-tests/apps/demo-service/target/classes:smoke-tests/apps/demo-service/target/lib/*" \
  io.argus.demo.DemoService "${port}" -1
