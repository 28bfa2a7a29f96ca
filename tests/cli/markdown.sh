#!/bin/bash
# The IRIS description through a real GFM renderer (cmark-gfm, every
# extension, --unsafe): for every fixture alert and every Markdown/HTML
# injection alert (mkmarkdown.py), with the default description and with
# a "description" template, no link, image or raw HTML element comes out,
# the text reads as the alert's values do, and the full log's code block
# is whole, closed and noted when cut (mdcheck.py).  Both binaries.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'rm -rf "$T"' EXIT

if ! command -v cmark-gfm > /dev/null; then
	fail "markdown: cmark-gfm" "not installed (a test dependency: apt-get install cmark-gfm)"
	exit 0
fi
python3 "$TOOLS/mkmarkdown.py" "$T/in" "$ALERTS" > /dev/null || fail "markdown: mkmarkdown" "generator failed"

# The checker's own teeth: each known-bad description is caught.
report() { # PREFIX: turn mdcheck lines into results
	while IFS= read -r l; do
		case "$l" in
		PASS\ *) pass "$1 ${l#PASS }";;
		FAIL\ *) r=${l#FAIL }; fail "$1 ${r%%: *}" "${r#*: }";;
		*) fail "$1 output" "$l";;
		esac
	done
}
python3 "$TOOLS/mdcheck.py" self-test | report "markdown"

# Values at a paragraph's start, after text, side by side, and the log.
cat > "$T/tpl.options" <<'EOF'
{"description": "Seen: ${data.srcuser} on ${agent.name}\n\n${rule.description}\n\n${data.a}${data.b}\n\n${location} ${full_log}"}
EOF

for bin in "$BIN" "$ASAN_BIN"; do
	tag=$(basename "$(dirname "$bin")")
	[ "$tag" = build ] && tag=static
	mkdir -p "$T/$tag/default" "$T/$tag/template"
	for a in "$ALERTS"/*.json "$T"/in/*.alert; do
		n=$(basename "$a"); n=${n%.*}
		"$bin" --to iris --dry-run "$a" > "$T/$tag/default/$n" 2> "$T/$tag/err"
		rc=$?
		[ $rc -eq 0 ] || fail "markdown[$tag] $n: default exit" "exit $rc: $(tail -1 "$T/$tag/err")"
		"$bin" --to iris --options "$T/tpl.options" --dry-run "$a" > "$T/$tag/template/$n" 2> "$T/$tag/err"
		rc=$?
		[ $rc -eq 0 ] || fail "markdown[$tag] $n: template exit" "exit $rc: $(tail -1 "$T/$tag/err")"
	done
	eq "markdown[$tag]: every body built" "$(ls "$T/$tag/default" | wc -l) $(ls "$T/$tag/template" | wc -l)" \
	    "$(ls "$ALERTS"/*.json "$T"/in/*.alert | wc -l) $(ls "$ALERTS"/*.json "$T"/in/*.alert | wc -l)"
	if [ "$tag" = static ]; then
		python3 "$TOOLS/mdcheck.py" default "$T/$tag/default"/* | report "markdown[default]"
		python3 "$TOOLS/mdcheck.py" template "$T/tpl.options" "$T/$tag/template"/* | report "markdown[template]"
	else
		# The same bytes from the sanitizer build.
		for d in default template; do
			check "markdown[$tag] $d: bodies as the static build's" diff -rq "$T/static/$d" "$T/$tag/$d"
		done
	fi
done

# A few exact descriptions, byte for byte.
D="$T/static/default"
eq "markdown exact: an autolink broken by a word joiner" \
    "$(jget "$D/md-url-http" 'j["alert_description"].split("\n")[0]')" \
    "- Rule ID: see http:$(printf '\342\201\240')//evil.example/x?a=1\\&b=2 now"
eq "markdown exact: an e-mail broken before the @" \
    "$(jget "$D/md-email" 'j["alert_description"].split("\n")[2]')" \
    "- Rule Description: root$(printf '\342\201\240')@evil.example, a.b+c$(printf '\342\201\240')@d-e.example"
eq "markdown exact: 40,000 backticks fenced with tildes, note kept" \
    "$(jget "$D/log-backticks" 'repr(j["alert_description"][-120:])')" \
    "$(python3 -c 'print(repr(("`" * 200 + "\n~~~\n\n(full log truncated to 32768 of 40000 bytes; the whole alert is in the source content)")[-120:]))')"
D="$T/static/template"
eq "markdown exact: values side by side cannot join into a link" \
    "$(jget "$D/pair-scheme" 'j["alert_description"].split("\n\n")[2]')" \
    "http:$(printf '\342\201\240')//evil.example/x"

exit 0
