/*
 * test_http: request-head bytes, header checks, the response push
 * parser over canned responses fed whole, byte by byte and split at
 * every point, header lookup, Retry-After, http_exchange over a memory
 * transport, and net.c against sockets this test creates on 127.0.0.1.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "http.h"
#include "net.h"
#include "t.h"
#include "url.h"

#ifndef WR_VERSION
#define WR_VERSION "dev"
#endif
#define UA	"User-Agent: wazuh-relay/" WR_VERSION "\r\n"

/* ------------------------------------------------------------------ */
/* Request head                                                        */

static void
test_write_head(void)
{
	static const struct http_hdr hdrs[] = {
		{ "Authorization", "Bearer abc" },
		{ "X-Test", "a\tb" },
	};
	static const char want_post[] =
	    "POST /alerts/add?x=1 HTTP/1.1\r\n"
	    "Host: [2001:db8::1]:8080\r\n"
	    UA
	    "Content-Type: application/json\r\n"
	    "Content-Length: 2\r\n"
	    "Connection: close\r\n"
	    "Authorization: Bearer abc\r\n"
	    "X-Test: a\tb\r\n"
	    "\r\n";
	static const char want_abs[] =
	    "GET http://target.example:8080/x?y=1 HTTP/1.1\r\n"
	    "Host: target.example:8080\r\n"
	    UA
	    "Connection: close\r\n"
	    "\r\n";
	static const char want_connect[] =
	    "CONNECT h.example:443 HTTP/1.1\r\n"
	    "Host: h.example:443\r\n"
	    UA
	    "Proxy-Authorization: Basic dTpw\r\n"
	    "\r\n";
	static const char want_empty_body[] =
	    "PUT /other HTTP/1.1\r\n"
	    "Host: 10.0.0.5\r\n"
	    UA
	    "Content-Length: 0\r\n"
	    "Connection: close\r\n"
	    "\r\n";
	static const char want_ka[] =
	    "GET /x?y=1 HTTP/1.1\r\n"
	    "Host: target.example:8080\r\n"
	    UA
	    "Connection: keep-alive\r\n"
	    "\r\n";
	static const char want_ka_off[] =
	    "GET /x?y=1 HTTP/1.1\r\n"
	    "Host: target.example:8080\r\n"
	    UA
	    "Connection: close\r\n"
	    "\r\n";
	static const struct http_hdr pa = { "Proxy-Authorization", "Basic dTpw" };
	struct http_req req;
	struct url u;
	struct buf b;
	char s[4096];
	const char *why;

	T_EQ_INT(url_parse(&u, "http://[2001:db8::1]:8080/alerts/add?x=1",
	    &why), 0, "url");
	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.url = &u;
	req.content_type = "application/json";
	req.hdrs = hdrs;
	req.nhdrs = 2;
	req.body = "{}";
	req.bodylen = 2;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "post head");
	T_EQ_MEM(b.p, b.len, want_post, sizeof want_post - 1, "post head");

	/* Too small a buffer: -1, never a partial success. */
	buf_init(&b, s, sizeof want_post - 1);
	T_EQ_INT(http_write_head(&b, &req), -1, "head overflow");
	buf_init(&b, s, sizeof want_post);
	T_EQ_INT(http_write_head(&b, &req), 0, "head exact fit");

	T_EQ_INT(url_parse(&u, "http://target.example:8080/x?y=1", &why), 0,
	    "url abs");
	memset(&req, 0, sizeof req);
	req.method = "GET";
	req.url = &u;
	req.absolute_form = 1;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "abs head");
	T_EQ_MEM(b.p, b.len, want_abs, sizeof want_abs - 1, "abs head");

	/* keep_alive picks the Connection field, nothing else changes. */
	req.absolute_form = 0;
	req.keep_alive = 1;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "keep-alive head");
	T_EQ_MEM(b.p, b.len, want_ka, sizeof want_ka - 1, "keep-alive head");
	req.keep_alive = 0;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "keep-alive off head");
	T_EQ_MEM(b.p, b.len, want_ka_off, sizeof want_ka_off - 1,
	    "keep-alive off head");

	T_EQ_INT(url_parse(&u, "https://h.example/", &why), 0, "url connect");
	memset(&req, 0, sizeof req);
	req.method = "CONNECT";
	req.url = &u;
	req.path = "h.example:443";
	req.hdrs = &pa;
	req.nhdrs = 1;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "connect head");
	T_EQ_MEM(b.p, b.len, want_connect, sizeof want_connect - 1,
	    "connect head");
	/* CONNECT sends no Connection field, keep_alive or not. */
	req.keep_alive = 1;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "connect keep-alive head");
	T_EQ_MEM(b.p, b.len, want_connect, sizeof want_connect - 1,
	    "connect keep-alive head");

	T_EQ_INT(url_parse(&u, "https://10.0.0.5:443/ignored", &why), 0,
	    "url put");
	memset(&req, 0, sizeof req);
	req.method = "PUT";
	req.url = &u;
	req.path = "/other";
	req.body = "";
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "put head");
	T_EQ_MEM(b.p, b.len, want_empty_body, sizeof want_empty_body - 1,
	    "put head");
}

static void
test_write_head_refusals(void)
{
	static const char *const badpaths[] = { "/a b", "/a\r\nX: y", "/a\n",
	    "/a\r", "", "/\x7f", "/\t" };
	static const struct {
		const char	*name;
		const char	*value;
	} badhdrs[] = {
		{ "X-A", "a\r\nX-Evil: 1" },
		{ "X-A\r\nX-Evil", "1" },
		{ "X A", "v" },
		{ "", "v" },
		{ "content-length", "5" },
		{ "Host", "evil" },
		{ "TRANSFER-ENCODING", "chunked" },
		{ "Connection", "keep-alive" },
	};
	struct http_hdr h, many[HTTP_MAX_HDRS + 1];
	struct http_req req;
	struct url u;
	struct buf b;
	char s[8192];
	const char *why;
	size_t i;

	T_EQ_INT(url_parse(&u, "https://h.example/p", &why), 0, "url");
	for (i = 0; i < sizeof badpaths / sizeof badpaths[0]; i++) {
		memset(&req, 0, sizeof req);
		req.method = "POST";
		req.url = &u;
		req.path = badpaths[i];
		buf_init(&b, s, sizeof s);
		T_EQ_INT(http_write_head(&b, &req), -1, "bad path");
	}
	for (i = 0; i < sizeof badhdrs / sizeof badhdrs[0]; i++) {
		memset(&req, 0, sizeof req);
		req.method = "POST";
		req.url = &u;
		h.name = badhdrs[i].name;
		h.value = badhdrs[i].value;
		req.hdrs = &h;
		req.nhdrs = 1;
		buf_init(&b, s, sizeof s);
		T_EQ_INT(http_write_head(&b, &req), -1, badhdrs[i].name);
	}
	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.url = &u;
	req.content_type = "application/json\r\nX-Evil: 1";
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), -1, "bad content type");

	memset(&req, 0, sizeof req);
	req.url = &u;
	req.method = "PO ST";
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), -1, "bad method");
	req.method = "";
	T_EQ_INT(http_write_head(&b, &req), -1, "empty method");
	req.method = NULL;
	T_EQ_INT(http_write_head(&b, &req), -1, "NULL method");
	T_EQ_INT(http_write_head(&b, NULL), -1, "NULL req");

	for (i = 0; i < HTTP_MAX_HDRS + 1; i++) {
		many[i].name = "X-N";
		many[i].value = "v";
	}
	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.url = &u;
	req.hdrs = many;
	req.nhdrs = HTTP_MAX_HDRS;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), 0, "max hdrs");
	req.nhdrs = HTTP_MAX_HDRS + 1;
	buf_init(&b, s, sizeof s);
	T_EQ_INT(http_write_head(&b, &req), -1, "too many hdrs");
	req.nhdrs = -1;
	T_EQ_INT(http_write_head(&b, &req), -1, "negative nhdrs");
	req.nhdrs = 1;
	req.hdrs = NULL;
	T_EQ_INT(http_write_head(&b, &req), -1, "NULL hdrs");
}

static void
test_hdr_check(void)
{
	static const struct {
		const char	*name;
		const char	*value;
		int		 want;
	} v[] = {
		{ "X-A", "v", 0 },
		{ "!#$%&'*+-.^_`|~09azAZ", "", 0 },
		{ "X", "a\tb", 0 },
		{ "X", " padded ", 0 },
		{ "X", "\x80\xff utf-8 \xc3\xa9", 0 },
		{ "", "v", -1 },
		{ "X A", "v", -1 },
		{ "X:A", "v", -1 },
		{ "X\r\nY", "v", -1 },
		{ "X(", "v", -1 },
		{ "X\"", "v", -1 },
		{ "X\x80", "v", -1 },
		{ "X", "a\r\nb", -1 },
		{ "X", "a\nb", -1 },
		{ "X", "a\rb", -1 },
		{ "X", "\x01", -1 },
		{ "X", "\x1f", -1 },
		{ "X", "a\x7f", -1 },
		{ NULL, "v", -1 },
		{ "X", NULL, -1 },
	};
	static char name[300], value[8300];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		T_EQ_INT(http_hdr_check(v[i].name, v[i].value), v[i].want,
		    v[i].name != NULL ? v[i].name : "(null)");
	memset(name, 'n', 256);
	name[256] = '\0';
	T_EQ_INT(http_hdr_check(name, "v"), 0, "name 256");
	name[256] = 'n';
	name[257] = '\0';
	T_EQ_INT(http_hdr_check(name, "v"), -1, "name 257");
	memset(value, 'v', 8192);
	value[8192] = '\0';
	T_EQ_INT(http_hdr_check("X", value), 0, "value 8192");
	value[8192] = 'v';
	value[8193] = '\0';
	T_EQ_INT(http_hdr_check("X", value), -1, "value 8193");
}

/* ------------------------------------------------------------------ */
/* Response parser                                                     */

#define ALL	(-2)	/* consumed: the whole input */

struct pcase {
	const char	*name;
	const char	*resp;
	size_t		 len;		/* 0: strlen(resp) */
	int		 head_only;
	int		 state;
	int		 perr;
	int		 status;
	const char	*body;		/* NULL: not checked */
	long		 consumed;	/* ALL, or bytes (DONE only) */
};

#define H200	"HTTP/1.1 200 OK\r\n"
#define CHUNKED	H200 "Transfer-Encoding: chunked\r\n\r\n"
#define DONE	HTTP_S_DONE, HTTP_PE_NONE
#define L(s)	s, sizeof(s) - 1	/* a literal with NULs, and its length */
#define ERR(e)	HTTP_S_ERROR, HTTP_PE_ ## e
/* Expected close, framed and http_resp_reusable (8: checked at all). */
#define CONN(c, f, u)	(8 | (c) | (f) << 1 | (u) << 2)
#define CHUNK_ERR	0, 0, ERR(CHUNK), 200, NULL, 0	/* after CHUNKED */
#define CHUNK_OK(b)	0, 0, DONE, 200, b, ALL
#define CHUNK_TRUNC	0, 0, ERR(TRUNCATED), 200, "", 0
/* A chunk whose size line is "5" or "1" then ext, then its data. */
#define EXT_OK(name, ext) \
	{ name, CHUNKED "5" ext "\r\nhello\r\n0\r\n\r\n", CHUNK_OK("hello") }
#define EXT_BAD(name, ext) \
	{ name, CHUNKED "1" ext "\r\nx\r\n0\r\n\r\n", CHUNK_ERR }
#define H11(s)	"HTTP/1.1 " s "\r\n"
#define H10(s)	"HTTP/1.0 " s "\r\n"

static const struct pcase pcases[] = {
	/* Content-Length */
	{ "cl", H200 "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
	  "hello", 0, 0, DONE, 200, "hello", ALL },
	{ "cl-zero", "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n", 0,
	  0, DONE, 202, "", ALL },
	{ "cl-dup-same", H200 "Content-Length: 5\r\ncontent-length: 5\r\n\r\n"
	  "hello", 0, 0, DONE, 200, "hello", ALL },
	{ "cl-list-same", H200 "Content-Length: 5 , 5,5\r\n\r\nhello", 0, 0,
	  DONE, 200, "hello", ALL },
	{ "cl-dup-diff", H200 "Content-Length: 5\r\nContent-Length: 6\r\n\r\n"
	  "hello!", 0, 0, ERR(CL), 200, NULL, 0 },
	{ "cl-list-diff", H200 "Content-Length: 5, 6\r\n\r\nhello", 0, 0,
	  ERR(CL), 200, NULL, 0 },
	{ "cl-list-empty", H200 "Content-Length: 5,\r\n\r\nhello", 0, 0,
	  ERR(CL), 200, NULL, 0 },
	{ "cl-neg", H200 "Content-Length: -5\r\n\r\nhello", 0, 0, ERR(CL),
	  200, NULL, 0 },
	{ "cl-plus", H200 "Content-Length: +5\r\n\r\nhello", 0, 0, ERR(CL),
	  200, NULL, 0 },
	{ "cl-junk", H200 "Content-Length: 5a\r\n\r\nhello", 0, 0, ERR(CL),
	  200, NULL, 0 },
	{ "cl-hex", H200 "Content-Length: 0x5\r\n\r\nhello", 0, 0, ERR(CL),
	  200, NULL, 0 },
	{ "cl-space", H200 "Content-Length: 1 2\r\n\r\nhello", 0, 0, ERR(CL),
	  200, NULL, 0 },
	{ "cl-empty", H200 "Content-Length:\r\n\r\nhello", 0, 0, ERR(CL),
	  200, NULL, 0 },
	{ "cl-overflow", H200 "Content-Length: 9223372036854775808\r\n\r\n",
	  0, 0, ERR(CL), 200, NULL, 0 },
	{ "cl-max", H200 "Content-Length: 9223372036854775807\r\n\r\nab", 0,
	  0, ERR(TRUNCATED), 200, "ab", 0 },
	{ "cl-truncated", H200 "Content-Length: 10\r\n\r\nhello", 0, 0,
	  ERR(TRUNCATED), 200, "hello", 0 },
	{ "cl-pipelined", H200 "Content-Length: 2\r\n\r\nhiHTTP/1.1 200 OK\r\n"
	  "\r\n", 0, 0, DONE, 200, "hi", 40 },
	/* chunked */
	{ "chunked", "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n"
	  "\r\n5;name=val\r\nhello\r\n6 ; x=\"y z\"\r\n world\r\n"
	  "A\r\n0123456789\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n", 0, 0, DONE,
	  201, "hello world0123456789", ALL },
	{ "chunked-case-ows", H200 "transfer-encoding:  Chunked \r\n\r\n"
	  "3\r\nabc\r\n0\r\n\r\n", 0, 0, DONE, 200, "abc", ALL },
	{ "chunked-zero-pad", CHUNKED "0003\r\nabc\r\n000\r\n\r\n", 0, 0,
	  DONE, 200, "abc", ALL },
	{ "chunked-empty", CHUNKED "0\r\n\r\n", 0, 0, DONE, 200, "", ALL },
	{ "chunked-pipelined", CHUNKED "1\r\nx\r\n0\r\n\r\nEXTRA", 0, 0, DONE,
	  200, "x", 58 },
	{ "chunk-bad-hex", CHUNKED "zz\r\nhello\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-0x", CHUNKED "0x5\r\nhello\r\n0\r\n\r\n", 0, 0, ERR(CHUNK),
	  200, NULL, 0 },
	{ "chunk-sign", CHUNKED "+5\r\nhello\r\n0\r\n\r\n", 0, 0, ERR(CHUNK),
	  200, NULL, 0 },
	{ "chunk-neg", CHUNKED "-5\r\nhello\r\n0\r\n\r\n", 0, 0, ERR(CHUNK),
	  200, NULL, 0 },
	{ "chunk-lead-space", CHUNKED " 5\r\nhello\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-empty-size", CHUNKED "\r\nhello\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-overflow", CHUNKED "10000000000000000\r\nhello\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-max", CHUNKED "FFFFFFFFFFFFFFFF\r\nhello", 0, 0,
	  ERR(TRUNCATED), 200, "hello", 0 },
	{ "chunk-no-crlf", CHUNKED "5\r\nhelloX\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-lf-only-after-data", CHUNKED "5\r\nhello\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-bare-lf-size", CHUNKED "5\nhello\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-cr-in-size", CHUNKED "5\r;\r\nhello\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-ctl-in-ext", CHUNKED "5;a\001\r\nhello\r\n0\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-line-39", CHUNKED "5;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
	  "hello\r\n0\r\n\r\n", CHUNK_OK("hello") },
	{ "chunk-zeros-64", CHUNKED "0000000000000000000000000000000000000000"
	  "0000000000000000000000005\r\nhello\r\n0\r\n\r\n",
	  CHUNK_OK("hello") },
	/* chunk extensions, RFC 9112 §7.1.1: accepted */
	EXT_OK("ext-name", ";a"),
	EXT_OK("ext-token", ";a=b"),
	EXT_OK("ext-bws", " ; a = b ;c\t;\td\t=\te"),
	EXT_OK("ext-many", ";a;b=c;d;e=\"f\""),
	EXT_OK("ext-tchars", ";!#$%&'*+-.^_`|~09azAZ=!#$%&'*+-.^_`|~"),
	EXT_OK("ext-qs-empty", ";a=\"\""),
	EXT_OK("ext-qs-text", ";a=\"; b=c ,\t!#[]~\x80\xff\""),
	EXT_OK("ext-qs-pairs", ";a=\"\\\"\\\\\\a\\ \\\t\\\x80\""),
	EXT_OK("ext-qs-then", ";a=\"x\" ;b=\"y\";c"),
	{ "ext-hex-upper", CHUNKED "A;x=1\r\n0123456789\r\n0\r\n\r\n",
	  CHUNK_OK("0123456789") },
	{ "ext-last-chunk", CHUNKED "5\r\nhello\r\n0;last=\"1\"\r\n\r\n",
	  CHUNK_OK("hello") },
	/* chunk extensions: refused, as llhttp refuses them */
	EXT_BAD("ext-ws-only", " "),
	EXT_BAD("ext-tab-only", "\t"),
	{ "ext-ws-last", CHUNKED "5\r\nhello\r\n0 \r\n\r\n", CHUNK_ERR },
	EXT_BAD("ext-empty-name", ";"),
	EXT_BAD("ext-empty-name-ws", "; "),
	EXT_BAD("ext-double-semi", ";;a"),
	EXT_BAD("ext-trailing-semi", ";a;"),
	EXT_BAD("ext-no-name", ";=b"),
	EXT_BAD("ext-empty-value", ";a="),
	EXT_BAD("ext-empty-value-ws", ";a= "),
	EXT_BAD("ext-empty-value-semi", ";a=;b"),
	EXT_BAD("ext-double-eq", ";a==b"),
	EXT_BAD("ext-two-eq", ";a=b=c"),
	EXT_BAD("ext-ws-after-name", ";a "),
	EXT_BAD("ext-ws-after-token", ";a=b "),
	EXT_BAD("ext-ws-after-qs", ";a=\"b\" "),
	EXT_BAD("ext-ws-in-name", ";a b"),
	EXT_BAD("ext-ws-in-token", ";a=b c"),
	EXT_BAD("ext-comma", ";a,b"),
	EXT_BAD("ext-obs-text-name", ";a\x80"),
	EXT_BAD("ext-obs-text-token", ";a=\xff"),
	EXT_BAD("ext-quote-in-name", ";a\"b\""),
	EXT_BAD("ext-quote-in-token", ";a=b\"c\""),
	EXT_BAD("ext-qs-open", ";a=\"b"),
	EXT_BAD("ext-qs-escaped-end", ";a=\"b\\\""),
	EXT_BAD("ext-qs-unbalanced", ";a=\"b\"\"c\""),
	EXT_BAD("ext-qs-junk-after", ";a=\"b\"c"),
	EXT_BAD("ext-qs-ctl", ";a=\"\001\""),
	EXT_BAD("ext-qs-del", ";a=\"\177\""),
	EXT_BAD("ext-qs-pair-ctl", ";a=\"\\\001\""),
	EXT_BAD("ext-qs-pair-cr", ";a=\"\\\r\""),
	EXT_BAD("ext-qs-lf", ";a=\"\n\""),
	{ "ext-nul", L(CHUNKED "1;a\0\r\nx\r\n0\r\n\r\n"), 0, ERR(CHUNK), 200,
	  NULL, 0 },
	{ "ext-bare-lf", CHUNKED "1;a=b\nx\r\n0\r\n\r\n", CHUNK_ERR },
	EXT_BAD("ext-lf-inside", ";a\nb"),
	EXT_BAD("ext-bare-cr", ";a\rb"),
	EXT_BAD("ext-cr-cr", "\r"),
	{ "ext-no-size", CHUNKED ";a\r\nx\r\n0\r\n\r\n", CHUNK_ERR },
	{ "ext-trunc", CHUNKED "1;a=\"b", CHUNK_TRUNC },
	{ "ext-trunc-cr", CHUNKED "1;a\r", CHUNK_TRUNC },
	{ "chunk-trailer-bare-lf", CHUNKED "0\r\nX: 1\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-trailer-bare-cr", CHUNKED "0\r\nX: 1\rY\r\n\r\n", 0, 0,
	  ERR(CHUNK), 200, NULL, 0 },
	{ "chunk-trunc-data", CHUNKED "5\r\nhel", 0, 0, ERR(TRUNCATED), 200,
	  "hel", 0 },
	{ "chunk-trunc-crlf", CHUNKED "5\r\nhello\r", 0, 0, ERR(TRUNCATED),
	  200, "hello", 0 },
	{ "chunk-trunc-last", CHUNKED "5\r\nhello\r\n", 0, 0, ERR(TRUNCATED),
	  200, "hello", 0 },
	{ "chunk-trunc-trailer", CHUNKED "5\r\nhello\r\n0\r\n", 0, 0,
	  ERR(TRUNCATED), 200, "hello", 0 },
	/* framing conflicts */
	{ "cl-te", H200 "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
	  "\r\n5\r\nhello\r\n0\r\n\r\n", 0, 0, ERR(CL_TE), 200, NULL, 0 },
	{ "te-cl", H200 "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"
	  "\r\n5\r\nhello\r\n0\r\n\r\n", 0, 0, ERR(CL_TE), 200, NULL, 0 },
	{ "te-gzip-cl", H200 "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n"
	  "\r\nhello", 0, 0, ERR(CL_TE), 200, NULL, 0 },
	{ "te-gzip", H200 "Transfer-Encoding: gzip\r\n\r\nhello", 0, 0,
	  ERR(TE), 200, NULL, 0 },
	{ "te-gzip-chunked", H200 "Transfer-Encoding: gzip, chunked\r\n\r\n"
	  "0\r\n\r\n", 0, 0, ERR(TE), 200, NULL, 0 },
	{ "te-twice", H200 "Transfer-Encoding: chunked\r\n"
	  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0, 0, ERR(TE), 200,
	  NULL, 0 },
	{ "te-empty", H200 "Transfer-Encoding:\r\n\r\n0\r\n\r\n", 0, 0,
	  ERR(TE), 200, NULL, 0 },
	{ "te-http10", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "0\r\n\r\n", 0, 0, ERR(TE), 200, NULL, 0 },
	/* head syntax */
	{ "nul-in-header", L(H200 "X: a\0b\r\nContent-Length: 0\r\n\r\n"), 0,
	  ERR(HEADER), 0, NULL, 0 },
	{ "nul-in-reason", L("HTTP/1.1 200 O\0K\r\nContent-Length: 0\r\n\r\n"),
	  0, ERR(HEADER), 0, NULL, 0 },
	{ "obs-fold-sp", H200 "X: a\r\n b\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "obs-fold-ht", H200 "X: a\r\n\tb\r\nContent-Length: 0\r\n\r\n", 0,
	  0, ERR(HEADER), 200, NULL, 0 },
	{ "bare-cr-header", H200 "X: a\rb\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "space-before-colon", H200 "Content-Length : 5\r\n\r\nhello", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "no-colon", H200 "Bogus\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "empty-name", H200 ": x\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "bad-name-char", H200 "X(y): x\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "ctl-in-value", H200 "X: a\001b\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "del-in-value", H200 "X: a\177b\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  ERR(HEADER), 200, NULL, 0 },
	{ "obs-text-value", H200 "X: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n",
	  0, 0, DONE, 200, "", ALL },
	{ "bare-lf-head", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", 0, 0,
	  DONE, 200, "hi", ALL },
	{ "mixed-lf-head", "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nhi", 0,
	  0, DONE, 200, "hi", ALL },
	{ "lf-cr-lf-head", "HTTP/1.1 200 OK\nContent-Length: 2\r\n\nhi", 0,
	  0, DONE, 200, "hi", ALL },
	{ "ows-value", H200 "Content-Length: \t 2 \t\r\n\r\nhi", 0, 0, DONE,
	  200, "hi", ALL },
	/* status line */
	{ "status-no-reason", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0,
	  0, DONE, 200, "", ALL },
	{ "status-empty-reason", "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n",
	  0, 0, DONE, 404, "", ALL },
	{ "status-599", "HTTP/1.1 599 Whatever it is\r\nContent-Length: 0\r\n"
	  "\r\n", 0, 0, DONE, 599, "", ALL },
	{ "status-2digit", "HTTP/1.1 20 OK\r\n\r\n", 0, 0, ERR(STATUS), 0,
	  NULL, 0 },
	{ "status-4digit", "HTTP/1.1 2000 OK\r\n\r\n", 0, 0, ERR(STATUS), 0,
	  NULL, 0 },
	{ "status-http2", "HTTP/2 200\r\n\r\n", 0, 0, ERR(STATUS), 0, NULL,
	  0 },
	{ "status-icy", "ICY 200 OK\r\n\r\n", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "status-lower", "http/1.1 200 OK\r\n\r\n", 0, 0, ERR(STATUS), 0,
	  NULL, 0 },
	{ "status-nosp", "HTTP/1.1 200OK\r\n\r\n", 0, 0, ERR(STATUS), 0, NULL,
	  0 },
	{ "status-2sp", "HTTP/1.1  200 OK\r\n\r\n", 0, 0, ERR(STATUS), 0,
	  NULL, 0 },
	{ "status-099", "HTTP/1.1 099 X\r\n\r\n", 0, 0, ERR(STATUS), 0, NULL,
	  0 },
	{ "status-600", "HTTP/1.1 600 X\r\n\r\n", 0, 0, ERR(STATUS), 0, NULL,
	  0 },
	{ "status-x", "HTTP/1.1 2x0 OK\r\n\r\n", 0, 0, ERR(STATUS), 0, NULL,
	  0 },
	{ "status-minor-x", "HTTP/1.x 200 OK\r\n\r\n", 0, 0, ERR(STATUS), 0,
	  NULL, 0 },
	{ "status-minor-10", "HTTP/1.10 200 OK\r\n\r\n", 0, 0, ERR(STATUS), 0,
	  NULL, 0 },
	{ "status-ctl-reason", "HTTP/1.1 200 O\001K\r\n\r\n", 0, 0,
	  ERR(STATUS), 0, NULL, 0 },
	{ "status-bare-cr", "HTTP/1.1 200 OK\rX\r\n\r\n", 0, 0, ERR(STATUS),
	  0, NULL, 0 },
	{ "status-leading-crlf", "\r\nHTTP/1.1 200 OK\r\n\r\n", 0, 0,
	  ERR(STATUS), 0, NULL, 0 },
	{ "status-leading-lf", "\nHTTP/1.1 200 OK\r\n\r\n", 0, 0,
	  ERR(STATUS), 0, NULL, 0 },
	{ "status-tls-alert", L("\x15\x03\x03\x00\x02\x02\x28"), 0,
	  ERR(STATUS), 0, NULL, 0 },
	/* interim responses */
	{ "100-continue", "HTTP/1.1 100 Continue\r\n\r\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, DONE, 200, "ok", ALL },
	{ "100-103-200", "HTTP/1.1 100 Continue\r\n\r\n"
	  "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
	  "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 0, 0, DONE,
	  201, "ok", ALL },
	{ "100-then-eof", "HTTP/1.1 100 Continue\r\n\r\n", 0, 0,
	  ERR(TRUNCATED), 0, NULL, 0 },
	{ "100-then-bad", "HTTP/1.1 100 Continue\r\n\r\nHTTP/9 200\r\n\r\n",
	  0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
	  0, 0, ERR(STATUS), 101, NULL, 0 },
	{ "100-lf-200", H11("100 Continue") "\r\n\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, DONE, 200, "ok", ALL },
	{ "100-lf-head-lf-200", "HTTP/1.1 100 Continue\n\n\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, DONE, 200, "ok", ALL },
	{ "100-crlf-103-lf-200", H11("100 Continue") "\r\n\r\n"
	  H11("103 Early Hints") "Link: </x>\r\n\r\n\n"
	  H11("201 Created") "Content-Length: 2\r\n\r\nok", 0, 0, DONE, 201,
	  "ok", ALL },
	{ "100-two-crlf", H11("100 Continue") "\r\n\r\n\r\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-crlf-lf", H11("100 Continue") "\r\n\r\n\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-lf-lf", H11("100 Continue") "\r\n\n\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-lf-crlf", H11("100 Continue") "\r\n\n\r\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-cr-only", H11("100 Continue") "\r\n\rHTTP/1.1 200 OK\r\n"
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-cr-cr", H11("100 Continue") "\r\n\r\r\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-space", H11("100 Continue") "\r\n \r\n" H200
	  "Content-Length: 2\r\n\r\nok", 0, 0, ERR(STATUS), 0, NULL, 0 },
	{ "100-crlf-eof", H11("100 Continue") "\r\n\r\n", 0, 0,
	  ERR(TRUNCATED), 0, NULL, 0 },
	{ "100-cr-eof", H11("100 Continue") "\r\n\r", 0, 0, ERR(TRUNCATED),
	  0, NULL, 0 },
	/* close-delimited and no-body responses */
	{ "http10-eof", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody until close",
	  0, 0, DONE, 200, "body until close", ALL },
	{ "http11-noframing", "HTTP/1.1 500 Oops\r\n\r\nerr", 0, 0, DONE, 500,
	  "err", ALL },
	{ "http11-noframing-empty", "HTTP/1.1 500 Oops\r\n\r\n", 0, 0, DONE,
	  500, "", ALL },
	{ "204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", 0, 0,
	  DONE, 204, "", ALL },
	{ "204-pipelined", "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n"
	  "\r\n", 0, 0, DONE, 204, "", 27 },
	{ "304-cl", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n",
	  0, 0, DONE, 304, "", ALL },
	{ "head-only", H200 "Content-Length: 5\r\n\r\nhello", 0, 1, DONE, 200,
	  "", 38 },
	{ "head-only-chunked", CHUNKED, 0, 1, DONE, 200, "", ALL },
	/* truncation */
	{ "empty", "", 0, 0, ERR(TRUNCATED), 0, NULL, 0 },
	{ "head-truncated", H200 "Content-Le", 0, 0, ERR(TRUNCATED), 0, NULL,
	  0 },
	{ "head-no-blank", H200 "Content-Length: 0\r\n", 0, 0, ERR(TRUNCATED),
	  0, NULL, 0 },
	{ "prefix-only", "HTTP/", 0, 0, ERR(TRUNCATED), 0, NULL, 0 },

};

/*
 * Complete responses and what they say about their connection: close,
 * framed, http_resp_reusable.  "HEAD" cases are read with head_only.
 */
struct ccase {
	int		 conn;		/* CONN(close, framed, reusable) */
	struct pcase	 c;
};

#define CC(name, resp, status, body, consumed, conn) \
	{ conn, { name, resp, 0, 0, DONE, status, body, consumed } }
#define CC_HEAD(name, resp, conn) \
	{ conn, { name, resp, 0, 1, DONE, 200, "", ALL } }
#define CL2	"Content-Length: 2\r\n\r\nok"

static const struct ccase ccases[] = {
	CC("cl", H200 "Content-Length: 5\r\n\r\nhello", 200, "hello", ALL,
	    CONN(0, 1, 1)),
	CC("cl0", H200 "Content-Length: 0\r\n\r\n", 200, "", ALL,
	    CONN(0, 1, 1)),
	CC("chunked", CHUNKED "5\r\nhello\r\n0\r\n\r\n", 200, "hello", ALL,
	    CONN(0, 1, 1)),
	CC("chunked-trailers", CHUNKED "5;e=1\r\nhello\r\n0\r\nX-A: 1\r\n"
	    "X-B: 2\r\n\r\n", 200, "hello", ALL, CONN(0, 1, 1)),
	CC("204", H11("204 No Content") "\r\n", 204, "", ALL, CONN(0, 1, 1)),
	CC("304", H11("304 Not Modified") "Content-Length: 9\r\n\r\n", 304,
	    "", ALL, CONN(0, 1, 1)),
	CC_HEAD("head", H200 "Content-Length: 5\r\n\r\n", CONN(0, 1, 1)),
	CC_HEAD("head-chunked", CHUNKED, CONN(0, 1, 1)),
	CC_HEAD("head-http10", H10("200 OK") "Content-Length: 2\r\n\r\n",
	    CONN(1, 1, 0)),
	CC("http10-eof", H10("200 OK") "\r\nbody", 200, "body", ALL,
	    CONN(1, 0, 0)),
	CC("http11-eof", H200 "\r\nbody", 200, "body", ALL, CONN(1, 0, 0)),
	CC("http11-eof-keep-alive", H200 "Connection: keep-alive\r\n\r\nbody",
	    200, "body", ALL, CONN(1, 0, 0)),
	CC("http10-cl", H10("200 OK") CL2, 200, "ok", ALL, CONN(1, 1, 0)),
	CC("http10-keep-alive", H10("200 OK") "Connection: keep-alive\r\n"
	    CL2, 200, "ok", ALL, CONN(0, 1, 0)),
	CC("http10-Keep-Alive", H10("200 OK") "connection: Keep-Alive\r\n"
	    CL2, 200, "ok", ALL, CONN(0, 1, 0)),
	CC("http10-keep-alive-close", H10("200 OK") "Connection: keep-alive"
	    "\r\nConnection: close\r\n" CL2, 200, "ok", ALL, CONN(1, 1, 0)),
	CC("close", H200 "Connection: close\r\n" CL2, 200, "ok", ALL,
	    CONN(1, 1, 0)),
	CC("CLOSE", H200 "CONNECTION:  CLOSE \r\n" CL2, 200, "ok", ALL,
	    CONN(1, 1, 0)),
	CC("keep-alive-close", H200 "Connection: Keep-Alive, close\r\n" CL2,
	    200, "ok", ALL, CONN(1, 1, 0)),
	CC("two-fields", H200 "Connection: keep-alive\r\nX: y\r\n"
	    "Connection: close\r\n" CL2, 200, "ok", ALL, CONN(1, 1, 0)),
	CC("two-fields-close-first", H200 "Connection: close\r\n"
	    "Connection: keep-alive\r\n" CL2, 200, "ok", ALL, CONN(1, 1, 0)),
	CC("list-ows", H200 "Connection: ,, upgrade ,\tclose\t,\r\n" CL2, 200,
	    "ok", ALL, CONN(1, 1, 0)),
	CC("other-tokens", H200 "Connection: keep-alive, Upgrade, closed, "
	    "x-close\r\n" CL2, 200, "ok", ALL, CONN(0, 1, 1)),
	CC("empty-field", H200 "Connection:\r\n" CL2, 200, "ok", ALL,
	    CONN(0, 1, 1)),
	CC("garbled", H200 "Connection: clo se\r\n" CL2, 200, "ok", ALL,
	    CONN(1, 1, 0)),
	CC("close-in-other-field", H200 "X-Connection: close\r\n" CL2, 200,
	    "ok", ALL, CONN(0, 1, 1)),
	CC("1xx-close-ignored", H11("100 Continue") "Connection: close\r\n"
	    "\r\n" H200 CL2, 200, "ok", ALL, CONN(0, 1, 1)),
	CC("1xx-http10", H10("100 Continue") "\r\n" H200 CL2, 200, "ok", ALL,
	    CONN(0, 1, 1)),
	CC("100-crlf-200", H11("100 Continue") "\r\n\r\n" H200 CL2, 200, "ok",
	    ALL, CONN(0, 1, 1)),
	CC("extra-bytes", H200 CL2 "EXTRA", 200, "ok", 40, CONN(0, 1, 1)),
	CC("extra-crlf", H200 CL2 "\r\n", 200, "ok", 40, CONN(0, 1, 1)),
	CC("chunked-extra", CHUNKED "0\r\n\r\nX", 200, "", 52, CONN(0, 1, 1)),
};

/* What a parse produced, to compare one split against another. */
struct presult {
	int		 state, perr, status, minor, chunked;
	int		 close, framed, reusable;
	long		 consumed;
	size_t		 bodylen, headlen;
	unsigned long long body_total, wire;
	long long	 content_length;
};

/*
 * Feed d[0..len) to r: first a piece of `first` bytes, then pieces of
 * `step` bytes (0: the rest at once); then EOF unless the message is
 * complete (so close and reusable say what the response said, not what
 * the EOF did).  Returns the bytes consumed, or -1 on a parse error.
 */
static long
drive(struct http_resp *r, int head_only, const char *d, size_t len,
    size_t first, size_t step)
{
	size_t off = 0, n;
	long used, total = 0;

	http_resp_init(r);
	r->head_only = head_only;
	while (off < len) {
		n = off == 0 ? first : (step == 0 ? len - off : step);
		if (n > len - off)
			n = len - off;
		used = http_resp_feed(r, d + off, n);
		if (used == -1)
			return -1;
		total += used;
		if ((size_t)used < n) {
			/* Only a finished message leaves bytes behind. */
			if (r->state != HTTP_S_DONE)
				return -3;
			return total;
		}
		off += n;
	}
	if (r->state != HTTP_S_DONE && http_resp_feed(r, "", 0) == -1)
		return -1;
	return total;
}

static void
presult_get(const struct http_resp *r, long consumed, struct presult *p)
{
	memset(p, 0, sizeof *p);
	p->state = r->state;
	p->perr = r->perr;
	p->status = r->status;
	p->minor = r->minor;
	p->chunked = r->chunked;
	p->close = r->close;
	p->framed = r->framed;
	p->reusable = http_resp_reusable(r);
	p->consumed = consumed;
	p->bodylen = r->bodylen;
	p->headlen = r->state == HTTP_S_ERROR ? 0 : r->headlen;
	p->body_total = r->body_total;
	/* A failed call adds nothing to wire: that depends on the split. */
	p->wire = r->state == HTTP_S_ERROR ? 0 : r->wire;
	p->content_length = r->state == HTTP_S_ERROR ? 0 : r->content_length;
}

/* 1 if r2 is the same outcome as r1 (bodies and heads compared). */
static int
presult_same(const struct http_resp *r1, const struct presult *p1,
    const struct http_resp *r2, const struct presult *p2)
{
	if (memcmp(p1, p2, sizeof *p1) != 0)
		return 0;
	if (memcmp(r1->body, r2->body, r1->bodylen + 1) != 0)
		return 0;
	if (r1->state != HTTP_S_ERROR &&
	    memcmp(r1->head, r2->head, r1->headlen + 1) != 0)
		return 0;
	return 1;
}

static void
check_invariants(const struct http_resp *r, long consumed, const char *what)
{
	T_OK(r->bodylen <= HTTP_MAX_BODY && r->body[r->bodylen] == '\0',
	    "%s: body bounds", what);
	T_OK(r->headlen <= HTTP_MAX_HEAD && r->head[r->headlen] == '\0',
	    "%s: head bounds", what);
	T_OK(r->bodylen == (r->body_total < HTTP_MAX_BODY ?
	    r->body_total : HTTP_MAX_BODY), "%s: bodylen vs total", what);
	T_OK(r->state == HTTP_S_DONE || r->state == HTTP_S_ERROR,
	    "%s: final state %d", what, r->state);
	T_OK((r->state == HTTP_S_ERROR) == (r->perr != HTTP_PE_NONE),
	    "%s: perr %d in state %d", what, r->perr, r->state);
	T_OK(r->state != HTTP_S_DONE || r->wire == (unsigned long long)consumed,
	    "%s: wire %llu, consumed %ld", what, r->wire, consumed);
	T_OK(!http_resp_reusable(r) || (r->state == HTTP_S_DONE &&
	    r->framed && !r->close && r->minor == 1), "%s: reusable", what);
	T_OK(r->state == HTTP_S_DONE || !r->framed, "%s: framed", what);
}

/*
 * Run one case whole, byte by byte and split at every point (a stride
 * of points for big inputs); every run must agree with the expectation.
 */
static void
check_case(const struct pcase *c, int conn)
{
	static struct http_resp ref, r;
	struct presult pref, p;
	size_t len, k, stride, mismatches = 0;
	long consumed;
	char what[128];

	len = c->len != 0 ? c->len : strlen(c->resp);
	consumed = drive(&ref, c->head_only, c->resp, len, len, 0);
	presult_get(&ref, consumed, &pref);
	snprintf(what, sizeof what, "%s (whole)", c->name);
	check_invariants(&ref, consumed, what);
	T_EQ_INT(ref.state, c->state, what);
	T_OK(ref.perr == c->perr, "%s: perr %s, want %s", what,
	    http_perr_str(ref.perr), http_perr_str(c->perr));
	T_EQ_INT(ref.status, c->status, what);
	if (c->body != NULL) {
		T_EQ_MEM(ref.body, ref.bodylen, c->body, strlen(c->body), what);
		T_EQ_INT(ref.body_total, strlen(c->body), what);
	}
	if (c->state == HTTP_S_DONE)
		T_EQ_INT(consumed, c->consumed == ALL ? (long)len : c->consumed,
		    what);
	else
		T_EQ_INT(consumed, -1, what);
	if (conn != 0) {
		T_OK(pref.close == (conn & 1) &&
		    pref.framed == (conn >> 1 & 1) &&
		    pref.reusable == (conn >> 2 & 1),
		    "%s: close %d framed %d reusable %d, want %d %d %d", what,
		    pref.close, pref.framed, pref.reusable, conn & 1,
		    conn >> 1 & 1, conn >> 2 & 1);
	}

	/* Byte by byte. */
	if (len > 0) {
		consumed = drive(&r, c->head_only, c->resp, len, 1, 1);
		presult_get(&r, consumed, &p);
		T_OK(presult_same(&ref, &pref, &r, &p),
		    "%s: byte by byte differs (state %d perr %d status %d "
		    "consumed %ld)", c->name, r.state, r.perr, r.status,
		    consumed);
	}
	/* Every split point (or a stride plus both ends when big). */
	stride = len <= 8192 ? 1 : len / 211;
	for (k = 1; k < len; k++) {
		if (stride > 1 && k > 64 && k + 64 < len && k % stride != 0)
			continue;
		consumed = drive(&r, c->head_only, c->resp, len, k, 0);
		presult_get(&r, consumed, &p);
		if (!presult_same(&ref, &pref, &r, &p))
			mismatches++;
		/* Also small steps after the split, for chunk states. */
		if (len <= 512) {
			consumed = drive(&r, c->head_only, c->resp, len, k, 3);
			presult_get(&r, consumed, &p);
			if (!presult_same(&ref, &pref, &r, &p))
				mismatches++;
		}
	}
	T_EQ_INT(mismatches, 0, c->name);

	/* EOF after the end changes nothing but close. */
	if (ref.state == HTTP_S_DONE) {
		T_EQ_INT(http_resp_feed(&ref, "", 0), 0, what);
		T_EQ_INT(http_resp_feed(&ref, "", 0), 0, what);
		T_OK(ref.state == HTTP_S_DONE && ref.close == 1 &&
		    !http_resp_reusable(&ref) && ref.framed == pref.framed &&
		    ref.wire == pref.wire, "%s: EOF after the end", what);
	}
}

static void
test_parser_table(void)
{
	size_t i;

	for (i = 0; i < sizeof pcases / sizeof pcases[0]; i++)
		check_case(&pcases[i], 0);
	for (i = 0; i < sizeof ccases / sizeof ccases[0]; i++)
		check_case(&ccases[i].c, ccases[i].conn);
}

/* Responses too big to write out: headers at and over the cap, bodies. */
static void
test_parser_big(void)
{
	static char s[200000], want[100000];
	struct pcase c;
	size_t n, pad;

	memset(&c, 0, sizeof c);

	/* A head of exactly HTTP_MAX_HEAD bytes is fine, one more is not. */
	n = (size_t)snprintf(s, sizeof s, H200 "Content-Length: 2\r\nX-Pad: ");
	pad = HTTP_MAX_HEAD - n - 4;
	memset(s + n, 'a', pad);
	memcpy(s + n + pad, "\r\n\r\nhi", 6);
	c.name = "head-max";
	c.resp = s;
	c.len = n + pad + 6;
	c.state = HTTP_S_DONE;
	c.perr = HTTP_PE_NONE;
	c.status = 200;
	c.body = "hi";
	c.consumed = ALL;
	check_case(&c, 0);

	memset(s + n, 'a', pad + 1);
	memcpy(s + n + pad + 1, "\r\n\r\nhi", 6);
	c.name = "head-max+1";
	c.len = n + pad + 7;
	c.state = HTTP_S_ERROR;
	c.perr = HTTP_PE_HEAD_TOO_BIG;
	c.status = 0;
	c.body = NULL;
	check_case(&c, 0);

	/* Huge headers, no end in sight. */
	n = (size_t)snprintf(s, sizeof s, H200);
	while (n + 20 < 40000)
		n += (size_t)snprintf(s + n, sizeof s - n, "X-Pad: aaaaaaaaa\r\n");
	c.name = "huge-headers";
	c.len = n;
	check_case(&c, 0);

	/* Trailers over the cap. */
	n = (size_t)snprintf(s, sizeof s, CHUNKED "1\r\nx\r\n0\r\nX-T: ");
	memset(s + n, 't', HTTP_MAX_HEAD);
	n += HTTP_MAX_HEAD;
	memcpy(s + n, "\r\n\r\n", 4);
	c.name = "trailer-too-big";
	c.len = n + 4;
	c.status = 200;
	check_case(&c, 0);

	/*
	 * A chunk line of exactly HTTP_MAX_CHUNK_LINE bytes (CRLF aside)
	 * is fine, one more is not; as a quoted-string, a token value and
	 * a run of extensions.  Never stored, so every split reads alike.
	 */
	{
		static const char *const kinds[] = { "qs", "token", "many" };
		size_t k, i, at;
		int over;

		for (k = 0; k < 3; k++) {
			for (over = 0; over <= 1; over++) {
				n = (size_t)snprintf(s, sizeof s, CHUNKED
				    "5;n=%s", k == 0 ? "\"" : "");
				at = n - (sizeof CHUNKED - 1);
				pad = HTTP_MAX_CHUNK_LINE + over - at -
				    (k == 0);
				for (i = 0; i < pad; i++)
					s[n + i] = k == 2 && i % 3 == 1 ?
					    ';' : (k == 0 && i % 7 == 0 ?
					    ' ' : 'e');
				n += pad;
				if (k == 0)
					s[n++] = '"';
				n += (size_t)snprintf(s + n, sizeof s - n,
				    "\r\nhello\r\n0\r\n\r\n");
				snprintf(want, sizeof want, "chunk-line-%s-%d",
				    kinds[k], HTTP_MAX_CHUNK_LINE + over);
				memset(&c, 0, sizeof c);
				c.name = want;
				c.resp = s;
				c.len = n;
				c.status = 200;
				c.state = over ? HTTP_S_ERROR : HTTP_S_DONE;
				c.perr = over ? HTTP_PE_CHUNK : HTTP_PE_NONE;
				c.body = over ? NULL : "hello";
				c.consumed = ALL;
				check_case(&c, 0);
			}
		}
	}

	/* Body over HTTP_MAX_BODY: the first bytes kept, all counted. */
	n = (size_t)snprintf(s, sizeof s, H200 "Content-Length: 70000\r\n\r\n");
	for (pad = 0; pad < 70000; pad++)
		s[n + pad] = (char)('a' + pad % 26);
	memcpy(want, s + n, HTTP_MAX_BODY);
	c.name = "body-70000";
	c.len = n + 70000;
	c.state = HTTP_S_DONE;
	c.perr = HTTP_PE_NONE;
	c.status = 200;
	c.body = NULL;
	check_case(&c, 0);
	{
		static struct http_resp r;
		long used;

		used = drive(&r, 0, s, c.len, c.len, 0);
		T_EQ_INT(used, (long)c.len, "body-70000 consumed");
		T_EQ_INT(r.bodylen, HTTP_MAX_BODY, "body-70000 bodylen");
		T_EQ_INT(r.body_total, 70000, "body-70000 total");
		T_EQ_MEM(r.body, r.bodylen, want, HTTP_MAX_BODY,
		    "body-70000 kept");

		/* The same as two chunks of 35000 bytes. */
		n = (size_t)snprintf(s, sizeof s, CHUNKED "88B8\r\n");
		memcpy(s + n, want, 35000);
		n += 35000;
		n += (size_t)snprintf(s + n, sizeof s - n, "\r\n88b8\r\n");
		for (pad = 0; pad < 35000; pad++)
			s[n + pad] = (char)('a' + (pad + 35000) % 26);
		n += 35000;
		n += (size_t)snprintf(s + n, sizeof s - n, "\r\n0\r\n\r\n");
		used = drive(&r, 0, s, n, n, 0);
		T_EQ_INT(used, (long)n, "chunked-70000 consumed");
		T_EQ_INT(r.state, HTTP_S_DONE, "chunked-70000 state");
		T_EQ_INT(r.bodylen, HTTP_MAX_BODY, "chunked-70000 bodylen");
		T_EQ_INT(r.body_total, 70000, "chunked-70000 total");
		T_EQ_MEM(r.body, r.bodylen, want, HTTP_MAX_BODY,
		    "chunked-70000 kept");
		c.name = "chunked-70000";
		c.len = n;
		check_case(&c, 0);
	}
}

static void
test_parser_misc(void)
{
	static struct http_resp r;
	static const char resp[] = H200 "Content-Length: 2\r\n\r\nhi";

	/* Bytes after DONE are never consumed; an error state is sticky. */
	http_resp_init(&r);
	T_EQ_INT(http_resp_feed(&r, resp, sizeof resp - 1),
	    (long)sizeof resp - 1, "feed");
	T_EQ_INT(r.state, HTTP_S_DONE, "done");
	T_EQ_INT(http_resp_feed(&r, "more", 4), 0, "after done");
	/* Left-over bytes are the caller's call: close stays as it was. */
	T_EQ_INT(r.close, 0, "after done close");
	T_EQ_INT(r.wire, sizeof resp - 1, "after done wire");
	T_EQ_INT(http_resp_reusable(&r), 1, "after done reusable");
	T_EQ_INT(r.minor, 1, "minor");
	T_EQ_INT(r.content_length, 2, "content_length");
	T_EQ_INT(r.chunked, 0, "chunked");
	http_resp_init(&r);
	T_EQ_INT(http_resp_feed(&r, "XTTP", 4), -1, "bad");
	T_EQ_INT(http_resp_feed(&r, resp, sizeof resp - 1), -1, "sticky");
	T_EQ_INT(http_resp_feed(&r, "", 0), -1, "sticky eof");
	T_EQ_INT(r.perr, HTTP_PE_STATUS, "sticky perr");
	T_EQ_INT(http_resp_reusable(&r), 0, "error not reusable");

	/* A failing call adds nothing to wire; earlier calls stay. */
	http_resp_init(&r);
	T_EQ_INT(http_resp_feed(&r, H200, 17), 17, "status line");
	T_EQ_INT(r.wire, 17, "status line wire");
	T_EQ_INT(http_resp_feed(&r, "X: 1\r\nBad\r\n\r\n", 13), -1, "bad hdr");
	T_EQ_INT(r.wire, 17, "bad hdr wire");
	/* Interim heads and the empty line after one count. */
	http_resp_init(&r);
	T_EQ_INT(http_resp_feed(&r, "HTTP/1.1 100 Continue\r\n\r\n\r\n", 27),
	    27, "100 + CRLF");
	T_EQ_INT(r.wire, 27, "100 + CRLF wire");
	T_EQ_INT(r.state, HTTP_S_STATUS, "100 + CRLF state");
	T_EQ_INT(r.headlen, 0, "100 + CRLF headlen");
	T_EQ_INT(http_resp_feed(&r, resp, sizeof resp - 1),
	    (long)sizeof resp - 1, "then 200");
	T_EQ_INT(r.wire, 27 + sizeof resp - 1, "then 200 wire");
	T_EQ_INT(http_resp_reusable(&r), 1, "then 200 reusable");
	/* Nothing read yet: not reusable, nothing on the wire. */
	http_resp_init(&r);
	T_EQ_INT(http_resp_reusable(&r), 0, "fresh reusable");
	T_EQ_INT(r.wire, 0, "fresh wire");
	T_EQ_INT(r.close, 0, "fresh close");
	T_EQ_INT(r.framed, 0, "fresh framed");

	T_EQ_STR(http_perr_str(HTTP_PE_STATUS), "malformed status line",
	    "perr str");
	T_EQ_STR(http_perr_str(HTTP_PE_TRUNCATED),
	    "connection closed before the response was complete", "perr str");
	T_EQ_STR(http_perr_str(HTTP_PE_CL_TE),
	    "both Content-Length and Transfer-Encoding", "perr str");
	T_EQ_STR(http_perr_str(-1), "unknown parse error", "perr str -1");
	T_EQ_STR(http_perr_str(HTTP_PE__MAX), "unknown parse error",
	    "perr str max");
}

/* ------------------------------------------------------------------ */
/* Header lookup and Retry-After                                        */

static void
parse_all(struct http_resp *r, const char *s)
{
	http_resp_init(r);
	(void)http_resp_feed(r, s, strlen(s));
	(void)http_resp_feed(r, "", 0);
}

static void
test_resp_header(void)
{
	static struct http_resp r;
	static const struct {
		const char	*name;
		int		 want;
		const char	*value;
	} v[] = {
		{ "content-type", 16, "application/json" },
		{ "CONTENT-TYPE", 16, "application/json" },
		{ "X-DUP", 5, "first" },
		{ "Content", 4, "nope" },
		{ "Content-Typ", -1, "" },
		{ "Content-Type-X", -1, "" },
		{ "X-Empty", 0, "" },
		{ "Retry-After", 3, "120" },
		{ "Missing", -1, "" },
		{ "HTTP/1.1 429 Too Many Requests", -1, "" },
		{ "", -1, "" },
	};
	char dst[64];
	size_t i;
	int n;

	parse_all(&r, "HTTP/1.1 429 Too Many Requests\r\n"
	    "Content-Type: application/json \r\n"
	    "X-Dup: first\r\nx-dup: second\r\n"
	    "Retry-After: \t 120 \r\n"
	    "Content-Length: 2\r\n"
	    "X-Empty:\r\n"
	    "Content:nope\r\n"
	    "\r\n{}");
	T_EQ_INT(r.state, HTTP_S_DONE, "hdr resp");
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		strcpy(dst, "unchanged");
		n = http_resp_header(&r, v[i].name, dst, sizeof dst);
		T_EQ_INT(n, v[i].want, v[i].name);
		if (n >= 0)
			T_EQ_STR(dst, v[i].value, v[i].name);
	}
	/* Truncated copy: full length returned. */
	n = http_resp_header(&r, "Content-Type", dst, 5);
	T_EQ_INT(n, 16, "truncated length");
	T_EQ_STR(dst, "appl", "truncated value");
	T_EQ_INT(http_resp_header(&r, "Content-Type", NULL, 0), 16, "NULL dst");
	T_EQ_INT(http_resp_header(&r, NULL, dst, sizeof dst), -1, "NULL name");

	/* Interim heads are dropped: only the final head is searched. */
	parse_all(&r, "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
	    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	T_EQ_INT(r.status, 200, "after 103");
	T_EQ_INT(http_resp_header(&r, "Link", dst, sizeof dst), -1,
	    "interim header dropped");
	T_EQ_INT(http_resp_header(&r, "content-length", dst, sizeof dst), 1,
	    "final header");

	/* Bare-LF heads are searched the same way. */
	parse_all(&r, "HTTP/1.1 200 OK\nA: 1\nB:  2 \n\n");
	T_EQ_INT(http_resp_header(&r, "b", dst, sizeof dst), 1, "lf head");
	T_EQ_STR(dst, "2", "lf head value");

	/* Nothing parsed yet. */
	http_resp_init(&r);
	T_EQ_INT(http_resp_header(&r, "A", dst, sizeof dst), -1, "empty");
}

static void
test_retry_after(void)
{
	static struct http_resp r;
	static const struct {
		const char	*value;		/* NULL: header absent */
		long long	 now;
		long		 want;
	} v[] = {
		{ "120", 0, 120 },
		{ "0", 0, 0 },
		{ "0007", 0, 7 },
		{ "86400", 0, 86400 },
		{ "86401", 0, 86400 },
		{ "99999999999999999999999999", 0, 86400 },
		{ "12a", 0, -1 },
		{ "-5", 0, -1 },
		{ "+5", 0, -1 },
		{ "1.5", 0, -1 },
		{ "1 2", 0, -1 },
		{ "soon", 0, -1 },
		{ "", 0, -1 },
		{ NULL, 0, -1 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 784111767, 10 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 784111777, 0 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 784111787, 0 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 100000, 86400 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT", LLONG_MIN, 86400 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT", LLONG_MAX, 0 },
		{ "Sunday, 06-Nov-94 08:49:37 GMT", 784111767, 10 },
		{ "Sun Nov  6 08:49:37 1994", 784111767, 10 },
		{ "Wed Nov 16 08:49:37 1994", 784111777 + 864000 - 30, 30 },
		{ "Thu, 29 Feb 1996 08:49:37 GMT", 825583777 - 60, 60 },
		{ "Tue, 29 Feb 2000 00:00:00 GMT", 951782400 - 1, 1 },
		{ "Thu, 01 Jan 1970 00:00:10 GMT", 0, 10 },
		{ "Mon, 29 Feb 2100 00:00:00 GMT", 0, -1 },
		{ "Wed, 29 Feb 1995 08:49:37 GMT", 0, -1 },
		{ "Sun, 31 Apr 1994 08:49:37 GMT", 0, -1 },
		{ "Sun, 00 Nov 1994 08:49:37 GMT", 0, -1 },
		{ "Sun, 06 Nov 1994 24:00:00 GMT", 0, -1 },
		{ "Sun, 06 Nov 1994 08:60:00 GMT", 0, -1 },
		{ "Sun, 06 Nov 1994 08:49:37 UTC", 0, -1 },
		{ "Sun, 06 Nov 1994 08:49:37 GMTX", 0, -1 },
		{ "Sun, 6 Nov 1994 08:49:37 GMT", 0, -1 },
		{ "Sun, 06 nov 1994 08:49:37 GMT", 0, -1 },
		{ "Xyz, 06 Nov 1994 08:49:37 GMT", 0, -1 },
		{ "Sun, 06 Nov 94 08:49:37 GMT", 0, -1 },
		{ "Sun Nov 6 08:49:37 1994", 0, -1 },
		{ "Sun, 06 Nov 1994 08:49 GMT", 0, -1 },
	};
	char s[256];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i].value != NULL)
			snprintf(s, sizeof s, "HTTP/1.1 503 Busy\r\n"
			    "Retry-After: %s\r\nContent-Length: 0\r\n\r\n",
			    v[i].value);
		else
			snprintf(s, sizeof s, "HTTP/1.1 503 Busy\r\n"
			    "Content-Length: 0\r\n\r\n");
		parse_all(&r, s);
		T_EQ_INT(r.state, HTTP_S_DONE, "retry-after resp");
		T_EQ_INT(http_retry_after(&r, v[i].now), v[i].want,
		    v[i].value != NULL ? v[i].value : "(absent)");
	}
}

/* ------------------------------------------------------------------ */
/* http_exchange over a memory transport                               */

struct memio {
	const char		*in;
	size_t			 inlen, inoff;
	size_t			 step;		/* bytes per read; 0: any */
	int			 fail_at_end;	/* -1 instead of EOF */
	unsigned long long	 filler;	/* then this many 'x' */
	unsigned long long	 served;
	char			 out[65536];
	size_t			 outlen;
	int			 fail_write;
	int			 writes, flushes, reads;
};

static ssize_t
memio_read(void *ctx, void *buf, size_t len)
{
	struct memio *m = ctx;
	size_t n;

	m->reads++;
	if (m->step != 0 && len > m->step)
		len = m->step;
	if (m->inoff < m->inlen) {
		n = m->inlen - m->inoff;
		if (n > len)
			n = len;
		memcpy(buf, m->in + m->inoff, n);
		m->inoff += n;
		m->served += n;
		return (ssize_t)n;
	}
	if (m->filler > 0) {
		n = m->filler < len ? (size_t)m->filler : len;
		memset(buf, 'x', n);
		m->filler -= n;
		m->served += n;
		return (ssize_t)n;
	}
	return m->fail_at_end ? -1 : 0;
}

static int
memio_write(void *ctx, const void *buf, size_t len)
{
	struct memio *m = ctx;

	m->writes++;
	if (m->fail_write || len > sizeof m->out - m->outlen)
		return -1;
	memcpy(m->out + m->outlen, buf, len);
	m->outlen += len;
	return 0;
}

static int
memio_flush(void *ctx)
{
	struct memio *m = ctx;

	m->flushes++;
	return 0;
}

static void
memio_setup(struct memio *m, struct io *io, const char *in, size_t step)
{
	memset(m, 0, sizeof *m);
	m->in = in;
	m->inlen = strlen(in);
	m->step = step;
	io->ctx = m;
	io->read = memio_read;
	io->write = memio_write;
	io->flush = NULL;
}

/* req: a POST of body as application/json to u. */
static void
req_post(struct http_req *req, const struct url *u, const char *body)
{
	memset(req, 0, sizeof *req);
	req->method = "POST";
	req->url = u;
	req->content_type = "application/json";
	req->body = body;
	req->bodylen = strlen(body);
}

static void
test_exchange(void)
{
	static struct memio m;
	static struct http_resp r;
	static char big[20000];
	static const char want_req[] =
	    "POST /x?q=1 HTTP/1.1\r\n"
	    "Host: h.example:8080\r\n"
	    UA
	    "Content-Type: application/json\r\n"
	    "Content-Length: 7\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "{\"a\":1}";
	struct http_req req;
	struct url u;
	struct io io;
	const char *why;
	size_t n;

	T_EQ_INT(url_parse(&u, "http://h.example:8080/x?q=1", &why), 0, "url");
	req_post(&req, &u, "{\"a\":1}");

	/* Byte-at-a-time reads; head and small body in one write. */
	memio_setup(&m, &io, H200 "Content-Length: 5\r\n\r\nhello", 1);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "exchange");
	T_EQ_INT(r.status, 200, "exchange status");
	T_EQ_STR(r.body, "hello", "exchange body");
	T_EQ_MEM(m.out, m.outlen, want_req, sizeof want_req - 1, "request");
	T_EQ_INT(m.writes, 1, "one write");

	/* flush is called when present. */
	memio_setup(&m, &io, "HTTP/1.1 100 Continue\r\n\r\n"
	    "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n", 0);
	io.flush = memio_flush;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "exchange 100");
	T_EQ_INT(r.status, 202, "exchange 100 status");
	T_EQ_INT(m.flushes, 1, "flushed");

	/* A big body goes in a second write. */
	memset(big, 'b', sizeof big);
	req.body = big;
	req.bodylen = sizeof big;
	memio_setup(&m, &io, "HTTP/1.1 204 No Content\r\n\r\n", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "exchange big");
	T_EQ_INT(m.writes, 2, "two writes");
	n = m.outlen - sizeof big;
	T_OK(m.outlen > sizeof big && memcmp(m.out + n, big, sizeof big) == 0 &&
	    memmem(m.out, n, "\r\nContent-Length: 20000\r\n", 25) != NULL &&
	    memcmp(m.out + n - 4, "\r\n\r\n", 4) == 0, "big body bytes");
	req.body = "{\"a\":1}";
	req.bodylen = 7;

	/* Transport failure mid-body: READ, the status is kept. */
	memio_setup(&m, &io, H200 "Content-Length: 10\r\n\r\nhel", 0);
	m.fail_at_end = 1;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_READ, "read fail");
	T_EQ_INT(r.status, 200, "read fail status");
	T_OK(r.state > HTTP_S_STATUS && r.state != HTTP_S_ERROR,
	    "read fail state %d", r.state);

	/* EOF mid-body: PROTOCOL, truncated. */
	memio_setup(&m, &io, H200 "Content-Length: 10\r\n\r\nhel", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_PROTOCOL, "eof early");
	T_EQ_INT(r.perr, HTTP_PE_TRUNCATED, "eof early perr");
	/* No response at all. */
	memio_setup(&m, &io, "", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_PROTOCOL, "no resp");
	T_EQ_INT(r.perr, HTTP_PE_TRUNCATED, "no resp perr");
	T_EQ_INT(r.headlen, 0, "no resp headlen");

	/* Framing error. */
	memio_setup(&m, &io, H200 "Content-Length: 1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_PROTOCOL, "cl-te");
	T_EQ_INT(r.perr, HTTP_PE_CL_TE, "cl-te perr");

	/* Write failure. */
	memio_setup(&m, &io, H200 "Content-Length: 0\r\n\r\n", 0);
	m.fail_write = 1;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_WRITE, "write fail");
	T_EQ_INT(m.reads, 0, "no read after write failure");

	/* Invalid request: nothing written. */
	memio_setup(&m, &io, H200 "Content-Length: 0\r\n\r\n", 0);
	req.path = "/a b";
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_REQUEST, "bad req");
	T_EQ_INT(m.writes, 0, "bad req not written");
	req.path = NULL;
	req.body = NULL;
	req.bodylen = 3;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_REQUEST, "NULL body");
	req.body = "{\"a\":1}";
	req.bodylen = 7;
	T_EQ_INT(http_exchange(NULL, &req, &r), HTTP_X_REQUEST, "NULL io");

	/* A 10 MiB body is neither stored nor read to the end. */
	memio_setup(&m, &io, "HTTP/1.1 413 Payload Too Large\r\n"
	    "Content-Length: 10485760\r\n\r\n", 0);
	m.filler = 10485760;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "10 MiB");
	T_EQ_INT(r.status, 413, "10 MiB status");
	T_EQ_INT(r.bodylen, HTTP_MAX_BODY, "10 MiB bodylen");
	T_EQ_INT(r.state, HTTP_S_BODY_CL, "10 MiB state");
	T_OK(r.body_total > HTTP_MAX_DRAIN &&
	    m.served < HTTP_MAX_DRAIN + 2 * 16384,
	    "10 MiB drained %llu, served %llu", r.body_total, m.served);
	/* The rest of the body is still on the wire: not reusable. */
	T_EQ_INT(http_resp_reusable(&r), 0, "10 MiB reusable");
	T_EQ_INT(r.framed, 0, "10 MiB framed");
	T_EQ_INT(r.close, 0, "10 MiB close");

	/* The same with an endless close-delimited body. */
	memio_setup(&m, &io, "HTTP/1.0 500 Oops\r\n\r\n", 0);
	m.filler = ~0ULL;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "endless");
	T_EQ_INT(r.status, 500, "endless status");
	T_EQ_INT(http_resp_reusable(&r), 0, "endless reusable");
	T_OK(m.served < HTTP_MAX_DRAIN + 2 * 16384, "endless served %llu",
	    m.served);

	T_EQ_INT(r.close, 1, "endless close");

	/* HEAD: no body is read even though Content-Length says 5. */
	memio_setup(&m, &io, H200 "Content-Length: 5\r\n\r\n", 0);
	m.fail_at_end = 1;
	req.method = "HEAD";
	req.content_type = NULL;
	req.body = NULL;
	req.bodylen = 0;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "HEAD");
	T_EQ_INT(r.head_only, 1, "HEAD head_only");
	T_EQ_INT(r.bodylen, 0, "HEAD body");
	T_EQ_INT(http_resp_reusable(&r), 1, "HEAD reusable");
}

/* http_exchange: what it learns about the connection. */
static void
test_exchange_conn(void)
{
	static struct memio m;
	static struct http_resp r;
	static const char resp[] = H200 "Content-Length: 2\r\n\r\nok";
	static const char want_req[] =
	    "POST /x HTTP/1.1\r\n"
	    "Host: h.example\r\n"
	    UA
	    "Content-Type: application/json\r\n"
	    "Content-Length: 2\r\n"
	    "Connection: keep-alive\r\n"
	    "\r\n"
	    "{}";
	static const char want_connect[] =
	    "CONNECT h.example:443 HTTP/1.1\r\n"
	    "Host: h.example:443\r\n"
	    UA
	    "\r\n";
	struct http_req req;
	struct url u;
	struct io io;
	const char *why;

	T_EQ_INT(url_parse(&u, "https://h.example/x", &why), 0, "url");
	req_post(&req, &u, "{}");
	req.keep_alive = 1;

	/* The response ends exactly where a read ends: reusable. */
	memio_setup(&m, &io, resp, 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "ka");
	T_EQ_MEM(m.out, m.outlen, want_req, sizeof want_req - 1, "ka request");
	T_EQ_INT(r.wire, sizeof resp - 1, "ka wire");
	T_EQ_INT(r.close, 0, "ka close");
	T_EQ_INT(r.framed, 1, "ka framed");
	T_EQ_INT(http_resp_reusable(&r), 1, "ka reusable");

	/* Bytes after the end in the same read: garbage, close. */
	memio_setup(&m, &io, H200 "Content-Length: 2\r\n\r\nokHTTP/1.1 200 OK"
	    "\r\n\r\n", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "extra");
	T_EQ_STR(r.body, "ok", "extra body");
	T_EQ_INT(r.wire, sizeof resp - 1, "extra wire");
	T_EQ_INT(r.close, 1, "extra close");
	T_EQ_INT(http_resp_reusable(&r), 0, "extra reusable");
	/* One stray byte is enough. */
	memio_setup(&m, &io, H200 "Content-Length: 2\r\n\r\nok\n", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "extra LF");
	T_EQ_INT(r.close, 1, "extra LF close");

	/* Reads stop at the end: a later byte is never read. */
	memio_setup(&m, &io, H200 "Content-Length: 2\r\n\r\nokX", 1);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "bytewise");
	T_EQ_INT(m.inoff, sizeof resp - 1, "bytewise read to the end only");
	T_EQ_INT(r.close, 0, "bytewise close");
	T_EQ_INT(http_resp_reusable(&r), 1, "bytewise reusable");

	/* The server says close. */
	memio_setup(&m, &io, H200 "Connection: close\r\n"
	    "Content-Length: 2\r\n\r\nok", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "close");
	T_EQ_INT(r.close, 1, "close close");
	T_EQ_INT(http_resp_reusable(&r), 0, "close reusable");

	/* Chunked, read in 3-byte pieces. */
	memio_setup(&m, &io, CHUNKED "2;a=\"b\"\r\nok\r\n0\r\nT: 1\r\n\r\n", 3);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "chunked");
	T_EQ_STR(r.body, "ok", "chunked body");
	T_EQ_INT(http_resp_reusable(&r), 1, "chunked reusable");

	/* A stale connection: it fails or ends before any byte. */
	memio_setup(&m, &io, "", 0);
	m.fail_at_end = 1;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_READ, "stale reset");
	T_EQ_INT(r.wire, 0, "stale reset wire");
	T_EQ_INT(http_resp_reusable(&r), 0, "stale reset reusable");
	memio_setup(&m, &io, "", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_PROTOCOL, "stale eof");
	T_EQ_INT(r.perr, HTTP_PE_TRUNCATED, "stale eof perr");
	T_EQ_INT(r.wire, 0, "stale eof wire");
	T_EQ_INT(r.close, 1, "stale eof close");

	/* Cut after the status line: something came, no retry. */
	memio_setup(&m, &io, H200, 0);
	m.fail_at_end = 1;
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_READ, "cut");
	T_EQ_INT(r.wire, 17, "cut wire");
	T_EQ_INT(r.state, HTTP_S_STATUS, "cut state");
	T_EQ_INT(http_resp_reusable(&r), 0, "cut reusable");
	memio_setup(&m, &io, H200, 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_PROTOCOL, "cut eof");
	T_EQ_INT(r.wire, 17, "cut eof wire");

	/* CONNECT: never reusable, whatever the proxy says. */
	memset(&req, 0, sizeof req);
	req.method = "CONNECT";
	req.url = &u;
	req.path = "h.example:443";
	req.keep_alive = 1;
	memio_setup(&m, &io, H200 "\r\n", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "connect");
	T_EQ_MEM(m.out, m.outlen, want_connect, sizeof want_connect - 1,
	    "connect request");
	T_EQ_INT(r.status, 200, "connect status");
	T_EQ_INT(r.close, 1, "connect close");
	T_EQ_INT(r.framed, 1, "connect framed");
	T_EQ_INT(http_resp_reusable(&r), 0, "connect reusable");
	memio_setup(&m, &io, "HTTP/1.1 407 Proxy Authentication Required\r\n"
	    "Content-Length: 4\r\n\r\ndeny", 0);
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "connect 407");
	T_EQ_INT(r.status, 407, "connect 407 status");
	T_EQ_INT(http_resp_reusable(&r), 0, "connect 407 reusable");
}

/* ------------------------------------------------------------------ */
/* net.c against local sockets                                         */

/* A socket bound to 127.0.0.1:0, listening if listen_too; *port set. */
static int
local_socket(int listen_too, int *port)
{
	struct sockaddr_in sin;
	socklen_t sl;
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sl = sizeof sin;
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    (listen_too && listen(fd, 8) == -1) ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

/* accept() with a 2 s bound; -1 on failure. */
static int
accept_bounded(int lfd)
{
	struct pollfd pfd;

	pfd.fd = lfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 2000) != 1)
		return -1;
	return accept(lfd, NULL, NULL);
}

static void
test_net(void)
{
	struct net_conn c;
	struct io io;
	char buf[64];
	static char chunk[256 * 1024];
	int lfd, afd, port, one, i;
	socklen_t sl;
	int64_t t0, el;
	ssize_t n;

	lfd = local_socket(1, &port);
	T_OK(lfd != -1, "listen socket");
	if (lfd == -1)
		return;

	/* Connect: fd, peer, TCP_NODELAY. */
	T_EQ_INT(net_connect(&c, "127.0.0.1", port, net_now() + 2000), 0,
	    "connect");
	T_OK(c.fd != -1, "connect fd");
	T_EQ_STR(c.peer, "127.0.0.1", "peer");
	T_EQ_INT(c.err, NET_OK, "connect err");
	T_EQ_STR(net_strerror(&c), "no error", "strerror ok");
	one = 0;
	sl = sizeof one;
	T_OK(getsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, &sl) == 0 &&
	    one != 0, "TCP_NODELAY set");
	afd = accept_bounded(lfd);
	T_OK(afd != -1, "accept");

	/* Read with a silent peer: timeout, not a hang. */
	net_io(&c, &io);
	T_OK(io.flush == NULL, "no flush");
	c.deadline = net_now() + 200;
	t0 = net_now();
	n = io.read(io.ctx, buf, sizeof buf);
	el = net_now() - t0;
	T_EQ_INT(n, -1, "read timeout");
	T_EQ_INT(c.timed_out, 1, "read timed_out");
	T_EQ_INT(c.err, NET_E_TIMEOUT, "read timeout err");
	T_EQ_STR(net_strerror(&c), "timed out", "read timeout str");
	T_OK(el >= 150 && el < 5000, "read timeout took %lld ms",
	    (long long)el);

	/* Data both ways, then EOF. */
	c.timed_out = 0;
	c.deadline = net_now() + 2000;
	if (afd != -1) {
		T_EQ_INT(write(afd, "ping", 4), 4, "peer write");
		n = io.read(io.ctx, buf, sizeof buf);
		T_EQ_MEM(buf, n > 0 ? (size_t)n : 0, "ping", 4, "read data");
		T_EQ_INT(io.write(io.ctx, "pong", 4), 0, "write");
		T_EQ_INT(read(afd, buf, sizeof buf), 4, "peer read");
		close(afd);
		T_EQ_INT(io.read(io.ctx, buf, sizeof buf), 0, "read EOF");
	}
	net_close(&c);
	T_EQ_INT(c.fd, -1, "closed");
	net_close(&c);
	T_EQ_INT(c.fd, -1, "closed twice");
	T_EQ_INT(io.read(io.ctx, buf, sizeof buf), -1, "read closed");
	T_EQ_INT(c.err, NET_E_IO, "read closed err");

	/* Write to a peer that never reads: timeout. */
	T_EQ_INT(net_connect(&c, "127.0.0.1", port, net_now() + 2000), 0,
	    "connect 2");
	afd = accept_bounded(lfd);
	net_io(&c, &io);
	c.deadline = net_now() + 300;
	memset(chunk, 'w', sizeof chunk);
	for (i = 0; i < 256; i++)
		if (io.write(io.ctx, chunk, sizeof chunk) == -1)
			break;
	T_OK(i < 256, "write timeout reached");
	T_EQ_INT(c.timed_out, 1, "write timed_out");
	T_EQ_INT(c.err, NET_E_TIMEOUT, "write timeout err");
	net_close(&c);
	if (afd != -1)
		close(afd);

	/* Write to a peer that closed: an error, not SIGPIPE. */
	T_EQ_INT(net_connect(&c, "127.0.0.1", port, net_now() + 2000), 0,
	    "connect 3");
	afd = accept_bounded(lfd);
	if (afd != -1)
		close(afd);
	net_io(&c, &io);
	c.deadline = net_now() + 2000;
	for (i = 0; i < 100; i++) {
		if (io.write(io.ctx, "x", 1) == -1)
			break;
		(void)poll(NULL, 0, 10);
	}
	T_OK(i < 100, "write to closed peer fails");
	T_EQ_INT(c.err, NET_E_IO, "closed peer err");
	T_OK(strcmp(net_strerror(&c), "connection reset by peer") == 0 ||
	    strcmp(net_strerror(&c), "connection closed by peer") == 0,
	    "closed peer str: %s", net_strerror(&c));
	net_close(&c);
	close(lfd);

	/* Bound but not listening: refused. */
	lfd = local_socket(0, &port);
	T_OK(lfd != -1, "bound socket");
	T_EQ_INT(net_connect(&c, "127.0.0.1", port, net_now() + 2000), -1,
	    "refused");
	T_EQ_INT(c.err, NET_E_CONNECT, "refused err");
	T_EQ_INT(c.sys_errno, ECONNREFUSED, "refused errno");
	T_EQ_STR(net_strerror(&c), "connection refused", "refused str");
	T_EQ_INT(c.timed_out, 0, "refused not timed out");
	T_EQ_INT(c.fd, -1, "refused fd");
	T_EQ_STR(c.peer, "127.0.0.1", "refused peer");

	/* Deadline already passed. */
	T_EQ_INT(net_connect(&c, "127.0.0.1", port, net_now() - 1), -1,
	    "late");
	T_EQ_INT(c.err, NET_E_TIMEOUT, "late err");
	T_EQ_INT(c.timed_out, 1, "late timed_out");
	T_EQ_STR(net_strerror(&c), "timed out", "late str");
	close(lfd);

	/* Bad arguments. */
	T_EQ_INT(net_connect(&c, "127.0.0.1", 0, net_now() + 1000), -1,
	    "port 0");
	T_EQ_STR(net_strerror(&c), "invalid host or port", "port 0 str");
	T_EQ_INT(net_connect(&c, NULL, 80, net_now() + 1000), -1, "NULL host");
}

/* http_exchange over net_io on a socketpair. */
static void
test_exchange_socket(void)
{
	static struct http_resp r;
	static const char resp[] = "HTTP/1.1 201 Created\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n4\r\nsent\r\n0\r\n\r\n";
	struct net_conn c;
	struct http_req req;
	struct url u;
	struct io io;
	char got[1024];
	const char *why;
	ssize_t n;
	int sv[2];

	T_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	T_EQ_INT(write(sv[1], resp, sizeof resp - 1), (long)sizeof resp - 1,
	    "canned response");
	shutdown(sv[1], SHUT_WR);
	memset(&c, 0, sizeof c);
	c.fd = sv[0];
	c.deadline = net_now() + 2000;
	net_io(&c, &io);
	T_EQ_INT(url_parse(&u, "https://iris.example/alerts/add", &why), 0,
	    "url");
	req_post(&req, &u, "{}");
	T_EQ_INT(http_exchange(&io, &req, &r), HTTP_X_OK, "socket exchange");
	T_EQ_INT(r.status, 201, "socket status");
	T_EQ_STR(r.body, "sent", "socket body");
	n = read(sv[1], got, sizeof got - 1);
	T_OK(n > 0, "request sent");
	got[n > 0 ? n : 0] = '\0';
	T_OK(strncmp(got, "POST /alerts/add HTTP/1.1\r\nHost: iris.example\r\n",
	    46) == 0, "request line: %.60s", got);
	T_OK(n >= 6 && memcmp(got + n - 6, "\r\n\r\n{}", 6) == 0,
	    "request ends with the body");
	net_close(&c);
	close(sv[1]);
}

int
main(void)
{
	test_write_head();
	test_write_head_refusals();
	test_hdr_check();
	test_parser_table();
	test_parser_big();
	test_parser_misc();
	test_resp_header();
	test_retry_after();
	test_exchange();
	test_exchange_conn();
	test_net();
	test_exchange_socket();
	return t_done();
}
