#!/bin/bash
# Where the log line goes, and that it cannot be turned against root:
# symlinks and hard links planted in logs/, the owner of a file we
# create, the summary line when the log cannot be written, an install
# through a symlink, the Jira state file's owner.  Root-only checks are
# skipped (and say so) when the suite does not run as root.
. "$(dirname "$0")/../lib.sh"
T=$(scratch_public)	# runs as nobody must reach into it
trap 'save_logs "$T"; stop_receiver; rm -rf "$T"; rm -f /tmp/custom-*-wrlog*.alert' EXIT
A="$ALERTS/rootcheck-510.json"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

# run HOME NAME: a dry run as integratord runs it (cwd HOME); fails
# (exit 2: no URL) after the log is opened, which is all we need.
run() {
	f="/tmp/$2-1700000000-$$-wrlog.alert"
	cp "$A" "$f"; chmod 0644 "$f"
	OUT=$(cd "$1" && exec -a integrations "$1/integrations/$2" "$f" "" "" "" "" 10 3 "> /dev/null 2>&1" < /dev/null 2>&1)
	RC=$?
	rm -f "$f"
}
run_nobody() {
	f="/tmp/$2-1700000000-$$-wrlog.alert"
	cp "$A" "$f"; chmod 0644 "$f"
	OUT=$(cd "$1" && exec -a integrations setpriv --reuid=nobody --regid=nogroup --clear-groups "$1/integrations/$2" "$f" "" "" "" "" 10 3 "> /dev/null 2>&1" < /dev/null 2>&1)
	RC=$?
	rm -f "$f"
}
# home DIR: a Wazuh home whose logs/ belongs to nobody (as wazuh's does).
home() {
	mkdir -p "$1/integrations" "$1/logs"
	cp "$BIN" "$1/integrations/custom-iris"
	chmod 0755 "$1" "$1/integrations" "$1/integrations/custom-iris"
	chown nobody:nogroup "$1/logs"
	chmod 0770 "$1/logs"
}

if [ "$(id -u)" = 0 ]; then
	# --- a file we create gets the folder's owner and group ---------------
	H="$T/h1"; home "$H"
	run "$H" custom-iris
	eq "log create: owner and group of logs/" "$(stat -c '%U:%G %a' "$H/logs/integrations.log")" "nobody:nogroup 640"
	run_nobody "$H" custom-iris
	eq "log create: a later run as the folder's owner still writes" "$(grep -c 'result=failed' "$H/logs/integrations.log")" 2

	# --- a symlink planted by the owner of logs/ is not followed by root ----
	H="$T/h2"; home "$H"
	: > "$T/victim"; chmod 0600 "$T/victim"
	ln -s "$T/victim" "$H/logs/integrations.log"
	chown -h nobody:nogroup "$H/logs/integrations.log"
	run "$H" custom-iris
	eq "log symlink by nobody: target untouched" "$(stat -c %s "$T/victim")" 0
	contains "log symlink by nobody: the summary says why" "$(printf '%s\n' "$OUT" | tail -1)" "integrations.log not written: a symlink root does not own)"
	# An administrator's link (owned by root) to another volume is followed.
	H="$T/h3"; home "$H"
	mkdir -p "$T/vol"; : > "$T/vol/integrations.log"; chown nobody:nogroup "$T/vol/integrations.log"
	ln -s "$T/vol/integrations.log" "$H/logs/integrations.log"
	run "$H" custom-iris
	eq "log symlink by root: followed" "$(grep -c 'result=failed' "$T/vol/integrations.log")" 1
	# A hard link to another file is refused.
	H="$T/h4"; home "$H"
	: > "$T/victim2"; chmod 0600 "$T/victim2"
	ln "$T/victim2" "$H/logs/integrations.log"
	run "$H" custom-iris
	eq "log hard link: target untouched" "$(stat -c %s "$T/victim2")" 0
	contains "log hard link: the summary says why" "$(printf '%s\n' "$OUT" | tail -1)" "not written: more than one hard link)"
	# A regular file of wazuh's (the normal case) is appended to by root.
	H="$T/h5"; home "$H"
	: > "$H/logs/integrations.log"; chown nobody:nogroup "$H/logs/integrations.log"
	run "$H" custom-iris
	eq "log regular file: root appends" "$(grep -c 'result=failed' "$H/logs/integrations.log")" 1

	# --- the log cannot be opened: the last stdout line says so ------------
	H="$T/h6"; home "$H"
	chown root:root "$H/logs"; chmod 0755 "$H/logs"
	run_nobody "$H" custom-iris
	eq "log not writable: still exit 2" "$RC" 2
	contains "log not writable: the summary says so" "$(printf '%s\n' "$OUT" | tail -1)" "(log $H/logs/integrations.log not written: Permission denied)"
	contains "log not writable: the line still goes to stderr" "$OUT" "result=failed"
else
	echo "SKIP logging: root-only checks (not root)"
fi

# --- an install through a symlink keeps its log and its name --------------
H="$T/h7"
mkdir -p "$H/integrations" "$H/logs" "$T/opt/bin"
cp "$BIN" "$T/opt/bin/wazuh-relay"
ln -s "$T/opt/bin/wazuh-relay" "$H/integrations/custom-shuffle"
RECEIVER=shuffle_receiver.py start_receiver "$T/r7"
f="/tmp/custom-shuffle-1700000000--9$$.alert"	# exactly integratord's form
cp "$A" "$f"
OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-shuffle" "$f" "" "http://127.0.0.1:$RECV_PORT/api/v1/hooks/webhook_0d9a5a25-8f3c-4a4b-9a4e-3c2b1a0f9e8d" "" "" 10 0 "> /dev/null 2>&1" < /dev/null 2>&1)
RC=$?
rm -f "$f"
wait "$RECV_PID"; RECV_PID=
eq "log symlinked install: delivered" "$RC" 0
contains "log symlinked install: the line is in the home's log" "$(cat "$H/logs/integrations.log" 2>/dev/null)" "result=delivered"
contains "log symlinked install: under the integration's name" "$(cat "$H/logs/integrations.log" 2>/dev/null)" " custom-shuffle: INFO: "
check "log symlinked install: nothing beside the real binary" [ ! -e "$T/opt/logs" ]

# --- the Jira state file must be ours and not writable by others ---------
H="$T/h8"
mk_ossec "$H" custom-jira
export RECEIVER=jira_receiver.py
start_receiver "$T/r8" --mode cloud --max-requests 4
# A live entry naming SOC-99 for this alert's summary, planted group-writable.
printf '{"project": "SOC", "api": "cloud", "state_file": "%s"}' "$T/jira.state" > "$T/j.options"
jf="/tmp/custom-jira-1700000000-$$-wrlog.alert"
cp "$ALERTS/ssh-bruteforce-5712.json" "$jf"
as_integratord "$H" custom-jira "$jf" "soc@example.com:jira-test-token" "http://127.0.0.1:$RECV_PORT" "" "$T/j.options" 10 0
check "jira state: written by the first run" [ -s "$T/jira.state" ]
eq "jira state: mode 0640" "$(stat -c %a "$T/jira.state")" 640
sed 's/ SOC-1$/ SOC-99/' "$T/jira.state" > "$T/jira.state.new" && mv "$T/jira.state.new" "$T/jira.state"
chmod 0662 "$T/jira.state"
as_integratord "$H" custom-jira "$jf" "soc@example.com:jira-test-token" "http://127.0.0.1:$RECV_PORT" "" "$T/j.options" 10 0
rm -f "$jf"
stop_receiver
unset RECEIVER
eq "jira state group-writable: delivered" "$RC" 0
contains "jira state group-writable: ignored with a warning" "$(cat "$H/logs/integrations.log")" "state file $T/jira.state ignored"
lacks "jira state group-writable: its parent was not used" "$(tail -1 "$H/logs/integrations.log")" "SOC-99"
exit 0
