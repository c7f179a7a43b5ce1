#!/usr/bin/env bash
# Where one configuration's CPU goes, thread by thread, in the Spring Boot service of the load harness at saturation:
# the service pinned to CPU 0, wrk and a local OTLP receiver on CPU 1 (as load.sh --service-cpus 0 --load-cpus 1),
# warmed until the JIT compilers settle (under 0.3 s of compile time per 10 s of load, at least 40 s), then three
# 10 s windows. For each window it prints microseconds of CPU per request, user and system apart, from the kernel's
# exact per-thread times (/proc/<pid>/task/*/stat), for every thread that ran, by name: Tomcat's together (http-nio:
# its request threads, poller and acceptor), each agent's, the JIT's and the GC's.
# Extra arguments go to the service's JVM, e.g. -Dargus.export.batch.size=2048.
# Needs wrk, curl and python3. Usage (after mvn -B -DskipTests package):
#   benchmarks/thread-split.sh none|argus|otel [JVM options...]
set -euo pipefail
cd "$(dirname "$0")/.."
agent=${1:?usage: benchmarks/thread-split.sh none|argus|otel [JVM options...]}
shift
cp="$(benchmarks/classpath.sh)"
receiver_log=$(mktemp)
taskset -c 1 java -cp "$cp" io.argus.benchmarks.otlp.OtlpCountingReceiver 0 >"$receiver_log" 2>&1 &
receiver=$!
app=
trap 'kill $receiver $app 2>/dev/null || true; rm -f "$receiver_log"' EXIT
until grep -q '^listening on ' "$receiver_log"; do sleep 0.2; done
endpoint=$(sed -n 's/^listening on //p' "$receiver_log")
source benchmarks/agents.sh
otlp_opts "$endpoint"
agent_otlp_opts "$agent"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 0 java -XX:+UseG1GC -Xms512m -Xmx512m "${agent_opts[@]}" "$@" \
  -cp "benchmarks/load-app/target/classes:benchmarks/load-app/target/lib/*" io.argus.benchmarks.loadapp.OwnersService \
  "$port" >/dev/null 2>&1 &
app=$!
url="http://127.0.0.1:$port/owners/1"
for _ in $(seq 600); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done

compile_seconds() { jstat -compiler "$app" | awk 'NR == 2 {print $4}'; }
# Per thread name (pool numbers folded), user and system clock ticks.
threads() {
  python3 - "$app" <<'EOF'
import json, os, re, sys
pid = sys.argv[1]
ticks = {}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            stat = f.read()
    except OSError:
        continue  # the thread ended meanwhile
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    # Tomcat's threads all read "http-nio-<port>-" once cut at 15 characters; pool numbers are folded too.
    name = "http-nio" if name.startswith("http-nio") else re.sub(r"-\d+$", "", name)
    user, system = ticks.get(name, (0, 0))
    ticks[name] = (user + int(fields[11]), system + int(fields[12]))
print(json.dumps(ticks))
EOF
}
report() {
  python3 - "$1" "$2" "$3" "$(getconf CLK_TCK)" <<'EOF'
import json, sys
before, after, requests, hz = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
per_request = lambda ticks: ticks * 1e6 / hz / requests
parts = []
for name in sorted(after):
    user = after[name][0] - before.get(name, (0, 0))[0]
    system = after[name][1] - before.get(name, (0, 0))[1]
    if user or system:
        parts.append(f"{name} {per_request(user):.2f} + {per_request(system):.2f}")
print(f"{requests / 10:.0f} requests/s; µs per request, user + system: " + "; ".join(parts))
EOF
}

for round in $(seq 12); do
  before=$(compile_seconds)
  taskset -c 1 wrk -t2 -c16 -d10s "$url" >/dev/null
  after=$(compile_seconds)
  if [ "$round" -ge 4 ] && python3 -c "import sys; sys.exit(0 if $after - $before < 0.3 else 1)"; then
    break
  fi
done
echo "$agent: JIT settled after ${round}0 s"
for window in 1 2 3; do
  before=$(threads)
  out=$(taskset -c 1 wrk -t2 -c16 -d10s "$url")
  after=$(threads)
  requests=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
  report "$before" "$after" "$requests"
done
