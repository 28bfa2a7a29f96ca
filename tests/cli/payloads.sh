#!/bin/bash
# Payloads and answers: an alert as deep as the reader takes goes to
# every destination; Jira issue keys from a server are checked; a
# hostile Jira search page costs milliseconds, within the deadline; a 2xx
# cut short is delivered and says so; a typo in an option is an error.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; stop_tool; rm -rf "$T"; rm -f /tmp/custom-*-wrpay*.alert' EXIT
A="$ALERTS/ssh-bruteforce-5712.json"

# --- an alert nested 64 levels deep (the reader's limit) -------------------
python3 - "$A" "$T/deep64.json" "$T/deep65.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
for path, depth in ((sys.argv[2], 64), (sys.argv[3], 65)):
	# root {} is level 1, "data" {} level 2, then arrays down to depth.
	v = "bottom"
	for _ in range(depth - 2):
		v = [v]
	b = dict(a)
	b["data"] = dict(a.get("data", {}), deep=v)
	open(path, "w").write(json.dumps(b, separators=(",", ":")) + "\n")
PY
deep_ok() { # NAME BODY-FILE PYTHON-EXPR-FOR-THE-EMBEDDED-ALERT
	check "deep $1: body is JSON with the alert whole" python3 -c '
import json,sys
b=json.load(open(sys.argv[1])); a=json.load(open(sys.argv[2]))
got=eval(sys.argv[3])
assert got==a, "embedded alert differs"' "$2" "$T/deep64.json" "$3"
}
printf '{"project": "SOC", "group_by": "none"}' > "$T/jira.options"
printf '{"format": "template", "body": {"a": {"b": {"c": "${data}"}}}}' > "$T/wht.options"
"$BIN" --to iris --dry-run "$T/deep64.json" > "$T/d-iris.json"; eq "deep iris: exit 0" "$?" 0
deep_ok iris "$T/d-iris.json" 'b["alert_source_content"]'
"$BIN" --to shuffle --dry-run "$T/deep64.json" > "$T/d-shuffle.json"; eq "deep shuffle: exit 0" "$?" 0
deep_ok shuffle "$T/d-shuffle.json" 'b["all_fields"]'
"$BIN" --to webhook --dry-run "$T/deep64.json" > "$T/d-webhook.json"; eq "deep webhook: exit 0" "$?" 0
deep_ok webhook "$T/d-webhook.json" 'b'
"$BIN" --to webhook --options "$T/wht.options" --dry-run "$T/deep64.json" > "$T/d-wht.json"; eq "deep webhook template: exit 0" "$?" 0
deep_ok "webhook template" "$T/d-wht.json" 'dict(a, data=b["a"]["b"]["c"])'
"$BIN" --to jira --options "$T/jira.options" --dry-run "$T/deep64.json" > "$T/d-jira.json"; eq "deep jira: exit 0" "$?" 0
check "deep jira: body is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/d-jira.json"
"$BIN" --to iris --dry-run "$T/deep65.json" > /dev/null 2>&1; eq "deep 65 levels: refused by the reader (7)" "$?" 7

# --- Jira keys from the server are checked ---------------------------------
H="$T/ossec"
mk_ossec "$H" custom-jira
jira_hostile() { # MODE TIMEOUT -> RC, OUT
	start_tool hostile_server.py "$1" --lifetime 15
	printf '{"project": "SOC", "api": "cloud", "state_file": "%s"}' "$T/$1.state" > "$T/$1.options"
	jf="/tmp/custom-jira-1700000000-$$-wrpay.alert"
	cp "$A" "$jf"
	as_integratord "$H" custom-jira "$jf" "soc@example.com:tok" "http://127.0.0.1:$TOOL_PORT" "" "$T/$1.options" "$2" 0
	rm -f "$jf"
	stop_tool
}
jira_hostile jira-bad-key 10
eq "jira key with a newline: a failed delivery (15)" "$RC" 15
contains "jira key with a newline: says so" "$(printf '%s\n' "$OUT" | tail -1)" "Jira answered HTTP 201 without a valid issue key"
check "jira key with a newline: never cached" [ ! -e "$T/jira-bad-key.state" ]
lacks "jira key with a newline: no forged line in the log" "$(cat "$H/logs/integrations.log")" "SOC-666"
jira_hostile jira-no-key 10
eq "jira no key: a failed delivery (15)" "$RC" 15
check "jira no key: nothing cached (no \"?\" parent)" [ ! -e "$T/jira-no-key.state" ]

# --- a hostile 64 KiB search page is walked once, within the deadline ------
jira_hostile jira-big-page 2
eq "jira 21,000-issue page: delivered within a 2 s deadline" "$RC" 0
contains "jira 21,000-issue page: the created issue" "$(tail -1 "$H/logs/integrations.log")" "issue=SOC-7"

# --- a 2xx whose body is cut short: delivered, and the line says so --------
H2="$T/ossec2"
mk_ossec "$H2" custom-iris
start_tool hostile_server.py reset-mid-body --lifetime 10
f="/tmp/custom-iris-1700000000-$$-wrpay.alert"
cp "$A" "$f"
as_integratord "$H2" custom-iris "$f" "k" "http://127.0.0.1:$TOOL_PORT/" "" "" 10 3
rm -f "$f"
stop_tool
eq "cut-short 200: delivered (resending would duplicate it)" "$RC" 0
line=$(grep 'result=delivered' "$H2/logs/integrations.log" | tail -1)
contains "cut-short 200: the log line says it was cut short" "$line" 'note="response cut short'
contains "cut-short 200: one attempt" "$line" "attempts=1"
contains "cut-short 200: the summary says it too" "$(printf '%s\n' "$OUT" | tail -1)" "response cut short"

# --- a typo in an option is an error for settings-only destinations --------
typo() { # NAME DEST OPTIONS WANT
	printf '%s' "$3" > "$T/$1.options"
	OUT=$("$BIN" --to "$2" --options "$T/$1.options" --dry-run "$A" 2>&1)
	RC=$?
	eq "typo $1: exit 2" "$RC" 2
	contains "typo $1: names the closest key" "$(printf '%s\n' "$OUT" | tail -1)" "$4"
}
typo iris iris '{"custmer_id": 2}' 'unknown key "custmer_id" for iris (did you mean "customer_id"?)'
typo jira jira '{"project": "SOC", "isue_type": "Task"}' 'unknown key "isue_type" for jira (did you mean "issue_type"?)'
typo webhook webhook '{"formt": "alert"}' 'unknown key "formt" for webhook (did you mean "format"?)'
typo common iris '{"ca_fle": "/x"}' 'did you mean "ca_file"?'
printf '{"my_field": "${agent.name}"}' > "$T/shuffle.options"
"$BIN" --to shuffle --options "$T/shuffle.options" --dry-run "$A" > "$T/shuffle.body" 2>&1
eq "typo shuffle: unknown keys are merged (exit 0)" "$?" 0
eq "typo shuffle: merged into the body" "$(jget "$T/shuffle.body" 'j["my_field"]')" "$(jget "$A" 'j["agent"]["name"]')"
exit 0
