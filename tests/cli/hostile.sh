#!/bin/bash
# Hostile alerts: each gets its exit code and a clear message, none
# crashes; the ones that parse are delivered as valid, IRIS-acceptable
# JSON.  Everything runs twice: the static binary and the ASan+UBSan one.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"' EXIT
python3 "$TOOLS/mkhostile.py" "$T/in" "$ALERTS" > /dev/null || fail "mkhostile" "generator failed"

for bin in "$BIN" "$ASAN_BIN"; do
	tag=$(basename "$(dirname "$bin")")
	[ "$tag" = build ] && tag=static
	rej() { # FILE WANT-EXIT WANT-TEXT
		OUT=$("$bin" --to iris --dry-run "$T/in/$1" 2>&1); RC=$?
		eq "hostile[$tag] $1: exit" "$RC" "$2"
		contains "hostile[$tag] $1: message" "$(printf '%s\n' "$OUT" | tail -1)" "$3"
	}
	rej empty.alert 7 "invalid alert JSON: empty input"
	rej ws.alert 7 "invalid alert JSON: empty input"
	rej truncated.alert 7 "truncated JSON"
	rej trailing.alert 7 "trailing data after the JSON value"
	rej array.alert 7 "not a JSON object"
	rej deep.alert 7 "nesting deeper than 64 levels"
	rej deep-array.alert 7 "nesting deeper than 64 levels"
	rej tokens.alert 7 "more than 65536 tokens"
	rej toobig.alert 7 "larger than 1048576 bytes"
	rej legacy.alert 7 "legacy key='value' format"
	rej nul.alert 7 "NUL byte"
	OUT=$("$bin" --to iris --dry-run "$T/in/nonexistent.alert" 2>&1); RC=$?
	eq "hostile[$tag] missing file: exit" "$RC" 6

	for a in invalid-utf8 escapes bigfulllog nomitre badiocs goodiocs; do
		"$bin" --to iris --dry-run "$T/in/$a.alert" > "$T/$a.$tag.body" 2> "$T/$a.$tag.err"
		RC=$?
		eq "hostile[$tag] $a: exit 0" "$RC" 0
		check "hostile[$tag] $a: strict JSON" python3 "$TOOLS/jsonstrict.py" "$T/$a.$tag.body"
	done
done

B="$T/invalid-utf8.static.body"
check "hostile utf8: bad bytes became U+FFFD" python3 -c '
import json,sys
b=json.load(open(sys.argv[1],encoding="utf-8"))
assert "\ufffd" in b["alert_title"], b["alert_title"]
assert "\ufffd" in b["alert_source_content"]["full_log"]' "$B"
B="$T/escapes.static.body"
check "hostile escapes: NUL and lone surrogates replaced, pair kept" python3 -c '
import json,sys
b=json.load(open(sys.argv[1],encoding="utf-8"))
fl=b["alert_source_content"]["full_log"]
assert "\x00" not in fl and "\ufffd" in fl and "\U0001f600" in fl, repr(fl[:80])' "$B"
check "hostile escapes: markdown cannot form links, images or HTML" python3 -c '
import json,sys,re
d=json.load(open(sys.argv[1],encoding="utf-8"))["alert_description"]
# outside the fenced block every [ ] < > ! ` is escaped
head=d.split("- Full Log:")[0]
for m in re.finditer(r"(?<!\\)[\[\]<>!`]", head):
	raise SystemExit("unescaped %r at %d: %r" % (m.group(), m.start(), head[max(0,m.start()-20):m.start()+20]))
fence=re.search(r"\n(`{3,})\n", d)
assert fence, "no fence"
body=d[fence.end():]
assert body.count(fence.group(1)) >= 1
inner=body[:body.index("\n"+fence.group(1))]
assert "`"*len(fence.group(1)) not in inner, "content can close the fence"' "$B"
eq "hostile escapes: comma in agent name cannot split a tag" "$(jget "$B" 'j["alert_tags"].split(",")[1]')" "web_01"
B="$T/bigfulllog.static.body"
check "hostile big full_log: description truncated with a marker, content whole" python3 -c '
import json,sys
b=json.load(open(sys.argv[1],encoding="utf-8"))
assert "full log truncated to 32768 of 65536 bytes" in b["alert_description"]
assert len(b["alert_source_content"]["full_log"])==65536' "$B"
B="$T/badiocs.static.body"
eq "hostile bad IOCs: only valid ones kept (sha1 lowercased)" "$(jget "$B" '[(i["ioc_type_id"], i["ioc_value"][:8]) for i in j.get("alert_iocs", [])]')" "[(111, 'da39a3ee'), (113, 'e3b0c442')]"
B="$T/goodiocs.static.body"
eq "hostile good IOCs: all kept" "$(jget "$B" '[i["ioc_type_id"] for i in j["alert_iocs"]]')" "[79, 77, 141, 69, 90, 111, 113]"
B="$T/nomitre.static.body"
lacks "hostile no MITRE: no MITRE line" "$(jget "$B" 'j["alert_description"]')" "MITRE"

# The parseable hostile alerts are accepted by the IRIS-rule receiver.
H="$T/ossec"
mk_ossec "$H" custom-iris
for a in invalid-utf8 escapes bigfulllog nomitre badiocs goodiocs; do
	start_receiver "$T/recv-$a" --key k
	f=$(alert_tmp custom-iris "$T/in/$a.alert")
	as_integratord "$H" custom-iris "$f" k "http://127.0.0.1:$RECV_PORT/" "" "" 10 0
	wait "$RECV_PID"; RECV_PID=
	rm -f "$f"
	eq "hostile e2e $a: delivered" "$RC" 0
	eq "hostile e2e $a: IRIS accepts" "$(jget "$T/recv-$a/req-1.json" 'j["verdict"]+" ".join(j["errors"])')" accepted
done

exit 0
