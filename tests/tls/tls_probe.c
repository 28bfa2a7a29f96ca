/*
 * tls_probe: connect to a URL with the real url/net/tls code and print
 * one line: "ok" (or "ok <n>" with -g), or "fail <kind>: <message>".
 * Exit 0 on ok, 1 on failure, 2 on usage.  For tests/tls/run-tls-tests.sh.
 *
 *   tls_probe [-klngv] [-c ca_file] [-p pins] [-t ms] URL
 *     -c  CA file          -p  pins (sha256//...;sha256//...)
 *     -k  insecure         -l  legacy (CBC) suites
 *     -n  tls_cn_fallback (match a CN-only leaf by its CN)
 *     -g  send "GET / HTTP/1.0" and read the answer to the end
 *     -t  deadline in ms (default 10000)
 *     -v  print the CPU time spent (trust load + connect + handshake)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "net.h"
#include "tls.h"
#include "url.h"

static const char *const kinds[] = { "none", "io", "cert", "proto", "setup" };

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char *argv[])
{
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	struct tls_conf conf;
	struct tls_trust *trust = NULL;
	struct tls_conn *tc = NULL;
	struct net_conn nc;
	struct url u;
	struct io lower, io;
	const char *why, *used;
	char whybuf[512], buf[4096];
	long timeout = 10000, total = 0;
	double t0;
	ssize_t n;
	int ch, get = 0, verbose = 0, kind, rc = 1;

	memset(&conf, 0, sizeof conf);
	memset(&nc, 0, sizeof nc);
	nc.fd = -1;
	while ((ch = getopt(argc, argv, "c:p:t:klngv")) != -1) {
		switch (ch) {
		case 'c':
			conf.ca_file = optarg;
			break;
		case 'p':
			if (tls_parse_pins(&conf, optarg, &why) == -1) {
				printf("fail setup: %s\n", why);
				return 1;
			}
			break;
		case 't':
			timeout = strtol(optarg, NULL, 10);
			break;
		case 'k':
			conf.insecure = 1;
			break;
		case 'l':
			conf.legacy = 1;
			break;
		case 'n':
			conf.cn_fallback = 1;
			break;
		case 'g':
			get = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: tls_probe [-klngv] [-c ca] [-p pins] "
		    "[-t ms] URL\n");
		return 2;
	}
	if (url_parse(&u, argv[optind], &why) == -1) {
		printf("fail setup: url: %s\n", why);
		return 1;
	}
	t0 = cpu_ms();
	if (tls_trust_load(&trust, &conf, &used, whybuf, sizeof whybuf)
	    == -1) {
		printf("fail setup: %s\n", whybuf);
		return 1;
	}
	if (net_connect(&nc, u.host, u.port, net_now() + timeout) == -1) {
		printf("fail io: connect: %s\n", net_strerror(&nc));
		goto out;
	}
	net_io(&nc, &lower);
	if ((tc = tls_conn_new()) == NULL) {
		printf("fail setup: out of memory\n");
		goto out;
	}
	if (tls_handshake(tc, trust, &conf, &lower, &u) == -1) {
		kind = tls_fail_kind(tc);
		if (kind == TLS_F_IO && nc.timed_out)
			printf("fail io: handshake timeout\n");
		else
			printf("fail %s: %s\n", kinds[kind], tls_strerror(tc));
		goto out;
	}
	if (verbose)
		fprintf(stderr, "cpu %.3f ms (trust: %s)\n", cpu_ms() - t0,
		    used[0] != '\0' ? used : "none");
	if (get) {
		tls_io(tc, &io);
		if (io.write(io.ctx, req, sizeof req - 1) == -1 ||
		    io.flush(io.ctx) == -1) {
			printf("fail %s: write: %s\n",
			    kinds[tls_fail_kind(tc)], tls_strerror(tc));
			goto out;
		}
		while ((n = io.read(io.ctx, buf, sizeof buf)) > 0)
			total += n;
		if (n == -1) {
			printf("fail %s: read: %s\n",
			    kinds[tls_fail_kind(tc)], tls_strerror(tc));
			goto out;
		}
		printf("ok %ld\n", total);
	} else
		printf("ok\n");
	tls_close(tc);
	rc = 0;
out:
	tls_conn_free(tc);
	net_close(&nc);
	tls_trust_free(trust);
	return rc;
}
