#!/bin/bash
# HTTPS delivery with the binary: interop with nginx, openssl s_server and
# gnutls-serv; every refusal with its message and exit code and nothing
# sent; hostile servers; CONNECT proxies; an empty chroot.
. "$(dirname "$0")/../lib.sh"
T=$(scratch)
trap 'save_logs "$T"; stop_receiver; stop_nginx; stop_tool; rm -rf "$T"' EXIT
C="$T/certs"
sh "$TOP/tests/tls/mkcerts.sh" "$C" > /dev/null 2>&1 || fail "tls certs" "mkcerts.sh failed"
A="$ALERTS/ssh-bruteforce-5712.json"
echo k > "$T/key"
GOLD="$TOP/tests/golden/iris/ssh-bruteforce-5712.json"

# opts NAME JSON: an options file with a log file beside it.
opts() { printf '%s' "$2" > "$T/$1.options"; }
# relay URL OPTIONSNAME [TIMEOUT] [RETRIES]: run the binary; OUT, RC.
relay() {
	OUT=$("$BIN" --to iris --url "$1" --key-file "$T/key" --options "$T/$2.options" \
	    --timeout "${3:-5}" --retries "${4:-0}" "$A" 2>&1 < /dev/null); RC=$?
}

# --- nginx (OpenSSL) in front of the IRIS receiver ------------------------
for leaf in ec rsa chain; do
	cert="$C/$leaf.pem"; [ $leaf = chain ] && cert="$C/chain.full.pem"
	start_receiver "$T/r-ng-$leaf" --key k
	start_nginx "$T/ng-$leaf" "$cert" "$C/$leaf.key" "$RECV_PORT"
	opts ng "{\"ca_file\": \"$C/bundle.pem\", \"log_file\": \"$T/relay.log\"}"
	relay "https://localhost:$NGINX_PORT/alerts/add" ng
	stop_nginx; wait "$RECV_PID"; RECV_PID=
	eq "tls nginx $leaf: exit 0" "$RC" 0
	eq "tls nginx $leaf: IRIS accepts" "$(jget "$T/r-ng-$leaf/req-1.json" 'j["verdict"]' 2>/dev/null)" accepted
	check "tls nginx $leaf: the right body arrived" cmp -s "$T/r-ng-$leaf/req-1.body" "$GOLD"
done

# IP-literal URL verified against the certificate's IP SAN, and by pin.
start_receiver "$T/r-ip" --key k --max-requests 3
start_nginx "$T/ng-ip" "$C/ec.pem" "$C/ec.key" "$RECV_PORT"
opts ip "{\"ca_file\": \"$C/ca.pem\"}"
relay "https://127.0.0.1:$NGINX_PORT/alerts/add" ip
eq "tls IP SAN 127.0.0.1: delivered" "$RC" 0
# The system bundle with our CA appended: ~140 anchors, still verified.
sys=/etc/ssl/certs/ca-certificates.crt
if [ -f "$sys" ]; then
	cat "$sys" "$C/ca.pem" > "$T/sysplus.pem"
	opts sys "{\"ca_file\": \"$T/sysplus.pem\"}"
	relay "https://localhost:$NGINX_PORT/alerts/add" sys
	eq "tls system bundle + test CA: delivered" "$RC" 0
fi
opts pin "{\"pin_sha256\": \"$(cat "$C/ec.pin")\"}"
relay "https://localhost:$NGINX_PORT/alerts/add" pin
eq "tls pin without CA: delivered" "$RC" 0
stop_nginx; stop_receiver

# --- openssl s_server: canned response on stdin, request on stdout --------
# s_serve NAME CERT KEY [s_server args...]: one connection; sets SS_PID, SS_PORT.
s_serve() {
	ssn=$1 sc=$2 sk=$3; shift 3
	SS_PORT=$(free_port)
	( sleep 1.5; printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\nConnection: close\r\n\r\n{"status":"success"}'; sleep 1.5 ) |
	    timeout 15 openssl s_server -naccept 1 -accept "127.0.0.1:$SS_PORT" \
	    -cert "$sc" -key "$sk" "$@" > "$T/ss-$ssn.out" 2> "$T/ss-$ssn.err" &
	SS_PID=$!
	# Not wait_port: s_server -naccept 1 would spend its one accept on it.
	i=0
	while ! grep -q ACCEPT "$T/ss-$ssn.out" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
}
for leaf in ec rsa; do
	s_serve "$leaf" "$C/$leaf.pem" "$C/$leaf.key"
	opts ss "{\"ca_file\": \"$C/bundle.pem\"}"
	relay "https://localhost:$SS_PORT/alerts/add" ss
	wait $SS_PID 2>/dev/null
	eq "tls s_server $leaf: exit 0" "$RC" 0
	contains "tls s_server $leaf: request arrived" "$(cat "$T/ss-$leaf.out")" "POST /alerts/add HTTP/1.1"
	check "tls s_server $leaf: the right body arrived" grep -qF "$(cat "$GOLD")" "$T/ss-$leaf.out"
done

# --- gnutls-serv --echo: the server returns our request; the TLS channel
# carried it intact if the echo parses back as our own request.
for leaf in ec rsa; do
	GP=$(free_port)
	timeout 15 gnutls-serv --echo -p "$GP" --x509certfile "$C/$leaf.pem" \
	    --x509keyfile "$C/$leaf.key" > "$T/gs-$leaf.log" 2>&1 &
	GS=$!
	wait_port "$GP"
	opts gs "{\"ca_file\": \"$C/bundle.pem\", \"log_file\": \"$T/gs.log\"}"
	OUT=$("$BIN" --to iris --url "https://localhost:$GP/alerts/add" --key-file "$T/key" \
	    --options "$T/gs.options" --timeout 3 --retries 0 --debug "$A" 2>&1); RC=$?
	kill $GS 2>/dev/null; wait $GS 2>/dev/null
	# The echo is not an HTTP response: exit 15, not a TLS error.
	eq "tls gnutls-serv $leaf: handshake ok, echo is not HTTP (15)" "$RC" 15
	contains "tls gnutls-serv $leaf: TLS 1.2 ECDHE AEAD session" "$(cat "$T/gs-$leaf.log")" "(TLS1.2"
	contains "tls gnutls-serv $leaf: ECDHE" "$(cat "$T/gs-$leaf.log")" "ECDHE"
done

# --- refusals: each with its words and exit 12, and nothing sent ----------
refuse() { # NAME LEAF HOST OPTIONSJSON WANT-TEXT [s_server args...]
	rn=$1 rl=$2 rh=$3 ro=$4 rw=$5; shift 5
	s_serve "r-$rn" "$C/$rl.pem" "$C/$rl.key" "$@"
	opts ref "$ro"
	relay "https://$rh:$SS_PORT/alerts/add" ref 5 2
	kill $SS_PID 2>/dev/null; wait $SS_PID 2>/dev/null
	eq "tls refuse $rn: exit 12" "$RC" 12
	contains "tls refuse $rn: says why" "$(printf '%s\n' "$OUT" | tail -1)" "$rw"
	lacks "tls refuse $rn: nothing sent" "$(cat "$T/ss-r-$rn.out")" "POST"
	lacks "tls refuse $rn: not retried" "$OUT" "attempts=2"
}
CA="{\"ca_file\": \"$C/ca.pem\"}"
refuse untrusted other localhost "$CA" "unknown CA"
refuse expired expired localhost "$CA" "certificate expired"
refuse future future localhost "$CA" "not yet valid"
refuse wronghost wronghost localhost "$CA" "host name mismatch"
refuse no-ip-san noip 127.0.0.1 "$CA" "127.0.0.1"
refuse dnsname-ip dnsip 127.0.0.1 "$CA" "127.0.0.1"
refuse cn-only cnonly 127.0.0.1 "$CA" "127.0.0.1"
refuse pin-mismatch ec localhost "{\"pin_sha256\": \"$(cat "$C/rsa.pin")\"}" "pin mismatch"
refuse self-signed self localhost "{\"ca_file\": \"$C/ca.pem\"}" "unknown CA"
refuse weak-suites rsa localhost "{\"ca_file\": \"$C/bundle.pem\"}" "cipher suite" -no_tls1_3 -cipher 'AES128-SHA:@SECLEVEL=0'
refuse tls10-only ec localhost "$CA" "TLS version" -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
# Self-signed with neither CA nor pin: the system bundle does not know it.
refuse no-ca-no-pin self localhost "{}" "unknown CA"
# No DNS subjectAltName: never matched by its CN (RFC 9525), the fix in the words.
NODNS='TLS with localhost refused: certificate has no DNS subjectAltName (matching by CN is refused, RFC 9525): reissue it with subjectAltName=DNS:localhost, or set "tls_cn_fallback": true for an old appliance'
refuse cn-only-host cnhost localhost "$CA" "$NODNS"
refuse cn-only-host-ca-and-pin cnhost localhost "{\"ca_file\": \"$C/ca.pem\", \"pin_sha256\": \"$(cat "$C/cnhost.pin")\"}" "$NODNS"
# Extended key usage of the leaf and of the CAs below the anchor.
refuse eku-client-only ekuclient localhost "$CA" "TLS with localhost refused: certificate not valid for TLS servers (extended key usage lacks serverAuth)"
refuse eku-smime-ca smime localhost "$CA" "TLS with localhost refused: CA certificate in the chain not valid for TLS servers (extended key usage lacks serverAuth)" -cert_chain "$C/smime-int.pem"

# tls_cn_fallback: the CN-only certificate is accepted, and warned about.
s_serve cnfb "$C/cnhost.pem" "$C/cnhost.key"
opts cnfb "{\"ca_file\": \"$C/ca.pem\", \"tls_cn_fallback\": true, \"log_file\": \"$T/cnfb.log\"}"
relay "https://localhost:$SS_PORT/alerts/add" cnfb
wait $SS_PID 2>/dev/null
eq "tls cn fallback: delivered" "$RC" 0
contains "tls cn fallback: request arrived" "$(cat "$T/ss-cnfb.out")" "POST /alerts/add HTTP/1.1"
contains "tls cn fallback: warning in the log" "$(cat "$T/cnfb.log")" 'WARNING: msg="TLS: a certificate without a subjectAltName is accepted by its CN for localhost (\"tls_cn_fallback\": true)'
# A pinned CN-only certificate: the pin is the identity, names are not looked at.
s_serve cnpin "$C/cnhost.pem" "$C/cnhost.key"
opts cnpin "{\"pin_sha256\": \"$(cat "$C/cnhost.pin")\"}"
relay "https://localhost:$SS_PORT/alerts/add" cnpin
wait $SS_PID 2>/dev/null
eq "tls cn-only pinned: delivered" "$RC" 0
contains "tls cn-only pinned: request arrived" "$(cat "$T/ss-cnpin.out")" "POST /alerts/add HTTP/1.1"

# insecure: accepted, and loudly logged for every alert.
s_serve insecure "$C/self.pem" "$C/self.key"
opts ins "{\"insecure\": true, \"log_file\": \"$T/ins.log\"}"
relay "https://localhost:$SS_PORT/alerts/add" ins
wait $SS_PID 2>/dev/null
eq "tls insecure: delivered" "$RC" 0
contains "tls insecure: warning in the log" "$(cat "$T/ins.log")" 'WARNING: msg="TLS certificate verification is DISABLED for localhost'
# A missing ca_file is a configuration error, never a silent pass.
opts miss "{\"ca_file\": \"$T/nonexistent.pem\"}"
relay "https://localhost:9/alerts/add" miss
eq "tls missing ca_file: exit 2" "$RC" 2
contains "tls missing ca_file: names it" "$OUT" "nonexistent.pem"

# --- hostile servers (plain HTTP; deadline 3 s) ----------------------------
hostile() { # MODE WANT-EXIT WANT-TEXT [TIMEOUT] [RETRIES]
	start_tool hostile_server.py "$1" --lifetime 12
	opts plain "{\"log_file\": \"$T/h.log\"}"
	t0=$(date +%s%N)
	relay "http://127.0.0.1:$TOOL_PORT/alerts/add" plain "${4:-3}" "${5:-0}"
	t1=$(date +%s%N)
	stop_tool
	eq "tls hostile $1: exit" "$RC" "$2"
	contains "tls hostile $1: message" "$(printf '%s\n' "$OUT" | tail -1)" "$3"
	check "tls hostile $1: within the deadline" [ $(( (t1 - t0) / 1000000 )) -lt $(( ${4:-3} * 1000 + 1500 )) ]
}
hostile silent 11 "timed out"
hostile slow 11 "timed out"
hostile endless-headers 15 "response headers too large"
hostile big-body 0 "delivered"
hostile bad-chunk 15 "bad chunk"
hostile chunk-overflow 15 "bad chunk"
hostile cl-te 15 "both Content-Length and Transfer-Encoding"
hostile reset-mid-body 0 "delivered"
hostile redirect-301 15 "HTTP 301 redirect to https://elsewhere.example/alerts/add not followed"
hostile redirect-302 15 "HTTP 302 redirect"
lacks "tls hostile redirect: no query string (token) in the output" "$OUT" "SECRET"
hostile continue-100 0 "delivered"
hostile http10-close 0 "delivered"
hostile status-429-then-200 0 "delivered" 5 2
contains "tls hostile 429: two attempts logged" "$(tail -1 "$T/h.log")" "attempts=2"
hostile status-503-date 0 "delivered" 6 2
hostile always-503 14 "HTTP 503" 4 5
hostile retry-after-long 14 "no time left" 3 3

# A TLS server that accepts and never answers: a handshake timeout (11).
start_tool hostile_server.py silent --lifetime 8
opts hs "{\"ca_file\": \"$C/ca.pem\"}"
relay "https://127.0.0.1:$TOOL_PORT/alerts/add" hs 2 2
stop_tool
eq "tls handshake timeout: exit 11" "$RC" 11
contains "tls handshake timeout: said as such" "$(printf '%s\n' "$OUT" | tail -1)" "TLS handshake timeout"

# --- CONNECT proxy ------------------------------------------------------------
start_receiver "$T/r-px" --key k --max-requests 4
start_nginx "$T/ng-px" "$C/ec.pem" "$C/ec.key" "$RECV_PORT"
start_tool connect_proxy.py --mode ok --user alice --password 'pa:ss' --lifetime 20 --log "$T/proxy.log"
opts px "{\"ca_file\": \"$C/ca.pem\", \"proxy\": \"http://alice:pa%3Ass@127.0.0.1:$TOOL_PORT\", \"log_file\": \"$T/px.log\"}"
relay "https://localhost:$NGINX_PORT/alerts/add" px
eq "tls proxy CONNECT with auth: delivered" "$RC" 0
i=0; while ! grep -q CONNECT "$T/proxy.log" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done
contains "tls proxy: went through the proxy" "$(cat "$T/proxy.log")" "\"method\": \"CONNECT\""
lacks "tls proxy: credentials never logged" "$(cat "$T/px.log") $OUT" "pa:ss"
# The environment, honoring no_proxy.
opts env "{\"ca_file\": \"$C/ca.pem\"}"
OUT=$(https_proxy="http://alice:pa%3Ass@127.0.0.1:$TOOL_PORT" "$BIN" --to iris \
    --url "https://localhost:$NGINX_PORT/alerts/add" --key-file "$T/key" --options "$T/env.options" \
    --timeout 5 --retries 0 "$A" 2>&1); RC=$?
eq "tls proxy from https_proxy: delivered" "$RC" 0
n1=$(grep -c CONNECT "$T/proxy.log")
OUT=$(https_proxy="http://127.0.0.1:$TOOL_PORT" no_proxy="example.org,localhost" "$BIN" --to iris \
    --url "https://localhost:$NGINX_PORT/alerts/add" --key-file "$T/key" --options "$T/env.options" \
    --timeout 5 --retries 0 "$A" 2>&1); RC=$?
eq "tls no_proxy: delivered directly" "$RC" 0
eq "tls no_proxy: proxy not used" "$(grep -c CONNECT "$T/proxy.log")" "$n1"
stop_tool
# Plain HTTP through the proxy: absolute-form request, no CONNECT.
start_receiver "$T/r-pxh" --key k
start_tool connect_proxy.py --mode ok --lifetime 10 --log "$T/proxyh.log"
opts pxh "{\"proxy\": \"http://127.0.0.1:$TOOL_PORT\"}"
relay "http://127.0.0.1:$RECV_PORT/alerts/add" pxh
# The proxy logs a request once it has relayed the answer: let it finish.
i=0; while ! grep -q target "$T/proxyh.log" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done
stop_tool; wait "$RECV_PID"; RECV_PID=
eq "tls proxy plain HTTP: delivered" "$RC" 0
contains "tls proxy plain HTTP: absolute-form through the proxy" "$(cat "$T/proxyh.log")" "\"target\": \"http://127.0.0.1:"
for mode in 407 403 garbage close; do
	start_tool connect_proxy.py --mode $mode --lifetime 10
	opts pxf "{\"ca_file\": \"$C/ca.pem\", \"proxy\": \"http://127.0.0.1:$TOOL_PORT\"}"
	relay "https://localhost:$NGINX_PORT/alerts/add" pxf
	stop_tool
	eq "tls proxy $mode: exit 10" "$RC" 10
	contains "tls proxy $mode: says the proxy failed" "$(printf '%s\n' "$OUT" | tail -1)" "proxy"
done
stop_nginx; stop_receiver

# --- the static binary in an empty chroot ----------------------------------
if [ "$(id -u)" = 0 ]; then
	J="$T/jail"
	mkdir -p "$J"
	cp "$BIN" "$J/wazuh-relay"; cp "$A" "$J/alert.json"; cp "$C/ca.pem" "$J/ca.pem"
	echo k > "$J/key"
	printf '{"ca_file": "/ca.pem"}' > "$J/o.options"
	start_receiver "$T/r-jail" --key k
	start_nginx "$T/ng-jail" "$C/ec.pem" "$C/ec.key" "$RECV_PORT"
	OUT=$(chroot "$J" /wazuh-relay --to iris --url "https://127.0.0.1:$NGINX_PORT/alerts/add" \
	    --key-file /key --options /o.options --timeout 5 /alert.json 2>&1); RC=$?
	stop_nginx; wait "$RECV_PID"; RECV_PID=
	eq "tls chroot: delivered from an empty directory" "$RC" 0
	eq "tls chroot: jail holds only our files" "$(ls "$J" | tr '\n' ' ')" "alert.json ca.pem key o.options wazuh-relay "
	eq "tls chroot: IRIS accepts" "$(jget "$T/r-jail/req-1.json" 'j["verdict"]' 2>/dev/null)" accepted
	# No /proc in the jail: the destination comes from argv[0].
	cp "$BIN" "$J/custom-iris"
	OUT=$(chroot "$J" /custom-iris --dry-run /alert.json 2>&1); RC=$?
	eq "tls chroot: destination from argv[0] without /proc" "$RC" 0
	contains "tls chroot: it is the IRIS body" "$OUT" '"alert_source":"Wazuh"'
	rm -f "$J/custom-iris"
fi

# --- a resolver that never answers costs the deadline, not its own timeouts ---
if [ "$(id -u)" = 0 ]; then
	J="$T/jdns"
	mkdir -p "$J/etc"
	cp "$BIN" "$J/wazuh-relay"; cp "$A" "$J/alert.json"; echo k > "$J/key"
	printf 'nameserver 127.0.0.1\noptions timeout:30 attempts:5\n' > "$J/etc/resolv.conf"
	python3 -c '
import socket,sys,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
try: s.bind(("127.0.0.1",53))
except OSError: sys.exit(0)
open(sys.argv[1],"w").write("ok"); s.settimeout(0.2)
end=time.time()+10
while time.time()<end:
	try: s.recvfrom(2048)
	except OSError: pass
' "$T/dns.ok" & DNS=$!
	i=0; while [ ! -s "$T/dns.ok" ] && kill -0 $DNS 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
	if [ -s "$T/dns.ok" ]; then
		t0=$(date +%s%N)
		OUT=$(chroot "$J" /wazuh-relay --to iris --url http://iris.invalid.example/alerts/add \
		    --key-file /key --timeout 2 --retries 3 /alert.json 2>&1); RC=$?
		t1=$(date +%s%N)
		eq "tls dns: silent resolver -> exit 11" "$RC" 11
		contains "tls dns: says resolving" "$(printf '%s\n' "$OUT" | tail -1)" "timed out resolving iris.invalid.example"
		check "tls dns: within the 2 s deadline (resolver asks for 150 s)" [ $(( (t1 - t0) / 1000000 )) -lt 3500 ]
	fi
	kill $DNS 2>/dev/null; wait $DNS 2>/dev/null
fi

exit 0
