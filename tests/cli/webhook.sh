#!/bin/bash
# Generic webhook: raw and templated bodies, every auth form, HMAC
# signatures verified by the receiver with Python's hmac.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"' EXIT
export RECEIVER=webhook_receiver.py
A="$ALERTS/windows-eventchannel-60106.json"
H="$T/ossec"
mk_ossec "$H" custom-webhook
f=$(alert_tmp custom-webhook "$A")
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"; rm -f "$f"' EXIT

send() { # NAME KEY OPTIONS-JSON RECEIVER-ARGS...
	sn=$1 sk=$2; printf '%s' "$3" > "$T/$sn.options"; shift 3
	start_receiver "$T/r-$sn" "$@"
	as_integratord "$H" custom-webhook "$f" "$sk" "http://127.0.0.1:$RECV_PORT/hook?x=1" "" "$T/$sn.options" 10 1
	wait "$RECV_PID"; RECV_PID=
}

send raw "" '{}' --auth none
eq "webhook raw: exit 0" "$RC" 0
check "webhook raw: the alert, byte for byte" cmp -s "$T/r-raw/req-1.body" <(head -c -1 "$A")
eq "webhook raw: content type" "$(jget "$T/r-raw/req-1.json" 'j["headers"]["content-type"]')" application/json

send tmpl "" '{"format": "template", "content_type": "application/vnd.siem+json", "body": {"text": "Wazuh ${rule.level}: ${rule.description} on ${agent.name|\"?\"}", "level": "${rule.level}", "mitre": {"each": "${rule.mitre.tactic}", "as": {"name": "${.}"}}}}' \
    --auth none --require-content-type application/vnd.siem+json
eq "webhook template: exit 0" "$RC" 0
eq "webhook template: body" "$(jget "$T/r-tmpl/req-1.json" 'j["body"]')" "{'text': 'Wazuh 3: Windows Logon Success on DESKTOP-RL1K13Q', 'level': 3, 'mitre': [{'name': 'Defense Evasion'}, {'name': 'Persistence'}, {'name': 'Privilege Escalation'}, {'name': 'Initial Access'}]}"

send bearer "tok-123" '{}' --auth bearer:tok-123
eq "webhook auth bearer (default with a key)" "$RC" 0
send basic "user:pa:ss" '{"auth": "basic"}' --auth basic:user:pa:ss
eq "webhook auth basic" "$RC" 0
send header "k-9" '{"auth": "header:X-Api-Key"}' --auth header:X-Api-Key:k-9
eq "webhook auth header:NAME" "$RC" 0
send wrong "nope" '{}' --auth bearer:tok-123
eq "webhook auth wrong: exit 13" "$RC" 13
lacks "webhook auth wrong: key not in output" "$OUT" "nope"
send nokey "" '{"auth": "bearer"}' --auth none --idle-timeout 2
eq "webhook auth without a key: exit 2" "$RC" 2

printf 'hmac-secret-%s\n' "$$" > "$T/secret"
send hmac "" "{\"hmac_secret_file\": \"$T/secret\"}" --auth none --hmac-secret-file "$T/secret" \
    --hmac-scheme ts.body
eq "webhook hmac: accepted" "$RC" 0
eq "webhook hmac: verified by Python's hmac over timestamp.body" "$(jget "$T/r-hmac/req-1.json" 'j["hmac"]["ok"]')" True
check "webhook hmac: independent recomputation over timestamp.body" python3 -c '
import hmac,hashlib,json,sys
r=json.load(open(sys.argv[1])); body=open(sys.argv[2],"rb").read(); key=open(sys.argv[3],"rb").read().rstrip(b"\n")
ts=r["headers"]["x-wazuh-timestamp"].encode()
assert r["headers"]["x-wazuh-signature"]=="sha256="+hmac.new(key,ts+b"."+body,hashlib.sha256).hexdigest()
assert r["headers"]["x-wazuh-signature"]!="sha256="+hmac.new(key,body,hashlib.sha256).hexdigest()' \
    "$T/r-hmac/req-1.json" "$T/r-hmac/req-1.body" "$T/secret"
# A captured request replayed with a fresh timestamp no longer verifies.
check "webhook hmac: replay with a fresh timestamp refused" python3 -c '
import hmac,hashlib,json,sys
r=json.load(open(sys.argv[1])); body=open(sys.argv[2],"rb").read(); key=open(sys.argv[3],"rb").read().rstrip(b"\n")
fresh=str(int(r["headers"]["x-wazuh-timestamp"])+600).encode()
assert not hmac.compare_digest(r["headers"]["x-wazuh-signature"],"sha256="+hmac.new(key,fresh+b"."+body,hashlib.sha256).hexdigest())' \
    "$T/r-hmac/req-1.json" "$T/r-hmac/req-1.body" "$T/secret"
lacks "webhook hmac: secret never logged" "$(cat "$H/logs/integrations.log") $OUT" "hmac-secret-$$"
printf 'other\n' > "$T/secret2"
send hmacbad "" "{\"hmac_secret_file\": \"$T/secret2\"}" --auth none --hmac-secret-file "$T/secret" \
    --hmac-scheme ts.body
eq "webhook hmac wrong secret: refused (13)" "$RC" 13

send retry "" '{}' --auth none --status 503 --retry-after 1 --max-requests 2
eq "webhook 503: retried then exit 14" "$RC" 14
eq "webhook 503: two attempts" "$(jget "$T/r-retry/summary.json" 'j["served"]')" 2

exit 0
