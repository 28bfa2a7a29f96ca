/*
 * net: DNS, non-blocking connect and poll-based I/O against one
 * absolute deadline (CLOCK_MONOTONIC milliseconds).  struct net_conn
 * implements struct io; a timeout sets timed_out and fails the call.
 */
#ifndef NET_H
#define NET_H

#include <stddef.h>
#include <stdint.h>

#include "io.h"

enum net_err {
	NET_OK = 0,
	NET_E_DNS,	/* name did not resolve */
	NET_E_CONNECT,	/* every address refused/unreachable */
	NET_E_TIMEOUT,	/* deadline passed */
	NET_E_IO,	/* read/write error, reset */
	NET_E__MAX
};

/* Where net_connect was when it stopped (for messages). */
enum net_phase {
	NET_PH_START = 0,	/* not begun: the deadline had passed */
	NET_PH_RESOLVE,		/* looking the name up */
	NET_PH_CONNECT		/* connecting to an address */
};

struct net_conn {
	int	 fd;
	int	 phase;		/* enum net_phase reached by net_connect */
	int64_t	 deadline;	/* ms, CLOCK_MONOTONIC */
	int	 timed_out;
	int	 err;		/* enum net_err of the last failure */
	int	 sys_errno;	/* errno of the last failure; for NET_E_DNS
				   the getaddrinfo() EAI_* code */
	char	 peer[64];	/* numeric address connected to, for logs */
};

/* Monotonic clock in milliseconds. */
int64_t	net_now(void);
/*
 * Resolve host (name or IP literal) and connect to port, trying each
 * address in turn until deadline.  Sets TCP_NODELAY.  Returns 0 with
 * c->fd open, or -1 with c->err/sys_errno set (not logged).  c->peer
 * holds the numeric address connected to (on failure: the last one
 * tried, or "").  IP literals are not looked up; names are resolved
 * by a short-lived child process that is killed at the deadline, since
 * getaddrinfo() itself takes none (at most 8 addresses are tried).  A
 * connect still pending at the deadline is a timeout (the remaining
 * addresses are not tried).
 */
int	net_connect(struct net_conn *c, const char *host, int port,
	    int64_t deadline);
void	net_close(struct net_conn *c);
/*
 * The struct io for c: read and write poll against c->deadline; on
 * expiry they set timed_out (err NET_E_TIMEOUT) and return -1.  Writes
 * use MSG_NOSIGNAL; flush is NULL.
 */
void	net_io(struct net_conn *c, struct io *io);
/* Human-readable reason of c's last failure ("connection refused", ...). */
const char *net_strerror(const struct net_conn *c);

#endif
