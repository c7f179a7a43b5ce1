#!/usr/bin/env python3
"""Splits a JFR recording's execution samples by thread: the application's (Tomcat's http-nio-* and main), with the
share spent in the agent's code, and the agent's own (export, OkHttp, batch processor); then the agent methods the
application threads were in. Usage: jfr-threads.py <recording.jfr> argus|otel|none (used by profile-load.sh)."""
import collections
import re
import subprocess
import sys

path, agent = sys.argv[1], sys.argv[2]
text = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', path],
                      capture_output=True, text=True, check=True).stdout


def in_agent(frame):
    if agent == 'argus':
        return frame.startswith('io.argus.') and not frame.startswith('io.argus.benchmarks')
    return agent == 'otel' and frame.startswith('io.opentelemetry.')


groups = collections.Counter()
outermost = collections.Counter()
application = inside = 0
for event in text.split('jdk.ExecutionSample'):
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    frames = re.findall(r'^\s+([\w.$<>]+)\(.*?\)\s+line', event, re.M)
    if not thread or not frames:
        continue
    name = re.sub(r'[-\d]+$', '', thread.group(1))
    if re.match(r'(argus-|okhttp|OkHttp|BatchSpanProcessor|PeriodicMetricReader)', name):
        groups['agent thread ' + name] += 1
    elif name in ('http-nio', 'main') or name.startswith('http-nio'):
        groups['application threads'] += 1
        application += 1
        agent_frames = [f for f in frames if in_agent(f)]
        if agent_frames:
            inside += 1
            outermost[agent_frames[-1]] += 1
    else:
        groups['other: ' + name] += 1
total = sum(groups.values())
print(f'{path}: {total} samples')
for group, n in groups.most_common(10):
    print(f'  {n:6d} {100 * n / total:5.1f} %  {group}')
if application:
    print(f'  application-thread samples in agent code: {inside} of {application} ({100 * inside / application:.1f} %)')
for frame, n in outermost.most_common(8):
    print(f'    {n:5d}  {frame}')
