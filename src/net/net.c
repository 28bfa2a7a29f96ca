/* see net.h */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

/* see net.h */
int64_t
net_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Record a failure in c; returns -1 for the caller to pass on. */
static int
net_fail(struct net_conn *c, int err, int sys_errno)
{
	c->err = err;
	c->sys_errno = sys_errno;
	if (err == NET_E_TIMEOUT)
		c->timed_out = 1;
	return -1;
}

/*
 * Wait until fd is ready for events or deadline passes.  Returns 1 when
 * ready (or in error/hangup: the next call reports it), 0 when the
 * deadline has passed (also when it already had on entry), -1 with
 * errno set when poll itself fails.  EINTR is retried.
 */
static int
net_wait(int fd, short events, int64_t deadline)
{
	struct pollfd pfd;
	int64_t rem;
	int n;

	for (;;) {
		rem = deadline - net_now();
		if (rem <= 0)
			return 0;
		if (rem > INT_MAX)
			rem = INT_MAX;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)rem);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n > 0)
			return 1;
		/* n == 0: loop; the clock decides whether time is up. */
	}
}

/*
 * Connect fd to addr and wait for completion until deadline.
 * Returns 0 connected, -1 failed (*err_out = errno), -2 timed out.
 */
static int
net_connect_one(int fd, const struct sockaddr *addr, socklen_t addrlen,
    int64_t deadline, int *err_out)
{
	socklen_t sl;
	int soerr, w;

	if (connect(fd, addr, addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS && errno != EINTR) {
		*err_out = errno;
		return -1;
	}
	w = net_wait(fd, POLLOUT, deadline);
	if (w == 0)
		return -2;
	if (w == -1) {
		*err_out = errno;
		return -1;
	}
	soerr = 0;
	sl = sizeof soerr;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
		soerr = errno;
	if (soerr != 0) {
		*err_out = soerr;
		return -1;
	}
	return 0;
}

#define NET_MAX_ADDRS	8

struct net_addr {
	socklen_t		 len;
	struct sockaddr_storage	 sa;
};

/* Copy up to max addresses of res into out; returns the count. */
static int
net_copy_addrs(const struct addrinfo *res, struct net_addr *out, int max)
{
	const struct addrinfo *ai;
	int n = 0;

	for (ai = res; ai != NULL && n < max; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof out[n].sa ||
		    (ai->ai_family != AF_INET && ai->ai_family != AF_INET6))
			continue;
		memset(&out[n], 0, sizeof out[n]);
		memcpy(&out[n].sa, ai->ai_addr, ai->ai_addrlen);
		out[n].len = ai->ai_addrlen;
		n++;
	}
	return n;
}

/*
 * Resolve host:port into out[0..max) within c->deadline.  IP literals
 * never leave the process.  Names are looked up by a child process that
 * writes the addresses into a pipe: getaddrinfo takes no deadline, and
 * a resolver that never answers must cost the deadline, not its own
 * timeouts times its attempts.  The child is killed when the deadline
 * passes; it holds no stdout/stderr.  Returns the count (> 0), or -1
 * with c set.
 */
static int
net_resolve(struct net_conn *c, const char *host, const char *portstr,
    struct net_addr *out, int max)
{
	struct addrinfo hints, *res;
	struct pollfd pfd;
	struct {
		int		 rc;
		int		 n;
		struct net_addr	 a[NET_MAX_ADDRS];
	} msg;
	size_t got = 0;
	int64_t left;
	ssize_t r;
	pid_t pid;
	int p[2], rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_NUMERICHOST;
	if (getaddrinfo(host, portstr, &hints, &res) == 0) {
		rc = net_copy_addrs(res, out, max);
		freeaddrinfo(res);
		return rc > 0 ? rc : net_fail(c, NET_E_DNS, EAI_NONAME);
	}
	hints.ai_flags = AI_NUMERICSERV;
	c->phase = NET_PH_RESOLVE;
	if (pipe2(p, O_CLOEXEC) == -1)
		return net_fail(c, NET_E_DNS, EAI_SYSTEM);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return net_fail(c, NET_E_DNS, EAI_SYSTEM);
	}
	if (pid == 0) {
		close(p[0]);
		close(1);
		close(2);
		memset(&msg, 0, sizeof msg);
		msg.rc = getaddrinfo(host, portstr, &hints, &res);
		if (msg.rc == 0) {
			msg.n = net_copy_addrs(res, msg.a, NET_MAX_ADDRS);
			freeaddrinfo(res);
		}
		(void)!write(p[1], &msg, sizeof msg);
		_exit(0);
	}
	close(p[1]);
	memset(&msg, 0, sizeof msg);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (got < sizeof msg) {
		left = c->deadline - net_now();
		if (left <= 0)
			break;
		rc = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc <= 0)
			break;
		r = read(p[0], (char *)&msg + got, sizeof msg - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(p[0]);
	if (got < sizeof msg)
		kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	if (got < sizeof msg)
		return net_now() >= c->deadline ?
		    net_fail(c, NET_E_TIMEOUT, ETIMEDOUT) :
		    net_fail(c, NET_E_DNS, EAI_SYSTEM);
	if (msg.rc != 0)
		return net_fail(c, NET_E_DNS, msg.rc);
	if (msg.n <= 0 || msg.n > max)
		return net_fail(c, NET_E_DNS, EAI_NONAME);
	memcpy(out, msg.a, (size_t)msg.n * sizeof msg.a[0]);
	return msg.n;
}

/* see net.h */
int
net_connect(struct net_conn *c, const char *host, int port, int64_t deadline)
{
	struct net_addr addrs[NET_MAX_ADDRS];
	const struct sockaddr *sa;
	char portstr[16];
	int fd, rc, one, last_errno, i, n;

	c->fd = -1;
	c->deadline = deadline;
	c->timed_out = 0;
	c->err = NET_OK;
	c->sys_errno = 0;
	c->peer[0] = '\0';
	c->phase = NET_PH_START;
	if (host == NULL || port < 1 || port > 65535)
		return net_fail(c, NET_E_CONNECT, EINVAL);
	if (net_now() >= deadline)
		return net_fail(c, NET_E_TIMEOUT, ETIMEDOUT);

	snprintf(portstr, sizeof portstr, "%d", port);
	if ((n = net_resolve(c, host, portstr, addrs, NET_MAX_ADDRS)) == -1)
		return -1;

	last_errno = EHOSTUNREACH;
	c->phase = NET_PH_CONNECT;
	for (i = 0; i < n; i++) {
		sa = (const struct sockaddr *)(const void *)&addrs[i].sa;
		/* inet_ntop, not getnameinfo: 2 KiB less in a static binary. */
		if (inet_ntop(sa->sa_family, sa->sa_family == AF_INET6 ?
		    (const void *)&((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr :
		    (const void *)&((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, c->peer, sizeof c->peer) == NULL)
			snprintf(c->peer, sizeof c->peer, "?");
		fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
		if (fd == -1) {
			last_errno = errno;
			continue;
		}
		rc = net_connect_one(fd, sa, addrs[i].len, deadline, &last_errno);
		if (rc == 0) {
			one = 1;
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof one);
			c->fd = fd;
			return 0;
		}
		close(fd);
		if (rc == -2)
			return net_fail(c, NET_E_TIMEOUT, ETIMEDOUT);
	}
	return net_fail(c, NET_E_CONNECT, last_errno);
}

/* see net.h */
void
net_close(struct net_conn *c)
{
	if (c == NULL || c->fd == -1)
		return;
	close(c->fd);
	c->fd = -1;
}

/* struct io read for a net_conn: see io.h. */
static ssize_t
net_read(void *ctx, void *buf, size_t len)
{
	struct net_conn *c = ctx;
	ssize_t n;
	int w;

	if (c->fd == -1)
		return net_fail(c, NET_E_IO, EBADF);
	if (len == 0)
		return 0;
	for (;;) {
		w = net_wait(c->fd, POLLIN, c->deadline);
		if (w == 0)
			return net_fail(c, NET_E_TIMEOUT, ETIMEDOUT);
		if (w == -1)
			return net_fail(c, NET_E_IO, errno);
		n = recv(c->fd, buf, len, 0);
		if (n >= 0)
			return n;
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			continue;
		return net_fail(c, NET_E_IO, errno);
	}
}

/* struct io write for a net_conn: all of buf or -1; see io.h. */
static int
net_write(void *ctx, const void *buf, size_t len)
{
	struct net_conn *c = ctx;
	const char *p = buf;
	size_t off = 0;
	ssize_t n;
	int w;

	if (c->fd == -1)
		return net_fail(c, NET_E_IO, EBADF);
	while (off < len) {
		w = net_wait(c->fd, POLLOUT, c->deadline);
		if (w == 0)
			return net_fail(c, NET_E_TIMEOUT, ETIMEDOUT);
		if (w == -1)
			return net_fail(c, NET_E_IO, errno);
		n = send(c->fd, p + off, len - off, MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n == -1 && (errno == EINTR || errno == EAGAIN ||
		    errno == EWOULDBLOCK))
			continue;
		return net_fail(c, NET_E_IO, n == 0 ? EPIPE : errno);
	}
	return 0;
}

/* see net.h */
void
net_io(struct net_conn *c, struct io *io)
{
	io->ctx = c;
	io->read = net_read;
	io->write = net_write;
	io->flush = NULL;
}

/* see net.h */
const char *
net_strerror(const struct net_conn *c)
{
	switch (c->err) {
	case NET_OK:
		return "no error";
	case NET_E_DNS:
		if (c->sys_errno == EAI_AGAIN)
			return "name did not resolve (temporary DNS failure)";
		return "name did not resolve";
	case NET_E_TIMEOUT:
		return "timed out";
	case NET_E_CONNECT:
	case NET_E_IO:
		switch (c->sys_errno) {
		case ECONNREFUSED:
			return "connection refused";
		case ECONNRESET:
			return "connection reset by peer";
		case EPIPE:
			return "connection closed by peer";
		case ENETUNREACH:
			return "network unreachable";
		case EHOSTUNREACH:
			return "host unreachable";
		case ETIMEDOUT:
			return "timed out";
		case EINVAL:
			return "invalid host or port";
		case 0:
			return c->err == NET_E_IO ? "I/O error" :
			    "connection failed";
		default:
			return strerror(c->sys_errno);
		}
	default:
		return "unknown error";
	}
}
