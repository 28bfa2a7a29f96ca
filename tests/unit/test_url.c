/*
 * test_url: url_parse / url_parse_proxy over a table of good and bad
 * URLs, url_hostport, url_redacted and url_encode vectors.
 */
#include <string.h>

#include "buf.h"
#include "t.h"
#include "url.h"

struct good {
	const char	*in;
	int		 proxy;
	int		 https;
	const char	*host;
	int		 iptype;
	int		 port;
	int		 port_explicit;
	const char	*path;
	size_t		 pathlen;
	const char	*hostport;	/* with_default_port = 0 */
	const char	*hostport_dp;	/* with_default_port = 1 */
	const char	*redacted;
	const char	*userinfo;
};

static const struct good goods[] = {
	{ "https://iris.example/alerts/add", 0, 1, "iris.example", 0, 443, 0,
	  "/alerts/add", 11, "iris.example", "iris.example:443",
	  "https://iris.example/alerts/add", "" },
	{ "HTTP://Example.COM", 0, 0, "example.com", 0, 80, 0,
	  "/", 1, "example.com", "example.com:80", "http://example.com/", "" },
	{ "HtTpS://h.example:8443/p?a=1&b=2#frag", 0, 1, "h.example", 0, 8443,
	  1, "/p?a=1&b=2", 2, "h.example:8443", "h.example:8443",
	  "https://h.example:8443/p", "" },
	{ "https://h.example?x=1", 0, 1, "h.example", 0, 443, 0,
	  "/?x=1", 1, "h.example", "h.example:443", "https://h.example/", "" },
	{ "https://h.example#top", 0, 1, "h.example", 0, 443, 0,
	  "/", 1, "h.example", "h.example:443", "https://h.example/", "" },
	{ "https://h/#", 0, 1, "h", 0, 443, 0, "/", 1, "h", "h:443",
	  "https://h/", "" },
	{ "http://10.0.0.5:80/x", 0, 0, "10.0.0.5", 4, 80, 1, "/x", 2,
	  "10.0.0.5", "10.0.0.5:80", "http://10.0.0.5/x", "" },
	{ "https://10.0.0.5:443", 0, 1, "10.0.0.5", 4, 443, 1, "/", 1,
	  "10.0.0.5", "10.0.0.5:443", "https://10.0.0.5/", "" },
	{ "https://[2001:DB8::5]:9443/a", 0, 1, "2001:db8::5", 6, 9443, 1,
	  "/a", 2, "[2001:db8::5]:9443", "[2001:db8::5]:9443",
	  "https://[2001:db8::5]:9443/a", "" },
	{ "http://[::1]/", 0, 0, "::1", 6, 80, 0, "/", 1, "[::1]", "[::1]:80",
	  "http://[::1]/", "" },
	{ "https://[fe80::1%25eth0]/x?q", 0, 1, "fe80::1", 6, 443, 0,
	  "/x?q", 2, "[fe80::1]", "[fe80::1]:443", "https://[fe80::1]/x", "" },
	{ "https://[::ffff:1.2.3.4]:1/", 0, 1, "::ffff:1.2.3.4", 6, 1, 1,
	  "/", 1, "[::ffff:1.2.3.4]:1", "[::ffff:1.2.3.4]:1",
	  "https://[::ffff:1.2.3.4]:1/", "" },
	{ "https://My_Host-1.Example./x", 0, 1, "my_host-1.example.", 0, 443,
	  0, "/x", 2, "my_host-1.example.", "my_host-1.example.:443",
	  "https://my_host-1.example./x", "" },
	{ "http://h:65535/", 0, 0, "h", 0, 65535, 1, "/", 1, "h:65535",
	  "h:65535", "http://h:65535/", "" },
	{ "http://h:00080/", 0, 0, "h", 0, 80, 1, "/", 1, "h", "h:80",
	  "http://h/", "" },
	{ "https://h/a%20b/caf\xc3\xa9", 0, 1, "h", 0, 443, 0,
	  "/a%20b/caf\xc3\xa9", 12, "h", "h:443", "https://h/a%20b/caf\xc3\xa9",
	  "" },
	{ "https://h/p@q?r=@", 0, 1, "h", 0, 443, 0, "/p@q?r=@", 4, "h",
	  "h:443", "https://h/p@q", "" },
	{ "https://hooks.example/w?sig=a&amp;b", 0, 1, "hooks.example", 0, 443,
	  0, "/w?sig=a&amp;b", 2, "hooks.example", "hooks.example:443",
	  "https://hooks.example/w", "" },
	{ "http://user:p%40ss@proxy.local:3128", 1, 0, "proxy.local", 0, 3128,
	  1, "/", 1, "proxy.local:3128", "proxy.local:3128",
	  "http://proxy.local:3128/", "user:p@ss" },
	{ "http://proxy:8080/", 1, 0, "proxy", 0, 8080, 1, "/", 1,
	  "proxy:8080", "proxy:8080", "http://proxy:8080/", "" },
	{ "http://a!$&'()*+,;=:-._~%7E@[::1]:3128", 1, 0, "::1", 6, 3128, 1,
	  "/", 1, "[::1]:3128", "[::1]:3128", "http://[::1]:3128/",
	  "a!$&'()*+,;=:-._~~" },
};

struct bad {
	const char	*in;
	int		 proxy;
	const char	*why;
};

static const struct bad bads[] = {
	{ "ftp://h/", 0, "unsupported scheme" },
	{ "https:/h", 0, "unsupported scheme" },
	{ "httpx://h", 0, "unsupported scheme" },
	{ "", 0, "unsupported scheme" },
	{ "//h/", 0, "unsupported scheme" },
	{ "https://", 0, "missing host" },
	{ "https:///x", 0, "missing host" },
	{ "https://:443/", 0, "missing host" },
	{ "https://h:0/", 0, "bad port" },
	{ "https://h:65536/", 0, "bad port" },
	{ "https://h:655350/", 0, "bad port" },
	{ "https://h:abc/", 0, "bad port" },
	{ "https://h:/", 0, "bad port" },
	{ "https://h:-1/", 0, "bad port" },
	{ "https://h:+80/", 0, "bad port" },
	{ "https://h:8o/", 0, "bad port" },
	{ "https://h:99999999999999999999999/", 0, "bad port" },
	{ "https://user:pw@h/", 0, "credentials in URL not allowed" },
	{ "https://@h/", 0, "credentials in URL not allowed" },
	{ "https://u@h:443?x", 0, "credentials in URL not allowed" },
	{ "https://h/a b", 0, "space or control byte in URL" },
	{ "https://h/a\tb", 0, "space or control byte in URL" },
	{ "https://h/\x7f", 0, "space or control byte in URL" },
	{ "https://h/a\r\nX-Evil: 1", 0, "space or control byte in URL" },
	{ "https://h\x01/", 0, "space or control byte in URL" },
	{ " https://h/", 0, "space or control byte in URL" },
	{ "https://h/#a b", 0, "space or control byte in URL" },
	{ "https://[::1/", 0, "bad IPv6 address" },
	{ "https://[::g]/", 0, "bad IPv6 address" },
	{ "https://[]/", 0, "bad IPv6 address" },
	{ "https://[1.2.3.4]/", 0, "bad IPv6 address" },
	{ "https://[1::2::3]/", 0, "bad IPv6 address" },
	{ "https://[fe80::1%eth0]/", 0, "bad IPv6 zone" },
	{ "https://[fe80::1%25]/", 0, "bad IPv6 zone" },
	{ "https://[fe80::1%25e/0]/", 0, "bad IPv6 address" },
	{ "https://[fe80::1%25e%zz]/", 0, "bad IPv6 zone" },
	{ "https://[::1]x/", 0, "bad host" },
	{ "https://[::1]:/", 0, "bad port" },
	{ "https://a..b/", 0, "bad host" },
	{ "https://.a/", 0, "bad host" },
	{ "https://h!x/", 0, "bad character in host" },
	{ "https://h%41/", 0, "bad character in host" },
	{ "https://h\\@x/", 0, "credentials in URL not allowed" },
	{ "https://h\\x/", 0, "bad character in host" },
	{ "https://1.2.3/", 0, "bad IPv4 address" },
	{ "https://999.1.1.1/", 0, "bad IPv4 address" },
	{ "https://0x7f.1/", 0, "bad IPv4 address" },
	{ "https://127.1/", 0, "bad IPv4 address" },
	{ "https://2130706433/", 0, "bad IPv4 address" },
	{ "https://h.123/", 0, "bad IPv4 address" },
	{ "https://proxy:3128", 1, "proxy must be http://" },
	{ "http://a@b@proxy/", 1, "bad proxy credentials" },
	{ "http://u:p%00@proxy/", 1, "bad proxy credentials" },
	{ "http://u:p%zz@proxy/", 1, "bad proxy credentials" },
	{ "http://u:p%4@proxy/", 1, "bad proxy credentials" },
	{ "http://u\"@proxy/", 1, "bad proxy credentials" },
};

static void
test_good(void)
{
	struct url u;
	struct buf b;
	char s[512], what[600];
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		const struct good *g = &goods[i];

		snprintf(what, sizeof what, "good[%zu] %s", i, g->in);
		why = NULL;
		rc = g->proxy ? url_parse_proxy(&u, g->in, &why) :
		    url_parse(&u, g->in, &why);
		T_OK(rc == 0, "%s: rc %d (%s)", what, rc, why ? why : "");
		if (rc != 0)
			continue;
		T_EQ_INT(u.https, g->https, what);
		T_EQ_STR(u.host, g->host, what);
		T_EQ_INT(u.iptype, g->iptype, what);
		T_EQ_INT(u.port, g->port, what);
		T_EQ_INT(u.port_explicit, g->port_explicit, what);
		T_EQ_STR(u.path, g->path, what);
		T_EQ_INT(u.pathlen, g->pathlen, what);
		T_EQ_STR(u.userinfo, g->userinfo, what);
		buf_init(&b, s, sizeof s);
		url_hostport(&u, &b, 0);
		T_EQ_STR(s, g->hostport, what);
		buf_init(&b, s, sizeof s);
		url_hostport(&u, &b, 1);
		T_EQ_STR(s, g->hostport_dp, what);
		buf_init(&b, s, sizeof s);
		url_redacted(&u, &b);
		T_EQ_STR(s, g->redacted, what);
		T_EQ_INT(b.err, 0, what);
	}
}

static void
test_ip_bytes(void)
{
	static const unsigned char v4[4] = { 10, 0, 0, 5 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 5 };
	static const unsigned char ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 1 };
	struct url u;
	const char *why;

	T_EQ_INT(url_parse(&u, "https://10.0.0.5/", &why), 0, "v4");
	T_EQ_MEM(u.ip, 4, v4, 4, "v4 bytes");
	T_EQ_INT(url_parse(&u, "https://[2001:db8::5]/", &why), 0, "v6");
	T_EQ_MEM(u.ip, 16, v6, 16, "v6 bytes");
	T_EQ_INT(url_parse(&u, "https://[fe80::1%25lo]/", &why), 0, "ll");
	T_EQ_MEM(u.ip, 16, ll, 16, "v6 zone bytes");
	T_EQ_INT(url_parse(&u, "https://example.com/", &why), 0, "name");
	T_EQ_INT(u.iptype, URL_HOST_NAME, "name iptype");
	/* NULL why is allowed. */
	T_EQ_INT(url_parse(&u, "ftp://x/", NULL), -1, "NULL why");
	T_EQ_INT(url_parse(&u, NULL, &why), -1, "NULL url");
}

static void
test_bad(void)
{
	struct url u;
	char what[600];
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		snprintf(what, sizeof what, "bad[%zu] %s", i, bads[i].in);
		why = NULL;
		rc = bads[i].proxy ? url_parse_proxy(&u, bads[i].in, &why) :
		    url_parse(&u, bads[i].in, &why);
		T_EQ_INT(rc, -1, what);
		T_EQ_STR(why, bads[i].why, what);
	}
}

static void
test_limits(void)
{
	static char s[URL_MAX_PATH + 64];
	struct url u;
	const char *why;
	size_t n;

	/* Host: 255 bytes fine, 256 too long. */
	strcpy(s, "https://");
	n = strlen(s);
	memset(s + n, 'a', 255);
	strcpy(s + n + 255, "/");
	T_EQ_INT(url_parse(&u, s, &why), 0, "host 255");
	T_EQ_INT(strlen(u.host), 255, "host 255 len");
	memset(s + n, 'a', 256);
	strcpy(s + n + 256, "/");
	T_EQ_INT(url_parse(&u, s, &why), -1, "host 256");
	T_EQ_STR(why, "host too long", "host 256 why");

	/* Path: URL_MAX_PATH bytes fine, one more too long. */
	strcpy(s, "https://h");
	n = strlen(s);
	s[n] = '/';
	memset(s + n + 1, 'p', URL_MAX_PATH - 1);
	s[n + URL_MAX_PATH] = '\0';
	T_EQ_INT(url_parse(&u, s, &why), 0, "path max");
	T_EQ_INT(strlen(u.path), URL_MAX_PATH, "path max len");
	T_EQ_INT(u.pathlen, URL_MAX_PATH, "path max pathlen");
	s[n + URL_MAX_PATH] = 'p';
	s[n + URL_MAX_PATH + 1] = '\0';
	T_EQ_INT(url_parse(&u, s, &why), -1, "path max+1");
	T_EQ_STR(why, "path too long", "path max+1 why");
	/* "?q" on an empty path adds the '/': counts against the cap. */
	strcpy(s, "https://h?");
	n = strlen(s);
	memset(s + n, 'q', URL_MAX_PATH - 2);
	s[n + URL_MAX_PATH - 2] = '\0';
	T_EQ_INT(url_parse(&u, s, &why), 0, "query max");
	T_EQ_INT(strlen(u.path), URL_MAX_PATH, "query max len");
	s[n + URL_MAX_PATH - 2] = 'q';
	s[n + URL_MAX_PATH - 1] = '\0';
	T_EQ_INT(url_parse(&u, s, &why), -1, "query max+1");

	/* Proxy credentials: URL_MAX_USERINFO decoded bytes. */
	strcpy(s, "http://");
	n = strlen(s);
	memset(s + n, 'u', URL_MAX_USERINFO);
	strcpy(s + n + URL_MAX_USERINFO, "@p:1");
	T_EQ_INT(url_parse_proxy(&u, s, &why), 0, "userinfo max");
	T_EQ_INT(strlen(u.userinfo), URL_MAX_USERINFO, "userinfo max len");
	memset(s + n, 'u', URL_MAX_USERINFO + 1);
	strcpy(s + n + URL_MAX_USERINFO + 1, "@p:1");
	T_EQ_INT(url_parse_proxy(&u, s, &why), -1, "userinfo max+1");
	T_EQ_STR(why, "proxy credentials too long", "userinfo max+1 why");
}

static void
test_encode(void)
{
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*out;
	} v[] = {
		{ "abcXYZ019-._~", 13, "abcXYZ019-._~" },
		{ "a b&c=d/\xc3\xa9", 10, "a%20b%26c%3Dd%2F%C3%A9" },
		{ "", 0, "" },
		{ "\x00\xff", 2, "%00%FF" },
		{ "100%+?#", 7, "100%25%2B%3F%23" },
	};
	struct buf b;
	char s[128];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&b, s, sizeof s);
		url_encode(&b, v[i].in, v[i].len);
		T_EQ_STR(s, v[i].out, "url_encode");
		T_EQ_INT(b.err, 0, "url_encode err");
	}
	/* Overflow is sticky, nothing partial beyond the cap. */
	buf_init(&b, s, 4);
	url_encode(&b, " ", 1);
	T_EQ_STR(s, "%20", "encode fits");
	url_encode(&b, "a", 1);
	T_EQ_INT(b.err, 1, "encode overflow");
	T_EQ_STR(s, "%20", "encode overflow content");
}

int
main(void)
{
	test_good();
	test_ip_bytes();
	test_bad();
	test_limits();
	test_encode();
	return t_done();
}
