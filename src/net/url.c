/* see url.h */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "url.h"

/* 1 for a byte that may appear in a reg-name host (before lowercasing). */
static int
url_is_hostchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

static int
url_is_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/* Value of hex digit c, or -1. */
static int
url_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * 1 if the last label of host[0..len) (a trailing dot ignored) looks
 * numeric: all digits, or "0x" and hex digits.  getaddrinfo() would
 * read such a name as an inet_aton() address ("1.2.3", "0x7f.1"), so
 * it must then be a strict dotted quad or it is refused.
 */
static int
url_last_label_numeric(const char *host, size_t len)
{
	size_t i, start;

	if (len > 0 && host[len - 1] == '.')
		len--;
	start = len;
	while (start > 0 && host[start - 1] != '.')
		start--;
	if (start == len)
		return 0;
	if (len - start >= 2 && host[start] == '0' &&
	    (host[start + 1] == 'x' || host[start + 1] == 'X')) {
		for (i = start + 2; i < len; i++)
			if (url_hexval((unsigned char)host[i]) == -1)
				return 0;
		return 1;
	}
	for (i = start; i < len; i++)
		if (host[i] < '0' || host[i] > '9')
			return 0;
	return 1;
}

/*
 * Parse the reg-name or IPv4 host at s[0..len) into u.
 * Returns 0 or -1 with *why set.
 */
static int
url_parse_name(struct url *u, const char *s, size_t len, const char **why)
{
	size_t i;
	int c;

	if (len == 0) {
		*why = "missing host";
		return -1;
	}
	if (len > URL_MAX_HOST) {
		*why = "host too long";
		return -1;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (!url_is_hostchar(c)) {
			*why = "bad character in host";
			return -1;
		}
		/* No empty label; a single trailing dot is allowed. */
		if (c == '.' && (i == 0 || s[i - 1] == '.')) {
			*why = "bad host";
			return -1;
		}
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		u->host[i] = (char)c;
	}
	u->host[len] = '\0';
	if (url_last_label_numeric(u->host, len)) {
		if (inet_pton(AF_INET, u->host, u->ip) != 1) {
			*why = "bad IPv4 address";
			return -1;
		}
		u->iptype = URL_HOST_IPV4;
	}
	return 0;
}

/*
 * Parse the inside of "[...]" at s[0..len): an IPv6 address, then an
 * optional RFC 6874 zone "%25zone" that is checked and dropped.
 * Returns 0 or -1 with *why set.
 */
static int
url_parse_ipv6(struct url *u, const char *s, size_t len, const char **why)
{
	const char *z;
	size_t i, alen;
	int c;

	z = memchr(s, '%', len);
	alen = z != NULL ? (size_t)(z - s) : len;
	if (z != NULL) {
		i = alen;
		if (len - i < 4 || z[1] != '2' || z[2] != '5') {
			*why = "bad IPv6 zone";
			return -1;
		}
		for (i += 3; i < len; i++) {
			c = (unsigned char)s[i];
			if (c == '%') {
				if (len - i < 3 ||
				    url_hexval((unsigned char)s[i + 1]) == -1 ||
				    url_hexval((unsigned char)s[i + 2]) == -1) {
					*why = "bad IPv6 zone";
					return -1;
				}
				i += 2;
			} else if (!url_is_unreserved(c)) {
				*why = "bad IPv6 zone";
				return -1;
			}
		}
	}
	if (alen == 0 || alen > 45) {
		*why = "bad IPv6 address";
		return -1;
	}
	for (i = 0; i < alen; i++) {
		c = (unsigned char)s[i];
		if (url_hexval(c) == -1 && c != ':' && c != '.') {
			*why = "bad IPv6 address";
			return -1;
		}
		if (c >= 'A' && c <= 'F')
			c = c - 'A' + 'a';
		u->host[i] = (char)c;
	}
	u->host[alen] = '\0';
	if (inet_pton(AF_INET6, u->host, u->ip) != 1) {
		*why = "bad IPv6 address";
		return -1;
	}
	u->iptype = URL_HOST_IPV6;
	return 0;
}

/*
 * Percent-decode the userinfo s[0..len) into u->userinfo.  Raw bytes
 * must be unreserved, sub-delims or ':'; "%00" is refused.
 * Returns 0 or -1 with *why set.
 */
static int
url_parse_userinfo(struct url *u, const char *s, size_t len,
    const char **why)
{
	size_t i, o = 0;
	int c, hi, lo;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (hi = url_hexval((unsigned char)s[i + 1])) == -1 ||
			    (lo = url_hexval((unsigned char)s[i + 2])) == -1 ||
			    (hi == 0 && lo == 0)) {
				*why = "bad proxy credentials";
				return -1;
			}
			c = hi * 16 + lo;
			i += 2;
		} else if (!url_is_unreserved(c) && c != ':' &&
		    strchr("!$&'()*+,;=", c) == NULL) {
			*why = "bad proxy credentials";
			return -1;
		}
		if (o >= URL_MAX_USERINFO) {
			*why = "proxy credentials too long";
			return -1;
		}
		u->userinfo[o++] = (char)c;
	}
	u->userinfo[o] = '\0';
	return 0;
}

/* Shared by url_parse and url_parse_proxy; see url.h. */
static int
url_parse_common(struct url *u, const char *s, const char **why, int proxy)
{
	const char *p, *auth_end, *at, *hend, *q, *frag;
	size_t i, len, plen;
	const char *dummy;
	long port;

	if (why == NULL)
		why = &dummy;
	memset(u, 0, sizeof *u);
	if (s == NULL) {
		*why = "missing URL";
		return -1;
	}
	len = strlen(s);
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] == 0x7f) {
			*why = "space or control byte in URL";
			return -1;
		}
	}
	if (strncasecmp(s, "http://", 7) == 0) {
		p = s + 7;
	} else if (strncasecmp(s, "https://", 8) == 0) {
		u->https = 1;
		p = s + 8;
	} else {
		*why = "unsupported scheme";
		return -1;
	}
	if (proxy && u->https) {
		*why = "proxy must be http://";
		return -1;
	}

	/* Authority: up to the first '/', '?' or '#'. */
	auth_end = p + strcspn(p, "/?#");
	at = NULL;
	for (q = p; q < auth_end; q++)
		if (*q == '@')
			at = q;
	if (at != NULL) {
		if (!proxy) {
			*why = "credentials in URL not allowed";
			return -1;
		}
		if (memchr(p, '@', (size_t)(at - p)) != NULL) {
			*why = "bad proxy credentials";
			return -1;
		}
		if (url_parse_userinfo(u, p, (size_t)(at - p), why) == -1)
			return -1;
		p = at + 1;
	}

	/* Host. */
	if (p < auth_end && *p == '[') {
		hend = memchr(p, ']', (size_t)(auth_end - p));
		if (hend == NULL) {
			*why = "bad IPv6 address";
			return -1;
		}
		if (url_parse_ipv6(u, p + 1, (size_t)(hend - p - 1), why) == -1)
			return -1;
		q = hend + 1;
	} else {
		hend = memchr(p, ':', (size_t)(auth_end - p));
		if (hend == NULL)
			hend = auth_end;
		if (url_parse_name(u, p, (size_t)(hend - p), why) == -1)
			return -1;
		q = hend;
	}

	/* Port. */
	u->port = u->https ? 443 : 80;
	if (q < auth_end) {
		if (*q != ':') {
			*why = "bad host";
			return -1;
		}
		if (q + 1 == auth_end) {
			*why = "bad port";
			return -1;
		}
		port = 0;
		for (q++; q < auth_end; q++) {
			if (*q < '0' || *q > '9' || port > 65535) {
				*why = "bad port";
				return -1;
			}
			port = port * 10 + (*q - '0');
		}
		if (port < 1 || port > 65535) {
			*why = "bad port";
			return -1;
		}
		u->port = (int)port;
		u->port_explicit = 1;
	}

	/* Path and query; the fragment is dropped. */
	frag = strchr(auth_end, '#');
	plen = frag != NULL ? (size_t)(frag - auth_end) : strlen(auth_end);
	i = 0;
	if (plen == 0 || auth_end[0] == '?')
		u->path[i++] = '/';
	if (plen > URL_MAX_PATH - i) {
		*why = "path too long";
		return -1;
	}
	memcpy(u->path + i, auth_end, plen);
	u->path[i + plen] = '\0';
	u->pathlen = strcspn(u->path, "?");
	return 0;
}

/* see url.h */
int
url_parse(struct url *u, const char *s, const char **why)
{
	return url_parse_common(u, s, why, 0);
}

/* see url.h */
int
url_parse_proxy(struct url *u, const char *s, const char **why)
{
	return url_parse_common(u, s, why, 1);
}

/* see url.h */
void
url_hostport(const struct url *u, struct buf *b, int with_default_port)
{
	if (u->iptype == URL_HOST_IPV6)
		buf_printf(b, "[%s]", u->host);
	else
		buf_puts(b, u->host);
	if (with_default_port || u->port != (u->https ? 443 : 80))
		buf_printf(b, ":%d", u->port);
}

/* see url.h */
void
url_redacted(const struct url *u, struct buf *b)
{
	buf_puts(b, u->https ? "https://" : "http://");
	url_hostport(u, b, 0);
	buf_put(b, u->path, u->pathlen);
}

/* see url.h */
void
url_encode(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];
	size_t i;
	int c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (url_is_unreserved(c)) {
			buf_putc(b, c);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 15];
		buf_put(b, esc, 3);
	}
}
