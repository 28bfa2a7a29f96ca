#!/bin/bash
# DFIR-IRIS end to end: golden bodies, integratord's argv layouts, the
# IRIS-rule-enforcing receiver, failures and their exit codes, hostile
# alerts.  Plain HTTP (TLS is in tls.sh).
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"; rm -f /tmp/custom-iris-*-wrtest*.alert /tmp/custom-iris-*-wrtest*.options' EXIT
KEY="s3cr3t-key-$$"

# --- golden bodies (dry run), exact bytes, and strict JSON ----------------
for a in "$ALERTS"/*.json; do
	n=$(basename "$a" .json)
	"$BIN" --to iris --dry-run "$a" > "$T/$n.body" 2> "$T/$n.err"
	rc=$?
	eq "iris golden $n: exit" "$rc" 0
	if cmp -s "$T/$n.body" "$TOP/tests/golden/iris/$n.json"; then
		pass "iris golden $n: exact body"
	else
		fail "iris golden $n: exact body" "$(diff <(python3 -m json.tool "$TOP/tests/golden/iris/$n.json") <(python3 -m json.tool "$T/$n.body") | head -20)"
	fi
	check "iris golden $n: strict JSON" python3 "$TOOLS/jsonstrict.py" "$T/$n.body"
	check "iris golden $n: source content is the alert" python3 -c '
import json,sys
b=json.load(open(sys.argv[1])); a=json.load(open(sys.argv[2]))
assert b["alert_source_content"]==a, "content differs"' "$T/$n.body" "$a"
done

# Field by field, for the SSH brute force alert.
B="$T/ssh-bruteforce-5712.body"
eq "iris fields: title" "$(jget "$B" 'j["alert_title"]')" "sshd: brute force trying to get access to the system. Non existent user."
eq "iris fields: source" "$(jget "$B" 'j["alert_source"]')" "Wazuh"
eq "iris fields: source_ref" "$(jget "$B" 'j["alert_source_ref"]')" "1652272159.1549653"
eq "iris fields: event time" "$(jget "$B" 'j["alert_source_event_time"]')" "2022-05-11T12:29:19.905+00:00"
eq "iris fields: severity (level 10 -> High 5)" "$(jget "$B" 'j["alert_severity_id"]')" 5
eq "iris fields: status" "$(jget "$B" 'j["alert_status_id"]')" 2
eq "iris fields: customer" "$(jget "$B" 'j["alert_customer_id"]')" 1
eq "iris fields: tags string" "$(jget "$B" 'j["alert_tags"]')" "wazuh,localhost.localdomain,rule-5712,T1110"
eq "iris fields: ioc srcip" "$(jget "$B" '[(i["ioc_value"],i["ioc_type_id"]) for i in j["alert_iocs"]]')" "[('172.17.1.1', 79)]"
eq "iris fields: asset" "$(jget "$B" '[(x["asset_name"],x["asset_type_id"]) for x in j["alert_assets"]]')" "[('localhost.localdomain', 3)]"
eq "iris fields: context level is a number" "$(jget "$B" 'type(j["alert_context"]["rule_level"]).__name__')" int
contains "iris fields: description has the MITRE line" "$(jget "$B" 'j["alert_description"]')" "- MITRE IDs: T1110"
contains "iris fields: description fences the full log" "$(jget "$B" 'j["alert_description"]')" '```
May 11 12:29:18 localhost sshd[17584]: Invalid user paco from 172.17.1.1 port 56404
```'
B="$T/fim-modified-550.body"
eq "iris fields: FIM hashes as IOCs" "$(jget "$B" '[i["ioc_type_id"] for i in j["alert_iocs"]]')" "[90, 111, 113]"
eq "iris fields: FIM level 7 -> Medium 4" "$(jget "$B" 'j["alert_severity_id"]')" 4
B="$T/windows-eventchannel-60106.body"
eq "iris fields: Windows asset type" "$(jget "$B" 'j["alert_assets"][0]["asset_type_id"]')" 9
eq "iris fields: level 3 -> Informational 2" "$(jget "$B" 'j["alert_severity_id"]')" 2
lacks "iris fields: no full log line without full_log" "$(jget "$B" 'j["alert_description"]')" "Full Log"

# --- run exactly as integratord does, every shared alert ------------------
H="$T/ossec"
mk_ossec "$H" custom-iris
for a in "$ALERTS"/*.json; do
	n=$(basename "$a" .json)
	start_receiver "$T/recv-$n" --key "$KEY"
	f=$(alert_tmp custom-iris "$a")
	as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 10 3
	wait "$RECV_PID"; RECV_PID=
	eq "iris e2e $n: exit 0" "$RC" 0
	eq "iris e2e $n: receiver verdict" "$(jget "$T/recv-$n/req-1.json" 'j["verdict"]+" ".join(j["errors"])')" accepted
	eq "iris e2e $n: path" "$(jget "$T/recv-$n/req-1.json" 'j["path"]')" /alerts/add
	check "iris e2e $n: body as golden" cmp -s "$T/recv-$n/req-1.body" "$TOP/tests/golden/iris/$n.json"
	rm -f "$f"
done
log=$(cat "$H/logs/integrations.log")
contains "iris log: delivered line" "$log" "custom-iris: INFO: alert=1652272159.1549653 rule=5712 dest=iris host=127.0.0.1:"
contains "iris log: status and outcome" "$log" "status=200"
lacks "iris log: no key" "$log" "$KEY"
contains "iris stdout: summary" "$OUT" "wazuh-relay: iris: delivered alert"
lacks "iris stdout: no key" "$OUT" "$KEY"
eq "iris log: one line per alert" "$(grep -c 'result=delivered' "$H/logs/integrations.log")" 6

# Headers as sent: Bearer auth, JSON, length, UA, close, Host with port.
R="$T/recv-ssh-bruteforce-5712/req-1.json"
eq "iris request: auth" "$(jget "$R" 'j["headers"]["authorization"]')" "Bearer $KEY"
eq "iris request: content type" "$(jget "$R" 'j["headers"]["content-type"]')" "application/json"
eq "iris request: user agent" "$(jget "$R" 'j["headers"]["user-agent"][:12]')" "wazuh-relay/"
eq "iris request: connection" "$(jget "$R" 'j["headers"]["connection"]')" "close"
contains "iris request: host with port" "$(jget "$R" 'j["headers"]["host"]')" "127.0.0.1:"

# --- every argv layout ------------------------------------------------------
A="$ALERTS/ssh-bruteforce-5712.json"
layout() { # NAME ARGS... (after the binary; PORT is replaced)
	lname=$1; shift
	start_receiver "$T/recv-l-$lname" --key "$KEY"
	largs=()
	for x in "$@"; do largs+=("${x//PORT/$RECV_PORT}"); done
	OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "${largs[@]}" < /dev/null 2>&1); RC=$?
	wait "$RECV_PID"; RECV_PID=
	eq "iris layout $lname: exit" "$RC" 0
	eq "iris layout $lname: delivered" "$(jget "$T/recv-l-$lname/req-1.json" 'j["verdict"]' 2>/dev/null)" accepted
}
f=$(alert_tmp custom-iris "$A")
o="/tmp/custom-iris-$(date +%s)-wrtest$$.options"
echo '{"customer_id": 1, "tags": "lab"}' > "$o"
R="> /dev/null 2>&1"
layout 4.3-off "$f" "$KEY" "http://127.0.0.1:PORT/" " $R"
layout 4.3-debug "$f" "$KEY" "http://127.0.0.1:PORT/alerts/add" debug
layout 4.7-off "$f" "$KEY" "http://127.0.0.1:PORT/" "" "$o" "$R"
layout 4.7-debug "$f" "$KEY" "http://127.0.0.1:PORT/" debug "$o"
layout 4.8-off "$f" "$KEY" "http://127.0.0.1:PORT/" "" "$o" 10 3 "$R"
layout 4.8-debug "$f" "$KEY" "http://127.0.0.1:PORT/" debug "$o" 10 3
layout 4.8-noopts "$f" "$KEY" "http://127.0.0.1:PORT/" "" "" 10 3 "$R"
layout entities "$f" "$KEY" "http://127.0.0.1:PORT/alerts/add?cid=1&amp;x=2" "" "" 10 3 "$R"
eq "iris layout entities: query decoded" "$(jget "$T/recv-l-entities/req-1.json" 'j["path"]')" "/alerts/add?cid=1&x=2"
eq "iris layout 4.7: options applied" "$(jget "$T/recv-l-4.7-off/req-1.json" 'j["body"]["alert_tags"].endswith(",lab")')" True
contains "iris layout debug: body logged" "$(cat "$H/logs/integrations.log")" 'DEBUG: msg="request body'
rm -f "$f" "$o"

# --- destination detection --------------------------------------------------
mk_ossec "$H" wazuh-relay
f="/tmp/custom-iris-prod-1700000000--12345-wrtest$$.alert"
cp "$A" "$f"
start_receiver "$T/recv-d1" --key "$KEY"
as_integratord "$H" wazuh-relay "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
eq "iris detect: from the alert file name" "$RC" 0
rm -f "$f"
f="/tmp/unrelated-wrtest$$.alert"
cp "$A" "$f"
as_integratord "$H" wazuh-relay "$f" "$KEY" "http://127.0.0.1:9/" "" "" 10 3
eq "iris detect: none -> exit 2" "$RC" 2
contains "iris detect: says how to fix" "$OUT" "cannot tell the destination"
echo '{"destination": "nosuch"}' > "$T/d.options"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:9/" "" "$T/d.options" 10 3
eq "iris detect: unknown destination in options -> exit 2" "$RC" 2
contains "iris detect: names it" "$OUT" 'unknown destination "nosuch"'
echo '{"destination": "iris"}' > "$T/d.options"
"$BIN" --options "$T/d.options" --dry-run "$f" > /dev/null 2>&1
eq "iris detect: destination option in manual mode" "$?" 0
rm -f "$f"

# --- failures: each with its exit code and a secret-free last line ----------
f=$(alert_tmp custom-iris "$A")
expect_fail() { # NAME WANT-EXIT WANT-TEXT
	eq "iris fail $1: exit" "$RC" "$2"
	last=$(printf '%s\n' "$OUT" | tail -1)
	contains "iris fail $1: last line" "$last" "$3"
	lacks "iris fail $1: no key in output" "$OUT" "$KEY"
	lacks "iris fail $1: no key in log" "$(cat "$H/logs/integrations.log")" "$KEY"
}
start_receiver "$T/recv-f400" --key "$KEY" --status 400
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
expect_fail "400" 13 "HTTP 400: forced (exit 13)"
start_receiver "$T/recv-f401" --key other
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 10 3
wait "$RECV_PID"; RECV_PID=
expect_fail "401" 13 "HTTP 401: Authentication required"
start_receiver "$T/recv-f500" --key "$KEY" --status 500 --max-requests 2
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "" 10 1
wait "$RECV_PID"; RECV_PID=
expect_fail "500 retried once" 14 "HTTP 500: forced"
eq "iris fail 500: two attempts" "$(jget "$T/recv-f500/summary.json" 'j["served"]')" 2
contains "iris fail 500: attempts logged" "$(tail -1 "$H/logs/integrations.log")" "attempts=2"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:9/" "" "" 5 0
expect_fail "refused" 10 "connection refused"
as_integratord "$H" custom-iris "$f" "$KEY" "" "" "" 10 3
expect_fail "no url" 2 "no destination URL"
as_integratord "$H" custom-iris "$f" "" "http://127.0.0.1:9/" "" "" 10 3
expect_fail "no key" 2 "no API key"
as_integratord "$H" custom-iris "$f" "$KEY" "ftp://127.0.0.1/" "" "" 10 3
expect_fail "bad url" 2 "hook_url is not a usable URL"
as_integratord "$H" custom-iris "/tmp/nonexistent-wrtest$$.alert" "$KEY" "http://127.0.0.1:9/" "" "" 10 3
expect_fail "missing alert" 6 "No such file or directory"
as_integratord "$H" custom-iris "" "$KEY" "http://127.0.0.1:9/" "" "" 10 3
expect_fail "empty alert path" 2 "no alert file given"
OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" my key "http://127.0.0.1:9/" "" "" 10 "3 > /dev/null 2>&1" < /dev/null 2>&1); RC=$?
expect_fail "space in key" 2 "contains a space"
lacks "iris fail space: no key fragment" "$OUT" "my key"
# A server that accepts and never answers: costs the timeout, exit 11.
python3 "$TOOLS/silent_server.py" "$T/silent.port" 8 & SILENT=$!
i=0; while [ ! -s "$T/silent.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
t0=$(date +%s%N)
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$(cat "$T/silent.port")/" "" "" 2 3
t1=$(date +%s%N)
kill $SILENT 2>/dev/null; wait $SILENT 2>/dev/null
expect_fail "silent server" 11 "timed out"
check "iris fail silent: within the deadline, not deadline x retries" [ $(( (t1 - t0) / 1000000 )) -lt 4500 ]

# --- options ------------------------------------------------------------------
printf '{"customer_id": 1,\n "bogus": 1' > "$T/bad.options"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:9/" "" "$T/bad.options" 10 3
expect_fail "invalid options" 2 "line 2"
echo '{"timeout": "x"}' > "$T/bad.options"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:9/" "" "$T/bad.options" 10 3
expect_fail "options type" 2 '"timeout" must be an integer'
printf '{"headers": {"X-A": "v\\r\\nInjected: 1"}}' > "$T/bad.options"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:9/" "" "$T/bad.options" 10 3
expect_fail "header CRLF" 2 'header "X-A"'
echo '{"customer_id": 1}' > "$T/gone.options"; rm -f "$T/gone.options"
start_receiver "$T/recv-gone" --key "$KEY"
as_integratord "$H" custom-iris "$f" "$KEY" "http://127.0.0.1:$RECV_PORT/" "" "$T/gone.options" 10 3
wait "$RECV_PID"; RECV_PID=
eq "iris options: missing options file is a warning" "$RC" 0
echo "$KEY" > "$T/key"
cat > "$T/ok.options" <<EOF2
{"api_key_file": "$T/key", "headers": {"X-Tenant": "soc-1"},
 "customer_id": 3, "status_id": 3, "severity_map": {"0": 1, "10": 6},
 "iocs": false, "assets": false, "source_link": "https://wazuh.example/app/threat-hunting",
 "tags": ["edr", "a,b"], "log_file": "$T/custom.log"}
EOF2
start_receiver "$T/recv-opt" --key "$KEY"
as_integratord "$H" custom-iris "$f" "" "http://127.0.0.1:$RECV_PORT/" "" "$T/ok.options" 10 3
wait "$RECV_PID"; RECV_PID=
eq "iris options: delivered with api_key_file" "$RC" 0
R="$T/recv-opt/req-1.json"
eq "iris options: extra header" "$(jget "$R" 'j["headers"]["x-tenant"]')" soc-1
eq "iris options: ids" "$(jget "$R" '(j["body"]["alert_customer_id"], j["body"]["alert_status_id"], j["body"]["alert_severity_id"])')" "(3, 3, 6)"
eq "iris options: no iocs/assets" "$(jget "$R" '("alert_iocs" in j["body"], "alert_assets" in j["body"])')" "(False, False)"
eq "iris options: source link" "$(jget "$R" 'j["body"]["alert_source_link"]')" "https://wazuh.example/app/threat-hunting"
eq "iris options: tags (commas cannot split a tag)" "$(jget "$R" 'j["body"]["alert_tags"]')" "wazuh,localhost.localdomain,rule-5712,T1110,edr,a_b"
contains "iris options: log_file used" "$(cat "$T/custom.log")" "result=delivered"
rm -f "$f"

# --- IRIS templates: title, description (Markdown-escaped values), link, context ---
cat > "$T/tpl.options" <<'EOF2'
{"title": "[${rule.level}] ${rule.description}", "description": "Agent **${agent.name}**: ${data.srcuser|\"nobody\"} ${data.nothing|\"-\"}",
 "source_link": "https://wazuh.example/app/threat-hunting?q=${id}", "context": {"rule": "${rule.id}", "groups": "${rule.groups}", "lvl": "${rule.level}"}}
EOF2
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["agent"]["name"]="x](http://evil)![i"; open(sys.argv[2],"w").write(json.dumps(a))' "$A" "$T/evil.json"
"$BIN" --to iris --options "$T/tpl.options" --dry-run "$T/evil.json" > "$T/tpl.body" 2>/dev/null
eq "iris template: exit 0" "$?" 0
eq "iris template: title" "$(jget "$T/tpl.body" 'j["alert_title"]')" "[10] sshd: brute force trying to get access to the system. Non existent user."
eq "iris template: description, alert values Markdown-escaped" "$(jget "$T/tpl.body" 'j["alert_description"]')" 'Agent **x\](http:'"$(printf '\342\201\240')"'//evil)\!\[i**: paco -'
eq "iris template: source link" "$(jget "$T/tpl.body" 'j["alert_source_link"]')" "https://wazuh.example/app/threat-hunting?q=1652272159.1549653"
eq "iris template: context keeps types" "$(jget "$T/tpl.body" 'j["alert_context"]')" "{'rule': '5712', 'groups': ['syslog', 'sshd', 'authentication_failures'], 'lvl': 10}"
echo '{"title": "${unterminated"}' > "$T/tplbad.options"
OUT=$("$BIN" --to iris --options "$T/tplbad.options" --dry-run "$A" 2>&1); RC=$?
eq "iris template: bad template is exit 2" "$RC" 2
contains "iris template: names the option" "$OUT" 'options: "title"'

exit 0
