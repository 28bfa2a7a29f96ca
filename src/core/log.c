/* see log.h */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "json.h"
#include "log.h"

#define LOG_LINE_MAX	8192
#define LOG_MSG_MAX	3500	/* bytes of one free-text message: escaped, it fits a line */

static const char *const log_levels[] = { "DEBUG", "INFO", "WARNING", "ERROR" };

/* see log.h */
void
log_open(struct logger *l, const char *name, const char *path,
    const char *home)
{
	char def[512];
	struct stat st;
	int n;

	l->fd = -1;
	l->open_errno = 0;
	l->path[0] = '\0';
	snprintf(l->name, sizeof l->name, "%s", name != NULL ? name : "wazuh-relay");
	if (path == NULL || path[0] == '\0') {
		if (home == NULL || home[0] == '\0')
			return;
		n = snprintf(def, sizeof def, "%s/logs", home);
		if (n < 0 || (size_t)n >= sizeof def || stat(def, &st) == -1 ||
		    !S_ISDIR(st.st_mode))
			return;		/* not a Wazuh home: stderr only */
		snprintf(def + n, sizeof def - (size_t)n, "/integrations.log");
		path = def;
	}
	snprintf(l->path, sizeof l->path, "%s", path);
	if ((l->fd = file_open_append(path)) == -1)
		l->open_errno = errno != 0 ? errno : EIO;
}

/* see log.h */
void
log_close(struct logger *l)
{
	if (l->fd != -1) {
		close(l->fd);
		l->fd = -1;
	}
}

/* see log.h */
void
log_open_note(const struct logger *l, struct buf *b)
{
	const char *why;

	if (l->open_errno == 0)
		return;
	switch (l->open_errno) {
	case ELOOP:
		why = "a symlink root does not own";
		break;
	case EMLINK:
		why = "more than one hard link";
		break;
	case EINVAL:
		why = "not a regular file";
		break;
	default:
		why = strerror(l->open_errno);
		break;
	}
	buf_puts(b, " (log ");
	log_clean(b, l->path, strlen(l->path), 256);
	buf_printf(b, " not written: %s)", why);
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

/* see log.h */
void
log_clean(struct buf *b, const char *s, size_t len, size_t max)
{
	size_t i = 0, k, n = len > max ? max : len;
	unsigned cp;
	unsigned char c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : c);
			i++;
			continue;
		}
		k = utf8_next(s + i, len - i, &cp);
		if (i + k > n)
			break;		/* never cut inside a character */
		if (cp == 0xFFFD && k == 1)
			buf_putc(b, '?');
		else
			buf_put(b, s + i, k);
		i += k;
	}
	if (i < len)
		buf_puts(b, "...");
}

/* see log.h */
void
log_kv(struct buf *b, const char *key, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	unsigned char c;
	int bare = len > 0;

	for (i = 0; i < len && bare; i++) {
		c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '=' || c == '\\')
			bare = 0;
	}
	if (b->len > 0)
		buf_putc(b, ' ');
	buf_puts(b, key);
	buf_putc(b, '=');
	if (bare) {
		buf_put(b, s, len);
		return;
	}
	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, c);
		} else if (c < 0x20 || c == 0x7f) {
			buf_putc(b, '\\');
			buf_putc(b, 'x');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		} else
			buf_putc(b, c);
	}
	buf_putc(b, '"');
}

/* see log.h */
void
log_kvs(struct buf *b, const char *key, const char *s)
{
	if (s == NULL || s[0] == '\0')
		s = "-";
	log_kv(b, key, s, strlen(s));
}

/* Write "TS NAME: LEVEL: " then pairs[0..n) as one line. */
static void
log_line(struct logger *l, int level, const char *pairs, size_t n)
{
	char store[LOG_LINE_MAX];
	struct buf b;
	struct timespec ts;
	struct tm tm;

	buf_init(&b, store, sizeof store - 1);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	buf_printf(&b, "%04d-%02d-%02dT%02d:%02d:%02dZ %s: %s: ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, l->name, log_levels[level]);
	/* Pairs are built bounded below LOG_LINE_MAX: cut only if not. */
	buf_put(&b, pairs, n > b.cap - b.len ? b.cap - b.len : n);
	b.err = 0;
	store[b.len++] = '\n';
	if (l->fd != -1)
		log_write_all(l->fd, store, b.len);
	if (!l->quiet_stderr)
		log_write_all(2, store, b.len);
}

/* see log.h */
void
log_event(struct logger *l, int level, const struct buf *kv)
{
	if (level == LOG_DEBUG && !l->debug)
		return;
	log_line(l, level, kv->p, kv->len);
}

/* Free text: msg="..." with the text cleaned to one line. */
static void
log_text(struct logger *l, int level, const char *fmt, va_list ap)
{
	char text[LOG_MSG_MAX], clean[LOG_MSG_MAX + 8], pairs[LOG_LINE_MAX - 128];
	struct buf t, c, p;

	buf_init(&t, text, sizeof text);
	buf_vprintf(&t, fmt, ap);
	if (t.err) {
		t.err = 0;
		buf_truncate(&t, t.cap > 8 ? t.cap - 8 : 0);
		buf_puts(&t, " [...]");
	}
	buf_init(&c, clean, sizeof clean);
	log_clean(&c, t.p, t.len, t.len);
	buf_init(&p, pairs, sizeof pairs);
	log_kv(&p, "msg", c.p, c.len);
	log_line(l, level, p.p, p.len);
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
	log_text(l, level, fmt, ap);					\
	va_end(ap);							\
}

LOG_FN(log_info, LOG_INFO, 1)
LOG_FN(log_warn, LOG_WARN, 1)
LOG_FN(log_error, LOG_ERROR, 1)
LOG_FN(log_debug, LOG_DEBUG, l->debug)
