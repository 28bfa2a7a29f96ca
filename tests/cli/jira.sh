#!/bin/bash
# Jira Cloud and Data Center end to end against tests/tools/jira_receiver.py:
# parent then sub-task, hostile summaries in JQL, contains-not-equals,
# paging, read-after-write through the local cache, the seed script's
# custom fields from options alone, 429, size limits; golden bodies.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"; rm -f /tmp/custom-jira-*-wrtest*' EXIT
export RECEIVER=jira_receiver.py
CLOUD_KEY="soc@example.com:jira-test-token"
DC_KEY="jira-test-pat"
A="$ALERTS/ssh-bruteforce-5712.json"
H="$T/ossec"
mk_ossec "$H" custom-jira
C="$T/certs"
sh "$TOP/tests/tls/mkcerts.sh" "$C" > /dev/null 2>&1 || fail "jira certs" "mkcerts.sh failed"

# alert_with FILE 'python statements on a' -> FILE
alert_with() {
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); exec(sys.argv[3]); open(sys.argv[2],"w").write(json.dumps(a,separators=(",",":"),ensure_ascii=False)+"\n")' "$A" "$1" "$2"
}
# jira NAME KEY URL OPTIONS-JSON ALERT: one run as integratord runs it.
jira() {
	printf '%s' "$4" > "$T/$1.options"
	jf="/tmp/custom-jira-$(date +%s)-wrtest$$-$1.alert"
	cp "$5" "$jf"
	as_integratord "$H" custom-jira "$jf" "$2" "$3" "" "$T/$1.options" 10 2
	rm -f "$jf"
}
issues() { jget "$1/issues.json" "$2"; }

# --- Cloud over HTTPS: parent, then a sub-task found by search (cache off) --
start_receiver "$T/c1" --mode cloud --max-requests 4 --tls-cert "$C/ec.pem" --tls-key "$C/ec.key"
U="https://localhost:$RECV_PORT"
O="{\"project\": \"SOC\", \"api\": \"cloud\", \"parent_cache_seconds\": 0, \"ca_file\": \"$C/ca.pem\"}"
jira c1a "$CLOUD_KEY" "$U" "$O" "$A"
eq "jira cloud first: exit 0" "$RC" 0
contains "jira cloud first: key logged" "$(tail -1 "$H/logs/integrations.log")" "issue=SOC-1"
jira c1b "$CLOUD_KEY" "$U" "$O" "$A"
wait "$RECV_PID"; RECV_PID=
eq "jira cloud repeat: exit 0" "$RC" 0
contains "jira cloud repeat: sub-task of the parent" "$(tail -1 "$H/logs/integrations.log")" "issue=SOC-2 parent=SOC-1"
eq "jira cloud: issue types" "$(issues "$T/c1" '[(i["key"], i["issuetype"], i.get("parent")) for i in j]' | tr -d "'")" "[(SOC-1, Alert, None), (SOC-2, Subalert, SOC-1)]"
eq "jira cloud: search used search/jql with fields=summary" "$(jget "$T/c1/req-3.json" '(j["path"], j["query"]["fields"])')" "('/rest/api/3/search/jql', ['summary'])"
eq "jira cloud: all requests accepted" "$(for n in 1 2 3 4; do jget "$T/c1/req-$n.json" 'j["verdict"]'; done | sort -u)" accepted

O='{"project": "SOC", "api": "cloud", "parent_cache_seconds": 0}'
# --- hostile summary: apostrophe, quotes, brackets, ~*?, backslashes --------
alert_with "$T/hostile.json" 'a["rule"]["description"]="User'"'"'s \"pass\" [x] (y) {z} ~*? C:\\dir\\ a+b-c!d^e|f&g:h/i"'
start_receiver "$T/c2" --mode cloud --max-requests 4
U="http://127.0.0.1:$RECV_PORT"
jira c2a "$CLOUD_KEY" "$U" "$O" "$T/hostile.json"
jira c2b "$CLOUD_KEY" "$U" "$O" "$T/hostile.json"
wait "$RECV_PID"; RECV_PID=
eq "jira hostile summary: both delivered" "$RC" 0
eq "jira hostile summary: search found the parent" "$(issues "$T/c2" '[(i["issuetype"], i.get("parent")) for i in j]' | tr -d "'")" "[(Alert, None), (Subalert, SOC-1)]"
eq "jira hostile summary: summary kept exactly" "$(issues "$T/c2" 'j[0]["summary"]')" "$(jget "$T/hostile.json" 'j["rule"]["description"]')"

# --- contains is not equals ------------------------------------------------------
cat > "$T/seed.json" <<EOF2
[{"key": "SOC-1", "summary": "sshd: brute force trying to get access to the system. Non existent user. (multiple)", "issuetype": "Alert", "resolution": null, "labels": []}]
EOF2
start_receiver "$T/c3" --mode cloud --max-requests 2 --seed "$T/seed.json"
jira c3 "$CLOUD_KEY" "http://127.0.0.1:$RECV_PORT" "$O" "$A"
wait "$RECV_PID"; RECV_PID=
eq "jira contains-not-equals: new parent" "$(issues "$T/c3" '[(i["key"], i["issuetype"], i.get("parent")) for i in j][-1]' | tr -d "'")" "(SOC-2, Alert, None)"
eq "jira contains-not-equals: the search did return the longer one" "$(jget "$T/c3/req-1.json" 'j["search"]["returned"]' 2>/dev/null)" "['SOC-1']"

# --- paging through nextPageToken ---------------------------------------------------
python3 -c '
import json,sys
s=[{"key":"SOC-%d"%i,"summary":"sshd: brute force trying to get access to the system. Non existent user. %d"%i,"issuetype":"Alert","resolution":None,"labels":[]} for i in range(1,4)]
s.append({"key":"SOC-4","summary":"sshd: brute force trying to get access to the system. Non existent user.","issuetype":"Alert","resolution":None,"labels":[]})
json.dump(s,open(sys.argv[1],"w"))' "$T/seed2.json"
start_receiver "$T/c4" --mode cloud --max-requests 6 --seed "$T/seed2.json" --page-size 1
jira c4 "$CLOUD_KEY" "http://127.0.0.1:$RECV_PORT" "$O" "$A"
stop_receiver
eq "jira paging: exit 0" "$RC" 0
contains "jira paging: parent found on a later page" "$(tail -1 "$H/logs/integrations.log")" "parent=SOC-4"

# --- read-after-write: the receiver's search lags; the cache makes one parent ---
start_receiver "$T/c5" --mode cloud --max-requests 4 --search-lag 60
U="http://127.0.0.1:$RECV_PORT"
O2="{\"project\": \"SOC\", \"api\": \"cloud\", \"state_file\": \"$T/jira.state\"}"
jira c5a "$CLOUD_KEY" "$U" "$O2" "$A"
jira c5b "$CLOUD_KEY" "$U" "$O2" "$A"
stop_receiver
eq "jira lagging search: one parent, one sub-task" "$(issues "$T/c5" '[(i["issuetype"], i.get("parent")) for i in j]' | tr -d "'")" "[(Alert, None), (Subalert, SOC-1)]"
check "jira cache: state file written" [ -s "$T/jira.state" ]
lacks "jira cache: no summary text in the state file" "$(cat "$T/jira.state")" "brute force"

# --- 429 with Retry-After once -----------------------------------------------------
start_receiver "$T/c6" --mode cloud --max-requests 3 --rate-limit-once
jira c6 "$CLOUD_KEY" "http://127.0.0.1:$RECV_PORT" '{"project": "SOC", "api": "cloud", "group_by": "none"}' "$A"
stop_receiver
eq "jira 429: delivered after Retry-After" "$RC" 0
contains "jira 429: two attempts" "$(tail -1 "$H/logs/integrations.log")" "attempts=2"

# --- the seed script's custom fields, from options alone -----------------------------
cat > "$T/cf.json" <<'EOF2'
{"customfield_10041": {"type": "number"}, "customfield_10043": {"type": "string"},
 "customfield_10044": {"type": "string"}, "customfield_10045": {"type": "string"},
 "customfield_10046": {"type": "string"},
 "customfield_10055": {"type": "multiselect", "options": ["T1110", "T1565.001", "T1078"]},
 "customfield_10056": {"type": "multiselect", "options": ["Brute Force", "Stored Data Manipulation", "Valid Accounts"]},
 "customfield_10057": {"type": "multiselect", "options": ["Credential Access", "Impact", "Defense Evasion", "Persistence", "Privilege Escalation", "Initial Access"]}}
EOF2
FIELDS='"fields": {"customfield_10045": "${agent.name}", "customfield_10046": "${agent.ip|location|\"None\"}", "customfield_10043": "https://wazuh.example/app/threat-hunting?id=${id}", "customfield_10044": "${id}", "customfield_10041": "${rule.level}", "customfield_10055": {"each": "${rule.mitre.id}", "as": {"value": "${.}"}}, "customfield_10056": {"each": "${rule.mitre.technique}", "as": {"value": "${.}"}}, "customfield_10057": {"each": "${rule.mitre.tactic}", "as": {"value": "${.}"}}}'
start_receiver "$T/c7" --mode cloud --max-requests 2 --custom-fields "$T/cf.json"
U="http://127.0.0.1:$RECV_PORT"
jira c7a "$CLOUD_KEY" "$U" "{\"project\": \"SOC\", \"api\": \"cloud\", \"group_by\": \"none\", $FIELDS}" "$A"
eq "jira fields: accepted" "$RC" 0
jira c7b "$CLOUD_KEY" "$U" "{\"project\": \"SOC\", \"api\": \"cloud\", \"group_by\": \"none\", $FIELDS}" "$ALERTS/fim-added-554.json"
wait "$RECV_PID"; RECV_PID=
eq "jira fields: an alert without MITRE is accepted" "$RC" 0
F="$T/c7/req-1.json"
eq "jira fields: seed mapping" "$(jget "$F" '[j["body"]["fields"][k] for k in ("customfield_10045","customfield_10046","customfield_10044","customfield_10041","customfield_10055","customfield_10056","customfield_10057")]')" "['localhost.localdomain', '/var/log/secure', '1652272159.1549653', 10, [{'value': 'T1110'}], [{'value': 'Brute Force'}], [{'value': 'Credential Access'}]]"
eq "jira fields: no MITRE -> empty arrays" "$(jget "$T/c7/req-2.json" '[j["body"]["fields"][k] for k in ("customfield_10046","customfield_10055","customfield_10056","customfield_10057")]')" "['10.0.2.15', [], [], []]"

# --- Data Center end to end over HTTPS (RSA certificate, IP-literal URL) -------------
start_receiver "$T/d1" --mode datacenter --auth "bearer:$DC_KEY" --max-requests 4 --context-path /jira \
    --tls-cert "$C/rsa.pem" --tls-key "$C/rsa.key"
U="https://127.0.0.1:$RECV_PORT/jira"
OD="{\"project\": \"SOC\", \"parent_cache_seconds\": 0, \"ca_file\": \"$C/bundle.pem\"}"
jira d1a "$DC_KEY" "$U" "$OD" "$A"
jira d1b "$DC_KEY" "$U" "$OD" "$A"
wait "$RECV_PID"; RECV_PID=
eq "jira dc: exit 0" "$RC" 0
eq "jira dc: parent then sub-task" "$(issues "$T/d1" '[(i["issuetype"], i.get("parent")) for i in j]' | tr -d "'")" "[(Alert, None), (Subalert, SOC-1)]"
eq "jira dc: v2 search with total" "$(jget "$T/d1/req-3.json" 'j["path"]')" "/jira/rest/api/2/search"
contains "jira dc: wiki markup description" "$(jget "$T/d1/req-2.json" 'j["body"]["fields"]["description"]')" "{code:json}"

# --- limits: summary in UTF-16 units, description under 32,767 ----------------------
alert_with "$T/long.json" 'a["rule"]["description"]="\U0001F600"*200; a["full_log"]="x\"\n"*30000'
start_receiver "$T/c8" --mode cloud --max-requests 1
jira c8 "$CLOUD_KEY" "http://127.0.0.1:$RECV_PORT" '{"project": "SOC", "api": "cloud", "group_by": "none"}' "$T/long.json"
wait "$RECV_PID"; RECV_PID=
eq "jira limits: accepted" "$RC" 0
eq "jira limits: summary is 127 emoji (254 UTF-16 units)" "$(jget "$T/c8/req-1.json" 'len(j["body"]["fields"]["summary"])')" 127
contains "jira limits: visible truncation marker" "$(jget "$T/c8/req-1.json" 'json.dumps(j["body"]["fields"]["description"]["content"][-1])')" "truncated"
start_receiver "$T/d2" --mode datacenter --auth "bearer:$DC_KEY" --max-requests 1
jira d2 "$DC_KEY" "http://127.0.0.1:$RECV_PORT" '{"project": "SOC", "group_by": "none"}' "$T/long.json"
wait "$RECV_PID"; RECV_PID=
eq "jira dc limits: accepted" "$RC" 0

# --- failures -------------------------------------------------------------------------------
jira e1 "$CLOUD_KEY" "http://127.0.0.1:9" '{"api": "cloud"}' "$A"
eq "jira no project: exit 2" "$RC" 2
contains "jira no project: says so" "$OUT" '"project" is required'
start_receiver "$T/e2" --mode cloud --max-requests 1
jira e2 "soc@example.com:wrong" "http://127.0.0.1:$RECV_PORT" "$O" "$A"
wait "$RECV_PID"; RECV_PID=
eq "jira bad credentials: exit 13" "$RC" 13
lacks "jira bad credentials: token not in output" "$OUT" "wrong"

# --- golden bodies for every shared alert in both API modes ----------------------------
echo '{"project": "SOC", "api": "cloud"}' > "$T/gc.options"
echo '{"project": "SOC", "api": "datacenter"}' > "$T/gd.options"
for a in "$ALERTS"/*.json; do
	n=$(basename "$a" .json)
	for m in cloud dc; do
		o="$T/gc.options"; [ $m = dc ] && o="$T/gd.options"
		"$BIN" --to jira --options "$o" --dry-run "$a" > "$T/$n.$m" 2>/dev/null
		check "jira golden $m $n: exact body" cmp -s "$T/$n.$m" "$TOP/tests/golden/jira-$m/$n.json"
	done
done

exit 0
