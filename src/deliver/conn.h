/*
 * conn: a connection to one integration's destination - the socket, the
 * proxy tunnel, the TLS session - that outlives a request and is reused
 * (HTTP keep-alive) while the server allows it.  It knows whether it may
 * be reused from what the HTTP layer says about the last response's
 * framing.  Nothing here logs; failures become verdicts.
 */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#include "conf.h"
#include "http.h"
#include "net.h"
#include "tls.h"
#include "verdict.h"

struct conn {
	struct net_conn	 nc;
	struct tls_conn	*tc;		/* NULL for plain HTTP */
	struct io	 io;		/* what requests go over */
	int		 open;		/* connected, and reusable */
	unsigned	 used;		/* requests sent on it */
	unsigned	 opened;	/* connections made so far */
	/*
	 * Tests and fuzzers: when set, a new connection is dial(cn) setting
	 * cn->io (0, or -1 with v set) instead of TCP, proxy and TLS, so the
	 * engine runs over memory transports.
	 */
	int		(*dial)(struct conn *cn, void *ctx, struct verdict *v);
	void		*dial_ctx;
};

/* A closed connection. */
void	conn_init(struct conn *cn);
/*
 * Send req to c's destination over cn and read the whole response into
 * resp, by deadline (ms, monotonic).  Opens cn when it is not (TCP, the
 * proxy's CONNECT, TLS), reuses it when it is.  keep: more requests
 * will follow, so ask for keep-alive; the connection stays open only
 * when the response was completely framed and the server did not say
 * close.  A reused connection that fails before any byte of the response
 * arrives is closed and the request sent once more on a new one.
 * Returns 0 when a response arrived (resp->status set; a 2xx whose body
 * was cut short counts, resp->state tells), or -1 with v set (network,
 * timeout, TLS, a malformed response, a request we cannot send).
 */
int	conn_exchange(struct conn *cn, const struct conf *c,
	    const struct http_req *req, int64_t deadline, int keep,
	    struct http_resp *resp, struct verdict *v);
/* Close cn (close_notify for TLS), wipe its TLS state; idempotent. */
void	conn_close(struct conn *cn);

#endif
