#!/usr/bin/env python3
"""Benchmark driver for `make bench` (see scripts/bench).

Starts nginx with TLS (ECDSA P-256 certificate from a CA made here) on
127.0.0.1, then runs N deliveries each of: wazuh-relay with a one-CA
ca_file, wazuh-relay with the system bundle plus that CA (about 140
anchors), and curl --cacert, interleaved so that all see the same machine
state.  Each run's wall time, CPU time (user+sys) and peak RSS come from
wait4().  Prints medians and ratios.
"""
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

top, n = sys.argv[1], int(sys.argv[2])
relay = os.path.join(top, "build", "wazuh-relay")
alert = os.path.join(top, "tests", "fixtures", "alerts", "ssh-bruteforce-5712.json")
system_bundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]


def run(cmd, **kw):
	subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def free_port():
	s = socket.socket()
	s.bind(("127.0.0.1", 0))
	p = s.getsockname()[1]
	s.close()
	return p


launcher = os.path.join(top, "build", "bench-run")


def measure(cmd):
	"""wall ms, CPU ms, peak RSS KiB of one run, through the static launcher."""
	exe = shutil.which(cmd[0]) or cmd[0]
	r = subprocess.run([launcher, exe] + cmd[1:], stdout=subprocess.PIPE, text=True)
	if r.returncode != 0:
		raise SystemExit("bench: command failed: %s" % " ".join(cmd))
	w, c, m = r.stdout.split()
	return float(w), float(c), int(m)


def main(kind):
	d = tempfile.mkdtemp(prefix="wr-bench-")
	nginx = None
	try:
		ossl = ["openssl"]
		run(ossl + ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", d + "/ca.key"])
		run(ossl + ["req", "-x509", "-new", "-key", d + "/ca.key", "-subj", "/CN=bench CA", "-days", "2",
			"-out", d + "/ca.pem", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
		if kind == "ecdsa":
			run(ossl + ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", d + "/srv.key"])
		else:
			run(ossl + ["genrsa", "-out", d + "/srv.key", "2048"])
		run(ossl + ["req", "-new", "-key", d + "/srv.key", "-subj", "/CN=localhost", "-out", d + "/srv.csr"])
		with open(d + "/ext", "w") as f:
			f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
		run(ossl + ["x509", "-req", "-in", d + "/srv.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
			"-CAcreateserial", "-days", "2", "-extfile", d + "/ext", "-out", d + "/srv.pem"])
		bundle = next((b for b in system_bundles if os.path.exists(b)), None)
		with open(d + "/bundle.pem", "w") as out:
			if bundle:
				out.write(open(bundle).read())
			out.write(open(d + "/ca.pem").read())
		nanchors = open(d + "/bundle.pem").read().count("BEGIN CERTIFICATE")
		port = free_port()
		with open(d + "/nginx.conf", "w") as f:
			f.write("""daemon off; master_process off; worker_processes 1;
pid %(d)s/nginx.pid; error_log %(d)s/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path %(d)s/body; proxy_temp_path %(d)s/proxy;
  fastcgi_temp_path %(d)s/fcgi; uwsgi_temp_path %(d)s/uwsgi; scgi_temp_path %(d)s/scgi;
  server {
    listen 127.0.0.1:%(port)d ssl;
    ssl_certificate %(d)s/srv.pem; ssl_certificate_key %(d)s/srv.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { default_type application/json; return 200 '{"status":"success","message":"","data":{}}'; }
  }
}
""" % {"d": d, "port": port})
		nginx = subprocess.Popen(["nginx", "-e", d + "/error.log", "-c", d + "/nginx.conf"],
			stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
		for _ in range(100):
			try:
				socket.create_connection(("127.0.0.1", port), 0.2).close()
				break
			except OSError:
				time.sleep(0.05)
		url = "https://127.0.0.1:%d/alerts/add" % port
		with open(d + "/key", "w") as f:
			f.write("benchkey\n")
		for name, ca in (("one", d + "/ca.pem"), ("bundle", d + "/bundle.pem")):
			with open(d + "/%s.options" % name, "w") as f:
				f.write('{"ca_file": "%s", "log_file": "%s/relay.log"}' % (ca, d))
		subprocess.run([relay, "--to", "iris", "--dry-run", alert], check=True,
			stdout=open(d + "/body.json", "wb"))
		ours = lambda o: [relay, "--to", "iris", "--url", url, "--key-file", d + "/key",
			"--options", d + "/%s.options" % o, "--retries", "0", alert]
		curl = ["curl", "-sS", "-o", "/dev/null", "--fail", "--cacert", d + "/ca.pem",
			"-H", "Authorization: Bearer benchkey", "-H", "Content-Type: application/json",
			"--data-binary", "@" + d + "/body.json", url]
		cmds = {"wazuh-relay (1 CA)": ours("one"), "wazuh-relay (%d CAs)" % nanchors: ours("bundle"), "curl": curl}
		for c in cmds.values():		# warm up caches once
			measure(c)
		res = {k: [] for k in cmds}
		for _ in range(n):
			for k, c in cmds.items():
				res[k].append(measure(c))
		med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in res.items()}
		print("\n== server certificate %s (CA ECDSA P-256), nginx defaults: %d deliveries each over TLS to 127.0.0.1, medians"
			% ("ECDSA P-256" if kind == "ecdsa" else "RSA-2048", n))
		print("%-24s %10s %10s %12s" % ("", "wall ms", "CPU ms", "peak RSS KiB"))
		for k, (w, c, r) in med.items():
			print("%-24s %10.2f %10.2f %12d" % (k, w, c, r))
		cw, cc, cr = med["curl"]
		for k in cmds:
			if k == "curl":
				continue
			w, c, r = med[k]
			print("ratio %-18s wall %.3f  CPU %.3f  RSS %.3f   (targets: wall <= 0.25, CPU <= 0.2, RSS <= 1024 KiB)"
				% (k + "/curl", w / cw, c / cc, r / cr))
		one = med["wazuh-relay (1 CA)"]
		many = med["wazuh-relay (%d CAs)" % nanchors]
		print("system bundle vs one CA: wall %.3f  CPU %.3f   (target <= 1.3)" % (many[0] / one[0], many[1] / one[1]))
	finally:
		if nginx is not None:
			nginx.send_signal(signal.SIGTERM)
			try:
				nginx.wait(5)
			except subprocess.TimeoutExpired:
				nginx.kill()
		shutil.rmtree(d, ignore_errors=True)


subprocess.run(["musl-gcc", "-static", "-O2", "-o", launcher, os.path.join(top, "scripts", "bench-run.c")], check=True)
for kind in ("ecdsa", "rsa"):
	main(kind)
size = os.path.getsize(relay)
print("\nbinary: %d bytes (%d KiB; target <= 320 KiB)" % (size, size // 1024))
