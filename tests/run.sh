#!/bin/sh
# Run every test: unit tests (musl-static and ASan+UBSan builds), fuzz
# seed replays, and the shell suites in tests/cli/*.sh.  Prints one
# PASS/FAIL line per test and closes with "N passed, M failed".
# Usage: sh tests/run.sh [suite-name-substring]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export TOP="$top"
filter=${1:-}
results=$(mktemp)
trap 'rm -f "$results"' EXIT INT TERM
export RESULTS="$results"

want() { [ -z "$filter" ] || case "$1" in *"$filter"*) return 0;; *) return 1;; esac; }

# Test certificates, made once per run (openssl CLI).
mkdir -p build/tmp
certs=build/tls-certs
rm -rf "$certs"
sh tests/tls/mkcerts.sh "$certs" > build/mkcerts.log 2>&1 ||
	{ cat build/mkcerts.log; echo "FAIL mkcerts"; echo "F mkcerts" >> "$results"; }

# Unit tests: each prints "#T passed failed".
for t in build/test/test_* build/asan/test/test_*; do
	[ -x "$t" ] || continue
	want "$t" || continue
	arg=
	case "$t" in
	*test_x509san) arg=$certs;;
	*test_wycheproof) arg=build/wycheproof.txt
		python3 tests/tools/wycheproof_lines.py tests/fixtures/wycheproof > "$arg" || rm -f "$arg";;
	esac
	out=$("$t" $arg 2>&1); rc=$?
	line=$(printf '%s\n' "$out" | sed -n 's/^#T \([0-9]*\) \([0-9]*\)$/\1 \2/p' | tail -1)
	p=${line% *}; f=${line#* }
	if [ -z "$line" ] || [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | grep -v '^#T' | tail -20
		echo "FAIL $t (exit $rc)"
		echo "F $t" >> "$results"
		[ -n "$line" ] && [ "$p" -gt 0 ] && echo "P $t:$p" >> "$results"
	else
		echo "PASS $t ($p checks)"
		echo "P $t:$p" >> "$results"
	fi
done

# Fuzz seeds, replayed by the ASan builds of each target.
for r in build/asan/replay/*; do
	[ -x "$r" ] || continue
	want "$r" || continue
	name=$(basename "$r")
	extra=""
	[ "$name" = fuzz_alert ] && extra=tests/fixtures/alerts
	if out=$("$r" "fuzz/corpus/$name" $extra 2>&1); then
		echo "PASS fuzz seeds $name: $out"
		echo "P 1" >> "$results"
	else
		printf '%s\n' "$out" | tail -20
		echo "FAIL fuzz seeds $name"
		echo "F $name" >> "$results"
	fi
done

# Handshakes of tls.c (through the probe) against openssl s_server.
for p in build/tls_probe build/asan/tls_probe; do
	[ -x "$p" ] || continue
	want "$p" || want tls || continue
	out=$(sh tests/tls/run-tls-tests.sh "$p" "$certs" 2>&1)
	printf '%s\n' "$out" | sed -n "s|^PASS |PASS $p: |p; s|^FAIL |FAIL $p: |p"
	printf '%s\n' "$out" | grep -q '^PASS' || { echo "FAIL $p: no case ran"; echo "F $p" >> "$results"; }
	printf '%s\n' "$out" | sed -n "s|^PASS .*|P tls|p; s|^FAIL .*|F tls|p" >> "$results"
done

# Shell suites: each sources tests/lib.sh and reports through it, and
# keeps the log lines it produced in build/logs-seen/ (save_logs).
rm -rf build/logs-seen
for s in tests/cli/*.sh; do
	[ -f "$s" ] || continue
	want "$s" || continue
	echo "== $s"
	bash "$s" || { echo "FAIL $s (suite aborted)"; echo "F $s" >> "$results"; }
done

# Every log line any suite produced follows the one quoting rule (logfmt).
if [ -d build/logs-seen ]; then
	for l in build/logs-seen/*.log; do
		[ -s "$l" ] || continue
		if out=$(python3 tests/tools/logfmt_check.py "$l" 2>&1); then
			echo "PASS log lines parse as logfmt: $l ($(printf '%s\n' "$out" | tail -1))"
			echo "P logfmt" >> "$results"
		else
			printf '%s\n' "$out" | tail -20
			echo "FAIL log lines parse as logfmt: $l"
			echo "F logfmt" >> "$results"
		fi
	done
fi

passed=$(grep -c '^P' "$results")
# Unit-test binaries count their checks.
extra=$(sed -n 's/^P .*:\([0-9]*\)$/\1/p' "$results" | awk '{s+=$1-1} END {print s+0}')
passed=$((passed + extra))
failed=$(grep -c '^F' "$results")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
