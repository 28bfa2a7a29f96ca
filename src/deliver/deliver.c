/* see deliver.h */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "deliver.h"
#include "net.h"

#define DELIVER_BACKOFF_MS	500	/* first pause; doubles per attempt */
#define DELIVER_BACKOFF_MAX_MS	8000
#define DELIVER_MIN_ATTEMPT_MS	200	/* do not start an attempt with less left */

static void
deliver_reason(struct delivery *d, int fail, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
deliver_reason(struct delivery *d, int fail, const char *fmt, ...)
{
	va_list ap;

	d->fail = fail;
	va_start(ap, fmt);
	vsnprintf(d->reason, sizeof d->reason, fmt, ap);
	va_end(ap);
}

/* Classify a transport failure on c during what (e.g. "sending the request"). */
static void
deliver_net_fail(struct delivery *d, const struct net_conn *c, const char *what)
{
	if (c->timed_out)
		deliver_reason(d, DF_TIMEOUT, "timed out %s", what);
	else
		deliver_reason(d, DF_NET, "connection failed %s: %s", what,
		    net_strerror(c));
}

/*
 * CONNECT host:port through the proxy on io; requires a 2xx before TLS
 * starts.  Returns 0, or -1 with d set.
 */
static int
deliver_tunnel(struct run *r, const struct url *u, struct io *io,
    struct net_conn *nc, struct http_resp *resp, struct delivery *d)
{
	char hstore[2048], astore[URL_MAX_USERINFO * 2 + 16];
	char pstore[URL_MAX_HOST + 16];
	struct buf head, auth, hp;
	char rbuf[1024];
	ssize_t n;
	long used;
	size_t off;

	buf_init(&hp, pstore, sizeof pstore);
	url_hostport(u, &hp, 1);
	buf_init(&head, hstore, sizeof hstore);
	buf_printf(&head, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n"
	    "User-Agent: wazuh-relay/" WR_VERSION "\r\n", hp.p, hp.p);
	if (r->proxy.userinfo[0] != '\0') {
		buf_init(&auth, astore, sizeof astore);
		buf_b64(&auth, r->proxy.userinfo, strlen(r->proxy.userinfo));
		/* Not printf: it stages its output in a stack buffer. */
		buf_puts(&head, "Proxy-Authorization: Basic ");
		buf_puts(&head, auth.p);
		buf_puts(&head, "\r\n");
		explicit_bzero(astore, sizeof astore);
	}
	buf_puts(&head, "\r\n");
	if (head.err) {
		explicit_bzero(hstore, sizeof hstore);
		deliver_reason(d, DF_SETUP, "proxy request too long");
		return -1;
	}
	if (io->write(io->ctx, head.p, head.len) == -1) {
		explicit_bzero(hstore, sizeof hstore);
		deliver_net_fail(d, nc, "sending CONNECT to the proxy");
		return -1;
	}
	explicit_bzero(hstore, sizeof hstore);
	http_resp_init(resp);
	/* A 2xx to CONNECT has no body: what follows is the tunnel. */
	resp->head_only = 1;
	while (resp->state != HTTP_S_DONE) {
		/* Read byte-wise so no tunnel byte is swallowed. */
		if ((n = io->read(io->ctx, rbuf, 1)) == -1) {
			deliver_net_fail(d, nc, "reading the proxy's answer");
			return -1;
		}
		off = 0;
		do {
			used = http_resp_feed(resp, rbuf + off, (size_t)n - off);
			if (used == -1) {
				deliver_reason(d, DF_NET, "proxy answered CONNECT "
				    "with a malformed response: %s",
				    http_perr_str(resp->perr));
				return -1;
			}
			off += (size_t)used;
		} while (off < (size_t)n && resp->state != HTTP_S_DONE && used > 0);
		if (n == 0 && resp->state != HTTP_S_DONE) {
			deliver_reason(d, DF_NET, "proxy closed the connection "
			    "before answering CONNECT");
			return -1;
		}
	}
	if (resp->status < 200 || resp->status > 299) {
		deliver_reason(d, DF_NET, "proxy refused CONNECT to %s: HTTP %d%s",
		    u->host, resp->status,
		    resp->status == 407 ? " (proxy authentication required)" : "");
		return -1;
	}
	return 0;
}

/* Pause ms milliseconds. */
static void
deliver_sleep(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1)
		;
}

/* Exponential backoff with full jitter in [base/2, base]. */
static int64_t
deliver_backoff(int attempt)
{
	int64_t base = DELIVER_BACKOFF_MS;
	unsigned int rnd = 0;
	int i;

	for (i = 1; i < attempt && base < DELIVER_BACKOFF_MAX_MS; i++)
		base *= 2;
	if (base > DELIVER_BACKOFF_MAX_MS)
		base = DELIVER_BACKOFF_MAX_MS;
	if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != sizeof rnd)
		rnd = (unsigned int)time(NULL);
	return base / 2 + (int64_t)(rnd % (unsigned int)(base / 2 + 1));
}

/*
 * One attempt.  Returns 0 for a 2xx; otherwise -1 with d set and
 * *retry = 1 when another attempt may succeed, *after = Retry-After in
 * seconds or -1.
 */
static int
deliver_once(struct run *r, const struct http_req *req, struct http_resp *resp,
    struct delivery *d, int *retry, long *after)
{
	const struct url *target;
	struct net_conn nc;
	struct tls_conn *tc = NULL;
	struct io io, tio;
	struct http_req preq;
	struct http_hdr phdrs[HTTP_MAX_HDRS];
	char loc[512], lstore[600], pauth[URL_MAX_USERINFO * 2 + 16];
	struct buf lb, pa;
	int xr, rc = -1, kind, truncated = 0;

	*retry = 0;
	*after = -1;
	target = r->use_proxy ? &r->proxy : req->url;
	if (net_connect(&nc, target->host, target->port, r->deadline) == -1) {
		*retry = 1;
		if (nc.timed_out)
			deliver_reason(d, DF_TIMEOUT, "timed out %s %s%s%s",
			    nc.phase == NET_PH_RESOLVE ? "resolving" :
			    nc.phase == NET_PH_CONNECT ? "connecting to" :
			    "before connecting to", r->use_proxy ? "proxy " : "",
			    target->host, nc.phase == NET_PH_START ?
			    " (no time left)" : "");
		else
			deliver_reason(d, DF_NET, "cannot connect to %s%s port %d: %s",
			    r->use_proxy ? "proxy " : "", target->host, target->port,
			    net_strerror(&nc));
		return -1;
	}
	net_io(&nc, &io);
	preq = *req;
	if (r->use_proxy && req->url->https) {
		if (deliver_tunnel(r, req->url, &io, &nc, resp, d) == -1) {
			*retry = d->fail == DF_TIMEOUT;
			goto out;
		}
	} else if (r->use_proxy) {
		/* Plain HTTP through the proxy: absolute form, its credentials. */
		preq.absolute_form = 1;
		if (r->proxy.userinfo[0] != '\0' && req->nhdrs < HTTP_MAX_HDRS) {
			buf_init(&pa, pauth, sizeof pauth);
			buf_puts(&pa, "Basic ");
			buf_b64(&pa, r->proxy.userinfo, strlen(r->proxy.userinfo));
			memcpy(phdrs, req->hdrs, (size_t)req->nhdrs * sizeof phdrs[0]);
			phdrs[req->nhdrs].name = "Proxy-Authorization";
			phdrs[req->nhdrs].value = pauth;
			preq.hdrs = phdrs;
			preq.nhdrs = req->nhdrs + 1;
		}
	}
	if (req->url->https) {
		if ((tc = tls_conn_new()) == NULL) {
			deliver_reason(d, DF_SETUP, "out of memory");
			goto out;
		}
		if (tls_handshake(tc, r->trust, &r->tls, &io, req->url) == -1) {
			kind = tls_fail_kind(tc);
			if (kind == TLS_F_IO && nc.timed_out) {
				deliver_reason(d, DF_TIMEOUT, "TLS handshake timeout "
				    "with %s", req->url->host);
				*retry = 1;
			} else if (kind == TLS_F_IO) {
				deliver_reason(d, DF_NET, "connection lost during the "
				    "TLS handshake with %s: %s", req->url->host,
				    nc.err != NET_OK ? net_strerror(&nc) :
				    "closed by the server");
				*retry = 1;
			} else
				deliver_reason(d, DF_TLS, "TLS with %s refused: %s",
				    req->url->host, tls_strerror(tc));
			goto out;
		}
		tls_io(tc, &tio);
		xr = http_exchange(&tio, &preq, resp);
	} else
		xr = http_exchange(&io, &preq, resp);

	switch (xr) {
	case HTTP_X_OK:
		break;
	case HTTP_X_WRITE:
		*retry = 1;
		deliver_net_fail(d, &nc, "sending the request");
		goto out;
	case HTTP_X_READ:
		/*
		 * The status line and headers arrived and only the body was
		 * cut: the server has decided.  Resending a delivered alert
		 * would duplicate it, so the status stands.
		 */
		if (resp->status >= 200 && resp->state != HTTP_S_STATUS) {
			truncated = 1;
			break;
		}
		*retry = 1;
		if (tc != NULL && tls_fail_kind(tc) != TLS_F_IO && tls_fail_kind(tc) != TLS_F_NONE) {
			*retry = 0;
			deliver_reason(d, DF_TLS, "TLS failed reading the response: %s",
			    tls_strerror(tc));
		} else
			deliver_net_fail(d, &nc, "waiting for the response");
		goto out;
	case HTTP_X_REQUEST:
		deliver_reason(d, DF_SETUP, "request head invalid or too large "
		    "(check the \"headers\" option)");
		goto out;
	default:
		deliver_reason(d, DF_HTTPBAD, "malformed HTTP response: %s",
		    http_perr_str(resp->perr));
		goto out;
	}

	d->status = resp->status;
	buf_init(&lb, lstore, sizeof lstore);
	if (resp->status >= 200 && resp->status <= 299) {
		rc = 0;
		d->fail = DF_NONE;
		snprintf(d->reason, sizeof d->reason, "%s", truncated ?
		    "response cut short after the status line (the server "
		    "took the alert: not sent again)" : "");
	} else if (resp->status >= 300 && resp->status <= 399) {
		if (http_resp_header(resp, "Location", loc, sizeof loc) > 0) {
			/* A query string may carry a token: leave it out. */
			loc[strcspn(loc, "?#")] = '\0';
			log_clean(&lb, loc, strlen(loc), 200);
		}
		deliver_reason(d, DF_HTTPBAD, "HTTP %d redirect%s%s not followed "
		    "for POST (fix the hook URL)", resp->status,
		    lb.len > 0 ? " to " : "", lb.p);
	} else {
		relay_resp_snippet(resp, &lb, 200);
		if (resp->status == 408 || resp->status == 429 ||
		    resp->status >= 500) {
			*retry = 1;
			*after = http_retry_after(resp, (long long)time(NULL));
			deliver_reason(d, DF_HTTP5XX, "HTTP %d%s%s", resp->status,
			    lb.len > 0 ? ": " : "", lb.p);
		} else
			deliver_reason(d, DF_HTTP4XX, "HTTP %d%s%s", resp->status,
			    lb.len > 0 ? ": " : "", lb.p);
	}
out:
	if (tc != NULL) {
		if (rc == 0)
			tls_close(tc);
		tls_conn_free(tc);
	}
	net_close(&nc);
	explicit_bzero(pauth, sizeof pauth);
	return rc;
}

int
deliver(struct run *r, const struct http_req *req, struct http_resp *resp,
    struct delivery *d)
{
	int64_t wait, left;
	long after;
	int retry, attempt;

	memset(d, 0, sizeof *d);
	for (attempt = 1; ; attempt++) {
		d->attempts = attempt;
		if (deliver_once(r, req, resp, d, &retry, &after) == 0)
			return 0;
		if (!retry || attempt > r->retries)
			break;
		wait = deliver_backoff(attempt);
		if (after >= 0 && after * 1000 > wait)
			wait = after * 1000;
		left = r->deadline - net_now();
		if (wait + DELIVER_MIN_ATTEMPT_MS > left) {
			size_t n = strlen(d->reason);

			snprintf(d->reason + n, sizeof d->reason - n,
			    "; no time left to retry within the %d s timeout",
			    r->timeout);
			break;
		}
		deliver_sleep(wait);
	}
	return -1;
}

int
deliver_exit_code(const struct delivery *d)
{
	switch (d->fail) {
	case DF_NONE:
		return EX_OK;
	case DF_NET:
		return EX_NET;
	case DF_TIMEOUT:
		return EX_TIMEOUT;
	case DF_TLS:
		return EX_TLS;
	case DF_HTTP4XX:
		return EX_HTTP4XX;
	case DF_HTTP5XX:
		return EX_HTTP5XX;
	case DF_HTTPBAD:
		return EX_HTTPBAD;
	default:
		return EX_USAGE;
	}
}
