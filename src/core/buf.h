/*
 * buf: a fixed-capacity byte buffer over caller (or one malloc'd) storage.
 * Appends never overflow: a write that does not fit sets the sticky
 * error flag, writes nothing, and every later append is a no-op.
 * Callers check b->err once, when they are done.  The content is
 * always NUL-terminated when cap > 0 (one byte is reserved for it).
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <stdarg.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 err;
};

/* Bind storage[cap] to b, empty. */
void	buf_init(struct buf *b, char *storage, size_t cap);
/* Empty b again; clears the error flag. */
void	buf_reset(struct buf *b);
void	buf_put(struct buf *b, const void *data, size_t len);
void	buf_puts(struct buf *b, const char *s);
void	buf_putc(struct buf *b, int c);
void	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/*
 * Replace b's content with the file at path (open(2) flags added to
 * O_RDONLY | O_CLOEXEC, e.g. O_NOFOLLOW), at most b->cap - 1 bytes.
 * Returns 0; 1 when the file is larger (b holds its first bytes and
 * b->err is set); -1 with errno set when it cannot be opened or read.
 */
int	buf_read_file(struct buf *b, const char *path, int flags);
/* The same from an open descriptor, which is closed. */
int	buf_read_fd(struct buf *b, int fd);
/*
 * Read the file at path whole, at most max bytes, into storage it
 * allocates (b->p, NUL-terminated; the caller frees it, also on error):
 * the size of a regular file decides how much, other files (a FIFO) get
 * max.  Returns 0; 1 when the file holds more than max bytes or grew
 * while read (b holds what fit); -1 with errno set.  The one bounded
 * reader, with buf_read_file, of everything we read whole.
 */
int	buf_slurp(struct buf *b, const char *path, size_t max);
/* Cut b back to len (len <= b->len); keeps the error flag. */
void	buf_truncate(struct buf *b, size_t len);

#endif
