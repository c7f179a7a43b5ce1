# The JVM options of each configuration the shell benchmarks compare, in one place; sourced, not run.
# The Java harnesses (load, per call, export) take theirs from io.argus.benchmarks.harness.AgentUnderTest: keep the two
# alike. ARGUS_JAR overrides the Argus jar (default agent/target/argus-agent.jar).
argus_jar="${ARGUS_JAR:-agent/target/argus-agent.jar}"
otel_jar="benchmarks/target/rival/opentelemetry-javaagent.jar"

# Fixed costs (startup.sh, footprint.sh): spans printed to the console, no metrics served or exported, so no run
# competes for a port.
argus_console_opts=(-javaagent:"$argus_jar" -Dargus.prometheus.enabled=false)
otel_console_opts=(-javaagent:"$otel_jar" -Dotel.traces.exporter=console -Dotel.metrics.exporter=none
  -Dotel.logs.exporter=none)

# Under load (profile-load.sh), as AgentUnderTest does it: every trace sampled and exported over OTLP http/protobuf to
# the endpoint given, metrics on (Argus serves /metrics on an ephemeral port; OTel pushes every 10 s), the breaker off.
# Sets argus_otlp_opts and otel_otlp_opts.
otlp_opts() {
  local common=(-Dotel.service.name=benchmark -Dotel.traces.sampler=always_on -Dotel.traces.exporter=otlp
    -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint="$1")
  argus_otlp_opts=(-javaagent:"$argus_jar" "${common[@]}" -Dargus.metrics.port=0 -Dargus.breaker.enabled=false)
  otel_otlp_opts=(-javaagent:"$otel_jar" "${common[@]}" -Dotel.metrics.exporter=otlp -Dotel.metric.export.interval=10000
    -Dotel.logs.exporter=none)
}

# One configuration's options under load, after otlp_opts: none, argus or otel. Sets agent_opts.
agent_otlp_opts() {
  case $1 in
    argus) agent_opts=("${argus_otlp_opts[@]}") ;;
    otel) agent_opts=("${otel_otlp_opts[@]}") ;;
    none) agent_opts=() ;;
    *) echo "unknown configuration: $1 (none, argus or otel)" >&2; return 2 ;;
  esac
}
