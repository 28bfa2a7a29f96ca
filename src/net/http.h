/*
 * http: an HTTP/1.1 client that runs over any struct io.
 *
 * The request head is written into a bounded buffer by one function;
 * the body follows as given (Content-Length is its byte length).
 * The response is parsed by a push parser (http_resp_feed) that takes
 * bytes in arbitrary splits, so tests and fuzzers drive it directly.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

#include "buf.h"
#include "io.h"
#include "url.h"

#define HTTP_MAX_HEAD	16384	/* response status line + headers */
#define HTTP_MAX_BODY	65536	/* response body bytes kept */
#define HTTP_MAX_HDRS	32	/* extra request headers */
#define HTTP_MAX_DRAIN	(1024 * 1024)	/* body bytes read before giving up */
#define HTTP_RETRY_AFTER_MAX 86400	/* Retry-After cap, seconds */
#define HTTP_MAX_CHUNK_LINE 4096	/* chunk-size line bytes, CRLF excluded */

struct http_hdr {
	const char	*name;
	const char	*value;
};

struct http_req {
	const char		*method;	/* "POST", "GET" */
	const struct url	*url;
	const char		*path;		/* NULL: url->path */
	int			 absolute_form;	/* plain-HTTP proxy */
	const char		*content_type;	/* NULL: none (no body) */
	const struct http_hdr	*hdrs;		/* auth, extra headers */
	int			 nhdrs;
	const char		*body;
	size_t			 bodylen;
	int			 keep_alive;	/* ask to keep the connection */
};

/*
 * 0 if name is a valid header token (1..256 bytes) and value has no CR,
 * LF or NUL (and no other control byte than HT) and is at most 8192
 * bytes; -1 otherwise.
 */
int	http_hdr_check(const char *name, const char *value);
/*
 * Write the request line and headers (Host, User-Agent, Content-Type,
 * Content-Length, Connection, then req->hdrs) and the blank line into
 * b.  Returns 0, or -1 if a header is invalid or b overflowed (b's
 * content is then unspecified).
 * - Content-Length is sent when content_type or body is set.
 * - Connection is "keep-alive" when req->keep_alive is set, "close"
 *   otherwise.  Whether the connection may really carry another request
 *   is for the response to say (http_resp_reusable).
 * - The method must be a token; the path must be non-empty with no
 *   byte <= 0x20 or 0x7f.
 * - req->hdrs may not name Host, Content-Length, Transfer-Encoding or
 *   Connection (this function owns the framing): -1.
 * - Method "CONNECT": Host always carries the port, and no Connection
 *   field is sent, whatever keep_alive says (the connection becomes the
 *   tunnel).
 */
int	http_write_head(struct buf *b, const struct http_req *req);

enum http_state {
	HTTP_S_STATUS = 0,	/* reading status line + headers */
	HTTP_S_BODY_CL,		/* body by Content-Length */
	HTTP_S_CHUNK_SIZE,
	HTTP_S_CHUNK_DATA,
	HTTP_S_CHUNK_CRLF,
	HTTP_S_TRAILER,
	HTTP_S_BODY_EOF,	/* body until close (HTTP/1.0 or no framing) */
	HTTP_S_DONE,
	HTTP_S_ERROR
};

enum http_perr {
	HTTP_PE_NONE = 0,
	HTTP_PE_STATUS,		/* malformed status line */
	HTTP_PE_HEADER,		/* malformed header line / NUL / obs-fold */
	HTTP_PE_HEAD_TOO_BIG,	/* headers over HTTP_MAX_HEAD */
	HTTP_PE_CL,		/* bad or conflicting Content-Length */
	HTTP_PE_CL_TE,		/* both Content-Length and Transfer-Encoding */
	HTTP_PE_TE,		/* unsupported Transfer-Encoding */
	HTTP_PE_CHUNK,		/* bad chunk line or missing CRLF */
	HTTP_PE_TRUNCATED,	/* stream ended before the message did */
	HTTP_PE__MAX
};

struct http_resp {
	int	 state;		/* enum http_state */
	int	 perr;		/* enum http_perr when state == ERROR */
	int	 status;	/* 100..599 */
	int	 minor;		/* HTTP/1.x minor version */
	char	 head[HTTP_MAX_HEAD + 1];	/* raw head, NUL-terminated */
	size_t	 headlen;
	long long content_length;	/* -1 if absent */
	int	 chunked;
	unsigned long long chunk_left;
	char	 body[HTTP_MAX_BODY + 1];	/* first bytes of the body */
	size_t	 bodylen;
	unsigned long long body_total;	/* all body bytes seen */
	int	 head_only;	/* response to HEAD: no body */
	int	 close;		/* the connection ends with this response */
	int	 framed;	/* the end was known exactly (DONE only) */
	unsigned long long wire;	/* response bytes consumed so far */
	/* Parser-private: the position inside a line, and its length. */
	int	 sub;
	size_t	 linelen;
};

/*
 * What a response says about its connection (all set by the parser; a
 * caller only reads them):
 * - close: the connection cannot carry another request.  Set when the
 *   final head has a "close" token in a Connection field (a comma list
 *   of tokens, ASCII case-insensitive, over every Connection field; an
 *   element that is not a token counts as close too), when the
 *   response is HTTP/1.0 without a "keep-alive" token, and when the
 *   stream ended (len == 0 fed), which a body framed by EOF always
 *   does.  Bytes beyond the response's end are not the parser's call
 *   (see http_resp_feed); http_exchange sets close for them.
 *   Connection fields of interim 1xx heads are not looked at.
 * - framed: in HTTP_S_DONE, the end of the message was known exactly:
 *   Content-Length or chunked framing read to the end, or no body at
 *   all (204, 304, head_only, Content-Length 0).  0 for a body that ran
 *   to EOF.
 * - wire: every response byte consumed so far, interim 1xx heads and
 *   the empty line after one included.  A call that fails adds
 *   nothing.  In HTTP_S_DONE it is the total http_resp_feed returned.
 */

/* Reset r to read a new response. */
void	http_resp_init(struct http_resp *r);
/*
 * Feed len bytes (len == 0 means the peer closed the stream).  Returns
 * the number of bytes consumed (the rest belongs to a next message), or
 * -1 with r->state == HTTP_S_ERROR and r->perr set.  When the head is
 * complete and the status is 1xx, the interim response is discarded and
 * parsing starts over on the following bytes (101 is an error: we never
 * ask to upgrade); one empty line (CRLF or LF) right after a 1xx head is
 * skipped, as llhttp does (anywhere else a leading empty line is
 * HTTP_PE_STATUS).  Any split of the input gives the same result.
 * Bytes left over after HTTP_S_DONE are not consumed and do not set
 * r->close: whether they may be a next response is the caller's call.
 * - Head lines end in CRLF or a bare LF (RFC 9112 section 2.2); a bare
 *   CR, NUL, obs-fold or a space before ':' is HTTP_PE_HEADER.
 * - Chunk lines follow RFC 9112 section 7.1 exactly: 1*HEXDIG, then
 *   *( BWS ";" BWS name [ BWS "=" BWS value ] ), then CRLF, where BWS
 *   is SP/HT and only stands before ';' or '=' or after them, a name is
 *   a token, and a value a token or a quoted-string (RFC 9110 section
 *   5.6.4; no control byte but HT).  Anything else ("5 ", "2;", "1;a=",
 *   an open quote, a bare CR or LF), a size over 64 bits, or a line
 *   over HTTP_MAX_CHUNK_LINE bytes is HTTP_PE_CHUNK.  Extensions are
 *   checked, never stored.  The data must be followed by CRLF exactly.
 * - Trailer lines end in CRLF and are skipped (bounded by
 *   HTTP_MAX_HEAD).
 * - With neither Content-Length nor chunked the body runs to EOF.
 * - No body for head_only, 204 and 304.
 * The status is valid once state > HTTP_S_STATUS (also in ERROR after
 * a later failure, when status != 0).
 */
long	http_resp_feed(struct http_resp *r, const char *data, size_t len);
/*
 * 1 if the connection r was read from may carry another request: r is
 * in HTTP_S_DONE (so the body was read to its end, not left unread at
 * HTTP_MAX_DRAIN), framed, not close, and HTTP/1.1.  0 otherwise.
 */
int	http_resp_reusable(const struct http_resp *r);
/*
 * Value of the first response header name (exact name, ASCII
 * case-insensitive), OWS-trimmed, copied into dst[cap] (truncated to
 * cap - 1 bytes, NUL-terminated).  Returns the value's full length (so
 * >= cap means truncated) or -1 when absent.  Looks only at the final
 * head (interim 1xx heads are dropped).
 */
int	http_resp_header(const struct http_resp *r, const char *name,
	    char *dst, size_t cap);
/*
 * Retry-After in seconds relative to now_unix (delta-seconds or an
 * HTTP-date in IMF-fixdate, RFC 850 or asctime form), floored at 0 and
 * capped at HTTP_RETRY_AFTER_MAX, or -1 when absent or unparsable.
 */
long	http_retry_after(const struct http_resp *r, long long now_unix);
const char *http_perr_str(int perr);

enum http_xerr {
	HTTP_X_OK = 0,
	HTTP_X_WRITE,		/* transport failed while sending */
	HTTP_X_READ,		/* transport failed while receiving */
	HTTP_X_PROTOCOL,	/* response did not parse (see resp.perr) */
	HTTP_X_REQUEST		/* request head invalid / too big */
};

/*
 * Send req over io and read the whole response into r (initialised
 * here; head_only is set for HEAD and CONNECT).  Returns HTTP_X_OK or
 * an http_xerr; transport causes stay in the transport.  Does not log.
 * - HTTP_X_OK: r->state is HTTP_S_DONE, or more than HTTP_MAX_DRAIN
 *   body bytes arrived and the rest was left unread (r->state is then a
 *   body state; status and the first HTTP_MAX_BODY bytes are kept).
 * - HTTP_X_READ after the head was parsed still leaves r->status set.
 * - A write failure is HTTP_X_WRITE even if the server already sent a
 *   response (e.g. an early 413).
 * - Reading stops at HTTP_S_DONE.  If the read that ended the response
 *   brought bytes beyond it, r->close is set (we never pipeline, so
 *   they can only be garbage).  For CONNECT r->close is always set: a
 *   2xx makes the connection a tunnel, and any other answer's body is
 *   left unread.
 * - r->wire == 0 with HTTP_X_READ, or with HTTP_X_PROTOCOL and
 *   HTTP_PE_TRUNCATED, means the connection ended before any byte of a
 *   response came: on a reused keep-alive connection, the server had
 *   closed it (the request can be sent again on a fresh one).
 */
int	http_exchange(struct io *io, const struct http_req *req,
	    struct http_resp *r);

#endif
