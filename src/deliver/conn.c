/* see conn.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "conn.h"

#define CONN_READ	1024	/* bytes per read of a proxy's answer */

/* see conn.h */
void
conn_init(struct conn *cn)
{
	memset(cn, 0, sizeof *cn);
	cn->nc.fd = -1;
}

/* A transport failure on cn during what (e.g. "sending the request"). */
static void
conn_net_fail(const struct conn *cn, struct verdict *v, const char *what)
{
	if (cn->nc.timed_out)
		verdict_fail(v, W_TIMEOUT, "timed out %s", what);
	else
		verdict_fail(v, W_NET, "connection failed %s: %s", what,
		    net_strerror(&cn->nc));
}

/*
 * CONNECT host:port through the proxy; a 2xx must come before TLS
 * starts.  The answer is read in blocks: nothing may follow it (the
 * origin speaks only after our ClientHello).  Returns 0, or -1 with v.
 */
static int
conn_tunnel(struct conn *cn, const struct conf *c, struct http_resp *resp,
    struct verdict *v)
{
	const struct url *u = &c->url;
	char hstore[2048], astore[URL_MAX_USERINFO * 2 + 16];
	char pstore[URL_MAX_HOST + 16], rbuf[CONN_READ];
	struct buf head, auth, hp;
	ssize_t n;
	long used;

	buf_init(&hp, pstore, sizeof pstore);
	url_hostport(u, &hp, 1);
	buf_init(&head, hstore, sizeof hstore);
	buf_printf(&head, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n"
	    "User-Agent: wazuh-relay/" WR_VERSION "\r\n", hp.p, hp.p);
	if (c->proxy.userinfo[0] != '\0') {
		buf_init(&auth, astore, sizeof astore);
		b64_encode(&auth, c->proxy.userinfo, strlen(c->proxy.userinfo));
		/* Not printf: it stages its output in a stack buffer. */
		buf_puts(&head, "Proxy-Authorization: Basic ");
		buf_puts(&head, auth.p);
		buf_puts(&head, "\r\n");
		explicit_bzero(astore, sizeof astore);
	}
	buf_puts(&head, "\r\n");
	if (head.err) {
		explicit_bzero(hstore, sizeof hstore);
		verdict_fail(v, W_CONFIG, "proxy request too long");
		return -1;
	}
	if (cn->io.write(cn->io.ctx, head.p, head.len) == -1) {
		explicit_bzero(hstore, sizeof hstore);
		conn_net_fail(cn, v, "sending CONNECT to the proxy");
		return -1;
	}
	explicit_bzero(hstore, sizeof hstore);
	http_resp_init(resp);
	resp->head_only = 1;	/* a 2xx to CONNECT has no body */
	while (resp->state != HTTP_S_DONE) {
		if ((n = cn->io.read(cn->io.ctx, rbuf, sizeof rbuf)) == -1) {
			conn_net_fail(cn, v, "reading the proxy's answer");
			return -1;
		}
		used = http_resp_feed(resp, rbuf, (size_t)n);
		if (used == -1) {
			verdict_fail(v, W_NET, "proxy answered CONNECT with a "
			    "malformed response: %s", http_perr_str(resp->perr));
			return -1;
		}
		if (resp->state == HTTP_S_DONE && (size_t)used < (size_t)n) {
			verdict_fail(v, W_NET, "proxy sent data after its "
			    "answer to CONNECT");
			return -1;
		}
		if (n == 0 && resp->state != HTTP_S_DONE) {
			verdict_fail(v, W_NET, "proxy closed the connection "
			    "before answering CONNECT");
			return -1;
		}
	}
	if (resp->status < 200 || resp->status > 299) {
		verdict_fail(v, W_NET, "proxy refused CONNECT to %s: HTTP %d%s",
		    u->host, resp->status, resp->status == 407 ?
		    " (proxy authentication required)" : "");
		return -1;
	}
	return 0;
}

/* Connect, tunnel and shake hands.  Returns 0, or -1 with v set. */
static int
conn_open(struct conn *cn, const struct conf *c, int64_t deadline,
    struct http_resp *resp, struct verdict *v)
{
	const struct url *target = c->use_proxy ? &c->proxy : &c->url;
	int kind;

	conn_close(cn);
	cn->opened++;
	if (cn->dial != NULL) {
		if (cn->dial(cn, cn->dial_ctx, v) == -1)
			return -1;
		cn->open = 1;
		cn->used = 0;
		return 0;
	}
	if (net_connect(&cn->nc, target->host, target->port, deadline) == -1) {
		if (cn->nc.timed_out)
			verdict_fail(v, W_TIMEOUT, "timed out %s %s%s%s",
			    cn->nc.phase == NET_PH_RESOLVE ? "resolving" :
			    cn->nc.phase == NET_PH_CONNECT ? "connecting to" :
			    "before connecting to", c->use_proxy ? "proxy " : "",
			    target->host, cn->nc.phase == NET_PH_START ?
			    " (no time left)" : "");
		else
			verdict_fail(v, W_NET, "cannot connect to %s%s port %d: %s",
			    c->use_proxy ? "proxy " : "", target->host,
			    target->port, net_strerror(&cn->nc));
		return -1;
	}
	net_io(&cn->nc, &cn->io);
	if (c->use_proxy && c->url.https && conn_tunnel(cn, c, resp, v) == -1)
		goto fail;
	if (c->url.https) {
		if ((cn->tc = tls_conn_new()) == NULL) {
			verdict_fail(v, W_INTERNAL, "out of memory");
			goto fail;
		}
		if (tls_handshake(cn->tc, c->trust, &c->tls, &cn->io, &c->url) == -1) {
			kind = tls_fail_kind(cn->tc);
			if (kind == TLS_F_IO && cn->nc.timed_out)
				verdict_fail(v, W_TIMEOUT, "TLS handshake timeout "
				    "with %s", c->url.host);
			else if (kind == TLS_F_IO)
				verdict_fail(v, W_NET, "connection lost during the "
				    "TLS handshake with %s: %s", c->url.host,
				    cn->nc.err != NET_OK ? net_strerror(&cn->nc) :
				    "closed by the server");
			else
				verdict_fail(v, W_TLS, "TLS with %s refused: %s",
				    c->url.host, tls_strerror(cn->tc));
			goto fail;
		}
		tls_io(cn->tc, &cn->io);
	}
	cn->open = 1;
	cn->used = 0;
	return 0;
fail:
	conn_close(cn);
	return -1;
}

/* see conn.h */
int
conn_exchange(struct conn *cn, const struct conf *c, const struct http_req *req,
    int64_t deadline, int keep, struct http_resp *resp, struct verdict *v)
{
	struct http_req preq;
	struct http_hdr phdrs[HTTP_MAX_HDRS];
	char pauth[URL_MAX_USERINFO * 2 + 16];
	struct buf pa;
	int reused, xr, tries, rc = -1;

	preq = *req;
	preq.keep_alive = keep;
	if (c->use_proxy && !c->url.https) {
		/* Plain HTTP through the proxy: absolute form, its credentials. */
		preq.absolute_form = 1;
		if (c->proxy.userinfo[0] != '\0' && req->nhdrs < HTTP_MAX_HDRS) {
			buf_init(&pa, pauth, sizeof pauth);
			buf_puts(&pa, "Basic ");
			b64_encode(&pa, c->proxy.userinfo, strlen(c->proxy.userinfo));
			memcpy(phdrs, req->hdrs, (size_t)req->nhdrs * sizeof phdrs[0]);
			phdrs[req->nhdrs].name = "Proxy-Authorization";
			phdrs[req->nhdrs].value = pauth;
			preq.hdrs = phdrs;
			preq.nhdrs = req->nhdrs + 1;
		}
	}
	for (tries = 0; tries < 2; tries++) {
		reused = cn->open;
		if (!cn->open && conn_open(cn, c, deadline, resp, v) == -1)
			goto out;
		cn->nc.deadline = deadline;
		xr = http_exchange(&cn->io, &preq, resp);
		cn->used++;
		/*
		 * A kept connection the server closed meanwhile fails before
		 * any byte of the answer: send again, once, on a new one.
		 */
		if (xr != HTTP_X_OK && xr != HTTP_X_REQUEST && reused &&
		    resp->wire == 0 && !cn->nc.timed_out) {
			conn_close(cn);
			continue;
		}
		break;
	}
	switch (xr) {
	case HTTP_X_OK:
		rc = 0;
		break;
	case HTTP_X_WRITE:
		conn_net_fail(cn, v, "sending the request");
		break;
	case HTTP_X_READ:
		/* The head arrived, only the body was cut: the status stands. */
		if (resp->status >= 200 && resp->state != HTTP_S_STATUS) {
			rc = 0;
			break;
		}
		if (cn->tc != NULL && tls_fail_kind(cn->tc) != TLS_F_IO &&
		    tls_fail_kind(cn->tc) != TLS_F_NONE)
			verdict_fail(v, W_TLS, "TLS failed reading the response: %s",
			    tls_strerror(cn->tc));
		else
			conn_net_fail(cn, v, "waiting for the response");
		break;
	case HTTP_X_REQUEST:
		verdict_fail(v, W_CONFIG, "request head invalid or too large "
		    "(check the \"headers\" option)");
		break;
	default:
		verdict_fail(v, W_BAD, "malformed HTTP response: %s",
		    http_perr_str(resp->perr));
		break;
	}
out:
	explicit_bzero(pauth, sizeof pauth);
	if (rc == -1 || !keep || !http_resp_reusable(resp))
		conn_close(cn);
	return rc;
}

/* see conn.h */
void
conn_close(struct conn *cn)
{
	cn->nc.timed_out = 0;
	if (cn->tc != NULL) {
		if (cn->open)
			tls_close(cn->tc);
		tls_conn_free(cn->tc);
		cn->tc = NULL;
	}
	net_close(&cn->nc);
	cn->open = 0;
	cn->used = 0;
}
