#!/bin/bash
# Every example in README.md is run: the blocks are taken from the
# README itself (tests/tools/readme_blocks.py), their example hosts and
# paths mapped onto local receivers and scratch files, and a block this
# suite does not know how to run is a failure.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"; rm -f /tmp/custom-*-wrreadme*.alert' EXIT
B="$T/blocks"
python3 "$TOOLS/readme_blocks.py" "$TOP/README.md" "$B" || fail "readme blocks" "unclosed fence"
A="$ALERTS/ssh-bruteforce-5712.json"
C="$T/certs"
sh "$TOP/tests/tls/mkcerts.sh" "$C" > /dev/null 2>&1 || fail "readme certs" "mkcerts.sh failed"
H="$T/ossec"
mkdir -p "$H/integrations" "$H/logs" "$H/etc"

# xmlget FILE TAG: the text of <TAG> in the <integration> block FILE.
xmlget() {
	python3 -c 'import sys,xml.etree.ElementTree as E; e=E.parse(sys.argv[1]).getroot().find(sys.argv[2]); print("" if e is None else e.text)' "$1" "$2"
}
# mapped FILE: the block's options with the README's example paths mapped.
mapped_options() {
	xmlget "$1" options | sed -e "s|/var/ossec/etc/iris-ca.pem|$C/ca.pem|g" \
	    -e "s|/var/ossec/etc/shuffle-ca.pem|$C/ca.pem|g" \
	    -e "s|/var/ossec/etc/webhook.secret|$T/webhook.secret|g"
}
# integratord NAME BLOCK URL OPTIONS-FILE: run the block's integration as
# integratord does (its api_key, timeout and retries).
integratord() {
	cp "$BIN" "$H/integrations/$1"
	f="/tmp/$1-1700000000-$$.alert"
	cp "$A" "$f"
	t=$(xmlget "$2" timeout); r=$(xmlget "$2" retries)
	as_integratord "$H" "$1" "$f" "$(xmlget "$2" api_key)" "$3" "" "$4" "${t:-10}" "${r:-3}"
	rm -f "$f"
}

while read -r n lang line heading; do
	blk="$B/$n.$lang"
	what="readme block $n ($lang, line $line)"
	case "$lang:$(cat "$blk")" in
	sh:make*"make check"*)
		# The set-up commands: .ci/run runs exactly these in CI.
		eq "$what: make, then make check" "$(sed 's/ *#.*//' "$blk" | tr -s ' ')" "make
make check"
		eq "$what: .ci/run ends with them" "$(tail -2 "$TOP/.ci/run")" "make
make check"
		;;
	sh:install*)
		sed -e "s|/var/ossec|$H|g" -e "s|-g wazuh|-g $(id -gn)|" \
		    -e "s|build/wazuh-relay|$BIN|" "$blk" > "$T/install.sh"
		sh "$T/install.sh"
		eq "$what: installed 0750" "$(stat -c %a "$H/integrations/custom-iris" 2>/dev/null)" 750
		;;
	xml:*custom-iris*)
		start_receiver "$T/r$n" --key "$(xmlget "$blk" api_key)" --tls-cert "$C/ec.pem" --tls-key "$C/ec.key"
		mapped_options "$blk" > "$T/$n.options"
		integratord custom-iris "$blk" "$(xmlget "$blk" hook_url | sed "s|iris.example.org|localhost:$RECV_PORT|")" "$T/$n.options"
		wait "$RECV_PID"; RECV_PID=
		eq "$what: delivered" "$RC" 0
		eq "$what: IRIS accepted it" "$(jget "$T/r$n/req-1.json" 'j["verdict"]+" ".join(j["errors"])')" accepted
		;;
	xml:*custom-jira*)
		mapped_options "$blk" > "$T/$n.options"
		"$BIN" --to jira --options "$T/$n.options" --dry-run "$A" > "$T/$n.body"
		eq "$what: options and templates load (dry run)" "$?" 0
		check "$what: a JSON body" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/$n.body"
		;;
	json:*)
		"$BIN" --to jira --options "$blk" --dry-run "$A" > "$T/$n.body"
		eq "$what: Jira options load (dry run)" "$?" 0
		eq "$what: the seed script's custom fields" "$(jget "$T/$n.body" 'sorted(k for k in j["fields"] if k.startswith("customfield_"))')" \
		    "['customfield_10041', 'customfield_10043', 'customfield_10044', 'customfield_10045', 'customfield_10046', 'customfield_10055', 'customfield_10056', 'customfield_10057']"
		;;
	xml:*custom-shuffle*)
		RECEIVER=shuffle_receiver.py start_receiver "$T/r$n" --tls-cert "$C/ec.pem" --tls-key "$C/ec.key"
		mapped_options "$blk" > "$T/$n.options"
		integratord custom-shuffle "$blk" "$(xmlget "$blk" hook_url | sed "s|shuffle.example.org:3443|localhost:$RECV_PORT|")" "$T/$n.options"
		wait "$RECV_PID"; RECV_PID=
		eq "$what: delivered" "$RC" 0
		eq "$what: the auth header went out" "$(jget "$T/r$n/req-1.json" 'j["headers"].get("x-shuffle-auth")')" s3cret
		;;
	python:*wazuh_request_ok*)
		cp "$blk" "$T/verify.py"
		;;
	xml:*custom-webhook*)
		printf 'webhook-secret-%s\n' "$$" > "$T/webhook.secret"
		RECEIVER=webhook_receiver.py start_receiver "$T/r$n" --auth none --hmac-secret-file "$T/webhook.secret" --hmac-scheme ts.body
		mapped_options "$blk" > "$T/$n.options"
		integratord custom-webhook "$blk" "$(xmlget "$blk" hook_url | sed "s|https://n8n.example.org|http://127.0.0.1:$RECV_PORT|")" "$T/$n.options"
		wait "$RECV_PID"; RECV_PID=
		eq "$what: delivered" "$RC" 0
		check "$what: the whole alert under \"alert\"" python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["body"]["alert"]==json.load(open(sys.argv[2]))' "$T/r$n/req-1.json" "$A"
		WEBHOOK_REQ="$T/r$n/req-1"
		;;
	sh:*"--to iris --url"*)
		echo "readme-key-$$" > "$T/iris.key"
		printf '{"ca_file": "%s"}' "$C/ca.pem" > "$T/opts.json"
		start_receiver "$T/r$n" --key "readme-key-$$" --tls-cert "$C/ec.pem" --tls-key "$C/ec.key"
		sed -e "s|https://iris.example.org|https://localhost:$RECV_PORT|" -e "s|/etc/iris.key|$T/iris.key|" \
		    -e "s|opts.json|$T/opts.json|" -e "s| alert.json| $A|g" -e "s|^wazuh-relay|\"$BIN\"|" "$blk" > "$T/manual.sh"
		OUT=$(sh -e "$T/manual.sh" 2>&1); RC=$?
		wait "$RECV_PID"; RECV_PID=
		eq "$what: both commands succeed" "$RC" 0
		eq "$what: the first delivered" "$(jget "$T/r$n/req-1.json" 'j["verdict"]')" accepted
		contains "$what: the second printed the body" "$OUT" '"alert_title":"sshd: brute force'
		;;
	sh:*"openssl s_client"*)
		start_receiver "$T/r$n" --key "pin-key-$$" --tls-cert "$C/ec.pem" --tls-key "$C/ec.key"
		pin=$(sed "s|iris.example.org:443|localhost:$RECV_PORT|" "$blk" | sh)
		printf '{"pin_sha256": "sha256//%s"}' "$pin" > "$T/pin.options"
		OUT=$("$BIN" --to iris --url "https://localhost:$RECV_PORT/alerts/add" --key-file /dev/stdin \
		    --options "$T/pin.options" "$A" 2>&1 <<EOF
pin-key-$$
EOF
		); RC=$?
		stop_receiver
		eq "$what: the pipeline's pin delivers, with no ca_file" "$RC" 0
		;;
	sh:*"wazuh-relay spool status"*)
		# A spool with one queued alert (the destination down), then the
		# three commands as written, from the Wazuh home.
		mkdir -p "$H/queue"
		cp "$BIN" "$H/integrations/custom-iris"
		f="/tmp/custom-iris-1700000000-$$.alert"; cp "$A" "$f"
		as_integratord "$H" custom-iris "$f" "k" "http://127.0.0.1:$(free_port)/" "" "" 1 0
		rm -f "$f"
		p=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$H/queue/wazuh-relay/custom-iris/state" 2>/dev/null)
		[ -n "$p" ] && [ "$p" != 0 ] && kill "$p" 2>/dev/null
		sed -e "s|^wazuh-relay|\"$BIN\"|" -e 's/ *#.*//' "$blk" > "$T/spool.sh"
		OUT=$(cd "$H" && sh -e "$T/spool.sh" 2>&1); RC=$?
		eq "$what: the three commands succeed" "$RC" 0
		contains "$what: status names the integration" "$OUT" "custom-iris"
		contains "$what: drop deletes it" "$OUT" "spool drop custom-iris: 1 alert deleted"
		rm -rf "$H/queue"
		;;
	txt:*result=delivered*)
		check "$what: the example log lines parse as logfmt" python3 "$TOOLS/logfmt_check.py" "$blk"
		;;
	*)
		fail "$what" "no test runs this README example (under \"$heading\")"
		;;
	esac
done < "$B/index"

# The receiver's check from the README, on the webhook request just sent.
if [ -f "$T/verify.py" ] && [ -n "${WEBHOOK_REQ:-}" ]; then
	check "readme webhook check: the README's function verifies our request" python3 - "$T/verify.py" "$WEBHOOK_REQ" "$T/webhook.secret" <<'PY'
import json, sys, time
ns = {}
exec(open(sys.argv[1]).read(), ns)
ok = ns["wazuh_request_ok"]
r = json.load(open(sys.argv[2] + ".json"))
body = open(sys.argv[2] + ".body", "rb").read()
secret = open(sys.argv[3], "rb").read().rstrip(b"\n")
h = {"X-Wazuh-Timestamp": r["headers"]["x-wazuh-timestamp"],
     "X-Wazuh-Signature": r["headers"]["x-wazuh-signature"]}
assert ok(secret, h, body), "a genuine request is refused"
assert not ok(secret, h, body + b" "), "a changed body is accepted"
assert not ok(b"other", h, body), "another secret is accepted"
fresh = dict(h, **{"X-Wazuh-Timestamp": str(int(time.time()))})
if fresh["X-Wazuh-Timestamp"] != h["X-Wazuh-Timestamp"]:
	assert not ok(secret, fresh, body), "a replay with a fresh timestamp is accepted"
import hashlib, hmac
old = str(int(time.time()) - 3600)
stale = {"X-Wazuh-Timestamp": old, "X-Wazuh-Signature": "sha256=" +
    hmac.new(secret, old.encode() + b"." + body, hashlib.sha256).hexdigest()}
assert not ok(secret, stale, body), "a stale (signed) request is accepted"
PY
else
	fail "readme webhook check" "the README's Python check or the webhook example is missing"
fi
exit 0
