/*
 * url: parse http:// and https:// URLs into their parts.
 * Hosts are kept without brackets; IP literals are detected with
 * inet_pton (the IPv6 zone "%scope" is dropped from the address used
 * for checks and kept out of Host:).  Userinfo is refused for target
 * URLs and allowed only by url_parse_proxy.
 */
#ifndef URL_H
#define URL_H

#include <stddef.h>

#define URL_MAX_HOST	255
#define URL_MAX_PATH	4096
#define URL_MAX_USERINFO 512

enum url_iptype { URL_HOST_NAME = 0, URL_HOST_IPV4 = 4, URL_HOST_IPV6 = 6 };

struct url {
	int	 https;			/* 1 for https */
	char	 host[URL_MAX_HOST + 1];/* no brackets, no zone */
	int	 iptype;		/* enum url_iptype */
	unsigned char ip[16];		/* the address when iptype != 0 */
	int	 port;			/* explicit or the scheme's default */
	int	 port_explicit;
	char	 path[URL_MAX_PATH + 1];/* path and query, starts with '/' */
	size_t	 pathlen;		/* length of the path part before '?' */
	char	 userinfo[URL_MAX_USERINFO + 1]; /* proxy only, decoded */
};

/*
 * Parse s into u.  Returns 0, or -1 and a short static reason in *why
 * ("unsupported scheme", "bad port", "credentials in URL not allowed",
 * ...); why may be NULL.
 * - Scheme http or https, any case.  Bytes <= 0x20 and 0x7f anywhere
 *   are refused.
 * - Host: letters, digits, '-', '.', '_' (lowercased; no empty label,
 *   one trailing dot allowed); a name whose last label is numeric
 *   ("1.2.3", "0x7f.1", "h.123") must be a strict dotted-quad IPv4;
 *   "[IPv6]" with an optional "%25zone" (checked, then dropped).
 * - Port: 1..65535, digits only; "host:" with no digits is refused.
 * - Path and query kept verbatim (no re-encoding), the "#fragment"
 *   dropped; an empty path becomes "/" (also before "?query").
 */
int	url_parse(struct url *u, const char *s, const char **why);
/*
 * As url_parse, for http:// proxies (https:// is refused); a
 * "user:pass@" is accepted and percent-decoded into u->userinfo (raw
 * bytes: unreserved, sub-delims, ':'; "%00" refused).
 */
int	url_parse_proxy(struct url *u, const char *s, const char **why);
/*
 * Write the Host header value into b: "host", "host:port" when the port
 * is not the scheme default, IPv6 in brackets.
 */
struct buf;
void	url_hostport(const struct url *u, struct buf *b, int with_default_port);
/*
 * For logs: "https://host:port/path" without query string or userinfo.
 */
void	url_redacted(const struct url *u, struct buf *b);
/* Percent-encode s for a query component (RFC 3986 unreserved kept). */
void	url_encode(struct buf *b, const char *s, size_t len);

#endif
