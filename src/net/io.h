/*
 * io: a byte transport, so the HTTP layer runs over a TCP socket, a
 * BearSSL stream, or a memory buffer in tests and fuzzers alike.
 *
 * read:  returns bytes read (> 0), 0 at a clean end of stream, -1 on
 *        error or deadline (the cause is kept by the transport and read
 *        back through errmsg/timed_out).
 * write: writes all len bytes or returns -1.
 * flush: pushes buffered bytes (TLS records); may be NULL.
 */
#ifndef IO_H
#define IO_H

#include <stddef.h>
#include <sys/types.h>

struct io {
	void	*ctx;
	ssize_t	(*read)(void *ctx, void *buf, size_t len);
	int	(*write)(void *ctx, const void *buf, size_t len);
	int	(*flush)(void *ctx);
};

#endif
