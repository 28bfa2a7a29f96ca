/*
 * fuzz_url: arbitrary bytes -> url_parse and url_parse_proxy.  On
 * success the parts must hold what url.h promises (a host of allowed
 * bytes or a checked IP literal, a path starting with '/', no byte
 * <= 0x20 anywhere, a port in range); the Host value, the redacted form
 * and url_encode's output must stay within their buffers and alphabets.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "url.h"

static void
fuzz_check(const struct url *u, int proxy)
{
	unsigned char ip[16];
	char store[URL_MAX_HOST + URL_MAX_PATH + 64];
	struct buf b;
	size_t i, n = strlen(u->host);

	if (n == 0 || n > URL_MAX_HOST || u->port < 1 || u->port > 65535 ||
	    u->path[0] != '/' || u->pathlen > strlen(u->path) ||
	    (!proxy && u->userinfo[0] != '\0') || (proxy && u->https))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)u->host[i] <= 0x20 || u->host[i] == '/' ||
		    u->host[i] == '@' || (u->host[i] >= 'A' && u->host[i] <= 'Z'))
			abort();
	for (i = 0; u->path[i] != '\0'; i++)
		if ((unsigned char)u->path[i] <= 0x20 || u->path[i] == 0x7f ||
		    u->path[i] == '#')
			abort();
	if (u->iptype == URL_HOST_IPV4 && (inet_pton(AF_INET, u->host, ip) != 1 ||
	    memcmp(ip, u->ip, 4) != 0))
		abort();
	if (u->iptype == URL_HOST_IPV6 && (inet_pton(AF_INET6, u->host, ip) != 1 ||
	    memcmp(ip, u->ip, 16) != 0))
		abort();
	buf_init(&b, store, sizeof store);
	url_hostport(u, &b, 1);
	url_redacted(u, &b);
	if (b.err || memchr(b.p, '?', b.len) != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url u;
	struct buf b;
	char *s, *enc;
	const char *why;
	size_t i;

	if (size > 8192 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (url_parse(&u, s, &why) == 0)
		fuzz_check(&u, 0);
	else if (why == NULL || why[0] == '\0')
		abort();
	if (url_parse_proxy(&u, s, &why) == 0)
		fuzz_check(&u, 1);
	else if (why == NULL || why[0] == '\0')
		abort();
	/* The query encoder: unreserved bytes and %XX only, 3 bytes per byte at most. */
	if ((enc = malloc(size * 3 + 1)) == NULL)
		abort();
	buf_init(&b, enc, size * 3 + 1);
	url_encode(&b, (const char *)data, size);
	if (b.err)
		abort();
	for (i = 0; i < b.len; i++)
		if (!((b.p[i] >= 'a' && b.p[i] <= 'z') || (b.p[i] >= 'A' &&
		    b.p[i] <= 'Z') || (b.p[i] >= '0' && b.p[i] <= '9') ||
		    strchr("-._~%", b.p[i]) != NULL))
			abort();
	free(enc);
	free(s);
	return 0;
}
