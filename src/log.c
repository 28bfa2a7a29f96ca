/* see log.h */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX	8192

/* Parent of the folder holding exe_path: /var/ossec/integrations/x -> /var/ossec. */
static int
log_home(const char *exe_path, char *dst, size_t cap)
{
	const char *slash;
	size_t n;

	if (exe_path == NULL || exe_path[0] != '/')
		return -1;
	if ((slash = strrchr(exe_path, '/')) == NULL)
		return -1;
	n = (size_t)(slash - exe_path);	/* folder of the executable */
	while (n > 0 && exe_path[n - 1] != '/')
		n--;
	if (n <= 1)
		return -1;		/* no parent above the folder */
	n--;				/* drop the slash */
	if (n + 1 > cap)
		return -1;
	memcpy(dst, exe_path, n);
	dst[n] = '\0';
	return 0;
}

void
log_open(struct logger *l, const char *name, const char *path,
    const char *exe_path)
{
	char home[400];
	char def[512];
	int n;

	l->fd = -1;
	l->path[0] = '\0';
	snprintf(l->name, sizeof l->name, "%s", name != NULL ? name : "wazuh-relay");
	if (path == NULL || path[0] == '\0') {
		if (log_home(exe_path, home, sizeof home) == -1)
			return;
		n = snprintf(def, sizeof def, "%s/logs/integrations.log", home);
		if (n < 0 || (size_t)n >= sizeof def)
			return;
		path = def;
	}
	/*
	 * Append only; never create the folder.  0640 as Wazuh creates
	 * integrations.log itself.
	 */
	l->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (l->fd != -1)
		snprintf(l->path, sizeof l->path, "%s", path);
}

void
log_close(struct logger *l)
{
	if (l->fd != -1) {
		close(l->fd);
		l->fd = -1;
	}
}

static void
log_write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		len -= (size_t)w;
	}
}

static void
log_emit(struct logger *l, const char *level, const char *fmt, va_list ap)
{
	char store[LOG_LINE_MAX];
	struct buf b;
	struct timespec ts;
	struct tm tm;
	size_t i;

	buf_init(&b, store, sizeof store - 1);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	buf_printf(&b, "%04d-%02d-%02dT%02d:%02d:%02dZ %s: %s: ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, l->name, level);
	buf_vprintf(&b, fmt, ap);
	if (b.err) {
		/* Keep what fit; mark the cut. */
		b.err = 0;
		buf_truncate(&b, b.cap > 8 ? b.cap - 8 : 0);
		buf_puts(&b, " [...]");
	}
	/* One event, one line: a stray newline would forge a second one. */
	for (i = 0; i < b.len; i++)
		if (b.p[i] == '\n' || b.p[i] == '\r')
			b.p[i] = ' ';
	store[b.len++] = '\n';
	if (l->fd != -1)
		log_write_all(l->fd, store, b.len);
	if (l->fd == -1 || !l->quiet_stderr)
		log_write_all(2, store, b.len);
}

#define LOG_FN(fn, level, cond)					\
void									\
fn(struct logger *l, const char *fmt, ...)				\
{									\
	va_list ap;							\
									\
	if (!(cond))							\
		return;							\
	va_start(ap, fmt);						\
	log_emit(l, level, fmt, ap);					\
	va_end(ap);							\
}

LOG_FN(log_info, "INFO", 1)
LOG_FN(log_warn, "WARNING", 1)
LOG_FN(log_error, "ERROR", 1)
LOG_FN(log_debug, "DEBUG", l->debug)

void
log_sanitize(struct buf *b, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n;
	unsigned char c;

	n = len > max ? max : len;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf_putc(b, c);
		else {
			buf_putc(b, '\\');
			buf_putc(b, 'x');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
	if (n < len)
		buf_puts(b, "...");
}
