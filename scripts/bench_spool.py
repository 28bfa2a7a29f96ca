#!/usr/bin/env python3
"""Spool and drainer benchmark for `make bench` (see scripts/bench).

Runs the binary exactly as integratord does (cwd the Wazuh home, the
positional argv) and measures, in one run:
  - what integratord waits per alert while an outage is in progress (the
    spool not empty, the destination a closed port): median and p99 of N
    runs, next to what it waits without the spool (today's behaviour,
    "spool": false with the default timeout 10 and retries 3) for a
    refused port and for a listener that never answers;
  - the drain rate over one keep-alive TLS connection to nginx: M alerts
    spooled while the port is closed, then nginx started there and a run
    that starts the drainer; alerts/s until the spool is empty, next to
    one process per alert (spool off) to the same nginx;
  - the drainer's peak RSS (VmHWM, sampled while it drains).
A benchmark, not a test: it never fails on timing.
"""
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

top = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
m = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
relay = os.path.join(top, "build", "wazuh-relay")
launcher = os.path.join(top, "build", "bench-run")
alert_src = os.path.join(top, "tests", "fixtures", "alerts", "ssh-bruteforce-5712.json")


def free_port():
	s = socket.socket()
	s.bind(("127.0.0.1", 0))
	p = s.getsockname()[1]
	s.close()
	return p


def measure(home, argv):
	"""wall ms, CPU ms, peak RSS KiB of one run as integratord runs it."""
	r = subprocess.run([launcher] + argv, cwd=home, stdout=subprocess.PIPE,
	    stdin=subprocess.DEVNULL, text=True)
	w, c, k = r.stdout.split()[:3]
	return float(w), float(c), int(k)


def p99(xs):
	xs = sorted(xs)
	return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]


def main():
	d = tempfile.mkdtemp(prefix="wr-bench-spool-")
	nginx = silent = None
	try:
		home = d + "/ossec"
		for sub in ("integrations", "logs", "queue", "etc"):
			os.makedirs(home + "/" + sub)
		exe = home + "/integrations/custom-iris"
		shutil.copy(relay, exe)
		os.chmod(exe, 0o750)
		a = json.load(open(alert_src))

		def alert(i):
			a["id"] = "1700000000.%d" % i
			p = "/tmp/custom-iris-1700000000-%d%d.alert" % (os.getpid(), i)
			with open(p, "w") as f:
				f.write(json.dumps(a, separators=(",", ":")) + "\n")
			return p

		def argv(path, url, opts=""):
			return [exe, path, "benchkey", url, "", opts, "10", "3", "> /dev/null 2>&1"]

		q = home + "/queue/wazuh-relay/custom-iris"

		def drainer_pid():
			try:
				return json.load(open(q + "/state")).get("pid", 0)
			except (OSError, ValueError):
				return 0

		def stop_drainer():
			p = drainer_pid()
			if p:
				try:
					os.kill(p, signal.SIGTERM)
				except OSError:
					pass
				for _ in range(100):
					if drainer_pid() == 0:
						break
					time.sleep(0.02)

		# --- integratord's wait during an outage -----------------------
		closed = "http://127.0.0.1:%d/alerts/add" % free_port()
		p = alert(0)
		measure(home, argv(p, closed))		# the failure that starts the outage
		waits = []
		for i in range(1, n + 1):
			p = alert(i)
			waits.append(measure(home, argv(p, closed))[0])
			os.unlink(p)
		stop_drainer()
		shutil.rmtree(q, ignore_errors=True)
		off = d + "/off.options"
		with open(off, "w") as f:
			f.write('{"spool": false}')
		p = alert(0)
		refused = [measure(home, argv(p, closed, off))[0] for _ in range(3)]
		ls = socket.socket()
		ls.bind(("127.0.0.1", 0))
		ls.listen(64)
		silent_url = "http://127.0.0.1:%d/alerts/add" % ls.getsockname()[1]
		held = []
		silent = threading.Thread(target=lambda: [held.append(ls.accept()) for _ in range(8)], daemon=True)
		silent.start()
		noanswer = [measure(home, argv(p, silent_url, off))[0]]
		print("\n== integratord's wait per alert (ms), destination down, as integratord runs it")
		print("spool, outage in progress (refused port): median %.2f  p99 %.2f  over %d alerts   (targets: <= 5, <= 20)"
		    % (statistics.median(waits), p99(waits), n))
		print("no spool (today), refused port:  median %.0f   (ratio spool/today %.4f)"
		    % (statistics.median(refused), statistics.median(waits) / statistics.median(refused)))
		print("no spool (today), never answers: %.0f   (ratio spool/today %.5f)"
		    % (noanswer[0], statistics.median(waits) / noanswer[0]))

		# --- the drain rate over keep-alive TLS to nginx ----------------
		ossl = ["openssl"]
		run = lambda c: subprocess.run(c, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
		run(ossl + ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", d + "/ca.key"])
		run(ossl + ["req", "-x509", "-new", "-key", d + "/ca.key", "-subj", "/CN=bench CA", "-days", "2",
		    "-out", d + "/ca.pem", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
		run(ossl + ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", d + "/srv.key"])
		run(ossl + ["req", "-new", "-key", d + "/srv.key", "-subj", "/CN=localhost", "-out", d + "/srv.csr"])
		with open(d + "/ext", "w") as f:
			f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
		run(ossl + ["x509", "-req", "-in", d + "/srv.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
		    "-CAcreateserial", "-days", "2", "-extfile", d + "/ext", "-out", d + "/srv.pem"])
		port = free_port()
		url = "https://127.0.0.1:%d/alerts/add" % port
		tls = d + "/tls.options"
		with open(tls, "w") as f:
			f.write('{"ca_file": "%s/ca.pem"}' % d)
		p = alert(0)
		for i in range(1, m + 1):
			pa = alert(i)
			subprocess.run([exe, pa, "benchkey", url, "", tls, "10", "3", "> /dev/null 2>&1"],
			    cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
			os.unlink(pa)
		stop_drainer()
		names = sorted(x for x in os.listdir(q + "/q") if x.endswith(".alert"))
		last = q + "/q/" + names[-1]
		with open(d + "/nginx.conf", "w") as f:
			f.write("""daemon off; master_process off; worker_processes 1;
pid %(d)s/nginx.pid; error_log %(d)s/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path %(d)s/body; proxy_temp_path %(d)s/proxy;
  fastcgi_temp_path %(d)s/fcgi; uwsgi_temp_path %(d)s/uwsgi; scgi_temp_path %(d)s/scgi;
  keepalive_requests 100000;
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
		t0 = time.monotonic()
		subprocess.run([exe, p, "benchkey", url, "", tls, "10", "3", "> /dev/null 2>&1"],
		    cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
		hwm = 0
		pid = drainer_pid()
		while os.path.exists(last) and time.monotonic() - t0 < 120:
			try:
				for line in open("/proc/%d/status" % pid):
					if line.startswith("VmHWM:"):
						hwm = max(hwm, int(line.split()[1]))
			except (OSError, ValueError):
				pid = drainer_pid() or pid
			time.sleep(0.002)
		t1 = time.monotonic()
		drained = len(names)
		rate = drained / (t1 - t0)
		with open(d + "/tlsoff.options", "w") as f:
			f.write('{"ca_file": "%s/ca.pem", "spool": false}' % d)
		per = [measure(home, [exe, p, "benchkey", url, "", d + "/tlsoff.options", "10", "3",
		    "> /dev/null 2>&1"])[0] for _ in range(50)]
		print("\n== drain over one keep-alive TLS connection to nginx (ECDSA P-256)")
		print("drainer: %d alerts in %.2f s = %.0f alerts/s   (target >= 1000)" % (drained, t1 - t0, rate))
		print("one process per alert (spool off): median %.2f ms = %.0f alerts/s   (ratio drainer/process %.1f)"
		    % (statistics.median(per), 1000 / statistics.median(per), rate / (1000 / statistics.median(per))))
		print("drainer peak RSS (VmHWM): %d KiB   (target <= 1024)" % hwm)
		os.unlink(p)
	finally:
		for x in (nginx,):
			if x is not None:
				x.send_signal(signal.SIGTERM)
				try:
					x.wait(5)
				except subprocess.TimeoutExpired:
					x.kill()
		shutil.rmtree(d, ignore_errors=True)


main()
