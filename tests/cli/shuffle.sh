#!/bin/bash
# Shuffle: a drop-in for Wazuh's shuffle integration, with the status
# checked.  Bodies are compared with tests/tools/shuffle_reference.py, an
# independent Python rendering of shuffle.py's payload.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"' EXIT
export RECEIVER=shuffle_receiver.py
HOOK=webhook_0d9a5a25-8f3c-4a4b-9a4e-3c2b1a0f9e8d
same_body() { # NAME OURS REFERENCE
	check "$1" python3 -c '
import json,sys
a=json.load(open(sys.argv[1],encoding="utf-8")); b=json.load(open(sys.argv[2],encoding="utf-8"))
assert list(a)==list(b), ("key order", list(a), list(b))
for k in b:
	assert a[k]==b[k], (k, a[k], b[k])' "$2" "$3"
}

# --- bodies for every shared alert, field by field --------------------------
for a in "$ALERTS"/*.json; do
	n=$(basename "$a" .json)
	"$BIN" --to shuffle --dry-run "$a" > "$T/$n.ours" 2>/dev/null
	eq "shuffle body $n: exit" "$?" 0
	python3 "$TOOLS/shuffle_reference.py" -o "$T/$n.ref" "$a"
	same_body "shuffle body $n: same fields as shuffle.py" "$T/$n.ours" "$T/$n.ref"
	check "shuffle body $n: strict JSON" python3 "$TOOLS/jsonstrict.py" "$T/$n.ours"
done
eq "shuffle body: severity 10 -> 3" "$(jget "$T/ssh-bruteforce-5712.ours" 'j["severity"]')" 3
eq "shuffle body: text null without full_log" "$(jget "$T/windows-eventchannel-60106.ours" 'j["text"]')" None

# Options merged at the top level like msg.update(options); settings are not.
echo '{"pretext": "SOC", "customer": "acme", "priority": 2, "timeout": 5, "headers": {"X-A": "b"}}' > "$T/m.options"
A="$ALERTS/ssh-bruteforce-5712.json"
"$BIN" --to shuffle --options "$T/m.options" --dry-run "$A" > "$T/m.ours" 2>/dev/null
echo '{"pretext": "SOC", "customer": "acme", "priority": 2}' > "$T/m-ref.options"
python3 "$TOOLS/shuffle_reference.py" -o "$T/m.ref" "$A" "$T/m-ref.options"
same_body "shuffle options: merged as shuffle.py does" "$T/m.ours" "$T/m.ref"
eq "shuffle options: settings are not merged" "$(jget "$T/m.ours" '("timeout" in j, "headers" in j)')" "(False, False)"
echo '{"agent": "${agent.name}", "level": "${rule.level}"}' > "$T/t.options"
"$BIN" --to shuffle --options "$T/t.options" --dry-run "$A" > "$T/t.ours" 2>/dev/null
eq "shuffle options: templates rendered" "$(jget "$T/t.ours" '(j["agent"], j["level"])')" "('localhost.localdomain', 10)"

# --- run as integratord runs it ------------------------------------------------
H="$T/ossec"
mk_ossec "$H" custom-shuffle
start_receiver "$T/r1" --hook "$HOOK"
f=$(alert_tmp custom-shuffle "$A")
as_integratord "$H" custom-shuffle "$f" "" "http://127.0.0.1:$RECV_PORT/api/v1/hooks/$HOOK" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
eq "shuffle e2e: exit 0" "$RC" 0
eq "shuffle e2e: accepted" "$(jget "$T/r1/req-1.json" 'j["verdict"]')" accepted
python3 "$TOOLS/shuffle_reference.py" -o "$T/e2e.ref" "$A"
same_body "shuffle e2e: body as shuffle.py" "$T/r1/req-1.body" "$T/e2e.ref"
contains "shuffle e2e: logged" "$(cat "$H/logs/integrations.log")" "dest=shuffle"

# The status is checked: a bad hook id is a failure with Shuffle's reason.
start_receiver "$T/r2"
as_integratord "$H" custom-shuffle "$f" "" "http://127.0.0.1:$RECV_PORT/api/v1/hooks/webhook_short" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
eq "shuffle 401: exit 13" "$RC" 13
contains "shuffle 401: reason" "$(printf '%s\n' "$OUT" | tail -1)" "HTTP 401: Hook ID not valid"
contains "shuffle 401: hook shape warned" "$(cat "$H/logs/integrations.log")" "does not end in webhook_<UUID>"
# Required headers from the "headers" option.
echo '{"headers": {"X-Shuffle-Auth": "s3cret"}}' > "$T/h.options"
start_receiver "$T/r3" --hook "$HOOK" --require-header "X-Shuffle-Auth=s3cret" --max-requests 2
as_integratord "$H" custom-shuffle "$f" "" "http://127.0.0.1:$RECV_PORT/api/v1/hooks/$HOOK" "" "$T/h.options" 10 3
eq "shuffle headers: with the header, accepted" "$RC" 0
as_integratord "$H" custom-shuffle "$f" "" "http://127.0.0.1:$RECV_PORT/api/v1/hooks/$HOOK" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
eq "shuffle headers: without, refused" "$RC" 13
contains "shuffle headers: reason" "$(printf '%s\n' "$OUT" | tail -1)" "Bad authentication headers"
rm -f "$f"

# --- the skip list -----------------------------------------------------------------
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["rule"]["id"]="5710"; open(sys.argv[2],"w").write(json.dumps(a,separators=(",",":"))+"\n")' "$A" "$T/r5710.json"
f=$(alert_tmp custom-shuffle "$T/r5710.json")
start_receiver "$T/r4" --hook "$HOOK" --idle-timeout 3
as_integratord "$H" custom-shuffle "$f" "" "http://127.0.0.1:$RECV_PORT/api/v1/hooks/$HOOK" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
eq "shuffle skip 5710: exit 0" "$RC" 0
contains "shuffle skip 5710: said so" "$OUT" "skipped alert"
eq "shuffle skip 5710: nothing sent" "$(jget "$T/r4/summary.json" 'j["served"]')" 0
contains "shuffle skip: logged" "$(cat "$H/logs/integrations.log")" "result=skipped"
python3 "$TOOLS/shuffle_reference.py" "$T/r5710.json" > /dev/null
eq "shuffle skip: the reference skips it too" "$?" 3
# skip_rules replaces the default list (strings or numbers).
echo '{"skip_rules": ["5712", 100]}' > "$T/s.options"
"$BIN" --to shuffle --options "$T/s.options" --dry-run "$T/r5710.json" > "$T/s.out" 2>/dev/null
check "shuffle skip_rules: 5710 no longer skipped" [ -s "$T/s.out" ]
"$BIN" --to shuffle --options "$T/s.options" --dry-run "$A" > "$T/s2.out" 2>/dev/null
eq "shuffle skip_rules: 5712 skipped" "$(wc -c < "$T/s2.out")" 0
echo '{"skip_rules": "5712"}' > "$T/s.options"
"$BIN" --to shuffle --options "$T/s.options" --dry-run "$A" > /dev/null 2>&1
eq "shuffle skip_rules: must be an array" "$?" 2
rm -f "$f"

exit 0
