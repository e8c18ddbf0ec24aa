#!/usr/bin/env bash
# systemd's watchdog without systemd (issue 15): the test binds the unix datagram socket that
# NOTIFY_SOCKET names, as systemd does, runs the window under Xvfb with WATCHDOG_USEC set and reads
# what it sends: READY=1 once, then WATCHDOG=1 pings while frames render. Then, with the render loop
# blocked after a few frames (GATEMAP_TEST_BLOCK_LOOP_AFTER_FRAMES, app/window/watchdog.hpp), the
# pings must stop: a pinger on a thread of its own would go on and fail this test. Counts, not times:
# the waits only bound how long the test listens.
set -u
bin=$1
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
python3 - "$bin" "$tmp" <<'PY'
import os, signal, socket, subprocess, sys, time
bin, tmp = sys.argv[1], sys.argv[2]

def run(block_after, listen_s, stop_when):
    path = os.path.join(tmp, f"notify-{block_after}.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(0.5)
    # Only gatemap gets NOTIFY_SOCKET: Xvfb would send its own READY=1 to it.
    env = dict(os.environ)
    env.pop("WATCHDOG_PID", None)
    notify = [f"NOTIFY_SOCKET={path}", "WATCHDOG_USEC=400000"]  # pings due every 0.2 s at the latest
    if block_after is not None:
        notify.append(f"GATEMAP_TEST_BLOCK_LOOP_AFTER_FRAMES={block_after}")
    p = subprocess.Popen(["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", "env", *notify, bin, "run", "--hide-ui"],
                         env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    msgs, end = [], time.monotonic() + listen_s
    try:
        while time.monotonic() < end and not stop_when(msgs):
            try:
                msgs.append(s.recv(4096).decode())
            except socket.timeout:
                if p.poll() is not None:
                    break
    finally:
        rc = p.poll()
        if rc is None:
            os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        s.close()
    if rc is not None:
        print("the window ended early:", rc, p.stderr.read().decode()[-2000:])
    return msgs

def pings(msgs):
    return sum(1 for m in msgs if "WATCHDOG=1" in m.split("\n"))

# 1. Frames render: READY=1 first and once, then at least 10 pings.
msgs = run(None, 90, lambda m: pings(m) >= 10)
ready = [i for i, m in enumerate(msgs) if "READY=1" in m.split("\n")]
print(f"running loop: {len(msgs)} messages, READY=1 at {ready}, {pings(msgs)} pings")
assert ready == [0], f"READY=1 must come first and once: {msgs[:5]}"
assert pings(msgs) >= 10, "no pings while frames render"

# 2. The loop blocked after frame 30: the status says so, and then no ping for 3 s (15 intervals).
blocked_at = [None]
def stop(m):
    if blocked_at[0] is None:
        for i, x in enumerate(m):
            if "STATUS=test: render loop blocked" in x:
                blocked_at[0] = (i, time.monotonic())
    return blocked_at[0] is not None and time.monotonic() - blocked_at[0][1] > 3
msgs = run(30, 90, stop)
assert blocked_at[0] is not None, f"the loop never reported itself blocked: {msgs[-5:]}"
i = blocked_at[0][0]
before, after = pings(msgs[:i]), pings(msgs[i + 1:])
print(f"blocked loop: {before} pings before the block, {after} after it (3 s listened)")
assert msgs[0].startswith("READY=1"), msgs[:3]
assert after == 0, "pings went on while the render loop was blocked"
print("ok: READY=1 once, pings while rendering, none once the loop is blocked")
PY
