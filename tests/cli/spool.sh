#!/bin/bash
# The spool and the drainer, run exactly as integratord runs us: an
# outage of every kind loses nothing and costs integratord little; the
# drainer delivers in order, once, over keep-alive; kill -9, a corrupt
# entry, the bounds, two integrations, the lock, secrets, permissions,
# dead letters, a configuration fixed later, and the spool commands.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; kill_drainers; stop_receiver; stop_tool; rm -rf "$T"; rm -f /tmp/custom-*-17000*.alert' EXIT
A="$ALERTS/ssh-bruteforce-5712.json"
H="$T/ossec"
mk_ossec "$H" custom-iris
mkdir -p "$H/queue"
Q="$H/queue/wazuh-relay"
KEY="spool-key-$$"

# The drainers of the integrations under $Q, by the pid their state says.
drainer_pid() { python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1])).get("pid", 0))
except Exception: print(0)' "$Q/$1/state" 2>/dev/null; }
kill_drainers() {
	for s in "$Q"/*/state; do
		[ -f "$s" ] || continue
		p=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("pid",0))' "$s" 2>/dev/null)
		[ -n "$p" ] && [ "$p" != 0 ] && kill "$p" 2>/dev/null
	done
	return 0
}
queued() { ls "$Q/$1/q" 2>/dev/null | grep -c '\.alert$'; }
dead() { ls "$Q/$1/dead" 2>/dev/null | grep -c '\.alert$'; }
# wait_empty NAME SECONDS: until the queue is empty and no drainer runs.
wait_empty() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		if [ "$(queued "$1")" = 0 ] && [ "$(drainer_pid "$1")" = 0 ]; then
			return 0
		fi
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# alerts N DIR: N copies of the alert with ids 1700000000.1 ... .N
alerts() {
	mkdir -p "$2"
	python3 - "$A" "$1" "$2" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
for i in range(1, int(sys.argv[2]) + 1):
	a["id"] = "1700000000.%d" % i
	open("%s/%d.json" % (sys.argv[3], i), "w").write(json.dumps(a, separators=(",", ":")) + "\n")
PY
}
# send NAME N DIR URL [OPTIONS]: alerts 1..N of DIR, one run each, as
# integratord; RCS holds their exit codes.
send() {
	RCS=""
	for i in $(seq 1 "$2"); do
		f="/tmp/$1-17000$$-$i.alert"
		cp "$3/$i.json" "$f"
		as_integratord "$H" "$1" "$f" "$KEY" "$4" "" "${5:-}" 2 0
		RCS="$RCS$RC "
		rm -f "$f"
	done
}
# refs DIR: the alert ids the IRIS receiver got, in order.
refs() { python3 -c 'import json,sys,glob,re
fs=sorted(glob.glob(sys.argv[1]+"/req-*.json"), key=lambda p: int(re.search(r"req-(\d+)", p).group(1)))
print(" ".join(json.load(open(f))["body"]["alert_source_ref"].split(".")[1] for f in fs))' "$1"; }
seqs() { seq -s ' ' 1 "$1"; }

alerts 200 "$T/a"

# --- 200 alerts while the receiver is down (a closed port), then up -------
PORT=$(free_port)
# The run that starts the outage (and the drainer) returns at once: the
# drainer holds none of integratord's pipe.
f="/tmp/custom-iris-17000$$-0.alert"; cp "$T/a/1.json" "$f"
t0=$(date +%s%N)
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$PORT/" "" "" 2 0
t1=$(date +%s%N); rm -f "$f"
check "spool down: the first run returns at once (under 1 s)" [ $(( (t1 - t0) / 1000000 )) -lt 1000 ]
check "spool down: while its drainer lives" kill -0 "$(drainer_pid custom-iris)"
kill_drainers; sleep 0.3; (cd "$H" && "$BIN" spool drop custom-iris --yes > /dev/null)
: > "$H/logs/integrations.log"
send custom-iris 200 "$T/a" "http://127.0.0.1:$PORT/"
eq "spool down: every run exits 0 (spooled)" "$(echo $RCS | tr ' ' '\n' | sort -u | tr '\n' ' ')" "0 "
eq "spool down: 200 queued" "$(queued custom-iris)" 200
check "spool down: a drainer runs" [ "$(drainer_pid custom-iris)" != 0 ]
contains "spool down: the outage's first line" "$(cat "$H/logs/integrations.log")" "iris is failing"
eq "spool down: one line per alert (spooled)" "$(grep -c 'result=spooled' "$H/logs/integrations.log")" 200
start_receiver "$T/r1" --key "$KEY" --port "$PORT" --max-requests 200 --idle-timeout 60
check "spool down: drained within 60 s" wait_empty custom-iris 60
wait "$RECV_PID"; RECV_PID=
eq "spool down: all 200 arrived, in order, each once" "$(refs "$T/r1")" "$(seqs 200)"
contains "spool down: the outage's last line" "$(cat "$H/logs/integrations.log")" "outage over after"
contains "spool down: 200 redelivered" "$(cat "$H/logs/integrations.log")" "200 alerts redelivered"

# --- a listener that accepts and never answers ----------------------------
PORT=$(free_port)
start_tool hostile_server.py silent --port "$PORT" --lifetime 6
t0=$(date +%s%N)
send custom-iris 20 "$T/a" "http://127.0.0.1:$PORT/"
t1=$(date +%s%N)
check "spool silent: 20 runs cost the first deadline (2 s), not 20 of them" [ $(( (t1 - t0) / 1000000 )) -lt 6000 ]
eq "spool silent: 20 queued" "$(queued custom-iris)" 20
stop_tool
sleep 0.2
start_receiver "$T/r2" --key "$KEY" --port "$PORT" --max-requests 20 --idle-timeout 60
check "spool silent: drained" wait_empty custom-iris 60
wait "$RECV_PID"; RECV_PID=
eq "spool silent: all 20, in order" "$(refs "$T/r2")" "$(seqs 20)"

# --- 503 with Retry-After, then 200 (the webhook receiver) ----------------
mk_ossec "$H" custom-webhook
: > "$H/logs/integrations.log"
printf '{"format": "alert"}' > "$T/wh.options"
RECEIVER=webhook_receiver.py start_receiver "$T/r3" --auth none --status-seq 503,503 --retry-after 1 --max-requests 12 --idle-timeout 60
send custom-webhook 10 "$T/a" "http://127.0.0.1:$RECV_PORT/hook" "$T/wh.options"
check "spool 503: drained" wait_empty custom-webhook 60
wait "$RECV_PID"; RECV_PID=
eq "spool 503: two refusals, then all 10" "$(jget "$T/r3/summary.json" 'j["served"]')" 12
check "spool 503: in order, with one delivery id each" python3 - "$T/r3" <<'PY'
import glob, json, re, sys
fs = sorted(glob.glob(sys.argv[1] + "/req-*.json"), key=lambda p: int(re.search(r"req-(\d+)", p).group(1)))
rs = [json.load(open(f)) for f in fs]
ok = [r for r in rs if r["status"] == 200]
ids = [r["body"]["id"].split(".")[1] for r in ok]
assert ids == [str(i) for i in range(1, 11)], ids
dids = [r["headers"]["x-wazuh-delivery-id"] for r in rs]
assert dids[0] == dids[1] == dids[2], "the first alert's retries share its id"
assert len(set(dids)) == 10, "one id per alert"
PY

# --- 401, then a fixed key ------------------------------------------------
: > "$H/logs/integrations.log"
start_receiver "$T/r4" --key "$KEY" --max-requests 50 --idle-timeout 60
U="http://127.0.0.1:$RECV_PORT/"
KEY0=$KEY; KEY="wrong-key-$$"
send custom-iris 3 "$T/a" "$U"
eq "spool 401: the operator's exit code (13) on every run" "$RCS" "13 13 13 "
eq "spool 401: 3 queued" "$(queued custom-iris)" 3
KEY=$KEY0
f="/tmp/custom-iris-17000$$-4.alert"; cp "$T/a/4.json" "$f"
as_integratord "$H" custom-iris "$f" "$KEY" "$U" "" "" 2 0; rm -f "$f"
check "spool 401: the fixed key's drainer delivers all" wait_empty custom-iris 60
stop_receiver
eq "spool 401: all 4 arrived with the fixed key, in order" "$(python3 -c 'import json,sys,glob,re
fs=sorted(glob.glob(sys.argv[1]+"/req-*.json"), key=lambda p: int(re.search(r"req-(\d+)", p).group(1)))
print(" ".join(json.load(open(f))["body"]["alert_source_ref"].split(".")[1] for f in fs if json.load(open(f))["verdict"]=="accepted"))' "$T/r4")" "1 2 3 4"
contains "spool 401: the old drainer was replaced" "$(cat "$H/logs/integrations.log")" "works with another configuration: replacing it"

# --- the drainer killed with SIGKILL in the middle of a drain -------------
PORT=$(free_port)
send custom-iris 100 "$T/a" "http://127.0.0.1:$PORT/"
start_receiver "$T/r5" --key "$KEY" --port "$PORT" --max-requests 150 --idle-timeout 8 --reply-delay 0.02
i=0; while [ "$(ls "$T/r5" | grep -c '^req-.*\.json$')" -lt 30 ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
p=$(drainer_pid custom-iris)
kill -9 "$p" 2>/dev/null
check "spool kill -9: killed mid-drain" [ "$(queued custom-iris)" -gt 0 ]
f="/tmp/custom-iris-17000$$-101.alert"; cp "$T/a/101.json" "$f"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$PORT/" "" "" 2 0; rm -f "$f"
check "spool kill -9: the next run's drainer finishes" wait_empty custom-iris 60
stop_receiver
check "spool kill -9: nothing lost, at most one duplicate" python3 - "$T/r5" <<'PY'
import collections, glob, json, sys
ids = [json.load(open(f))["body"]["alert_source_ref"].split(".")[1] for f in glob.glob(sys.argv[1] + "/req-*.json")]
c = collections.Counter(ids)
assert set(c) == {str(i) for i in range(1, 102)}, "lost: %s" % sorted(set(map(str, range(1, 102))) - set(c))
assert sum(v - 1 for v in c.values()) <= 1, "duplicates: %s" % [k for k, v in c.items() if v > 1]
PY

# --- a corrupt spool file, a rejected payload, dead letters and retry -----
PORT=$(free_port)
send custom-iris 3 "$T/a" "http://127.0.0.1:$PORT/"
kill_drainers; sleep 0.3
first=$(ls "$Q/custom-iris/q" | grep '\.alert$' | head -1)
printf 'WRSPOOL1 {torn' > "$Q/custom-iris/q/$first"
start_receiver "$T/r6" --key "$KEY" --port "$PORT" --max-requests 3 --idle-timeout 30
f="/tmp/custom-iris-17000$$-4.alert"; cp "$T/a/4.json" "$f"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$PORT/" "" "" 2 0; rm -f "$f"
check "spool torn: the drain goes on" wait_empty custom-iris 30
stop_receiver
eq "spool torn: moved to dead/" "$(dead custom-iris)" 1
contains "spool torn: a dead line" "$(cat "$H/logs/integrations.log")" "result=dead"
start_receiver "$T/r7" --key "$KEY" --status 400 --max-requests 1
f="/tmp/custom-iris-17000$$-5.alert"; cp "$T/a/5.json" "$f"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 2 0; rm -f "$f"
wait "$RECV_PID"; RECV_PID=
eq "spool 400: exit 13" "$RC" 13
eq "spool 400: a dead letter, not queued" "$(dead custom-iris) $(queued custom-iris)" "2 0"
contains "spool 400: the summary says dead-lettered" "$(printf '%s\n' "$OUT" | tail -1)" "dead-lettered alert 1700000000.5"
OUT=$(cd "$H" && "$BIN" spool status 2>&1)
contains "spool status: the integration" "$OUT" "custom-iris"
OUT=$(cd "$H" && "$BIN" spool status --json 2>&1)
check "spool status --json: dead 2" python3 -c 'import json,sys; j=json.loads(sys.argv[1]); i=[x for x in j["integrations"] if x["name"]=="custom-iris"][0]; assert i["dead"]==2, i' "$OUT"
OUT=$(cd "$H" && "$BIN" spool retry custom-iris 2>&1); RC=$?
eq "spool retry: exit 0" "$RC" 0
eq "spool retry: back in the queue" "$(dead custom-iris) $(queued custom-iris)" "0 2"
OUT=$(cd "$H" && "$BIN" spool drop custom-iris 2>&1); RC=$?
eq "spool drop without --yes: refused" "$RC" 2
OUT=$(cd "$H" && "$BIN" spool drop custom-iris --yes 2>&1); RC=$?
eq "spool drop --yes: empty" "$RC $(queued custom-iris)" "0 0"

# --- the bounds: a tiny spool drops the oldest, each with a line ----------
python3 - "$A" "$T/big" <<'PY'
import json, os, sys
a = json.load(open(sys.argv[1])); os.makedirs(sys.argv[2], exist_ok=True)
for i in range(1, 9):
	a["id"] = "1700000000.%d" % i
	a["full_log"] = "x" * 300000
	open("%s/%d.json" % (sys.argv[2], i), "w").write(json.dumps(a) + "\n")
PY
printf '{"spool_max_mb": 1}' > "$T/tiny.options"
PORT=$(free_port)
send custom-iris 8 "$T/big" "http://127.0.0.1:$PORT/" "$T/tiny.options"
i=0; while [ "$(queued custom-iris)" -gt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "spool bounds: at most 1 MiB kept" [ "$(queued custom-iris)" -le 3 ]
contains "spool bounds: a dropped line names the alert" "$(cat "$H/logs/integrations.log")" "alert=1700000000.1 rule=5712 dest=iris result=dropped"
kill_drainers; sleep 0.3; (cd "$H" && "$BIN" spool drop custom-iris --yes > /dev/null)

# --- two integrations at once; the lock held by a live drainer ------------
PORT=$(free_port)
send custom-iris 5 "$T/a" "http://127.0.0.1:$PORT/"
send custom-webhook 5 "$T/a" "http://127.0.0.1:$PORT/hook" "$T/wh.options"
p1=$(drainer_pid custom-iris)
send custom-iris 3 "$T/a" "http://127.0.0.1:$PORT/"
eq "spool lock: still the same drainer" "$(drainer_pid custom-iris)" "$p1"
n=0; for pp in /proc/[0-9]*; do [ "$(readlink "$pp/exe" 2>/dev/null)" = "$H/integrations/custom-iris" ] && n=$((n + 1)); done
eq "spool lock: one drainer process for it" "$n" 1
eq "spool two: each its own queue" "$(queued custom-iris) $(queued custom-webhook)" "8 5"

# --- no secret in any spool file; modes -----------------------------------
printf '{"headers": {"X-Tenant-Token": "hdr-secret-%s"}}' "$$" > "$T/sec.options"
send custom-iris 2 "$T/a" "http://127.0.0.1:$PORT/x?token=url-secret-$$" "$T/sec.options"
lacks "spool secrets: no key" "$(cat "$Q"/*/q/* "$Q"/*/state 2>/dev/null)" "$KEY"
lacks "spool secrets: no header value" "$(cat "$Q"/*/q/* "$Q"/*/state 2>/dev/null)" "hdr-secret-$$"
lacks "spool secrets: no URL query" "$(cat "$Q"/*/q/* "$Q"/*/state 2>/dev/null)" "url-secret-$$"
eq "spool modes: folders 0750" "$(stat -c %a "$Q/custom-iris" "$Q/custom-iris/q" "$Q/custom-iris/dead" | sort -u)" 750
eq "spool modes: files 0640" "$(stat -c %a "$Q"/custom-iris/q/*.alert "$Q/custom-iris/state" | sort -u)" 640
kill_drainers; sleep 0.3
(cd "$H" && "$BIN" spool drop custom-iris --yes > /dev/null; "$BIN" spool drop custom-webhook --yes > /dev/null)

# --- a configuration error keeps the alert; the fixed one delivers it -----
printf '{"custmer_id": 2}' > "$T/typo.options"
start_receiver "$T/r8" --key "$KEY" --max-requests 2 --idle-timeout 30
f="/tmp/custom-iris-17000$$-1.alert"; cp "$T/a/1.json" "$f"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "$T/typo.options" 2 0
eq "spool config error: exit 2" "$RC" 2
eq "spool config error: the alert is kept" "$(queued custom-iris)" 1
cp "$T/a/2.json" "$f"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 2 0; rm -f "$f"
check "spool config fixed: both delivered" wait_empty custom-iris 30
wait "$RECV_PID"; RECV_PID=
eq "spool config fixed: in order" "$(refs "$T/r8")" "1 2"
exit 0
