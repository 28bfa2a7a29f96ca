/* see buf.h */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

void
buf_init(struct buf *b, char *storage, size_t cap)
{
	b->p = storage;
	b->cap = cap;
	buf_reset(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->cap > 0)
		b->p[0] = '\0';
}

void
buf_put(struct buf *b, const void *data, size_t len)
{
	if (b->err)
		return;
	/* Compare against the room left, so the sum cannot overflow. */
	if (b->cap == 0 || len > b->cap - 1 - b->len) {
		b->err = 1;
		return;
	}
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;

	buf_put(b, &ch, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	size_t room;
	int n;

	if (b->err)
		return;
	if (b->cap == 0) {
		b->err = 1;
		return;
	}
	room = b->cap - b->len;
	n = vsnprintf(b->p + b->len, room, fmt, ap);
	if (n < 0 || (size_t)n >= room) {
		b->p[b->len] = '\0';
		b->err = 1;
		return;
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

int
buf_read_file(struct buf *b, const char *path, int flags)
{
	int fd;

	buf_reset(b);
	if (b->cap == 0 || (fd = open(path, O_RDONLY | O_CLOEXEC | flags)) == -1)
		return -1;
	return buf_read_fd(b, fd);
}

int
buf_slurp(struct buf *b, const char *path, size_t max)
{
	struct stat st;
	size_t cap;
	char *p;
	int fd, e;

	memset(b, 0, sizeof *b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	cap = max;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size < max)
		cap = (size_t)st.st_size;
	/* One byte past the size tells "larger", one more holds the NUL. */
	if ((p = malloc(cap + 2)) == NULL) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	buf_init(b, p, cap + 2);
	return buf_read_fd(b, fd);
}

int
buf_read_fd(struct buf *b, int fd)
{
	char extra;
	ssize_t r;
	int e;

	buf_reset(b);
	if (b->cap == 0) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		/* Read until the buffer is full, then one byte more: EOF or too big. */
		if (b->len < b->cap - 1)
			r = read(fd, b->p + b->len, b->cap - 1 - b->len);
		else
			r = read(fd, &extra, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0 || b->len == b->cap - 1)
			break;
		b->len += (size_t)r;
	}
	e = errno;
	close(fd);
	b->p[b->len] = '\0';
	if (r == -1) {
		errno = e;
		return -1;
	}
	if (r > 0) {
		b->err = 1;
		return 1;
	}
	return 0;
}
