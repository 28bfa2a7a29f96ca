#!/bin/sh
# run-tls-tests.sh PROBE [CERTDIR]: handshake cases against openssl
# s_server on 127.0.0.1 (and ::1 when available).  PROBE is a built
# tests/tls/tls_probe.  Certificates come from CERTDIR when given (made
# by mkcerts.sh), else are generated into a temporary directory.
# Each server serves one connection (-naccept 1) under `timeout 20`.
# Prints "PASS name" / "FAIL name: got ..., want ..." and exits with the
# number of failures (capped at 100).
set -u

probe=${1:?usage: run-tls-tests.sh PROBE [CERTDIR]}
case $probe in /*) ;; *) probe=$PWD/$probe ;; esac
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wr-tls.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ $# -ge 2 ]; then
	certs=$(cd "$2" && pwd)
else
	certs=$tmp/certs
	sh "$here/mkcerts.sh" "$certs" || { echo "FAIL mkcerts"; exit 1; }
fi

fails=0
n=0
# A port the kernel says is free now (fixed ranges collided with the
# ephemeral ports of other tests' connections).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
sysbundle=
for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt \
    /etc/ssl/ca-bundle.pem /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem \
    /etc/ssl/cert.pem; do
	if [ -f "$f" ]; then sysbundle=$f; break; fi
done
if [ -n "$sysbundle" ]; then
	cat "$sysbundle" "$certs/ca.pem" > "$tmp/sysplus.pem"
fi
have_v6=0
if [ -r /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6; then
	have_v6=1
fi

# check NAME WANT GOT: WANT is a shell pattern.
check() {
	case $3 in
	$2) echo "PASS $1" ;;
	*) echo "FAIL $1: got '$3', want '$2'"; fails=$((fails + 1)) ;;
	esac
}

# case NAME WANT "SERVER ARGS" URLHOST PROBE-ARGS...
# Starts s_server on a fresh port with SERVER ARGS (cwd = certs), runs
# the probe against https://URLHOST:PORT/ and checks its line.
run() {
	name=$1 want=$2 sargs=$3 host=$4
	shift 4
	n=$((n + 1))
	port=$(free_port)
	case $host in
	*:*) accept="[$host]:$port"; url="https://[$host]:$port/" ;;
	*) accept="127.0.0.1:$port"; url="https://$host:$port/" ;;
	esac
	log=$tmp/server.$n.log
	(cd "$certs" && exec timeout 20 openssl s_server -accept "$accept" \
	    -naccept 1 -www $sargs) > "$log" 2>&1 &
	spid=$!
	i=0
	while ! grep -q ACCEPT "$log" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 $spid 2>/dev/null; then
			echo "FAIL $name: s_server did not start: $(head -c 300 "$log")"
			fails=$((fails + 1))
			kill $spid 2>/dev/null
			wait $spid 2>/dev/null
			return
		fi
		sleep 0.05
	done
	got=$(cd "$certs" && timeout 20 "$probe" -t 5000 "$@" "$url" 2>/dev/null)
	check "$name" "$want" "$got"
	# The server ends by itself after its one connection (or the
	# timeout); a probe that never connected leaves it waiting.
	i=0
	while kill -0 $spid 2>/dev/null && [ $i -lt 20 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
}

EC="-cert ec.pem -key ec.key"
RSA="-cert rsa.pem -key rsa.key"
T12="-no_tls1_3"
NOSUITE='fail proto: server offers no acceptable TLS version or cipher suite (TLS 1.2 with ECDHE+AEAD required)*'
NOSUITE_L='fail proto: server offers no acceptable TLS version or cipher suite (TLS 1.2 with ECDHE required)*'
UNKNOWN='fail cert: unknown CA (certificate not trusted)'

# Trusted chains.
run ecdsa-ca-file "ok [1-9]*" "$EC" localhost -g -c ca.pem
run rsa-ca-file "ok" "$RSA" localhost -c rsaca.pem
run bundle-file "ok" "$RSA" localhost -c bundle.pem
run intermediate-p384 "ok" "-cert chain.pem -key chain.key -cert_chain int.pem" localhost -c rsaca.pem
run chacha20 "ok" "$EC $T12 -cipher ECDHE-ECDSA-CHACHA20-POLY1305" localhost -c ca.pem
run aes256-gcm "ok" "$RSA $T12 -cipher ECDHE-RSA-AES256-GCM-SHA384" localhost -c rsaca.pem
# SNI: the server answers with the EC leaf only when it sees SNI
# "localhost"; the RSA leaf (untrusted here) otherwise.  IP literals
# must not send SNI, even when the server would match it.
run sni-sent "ok" "$RSA -servername localhost -cert2 ec.pem -key2 ec.key" localhost -c ca.pem
run no-sni-for-ip "$UNKNOWN" "$RSA -servername 127.0.0.1 -cert2 ec.pem -key2 ec.key" 127.0.0.1 -c ca.pem
if [ -n "$sysbundle" ]; then
	run system-bundle-plus-ca "ok" "$EC" localhost -c "$tmp/sysplus.pem"
fi

# Chain and date failures.
run untrusted-ca "$UNKNOWN" "-cert other.pem -key other.key" localhost -c ca.pem
run expired "fail cert: certificate expired" "-cert expired.pem -key expired.key" localhost -c ca.pem
run not-yet-valid "fail cert: certificate not yet valid" "-cert future.pem -key future.key" localhost -c ca.pem
run wrong-host "fail cert: host name mismatch" "-cert wronghost.pem -key wronghost.key" localhost -c ca.pem

# IP literals.
run ipv4-san "ok" "$EC" 127.0.0.1 -c ca.pem
if [ $have_v6 = 1 ]; then
	run ipv6-san "ok" "$EC" ::1 -c ca.pem
	run ipv6-not-in-v4-only "fail cert: certificate has no IP SAN for ::1" \
	    "-cert self.pem -key self.key" ::1 -c self.pem
fi
run ipv4-no-ip-san "fail cert: certificate has no IP SAN for 127.0.0.1" "-cert noip.pem -key noip.key" 127.0.0.1 -c ca.pem
run ipv4-dnsname-spelling-ip "fail cert: certificate has no IP SAN for 127.0.0.1" "-cert dnsip.pem -key dnsip.key" 127.0.0.1 -c ca.pem
run ipv4-mapped-only "fail cert: certificate has no IP SAN for 127.0.0.1" "-cert mapped.pem -key mapped.key" 127.0.0.1 -c ca.pem
run ipv4-cn-only "fail cert: certificate has no IP SAN for 127.0.0.1" "-cert cnonly.pem -key cnonly.key" 127.0.0.1 -c ca.pem

# No DNS SAN: matching by CN is refused (RFC 9525) unless -n
# (tls_cn_fallback); pins alone never look at names.
NODNS='fail cert: certificate has no DNS subjectAltName (matching by CN is refused, RFC 9525): reissue it with subjectAltName=DNS:localhost, or set "tls_cn_fallback": true for an old appliance'
run cn-only-refused "$NODNS" "-cert cnhost.pem -key cnhost.key" localhost -c ca.pem
run cn-only-refused-with-pin "$NODNS" "-cert cnhost.pem -key cnhost.key" localhost -c ca.pem -p "$(cat "$certs/cnhost.pin")"
run cn-only-wrong-cn "$NODNS" "-cert cnonly.pem -key cnonly.key" localhost -c ca.pem
run cn-only-fallback "ok" "-cert cnhost.pem -key cnhost.key" localhost -n -c ca.pem
run cn-only-fallback-wrong-cn "fail cert: host name mismatch" "-cert cnonly.pem -key cnonly.key" localhost -n -c ca.pem
run cn-only-pin "ok" "-cert cnhost.pem -key cnhost.key" localhost -p "$(cat "$certs/cnhost.pin")"
run ip-san-only-for-name "$NODNS" "-cert mapped.pem -key mapped.key" localhost -c ca.pem
run ip-san-only-for-name-fallback "fail cert: host name mismatch" "-cert mapped.pem -key mapped.key" localhost -n -c ca.pem

# Extended key usage: the leaf and every CA used below the anchor.
EKU_LEAF='fail cert: certificate not valid for TLS servers (extended key usage lacks serverAuth)'
EKU_CA='fail cert: CA certificate in the chain not valid for TLS servers (extended key usage lacks serverAuth)'
run eku-client-only "$EKU_LEAF" "-cert ekuclient.pem -key ekuclient.key" localhost -c ca.pem
run eku-client-only-ip "$EKU_LEAF" "-cert ekuclient.pem -key ekuclient.key" 127.0.0.1 -c ca.pem
run eku-client-only-ca-and-pin "$EKU_LEAF" "-cert ekuclient.pem -key ekuclient.key" localhost -c ca.pem -p "$(cat "$certs/ekuclient.pin")"
run eku-empty "fail cert: certificate malformed (empty or bad extended key usage)" "-cert ekuempty.pem -key ekuempty.key" localhost -c ca.pem
run eku-any "ok" "-cert ekuany.pem -key ekuany.key" localhost -c ca.pem
run eku-absent "ok" "-cert ekunone.pem -key ekunone.key" localhost -c ca.pem
run eku-smime-intermediate "$EKU_CA" "-cert smime.pem -key smime.key -cert_chain smime-int.pem" localhost -c ca.pem
run eku-empty-intermediate "fail cert: CA certificate in the chain malformed (empty or bad extended key usage)" "-cert badint.pem -key badint.key -cert_chain empty-int.pem" localhost -c ca.pem
run eku-smime-intermediate-is-anchor "ok" "-cert smime.pem -key smime.key -cert_chain smime-int.pem" localhost -c smime-int.pem
run eku-unused-extra-cert "ok" "-cert chain.pem -key chain.key -cert_chain chain.extra.pem" localhost -c rsaca.pem
run eku-client-only-pin "ok" "-cert ekuclient.pem -key ekuclient.key" localhost -p "$(cat "$certs/ekuclient.pin")"
run eku-client-only-insecure "ok" "-cert ekuclient.pem -key ekuclient.key" localhost -k
run eku-client-direct-trust "$EKU_LEAF" "-cert ekuclient.pem -key ekuclient.key" localhost -c ekuclient.pem

# Self-signed servers: direct trust, pins, nothing.
run self-direct-trust "ok" "-cert self.pem -key self.key" localhost -c self.pem
run self-direct-trust-ip "ok" "-cert self.pem -key self.key" 127.0.0.1 -c self.pem
run pin-self-no-ca "ok" "-cert self.pem -key self.key" localhost -p "$(cat "$certs/self.pin")"
run pin-self-ip-no-ca "ok" "-cert self.pem -key self.key" 127.0.0.1 -p "$(cat "$certs/self.pin")"
run pin-list "ok" "-cert self.pem -key self.key" localhost -p "$(cat "$certs/ec.pin"); $(cat "$certs/self.pin")"
run pin-mismatch "fail cert: pin mismatch" "-cert self.pem -key self.key" localhost -p "$(cat "$certs/ec.pin")"
run pin-and-ca "ok" "$EC" localhost -c ca.pem -p "$(cat "$certs/ec.pin")"
run pin-and-ca-mismatch "fail cert: pin mismatch" "$EC" localhost -c ca.pem -p "$(cat "$certs/rsa.pin")"
run pin-and-ca-untrusted "$UNKNOWN" "-cert other.pem -key other.key" localhost -c ca.pem -p "$(cat "$certs/other.pin")"
if [ -n "$sysbundle" ]; then
	run self-no-ca-no-pin "$UNKNOWN" "-cert self.pem -key self.key" localhost
fi

# Insecure (explicit opt-out) accepts anything.
run insecure-self "ok" "-cert self.pem -key self.key" localhost -k
run insecure-expired-wronghost "ok" "-cert expired.pem -key expired.key" 127.0.0.1 -k
run insecure-keeps-pins "fail cert: pin mismatch" "-cert self.pem -key self.key" localhost -k -p "$(cat "$certs/ec.pin")"
run insecure-with-pin "ok" "-cert expired.pem -key expired.key" localhost -k -c ca.pem -p "$(cat "$certs/expired.pin")"
run pin-ignores-dates "ok" "-cert expired.pem -key expired.key" localhost -p "$(cat "$certs/expired.pin")"

# Protocol versions and suites.
run tls10-only "$NOSUITE" "$RSA -tls1 -cipher DEFAULT@SECLEVEL=0" localhost -c rsaca.pem
run tls10-only-legacy "$NOSUITE_L" "$RSA -tls1 -cipher DEFAULT@SECLEVEL=0" localhost -l -c rsaca.pem
run tls13-only "$NOSUITE" "$RSA -tls1_3" localhost -c rsaca.pem
run rsa-kex-only "$NOSUITE" "$RSA $T12 -cipher AES128-SHA" localhost -c rsaca.pem
run cbc-without-legacy "$NOSUITE" "$EC $T12 -cipher ECDHE-ECDSA-AES128-SHA" localhost -c ca.pem
run cbc-with-legacy "ok [1-9]*" "$EC $T12 -cipher ECDHE-ECDSA-AES128-SHA" localhost -g -l -c ca.pem
run cbc-sha384-with-legacy "ok" "$RSA $T12 -cipher ECDHE-RSA-AES256-SHA384" localhost -l -c rsaca.pem

# Plain TCP peers (python3): silent until the deadline, or closing at once.
# rawpeer NAME WANT MODE: MODE "silent" or "close" (after reading
# the ClientHello).
rawpeer() {
	n=$((n + 1))
	port=$(free_port)
	log=$tmp/raw.$n.log
	timeout 10 python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
print("ACCEPT", flush=True)
s.settimeout(8)
c, _ = s.accept()
if sys.argv[2] == "silent":
    time.sleep(3)
else:
    c.settimeout(5)
    c.recv(65536)            # the ClientHello, so close() sends FIN, not RST
c.close()
' "$port" "$3" > "$log" 2>&1 &
	spid=$!
	i=0
	while ! grep -q ACCEPT "$log" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	got=$(timeout 20 "$probe" -t 500 -c "$certs/ca.pem" "https://localhost:$port/" 2>/dev/null)
	check "$1" "$2" "$got"
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
}
if command -v python3 >/dev/null 2>&1; then
	rawpeer handshake-timeout "fail io: handshake timeout" silent
	rawpeer peer-closes "fail io: connection closed by server during TLS" close
fi

# Configuration errors (no server needed, but harmless).
got=$("$probe" -c /nonexistent/ca.pem https://localhost:1/ 2>/dev/null)
check missing-ca-file "fail setup: ca_file /nonexistent/ca.pem: no such file" "$got"
got=$("$probe" -c "$certs/ec.key" https://localhost:1/ 2>/dev/null)
check ca-file-without-cert "fail setup: ca_file $certs/ec.key: no PEM certificate found" "$got"
got=$("$probe" -p sha256//nope https://localhost:1/ 2>/dev/null)
check bad-pin "fail setup: pin is not the base64 of 32 bytes" "$got"

echo "tls: $n server cases, $fails failures"
[ $fails -gt 100 ] && fails=100
exit $fails
