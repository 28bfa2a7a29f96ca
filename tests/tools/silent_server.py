#!/usr/bin/env python3
"""silent_server.py PORTFILE SECONDS: accept TCP connections on 127.0.0.1
and never answer; exit by itself after SECONDS."""
import socket
import sys
import time

s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w") as f:
	f.write(str(s.getsockname()[1]))
import os
os.rename(tmp, sys.argv[1])
end = time.time() + float(sys.argv[2])
conns = []
while time.time() < end and len(conns) < 100:
	s.settimeout(max(0.05, end - time.time()))
	try:
		conns.append(s.accept()[0])
	except OSError:
		pass
