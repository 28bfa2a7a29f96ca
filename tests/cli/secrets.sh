#!/bin/bash
# Secrets: a key that starts with "--" (argv), no core dump and no
# secret left in memory at exit, a warning when credentials go over
# plain http:// to another machine, proxy credentials for http://
# targets.  Plain HTTP against the IRIS receiver.
. "$(dirname "$0")/../lib.sh"
T=$(scratch_public)	# runs as nobody must reach into it
trap 'save_logs "$T"; stop_receiver; stop_tool; rm -rf "$T"; rm -f /tmp/custom-iris-*-wrsec*.alert' EXIT
A="$ALERTS/ssh-bruteforce-5712.json"
H="$T/ossec"
mk_ossec "$H" custom-iris

# --- a key that starts with "--" in every integratord layout ---------------
# secrets.token_urlsafe keys start with "--" once in 3,600; they must be
# read by position, delivered, and never printed.
DKEY="--Zm9vYmFyLWJhei1xdXV4LXNlY3JldC0tMTIzNDU2Nzg5$$"
f="/tmp/custom-iris-1700000000--$$-wrsec.alert"
cp "$A" "$f"
for layout in 9 8 7 6 5; do
	start_receiver "$T/dd$layout" --key="$DKEY"
	U="http://127.0.0.1:$RECV_PORT/"
	case $layout in
	9) OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" "$DKEY" "$U" "" "" 10 3 "> /dev/null 2>&1" < /dev/null 2>&1);;
	8) OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" "$DKEY" "$U" debug "" 10 3 < /dev/null 2>&1);;
	7) OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" "$DKEY" "$U" "" "" "> /dev/null 2>&1" < /dev/null 2>&1);;
	6) OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" "$DKEY" "$U" debug "" < /dev/null 2>&1);;
	5) OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" "$DKEY" "$U" " > /dev/null 2>&1" < /dev/null 2>&1);;
	esac
	RC=$?
	wait "$RECV_PID"; RECV_PID=
	eq "secrets --key argc $layout: delivered" "$RC" 0
	eq "secrets --key argc $layout: receiver took the key" "$(jget "$T/dd$layout/req-1.json" 'j["verdict"]')" accepted
	lacks "secrets --key argc $layout: not on stdout/stderr" "$OUT" "$DKEY"
done
lacks "secrets --key: not in integrations.log" "$(cat "$H/logs/integrations.log")" "Zm9vYmFyLWJhei1xdXV4"
# A shifted layout (a space in the key) names positions, never the key.
OUT=$(cd "$H" && exec -a integrations "$H/integrations/custom-iris" "$f" "--sec" "ret-$$" "http://127.0.0.1:9/" "" "" 10 3 "> /dev/null 2>&1" < /dev/null 2>&1)
RC=$?
eq "secrets shifted: exit 2" "$RC" 2
lacks "secrets shifted: key halves not printed" "$OUT" "ret-$$"
lacks "secrets shifted: key halves not logged" "$(cat "$H/logs/integrations.log")" "ret-$$"
rm -f "$f"

# --- the process cannot dump core, and nothing secret is left at exit ------
# While it runs (against a server that never answers): no core limit, and
# not dumpable (its /proc files belong to root even when it runs as
# nobody).
start_tool hostile_server.py silent --lifetime 8
f=$(alert_tmp custom-iris "$A")
chmod 0644 "$f"
mkdir -p "$T/nobody"; chown nobody "$T/nobody"
cp "$BIN" "$T/nobody/wazuh-relay"; chmod 0755 "$T/nobody/wazuh-relay"
echo "nobodykey-$$" > "$T/nobody/key"; chmod 0644 "$T/nobody/key"
(cd "$T/nobody" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$T/nobody/wazuh-relay" --to iris --url "http://127.0.0.1:$TOOL_PORT/" \
    --key-file "$T/nobody/key" --timeout 3 "$f" > /dev/null 2>&1) &
bpid=$!
i=0; while [ "$(readlink /proc/$bpid/exe 2>/dev/null)" != "$T/nobody/wazuh-relay" ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done
sleep 0.3	# past main's first lines
eq "secrets: core file size limit 0" "$(awk '/^Max core file size/ {print $5, $6}' /proc/$bpid/limits 2>/dev/null)" "0 0"
eq "secrets: not dumpable (its /proc files are root's)" "$(stat -c %U /proc/$bpid/environ 2>/dev/null)" root
eq "secrets: it does run as nobody" "$(awk '/^Uid:/ {print $2}' /proc/$bpid/status 2>/dev/null)" 65534
wait $bpid
stop_tool

# A core image taken at exit_group holds none of the secrets: the key, a
# header value, the proxy's password, the hook URL's secret path (as in
# Slack and Telegram URLs; gdb would mangle a "?"), over plain
# HTTP through a proxy and over TLS.
C="$T/certs"
sh "$TOP/tests/tls/mkcerts.sh" "$C" > /dev/null 2>&1 || fail "secrets certs" "mkcerts.sh failed"
CKEY="corekey-$$-c0ffee"
HSEC="hdrsecret-$$-beef"
PSEC="proxypass-$$-f00d"
QSEC="urlsecret-$$-cafe"
# gdb re-splits the arguments it is given, so the run uses integratord's
# debug-on layout (argc 8), which has no empty or spaced argument.
core_run() { # NAME URL OPTIONS
	printf '%s' "$3" > "$T/$1.options"
	rm -f "$T/$1.core"
	(cd "$H" && gdb -q -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
	    -ex 'set startup-with-shell off' -ex 'catch syscall exit_group' -ex run \
	    -ex "gcore $T/$1.core" -ex kill --args "$H/integrations/custom-iris" "$f" "$CKEY" "$2" debug \
	    "$T/$1.options" 10 0 < /dev/null > "$T/$1.gdb" 2>&1)
	check "secrets core $1: image written" [ -s "$T/$1.core" ]
	for s in "$CKEY" "$HSEC" "$PSEC" "$QSEC"; do
		eq "secrets core $1: no ${s%%-*}" "$(grep -c -a -F "$s" "$T/$1.core" 2>/dev/null)" 0
	done
}
start_receiver "$T/core-http" --key "$CKEY"
start_tool connect_proxy.py --mode ok --user alice --password "$PSEC" --lifetime 20 --log "$T/core-proxy.log"
core_run http "http://127.0.0.1:$RECV_PORT/$QSEC/alerts/add" \
    "{\"headers\": {\"X-Extra\": \"$HSEC\"}, \"proxy\": \"http://alice:$PSEC@127.0.0.1:$TOOL_PORT\"}"
wait "$RECV_PID"; RECV_PID=
eq "secrets core http: delivered through the proxy" "$(jget "$T/core-http/req-1.json" 'j["verdict"]+" ".join(j["errors"])')" accepted
stop_tool
start_receiver "$T/core-tls" --key "$CKEY" --tls-cert "$C/ec.pem" --tls-key "$C/ec.key"
core_run tls "https://localhost:$RECV_PORT/$QSEC/alerts/add" \
    "{\"headers\": {\"X-Extra\": \"$HSEC\"}, \"ca_file\": \"$C/ca.pem\"}"
wait "$RECV_PID"; RECV_PID=
eq "secrets core tls: delivered" "$(jget "$T/core-tls/req-1.json" 'j["verdict"]+" ".join(j["errors"])')" accepted
rm -f "$f" "$T"/*.core

# --- credentials over plain http:// to another machine: one WARNING --------
f=$(alert_tmp custom-iris "$A")
as_integratord "$H" custom-iris "$f" "plainkey-$$" "http://192.0.2.1:9/alerts/add" "" "" 1 0
log=$(cat "$H/logs/integrations.log")
eq "secrets plain http: one warning" "$(grep -c 'goes to 192.0.2.1 over plain http' "$H/logs/integrations.log")" 1
contains "secrets plain http: says what" "$log" "the API key goes to 192.0.2.1 over plain http://"
lacks "secrets plain http: key not in it" "$log" "plainkey-$$"
start_receiver "$T/lo" --key "lokey-$$"
as_integratord "$H" custom-iris "$f" "lokey-$$" "http://127.0.0.1:$RECV_PORT/" "" "" 10 0
wait "$RECV_PID"; RECV_PID=
eq "secrets plain http loopback: delivered" "$RC" 0
eq "secrets plain http loopback: no warning" "$(grep -c 'over plain http' "$H/logs/integrations.log")" 1
rm -f "$f"

# --- proxy credentials for http:// targets (absolute form) -----------------
start_receiver "$T/px" --key "pxkey-$$"
start_tool connect_proxy.py --mode ok --user bob --password "s3:cr/t" --lifetime 10 --log "$T/px.log"
printf '{"proxy": "http://bob:s3%%3Acr%%2Ft@127.0.0.1:%s"}' "$TOOL_PORT" > "$T/px.options"
f=$(alert_tmp custom-iris "$A")
as_integratord "$H" custom-iris "$f" "pxkey-$$" "http://127.0.0.1:$RECV_PORT/" "" "$T/px.options" 10 0
wait "$RECV_PID"; RECV_PID=
i=0; while ! grep -q target "$T/px.log" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done
stop_tool
eq "secrets http proxy auth: delivered" "$RC" 0
contains "secrets http proxy auth: Proxy-Authorization accepted" "$(cat "$T/px.log")" '"auth_ok": true'
lacks "secrets http proxy auth: not forwarded to the origin" "$(cat "$T/px/req-1.json")" "proxy-authorization"
lacks "secrets http proxy auth: password never logged" "$(cat "$H/logs/integrations.log") $OUT" "s3:cr"
rm -f "$f"
exit 0
