/* see http.h */
#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "http.h"
#include "url.h"

#ifndef WR_VERSION
#define WR_VERSION "dev"
#endif

#define HTTP_MAX_NAME		256	/* request header name bytes */
#define HTTP_MAX_VALUE		8192	/* request header value bytes */
#define HTTP_MAX_METHOD		32
#define HTTP_READ_CHUNK		8192	/* bytes per transport read */

/*
 * Parser notes (decisions):
 * - Head lines end in LF; one CR right before it is dropped (RFC 9112
 *   §2.2 lets a recipient accept a bare LF).  A CR anywhere else in the
 *   head is an error, as is NUL.  The head ends at the first empty line.
 * - Chunked framing is strict: size lines, the data terminator and
 *   trailer lines must end in CRLF exactly.  A chunk line is checked by
 *   a byte-at-a-time state machine (enum http_cl), so a long extension
 *   costs no storage and every split of the input reads the same.
 * - Neither Content-Length nor chunked: the body runs to EOF (HTTP/1.0
 *   style); there is no other way to frame it, and only the status and
 *   a bounded error text are wanted from it.  Such a response is never
 *   framed, so its connection is never reused.
 * - r->sub is the position inside the current line, per state: enum
 *   http_st after a 1xx head, enum http_cl in a chunk line, the count
 *   of CRLF bytes seen after chunk data, enum http_tr in the trailer.
 *   Every state starts at sub 0.  r->linelen counts chunk-line bytes.
 * - In HTTP_S_TRAILER, chunk_left counts trailer bytes (bounded by
 *   HTTP_MAX_HEAD).
 */

/* HTTP_S_STATUS sub-states: one empty line may follow a 1xx head. */
enum http_st {
	HTTP_ST_HEAD = 0,	/* in a head (or before one) */
	HTTP_ST_1XX,		/* right after a 1xx head */
	HTTP_ST_1XX_CR		/* after its CR: LF must follow */
};

/*
 * HTTP_S_CHUNK_SIZE sub-states, RFC 9112 §7.1:
 *   chunk-size *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ) CRLF
 */
enum http_cl {
	HTTP_CL_SIZE0 = 0,	/* before the first hex digit */
	HTTP_CL_SIZE,		/* in the hex digits */
	HTTP_CL_BWS_SEMI,	/* BWS that only ';' may end */
	HTTP_CL_BWS_NAME,	/* after ';': BWS, then a name */
	HTTP_CL_NAME,		/* in an extension name */
	HTTP_CL_BWS_EQ,		/* BWS after a name: ';' or '=' next */
	HTTP_CL_BWS_VAL,	/* after '=': BWS, then a value */
	HTTP_CL_TOKEN,		/* in a token value */
	HTTP_CL_QS,		/* in a quoted-string */
	HTTP_CL_QP,		/* after a backslash in a quoted-string */
	HTTP_CL_QEND,		/* after the closing quote */
	HTTP_CL_LF		/* after the CR: LF must follow */
};

/* HTTP_S_TRAILER sub-states: a CR bit over "at line start" or not. */
enum http_tr {
	HTTP_TR_BOL = 0,	/* at the start of a line */
	HTTP_TR_LINE,		/* inside a line */
	HTTP_TR_CR_BOL,		/* CR at the start of a line: the end */
	HTTP_TR_CR		/* CR ending a trailer line */
};

/* 1 for an RFC 9110 tchar. */
static int
http_is_tchar(int c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* 1 for a control byte other than HT (CR and LF included). */
static int
http_is_ctl(int c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* 1 if s[0..n) is a token of 1..max bytes. */
static int
http_is_token(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!http_is_tchar((unsigned char)s[i]))
			return 0;
	return 1;
}

/* see http.h */
int
http_hdr_check(const char *name, const char *value)
{
	size_t i;

	if (name == NULL || value == NULL)
		return -1;
	if (!http_is_token(name, strlen(name), HTTP_MAX_NAME))
		return -1;
	for (i = 0; value[i] != '\0'; i++) {
		if (i >= HTTP_MAX_VALUE ||
		    http_is_ctl((unsigned char)value[i]))
			return -1;
	}
	return 0;
}

/* 1 for the request headers this module writes itself. */
static int
http_hdr_reserved(const char *name)
{
	return strcasecmp(name, "Host") == 0 ||
	    strcasecmp(name, "Content-Length") == 0 ||
	    strcasecmp(name, "Transfer-Encoding") == 0 ||
	    strcasecmp(name, "Connection") == 0;
}

/* see http.h */
int
http_write_head(struct buf *b, const struct http_req *req)
{
	const char *path, *p;
	int i, connect;

	if (req == NULL || req->method == NULL || req->url == NULL)
		return -1;
	if (!http_is_token(req->method, strlen(req->method), HTTP_MAX_METHOD))
		return -1;
	path = req->path != NULL ? req->path : req->url->path;
	if (path[0] == '\0')
		return -1;
	for (p = path; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f)
			return -1;
	if (req->nhdrs < 0 || req->nhdrs > HTTP_MAX_HDRS ||
	    (req->nhdrs > 0 && req->hdrs == NULL))
		return -1;
	if (req->content_type != NULL &&
	    http_hdr_check("Content-Type", req->content_type) == -1)
		return -1;
	for (i = 0; i < req->nhdrs; i++) {
		if (http_hdr_check(req->hdrs[i].name, req->hdrs[i].value) == -1 ||
		    http_hdr_reserved(req->hdrs[i].name))
			return -1;
	}
	connect = strcmp(req->method, "CONNECT") == 0;

	buf_puts(b, req->method);
	buf_putc(b, ' ');
	if (req->absolute_form) {
		buf_puts(b, req->url->https ? "https://" : "http://");
		url_hostport(req->url, b, 0);
	}
	buf_puts(b, path);
	buf_puts(b, " HTTP/1.1\r\nHost: ");
	url_hostport(req->url, b, connect);
	buf_puts(b, "\r\nUser-Agent: wazuh-relay/" WR_VERSION "\r\n");
	if (req->content_type != NULL)
		buf_printf(b, "Content-Type: %s\r\n", req->content_type);
	if (req->content_type != NULL || req->body != NULL)
		buf_printf(b, "Content-Length: %zu\r\n", req->bodylen);
	if (!connect)
		buf_puts(b, req->keep_alive ? "Connection: keep-alive\r\n" :
		    "Connection: close\r\n");
	/* Values may be secrets: no printf (it stages text on the stack). */
	for (i = 0; i < req->nhdrs; i++) {
		buf_puts(b, req->hdrs[i].name);
		buf_puts(b, ": ");
		buf_puts(b, req->hdrs[i].value);
		buf_puts(b, "\r\n");
	}
	buf_puts(b, "\r\n");
	return b->err ? -1 : 0;
}

/* see http.h */
void
http_resp_init(struct http_resp *r)
{
	r->state = HTTP_S_STATUS;
	r->perr = HTTP_PE_NONE;
	r->status = 0;
	r->minor = 0;
	r->head[0] = '\0';
	r->headlen = 0;
	r->content_length = -1;
	r->chunked = 0;
	r->chunk_left = 0;
	r->body[0] = '\0';
	r->bodylen = 0;
	r->body_total = 0;
	r->head_only = 0;
	r->close = 0;
	r->framed = 0;
	r->wire = 0;
	r->sub = 0;
	r->linelen = 0;
}

/* Enter the error state; returns -1. */
static int
http_fail(struct http_resp *r, int perr)
{
	r->state = HTTP_S_ERROR;
	r->perr = perr;
	return -1;
}

/* The message is complete; framed: its end was known exactly. */
static void
http_done(struct http_resp *r, int framed)
{
	r->state = HTTP_S_DONE;
	r->framed = framed;
	r->sub = 0;
}

/* Keep what fits of p[0..n) in r->body; count all of it. */
static void
http_body_put(struct http_resp *r, const char *p, size_t n)
{
	size_t room, k;

	room = HTTP_MAX_BODY - r->bodylen;
	k = n < room ? n : room;
	if (k > 0) {
		memcpy(r->body + r->bodylen, p, k);
		r->bodylen += k;
		r->body[r->bodylen] = '\0';
	}
	r->body_total += n;
}

/*
 * The line starting at p (which must end in LF before end): sets *len
 * to its length without LF and a CR right before it; returns the start
 * of the next line, or NULL if no LF is left.
 */
static const char *
http_line(const char *p, const char *end, size_t *len)
{
	const char *lf;

	lf = memchr(p, '\n', (size_t)(end - p));
	if (lf == NULL)
		return NULL;
	*len = (size_t)(lf - p);
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	return lf + 1;
}

/* Strip OWS (SP/HT) from both ends of s[0..*n); returns the new start. */
static const char *
http_trim(const char *s, size_t *n)
{
	while (*n > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/*
 * The next element of the comma list at *v (up to end): returns its
 * OWS-trimmed start with *n set to its length (possibly 0), and moves
 * *v past its comma (NULL after the last element); returns NULL once
 * the list is used up.  An empty list yields one empty element.
 */
static const char *
http_list_next(const char **v, const char *end, size_t *n)
{
	const char *s = *v, *e;

	if (s == NULL)
		return NULL;
	if ((e = memchr(s, ',', (size_t)(end - s))) == NULL) {
		e = end;
		*v = NULL;
	} else
		*v = e + 1;
	*n = (size_t)(e - s);
	return http_trim(s, n);
}

/*
 * Parse a Content-Length value v[0..n): 1*DIGIT, or a comma list of
 * equal such values.  Returns 0 with *out set, or -1.
 */
static int
http_parse_cl(const char *v, size_t n, long long *out)
{
	const char *e, *end = v + n;
	long long val, first = -1;
	size_t en;

	while ((e = http_list_next(&v, end, &en)) != NULL) {
		if (en == 0)
			return -1;
		val = 0;
		for (; en > 0; e++, en--) {
			if (*e < '0' || *e > '9')
				return -1;
			if (val > (LLONG_MAX - (*e - '0')) / 10)
				return -1;
			val = val * 10 + (*e - '0');
		}
		if (first != -1 && val != first)
			return -1;
		first = val;
	}
	*out = first;
	return 0;
}

/*
 * Fold the Connection field value v[0..n) into *saw_close and
 * *saw_keep: "close" and "keep-alive" tokens (ASCII case-insensitive)
 * set them; empty elements are allowed (RFC 9110 §5.6.1); an element
 * that is not a token sets *saw_close, since a peer that garbles this
 * field is no peer to send a second request to.
 */
static void
http_parse_conn(const char *v, size_t n, int *saw_close, int *saw_keep)
{
	const char *e, *end = v + n;
	size_t en;

	while ((e = http_list_next(&v, end, &en)) != NULL) {
		if (en == 0)
			continue;
		if (!http_is_token(e, en, en) ||
		    (en == 5 && strncasecmp(e, "close", 5) == 0))
			*saw_close = 1;
		else if (en == 10 && strncasecmp(e, "keep-alive", 10) == 0)
			*saw_keep = 1;
	}
}

/*
 * Parse the status line s[0..n): "HTTP/1." DIGIT SP 3DIGIT [SP reason].
 * Returns 0 or -1.
 */
static int
http_parse_status(struct http_resp *r, const char *s, size_t n)
{
	size_t i;
	int code;

	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 ||
	    s[7] < '0' || s[7] > '9' || s[8] != ' ')
		return -1;
	code = 0;
	for (i = 9; i < 12; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		code = code * 10 + (s[i] - '0');
	}
	if (code < 100 || code > 599)
		return -1;
	if (n > 12) {
		if (s[12] != ' ')
			return -1;
		for (i = 13; i < n; i++)
			if (http_is_ctl((unsigned char)s[i]))
				return -1;
	}
	r->minor = s[7] - '0';
	r->status = code;
	return 0;
}

/*
 * The complete head is in r->head[0..headlen): parse it and choose how
 * the body is framed.  A 1xx interim head is dropped and r is ready for
 * the next head.  Returns 0 or -1 (error state set).
 */
static int
http_parse_head(struct http_resp *r)
{
	const char *p, *end, *next, *v, *colon;
	size_t n, vn, i;
	long long cl, val;
	int have_cl, te_count, te_chunked, conn_close, conn_keep;

	p = r->head;
	end = r->head + r->headlen;
	if (memchr(p, '\0', r->headlen) != NULL)
		return http_fail(r, HTTP_PE_HEADER);

	if ((next = http_line(p, end, &n)) == NULL ||
	    memchr(p, '\r', n) != NULL ||
	    http_parse_status(r, p, n) == -1)
		return http_fail(r, HTTP_PE_STATUS);

	cl = -1;
	have_cl = te_count = te_chunked = conn_close = conn_keep = 0;
	for (p = next; (next = http_line(p, end, &n)) != NULL; p = next) {
		if (n == 0)
			break;
		if (memchr(p, '\r', n) != NULL || p[0] == ' ' || p[0] == '\t')
			return http_fail(r, HTTP_PE_HEADER);
		colon = memchr(p, ':', n);
		if (colon == NULL ||
		    !http_is_token(p, (size_t)(colon - p), HTTP_MAX_HEAD))
			return http_fail(r, HTTP_PE_HEADER);
		vn = n - (size_t)(colon - p) - 1;
		v = http_trim(colon + 1, &vn);
		for (i = 0; i < vn; i++)
			if (http_is_ctl((unsigned char)v[i]))
				return http_fail(r, HTTP_PE_HEADER);
		if ((size_t)(colon - p) == 14 &&
		    strncasecmp(p, "Content-Length", 14) == 0) {
			if (http_parse_cl(v, vn, &val) == -1 ||
			    (have_cl && val != cl))
				return http_fail(r, HTTP_PE_CL);
			cl = val;
			have_cl = 1;
		} else if ((size_t)(colon - p) == 17 &&
		    strncasecmp(p, "Transfer-Encoding", 17) == 0) {
			te_count++;
			te_chunked = vn == 7 && strncasecmp(v, "chunked", 7) == 0;
		} else if ((size_t)(colon - p) == 10 &&
		    strncasecmp(p, "Connection", 10) == 0)
			http_parse_conn(v, vn, &conn_close, &conn_keep);
	}

	if (r->status < 200) {
		/* 101 would switch protocols, which was never asked for. */
		if (r->status == 101)
			return http_fail(r, HTTP_PE_STATUS);
		r->headlen = 0;
		r->head[0] = '\0';
		r->status = 0;
		r->minor = 0;
		r->sub = HTTP_ST_1XX;
		return 0;
	}
	if (have_cl && te_count > 0)
		return http_fail(r, HTTP_PE_CL_TE);
	/* One TE field, exactly "chunked", and not in an HTTP/1.0 reply. */
	if (te_count > 0 && (te_count > 1 || !te_chunked || r->minor == 0))
		return http_fail(r, HTTP_PE_TE);
	r->content_length = cl;
	r->chunked = te_count > 0;
	/* HTTP/1.0 closes unless it said otherwise (RFC 9112 §9.3). */
	if (conn_close || (r->minor == 0 && !conn_keep))
		r->close = 1;

	r->sub = 0;
	if (r->head_only || r->status == 204 || r->status == 304 ||
	    (!r->chunked && cl == 0))
		http_done(r, 1);
	else if (r->chunked)
		r->state = HTTP_S_CHUNK_SIZE;
	else if (have_cl)
		r->state = HTTP_S_BODY_CL;
	else
		r->state = HTTP_S_BODY_EOF;
	return 0;
}

/*
 * Take head bytes from p[0..len): up to the end of the head (then parse
 * it) or all of them.  *used is set to the bytes taken.  Returns 0 or
 * -1 (error state set).
 */
static int
http_feed_head(struct http_resp *r, const char *p, size_t len, size_t *used)
{
	static const char prefix[] = "HTTP/";
	size_t old, n, i;

	old = r->headlen;
	n = HTTP_MAX_HEAD - old;
	if (len < n)
		n = len;
	*used = 0;
	/* Fail early on a peer that does not speak HTTP at all. */
	for (i = old; i < old + n && i < sizeof prefix - 1; i++)
		if (p[i - old] != prefix[i])
			return http_fail(r, HTTP_PE_STATUS);
	memcpy(r->head + old, p, n);
	for (i = old; i < old + n; i++) {
		if (r->head[i] != '\n')
			continue;
		if ((i >= 1 && r->head[i - 1] == '\n') ||
		    (i >= 2 && r->head[i - 1] == '\r' &&
		    r->head[i - 2] == '\n')) {
			r->headlen = i + 1;
			r->head[r->headlen] = '\0';
			*used = i + 1 - old;
			return http_parse_head(r);
		}
	}
	r->headlen = old + n;
	r->head[r->headlen] = '\0';
	*used = n;
	if (r->headlen == HTTP_MAX_HEAD)
		return http_fail(r, HTTP_PE_HEAD_TOO_BIG);
	return 0;
}

/*
 * The chunk-line state after byte c (not a size digit, not the LF) in
 * state st, or -1 if c cannot stand there.
 */
static int
http_chunkline_next(int st, int c)
{
	int ws = c == ' ' || c == '\t';

	switch (st) {
	case HTTP_CL_NAME:
		if (http_is_tchar(c))
			return st;
		if (c == '=')
			return HTTP_CL_BWS_VAL;
		if (ws)
			return HTTP_CL_BWS_EQ;
		/* FALLTHROUGH */
	case HTTP_CL_SIZE:
	case HTTP_CL_TOKEN:
	case HTTP_CL_QEND:
		if (st == HTTP_CL_TOKEN && http_is_tchar(c))
			return st;
		if (ws)
			return HTTP_CL_BWS_SEMI;
		if (c == ';')
			return HTTP_CL_BWS_NAME;
		return c == '\r' ? HTTP_CL_LF : -1;
	case HTTP_CL_BWS_EQ:
		if (c == '=')
			return HTTP_CL_BWS_VAL;
		/* FALLTHROUGH */
	case HTTP_CL_BWS_SEMI:
		if (ws)
			return st;
		return c == ';' ? HTTP_CL_BWS_NAME : -1;
	case HTTP_CL_BWS_NAME:
		if (ws)
			return st;
		return http_is_tchar(c) ? HTTP_CL_NAME : -1;
	case HTTP_CL_BWS_VAL:
		if (ws)
			return st;
		if (c == '"')
			return HTTP_CL_QS;
		return http_is_tchar(c) ? HTTP_CL_TOKEN : -1;
	case HTTP_CL_QS:
		if (c == '"')
			return HTTP_CL_QEND;
		if (c == '\\')
			return HTTP_CL_QP;
		/* qdtext is what a quoted-pair takes, less the two above. */
		/* FALLTHROUGH */
	case HTTP_CL_QP:
		return http_is_ctl(c) ? -1 : HTTP_CL_QS;
	default:	/* HTTP_CL_SIZE0: a hex digit must come first */
		return -1;
	}
}

/*
 * Take chunk-line bytes from p[0..len), up to and including its LF;
 * then the next state is set from the size.  Returns the bytes taken,
 * or -1.
 */
static long
http_feed_chunkline(struct http_resp *r, const char *p, size_t len)
{
	size_t i;
	int c, d;

	for (i = 0; i < len; i++) {
		c = (unsigned char)p[i];
		if (r->sub == HTTP_CL_LF) {
			if (c != '\n')
				return http_fail(r, HTTP_PE_CHUNK);
			r->sub = 0;
			r->linelen = 0;
			/* chunk_left holds the size; in the trailer it
			 * counts trailer bytes from 0. */
			r->state = r->chunk_left == 0 ? HTTP_S_TRAILER :
			    HTTP_S_CHUNK_DATA;
			return (long)(i + 1);
		}
		if (c != '\r' && ++r->linelen > HTTP_MAX_CHUNK_LINE)
			return http_fail(r, HTTP_PE_CHUNK);
		if ((r->sub == HTTP_CL_SIZE0 || r->sub == HTTP_CL_SIZE) &&
		    isxdigit(c)) {
			if (r->chunk_left >> 60 != 0)
				return http_fail(r, HTTP_PE_CHUNK);
			d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
			r->chunk_left = r->chunk_left << 4 |
			    (unsigned long long)d;
			r->sub = HTTP_CL_SIZE;
		} else if ((r->sub = http_chunkline_next(r->sub, c)) == -1)
			return http_fail(r, HTTP_PE_CHUNK);
	}
	return (long)len;
}

/*
 * Take trailer bytes from p[0..len), up to the LF of the empty line.
 * Lines must end in CRLF; NUL is refused.  Returns the bytes taken, or
 * -1.
 */
static long
http_feed_trailer(struct http_resp *r, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (++r->chunk_left > HTTP_MAX_HEAD)
			return http_fail(r, HTTP_PE_HEAD_TOO_BIG);
		if (r->sub == HTTP_TR_CR_BOL || r->sub == HTTP_TR_CR) {
			if (p[i] != '\n')
				return http_fail(r, HTTP_PE_CHUNK);
			if (r->sub == HTTP_TR_CR_BOL) {
				http_done(r, 1);
				return (long)(i + 1);
			}
			r->sub = HTTP_TR_BOL;
		} else if (p[i] == '\r')
			r->sub = r->sub == HTTP_TR_BOL ? HTTP_TR_CR_BOL :
			    HTTP_TR_CR;
		else if (p[i] == '\n' || p[i] == '\0')
			return http_fail(r, HTTP_PE_CHUNK);
		else
			r->sub = HTTP_TR_LINE;
	}
	return (long)len;
}

/*
 * Right after a 1xx head (r->sub != HTTP_ST_HEAD), byte c: one empty
 * line, CRLF or a bare LF, is skipped, as llhttp does; anything else
 * starts the next head.  Returns the bytes taken (0 or 1); a CR not
 * followed by LF is an error (state set).
 */
static size_t
http_feed_blank(struct http_resp *r, char c)
{
	if (r->sub == HTTP_ST_1XX_CR) {
		r->sub = HTTP_ST_HEAD;
		if (c != '\n')
			(void)http_fail(r, HTTP_PE_STATUS);
		return 1;
	}
	r->sub = c == '\r' ? HTTP_ST_1XX_CR : HTTP_ST_HEAD;
	return c == '\r' || c == '\n';
}

/* see http.h */
long
http_resp_feed(struct http_resp *r, const char *data, size_t len)
{
	unsigned long long rem;
	size_t off, n;
	long k;

	if (r->state == HTTP_S_ERROR)
		return -1;
	if (len == 0) {
		/* End of stream: whatever came, the connection is over. */
		r->close = 1;
		if (r->state == HTTP_S_DONE)
			return 0;
		if (r->state == HTTP_S_BODY_EOF) {
			http_done(r, 0);
			return 0;
		}
		return http_fail(r, HTTP_PE_TRUNCATED);
	}
	if (len > LONG_MAX)
		len = LONG_MAX;
	off = 0;
	while (off < len && r->state != HTTP_S_DONE) {
		switch (r->state) {
		case HTTP_S_STATUS:
			if (r->sub != HTTP_ST_HEAD)
				n = http_feed_blank(r, data[off]);
			else if (http_feed_head(r, data + off, len - off,
			    &n) == -1)
				return -1;
			if (r->state == HTTP_S_ERROR)
				return -1;
			off += n;
			break;
		case HTTP_S_BODY_CL:
			rem = (unsigned long long)r->content_length -
			    r->body_total;
			n = len - off;
			if (n > rem)
				n = (size_t)rem;
			http_body_put(r, data + off, n);
			off += n;
			if (n == rem)
				http_done(r, 1);
			break;
		case HTTP_S_BODY_EOF:
			http_body_put(r, data + off, len - off);
			off = len;
			break;
		case HTTP_S_CHUNK_SIZE:
			if ((k = http_feed_chunkline(r, data + off,
			    len - off)) == -1)
				return -1;
			off += (size_t)k;
			break;
		case HTTP_S_CHUNK_DATA:
			n = len - off;
			if (n > r->chunk_left)
				n = (size_t)r->chunk_left;
			http_body_put(r, data + off, n);
			off += n;
			r->chunk_left -= n;
			if (r->chunk_left == 0)
				r->state = HTTP_S_CHUNK_CRLF;
			break;
		case HTTP_S_CHUNK_CRLF:
			if (data[off] != (r->sub == 0 ? '\r' : '\n'))
				return http_fail(r, HTTP_PE_CHUNK);
			off++;
			if (r->sub++ == 1) {
				r->state = HTTP_S_CHUNK_SIZE;
				r->sub = 0;
			}
			break;
		case HTTP_S_TRAILER:
			if ((k = http_feed_trailer(r, data + off,
			    len - off)) == -1)
				return -1;
			off += (size_t)k;
			break;
		default:
			return http_fail(r, HTTP_PE_STATUS);
		}
	}
	r->wire += off;
	return (long)off;
}

/* see http.h */
int
http_resp_reusable(const struct http_resp *r)
{
	return r->state == HTTP_S_DONE && r->framed && !r->close &&
	    r->minor == 1;
}

/* see http.h */
int
http_resp_header(const struct http_resp *r, const char *name, char *dst,
    size_t cap)
{
	const char *p, *end, *next, *colon, *v;
	size_t n, nl, vn, k;

	if (name == NULL || (nl = strlen(name)) == 0)
		return -1;
	p = r->head;
	end = r->head + r->headlen;
	/* Skip the status line. */
	if ((p = http_line(p, end, &n)) == NULL)
		return -1;
	for (; (next = http_line(p, end, &n)) != NULL && n > 0; p = next) {
		colon = memchr(p, ':', n);
		if (colon == NULL || (size_t)(colon - p) != nl ||
		    strncasecmp(p, name, nl) != 0)
			continue;
		vn = n - nl - 1;
		v = http_trim(colon + 1, &vn);
		if (vn > INT_MAX)
			return -1;
		if (dst != NULL && cap > 0) {
			k = vn < cap - 1 ? vn : cap - 1;
			memcpy(dst, v, k);
			dst[k] = '\0';
		}
		return (int)vn;
	}
	return -1;
}

/* Read exactly n digits at *s into *out; advances *s.  Returns 0 or -1. */
static int
http_digits(const char **s, int n, int *out)
{
	int v = 0;

	for (; n > 0; n--, (*s)++) {
		if (**s < '0' || **s > '9')
			return -1;
		v = v * 10 + (**s - '0');
	}
	*out = v;
	return 0;
}

/* Match literal lit at *s; advances *s.  Returns 0 or -1. */
static int
http_lit(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n) != 0)
		return -1;
	*s += n;
	return 0;
}

/* Month "Jan".."Dec" at *s into *m (1..12); advances *s. */
static int
http_month(const char **s, int *m)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++) {
		if (strncmp(*s, months + 3 * i, 3) == 0) {
			*m = i + 1;
			*s += 3;
			return 0;
		}
	}
	return -1;
}

/* Day name at *s, short ("Sun") or long ("Sunday"); advances *s. */
static int
http_dayname(const char **s, int longform)
{
	static const char *const days[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	const char *d;
	int i;

	for (i = 0; i < 7; i++) {
		d = days[i];
		if (!longform && strncmp(*s, d, 3) == 0) {
			*s += 3;
			return 0;
		}
		if (longform && http_lit(s, d) == 0)
			return 0;
	}
	return -1;
}

/* "HH:MM:SS" at *s into seconds of the day; advances *s. */
static int
http_clock(const char **s, long long *sec)
{
	int h, mi, se;

	if (http_digits(s, 2, &h) == -1 || http_lit(s, ":") == -1 ||
	    http_digits(s, 2, &mi) == -1 || http_lit(s, ":") == -1 ||
	    http_digits(s, 2, &se) == -1 || h > 23 || mi > 59 || se > 60)
		return -1;
	*sec = h * 3600LL + mi * 60 + se;
	return 0;
}

/*
 * Parse an HTTP-date (IMF-fixdate, RFC 850 or asctime form) into Unix
 * seconds.  Returns 0 or -1.
 */
static int
http_parse_date(const char *s, long long *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p;
	long long sec;
	int y, m, d, leap;

	/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
	p = s;
	if (http_dayname(&p, 0) == 0 && http_lit(&p, ", ") == 0 &&
	    http_digits(&p, 2, &d) == 0 && http_lit(&p, " ") == 0 &&
	    http_month(&p, &m) == 0 && http_lit(&p, " ") == 0 &&
	    http_digits(&p, 4, &y) == 0 && http_lit(&p, " ") == 0 &&
	    http_clock(&p, &sec) == 0 && strcmp(p, " GMT") == 0)
		goto ok;
	/* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
	p = s;
	if (http_dayname(&p, 1) == 0 && http_lit(&p, ", ") == 0 &&
	    http_digits(&p, 2, &d) == 0 && http_lit(&p, "-") == 0 &&
	    http_month(&p, &m) == 0 && http_lit(&p, "-") == 0 &&
	    http_digits(&p, 2, &y) == 0 && http_lit(&p, " ") == 0 &&
	    http_clock(&p, &sec) == 0 && strcmp(p, " GMT") == 0) {
		y += y < 70 ? 2000 : 1900;
		goto ok;
	}
	/* asctime: "Sun Nov  6 08:49:37 1994" */
	p = s;
	if (http_dayname(&p, 0) == 0 && http_lit(&p, " ") == 0 &&
	    http_month(&p, &m) == 0 && http_lit(&p, " ") == 0) {
		if (*p == ' ') {
			p++;
			if (http_digits(&p, 1, &d) == -1)
				return -1;
		} else if (http_digits(&p, 2, &d) == -1)
			return -1;
		if (http_lit(&p, " ") == 0 && http_clock(&p, &sec) == 0 &&
		    http_lit(&p, " ") == 0 && http_digits(&p, 4, &y) == 0 &&
		    *p == '\0')
			goto ok;
	}
	return -1;
ok:
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d < 1 || d > mdays[m - 1] || (m == 2 && !leap && d > 28))
		return -1;
	*out = date_days(y, m, d) * 86400 + sec;
	return 0;
}

/* see http.h */
long
http_retry_after(const struct http_resp *r, long long now_unix)
{
	char v[64];
	const char *p;
	long long t, secs;
	int n;

	n = http_resp_header(r, "Retry-After", v, sizeof v);
	if (n <= 0 || (size_t)n >= sizeof v)
		return -1;
	if (v[0] >= '0' && v[0] <= '9') {
		secs = 0;
		for (p = v; *p != '\0'; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			if (secs <= HTTP_RETRY_AFTER_MAX)
				secs = secs * 10 + (*p - '0');
		}
		return secs > HTTP_RETRY_AFTER_MAX ? HTTP_RETRY_AFTER_MAX :
		    (long)secs;
	}
	if (http_parse_date(v, &t) == -1)
		return -1;
	if (t <= now_unix)
		return 0;
	/* now_unix < t - MAX: written so that nothing can overflow. */
	if (now_unix < t - HTTP_RETRY_AFTER_MAX)
		return HTTP_RETRY_AFTER_MAX;
	return (long)(t - now_unix);
}

/* see http.h */
const char *
http_perr_str(int perr)
{
	static const char *const str[HTTP_PE__MAX] = {
		"no error",
		"malformed status line",
		"malformed header",
		"response headers too large",
		"bad Content-Length",
		"both Content-Length and Transfer-Encoding",
		"unsupported Transfer-Encoding",
		"bad chunk",
		"connection closed before the response was complete",
	};

	if (perr < 0 || perr >= HTTP_PE__MAX)
		return "unknown parse error";
	return str[perr];
}

/*
 * Send the request head (in hbuf) and body over io.  Returns HTTP_X_OK
 * or an http_xerr.
 */
static int
http_send(struct io *io, const struct http_req *req, char *hbuf, size_t cap)
{
	struct buf b;

	buf_init(&b, hbuf, cap);
	if (http_write_head(&b, req) == -1)
		return HTTP_X_REQUEST;
	/* A small body goes out with the head, in one write. */
	if (req->bodylen > 0 && req->bodylen < b.cap - b.len) {
		buf_put(&b, req->body, req->bodylen);
		if (io->write(io->ctx, b.p, b.len) == -1)
			return HTTP_X_WRITE;
	} else {
		if (io->write(io->ctx, b.p, b.len) == -1 ||
		    (req->bodylen > 0 &&
		    io->write(io->ctx, req->body, req->bodylen) == -1))
			return HTTP_X_WRITE;
	}
	if (io->flush != NULL && io->flush(io->ctx) == -1)
		return HTTP_X_WRITE;
	return HTTP_X_OK;
}

/* see http.h */
int
http_exchange(struct io *io, const struct http_req *req, struct http_resp *r)
{
	char hbuf[HTTP_MAX_HEAD];
	char rbuf[HTTP_READ_CHUNK];
	ssize_t n;
	long used;
	int rc;

	http_resp_init(r);
	if (io == NULL || req == NULL || req->method == NULL ||
	    (req->bodylen > 0 && req->body == NULL))
		return HTTP_X_REQUEST;
	r->head_only = strcmp(req->method, "HEAD") == 0 ||
	    strcmp(req->method, "CONNECT") == 0;
	/* A tunnel, or a refusal whose body stays unread: never reused. */
	if (strcmp(req->method, "CONNECT") == 0)
		r->close = 1;
	rc = http_send(io, req, hbuf, sizeof hbuf);
	/* The head held Authorization (and the URL's query): wipe it. */
	explicit_bzero(hbuf, sizeof hbuf);
	if (rc != HTTP_X_OK)
		return rc;

	for (;;) {
		n = io->read(io->ctx, rbuf, sizeof rbuf);
		if (n < 0)
			return HTTP_X_READ;
		if ((size_t)n > sizeof rbuf)
			return HTTP_X_READ;
		if ((used = http_resp_feed(r, rbuf, (size_t)n)) == -1)
			return HTTP_X_PROTOCOL;
		if (r->state == HTTP_S_DONE) {
			/* We sent one request: more bytes are garbage. */
			if (used < n)
				r->close = 1;
			return HTTP_X_OK;
		}
		if (n == 0)	/* not reached: EOF ends in DONE or ERROR */
			return HTTP_X_PROTOCOL;
		if (r->body_total > HTTP_MAX_DRAIN)
			return HTTP_X_OK;
	}
}
