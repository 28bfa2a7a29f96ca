# Shared helpers for tests/cli/*.sh (POSIX sh).  Each check appends a
# P or F line to $RESULTS and prints PASS/FAIL with its name.
set -u
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${RESULTS:=/dev/null}"
BIN="${WR_BIN:-$TOP/build/wazuh-relay}"	# WR_BIN: run the suites against another build
ASAN_BIN="$TOP/build/asan/wazuh-relay"
ALERTS="$TOP/tests/fixtures/alerts"
TOOLS="$TOP/tests/tools"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=98

pass() { echo "PASS $1"; echo "P $1" >> "$RESULTS"; }
fail() { echo "FAIL $1: $2"; echo "F $1" >> "$RESULTS"; }

# check NAME COND-COMMAND...: pass when the command succeeds.
check() {
	name=$1; shift
	if "$@"; then pass "$name"; else fail "$name" "failed: $*"; fi
}

# eq NAME GOT WANT
eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got [$2] want [$3]"; fi
}

# contains NAME HAYSTACK NEEDLE
contains() {
	case "$2" in
	*"$3"*) pass "$1";;
	*) fail "$1" "[$3] not found in [$(printf '%s' "$2" | head -c 400)]";;
	esac
}

# lacks NAME HAYSTACK NEEDLE
lacks() {
	case "$2" in
	*"$3"*) fail "$1" "[$3] found in output";;
	*) pass "$1";;
	esac
}

# A fresh scratch dir under build/tmp, removed by the caller's trap.
scratch() {
	mkdir -p "$TOP/build/tmp"
	mktemp -d "$TOP/build/tmp/t.XXXXXX"
}

# A scratch dir that user nobody can reach (under /tmp, mode 0711: the
# checkout itself may be in a folder only root can enter), removed by the
# caller's trap.  Copy what a run as nobody executes into it.
scratch_public() {
	d=$(mktemp -d /tmp/wrtest.XXXXXX) && chmod 0711 "$d" && echo "$d"
}

# save_logs DIR: keep the log lines a suite produced (every *.log under DIR
# that holds a wazuh-relay log line: integrations.log and log_file files) in
# build/logs-seen/, for the logfmt check that tests/run.sh makes after the
# suites.  Call it first in the EXIT trap.
save_logs() {
	mkdir -p "$TOP/build/logs-seen"
	find "$1" -type f -name '*.log' -print0 2>/dev/null |
	    xargs -0 -r grep -l -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z [^ ]+: (DEBUG|INFO|WARNING|ERROR): ' 2>/dev/null |
	    while read -r lf; do cat "$lf"; done >> "$TOP/build/logs-seen/$(basename "$0" .sh).log"
	return 0
}

# mk_ossec DIR NAME [BINARY]: a Wazuh home with integrations/NAME and logs/.
mk_ossec() {
	mkdir -p "$1/integrations" "$1/logs"
	cp "${3:-$BIN}" "$1/integrations/$2"
	chmod 0750 "$1/integrations/$2"
	: > "$1/logs/integrations.log"
}

# start_receiver OUTDIR ARGS...: start a receiver ($RECEIVER, default the
# IRIS one) in the background; sets RECV_PID and RECV_PORT.
start_receiver() {
	out=$1; shift
	mkdir -p "$out"
	rm -f "$out/port"
	python3 "$TOOLS/${RECEIVER:-iris_receiver.py}" --port-file "$out/port" --out "$out" "$@" \
	    > "$out/receiver.log" 2>&1 &
	RECV_PID=$!
	i=0
	while [ ! -s "$out/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	RECV_PORT=$(cat "$out/port" 2>/dev/null)
}

stop_receiver() {
	[ -n "${RECV_PID:-}" ] && kill "$RECV_PID" 2>/dev/null
	wait "${RECV_PID:-}" 2>/dev/null
	RECV_PID=
}

# as_integratord HOME NAME ALERTFILE API_KEY HOOK_URL DEBUG OPTIONS TIMEOUT RETRIES
# Runs HOME/integrations/NAME exactly as wazuh-integratord 4.8+ does:
# cwd HOME, argv[0] "integrations", stdin /dev/null, the literal
# "> /dev/null 2>&1" argument when debug is off.  Output in $OUT, exit in $RC.
as_integratord() {
	home=$1 name=$2 alert=$3 key=$4 url=$5 dbg=$6 opt=$7 tmo=$8 rtr=$9
	if [ "$dbg" = debug ]; then
		OUT=$(cd "$home" && exec -a integrations "$home/integrations/$name" \
		    "$alert" "$key" "$url" debug "$opt" "$tmo" "$rtr" < /dev/null 2>&1)
	else
		OUT=$(cd "$home" && exec -a integrations "$home/integrations/$name" \
		    "$alert" "$key" "$url" "" "$opt" "$tmo" "$rtr" "> /dev/null 2>&1" \
		    < /dev/null 2>&1)
	fi
	RC=$?
}

# An alert temp file named as integratord names it.
alert_tmp() {
	f="/tmp/$1-$(date +%s)-$$$(od -An -N2 -tu2 /dev/urandom | tr -d ' ').alert"
	cp "$2" "$f"
	echo "$f"
}

# jget FILE EXPR: evaluate a Python expression on the JSON in FILE as j.
jget() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1],encoding="utf-8")); print(eval(sys.argv[2]))' "$1" "$2"
}

# A free TCP port on 127.0.0.1 (best effort: bind 0, read, close).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (max 5 s).
wait_port() {
	python3 - "$1" <<'PY'
import socket, sys, time
end = time.time() + 5
while time.time() < end:
	try:
		socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
		sys.exit(0)
	except OSError:
		time.sleep(0.05)
sys.exit(1)
PY
}

# start_nginx DIR CERT KEY UPSTREAM_PORT [extra ssl directives]: TLS in
# front of a plain-HTTP upstream on 127.0.0.1; sets NGINX_PID, NGINX_PORT.
start_nginx() {
	nd=$1; mkdir -p "$nd"
	NGINX_PORT=$(free_port)
	cat > "$nd/nginx.conf" <<NGX
daemon off; master_process off; worker_processes 1;
pid $nd/nginx.pid; error_log $nd/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path $nd/body; proxy_temp_path $nd/proxy;
  fastcgi_temp_path $nd/fcgi; uwsgi_temp_path $nd/uwsgi; scgi_temp_path $nd/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $2; ssl_certificate_key $3;
    ssl_protocols TLSv1.2 TLSv1.3;
    ${5:-}
    location / { proxy_pass http://127.0.0.1:$4; proxy_http_version 1.1; }
  }
}
NGX
	timeout 60 nginx -e "$nd/error.log" -c "$nd/nginx.conf" > /dev/null 2>&1 &
	NGINX_PID=$!
	wait_port "$NGINX_PORT"
}

stop_nginx() {
	[ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null
	wait "${NGINX_PID:-}" 2>/dev/null
	NGINX_PID=
}

# start_tool OUTVAR-PREFIX TOOL ARGS...: a python tool that writes its
# port to --port-file; sets TOOL_PID and TOOL_PORT.
start_tool() {
	pf=$(mktemp "$TOP/build/tmp/port.XXXXXX"); rm -f "$pf"
	python3 "$TOOLS/$1" "${@:2}" --port-file "$pf" > /dev/null 2>&1 &
	TOOL_PID=$!
	i=0
	while [ ! -s "$pf" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	TOOL_PORT=$(cat "$pf" 2>/dev/null); rm -f "$pf"
}

stop_tool() {
	[ -n "${TOOL_PID:-}" ] && kill "$TOOL_PID" 2>/dev/null
	wait "${TOOL_PID:-}" 2>/dev/null
	TOOL_PID=
}
