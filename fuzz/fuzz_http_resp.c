/*
 * fuzz_http_resp: the response push parser over arbitrary splits, and
 * http_exchange over a memory transport.
 *
 * Input: byte 0 = flags (bit 0: head_only; bits 1-3: largest piece size,
 * one of 1 2 3 7 16 64 512 4096), byte 1 = seed of the piece sizes, the
 * rest = the response bytes.  The rest is fed in pseudo-random pieces,
 * then EOF unless the message is already complete; the outcome must be
 * exactly that of feeding it all at once, and the struct invariants
 * must hold (reusable implies DONE, framed, not close and HTTP/1.1;
 * wire is what was consumed).  Then EOF after the end must only set
 * close.  Header lookup and Retry-After run on the result.  Last,
 * http_exchange reads the same bytes in reads of the largest piece
 * size: it must agree with the parser, and set close exactly when the
 * parser did or when it was handed bytes beyond the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "url.h"

#define FUZZ_CHECK(c)	do { if (!(c)) abort(); } while (0)

static const size_t fuzz_pieces[8] = { 1, 2, 3, 7, 16, 64, 512, 4096 };

/*
 * Feed d[0..len) in pieces of 1..maxpiece bytes chosen from *seed
 * (maxpiece 0: all at once), then EOF unless the message is complete.
 * Returns bytes consumed or -1.
 */
static long
fuzz_drive(struct http_resp *r, int head_only, const uint8_t *d, size_t len,
    size_t maxpiece, uint32_t seed)
{
	size_t off = 0, n;
	long used, total = 0;

	http_resp_init(r);
	r->head_only = head_only;
	while (off < len) {
		if (maxpiece == 0) {
			n = len - off;
		} else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (size_t)(seed >> 16) % maxpiece;
		}
		if (n > len - off)
			n = len - off;
		used = http_resp_feed(r, (const char *)d + off, n);
		if (used == -1) {
			FUZZ_CHECK(r->state == HTTP_S_ERROR);
			return -1;
		}
		FUZZ_CHECK(used >= 0 && (size_t)used <= n);
		total += used;
		FUZZ_CHECK(r->wire == (unsigned long long)total);
		if ((size_t)used < n) {
			FUZZ_CHECK(r->state == HTTP_S_DONE);
			break;
		}
		off += n;
	}
	if (r->state != HTTP_S_DONE) {
		if (http_resp_feed(r, "", 0) == -1)
			return -1;
		FUZZ_CHECK(r->close);
	}
	FUZZ_CHECK(r->state == HTTP_S_DONE);
	return total;
}

/* EOF, then a byte, after a complete message: only close changes. */
static void
fuzz_after_end(struct http_resp *r)
{
	unsigned long long wire = r->wire;
	int framed = r->framed;

	if (r->state != HTTP_S_DONE)
		return;
	FUZZ_CHECK(http_resp_feed(r, "", 0) == 0);
	FUZZ_CHECK(http_resp_feed(r, "x", 1) == 0);
	FUZZ_CHECK(r->state == HTTP_S_DONE && r->close == 1);
	FUZZ_CHECK(r->wire == wire && r->framed == framed);
	FUZZ_CHECK(!http_resp_reusable(r));
}

static void
fuzz_invariants(const struct http_resp *r, long consumed, size_t len)
{
	char v[16];
	long ra;
	int n;

	FUZZ_CHECK(r->state == HTTP_S_DONE || r->state == HTTP_S_ERROR);
	FUZZ_CHECK((r->state == HTTP_S_ERROR) == (r->perr != HTTP_PE_NONE));
	FUZZ_CHECK(r->perr >= 0 && r->perr < HTTP_PE__MAX);
	FUZZ_CHECK(http_perr_str(r->perr) != NULL);
	FUZZ_CHECK(r->bodylen <= HTTP_MAX_BODY);
	FUZZ_CHECK(r->body[r->bodylen] == '\0');
	FUZZ_CHECK(r->bodylen == (r->body_total < HTTP_MAX_BODY ?
	    r->body_total : HTTP_MAX_BODY));
	FUZZ_CHECK(r->body_total <= len);
	FUZZ_CHECK(r->headlen <= HTTP_MAX_HEAD);
	FUZZ_CHECK(r->head[r->headlen] == '\0');
	FUZZ_CHECK(r->wire <= len);
	/* One byte over the bound is where a long chunk line fails. */
	FUZZ_CHECK(r->linelen <= HTTP_MAX_CHUNK_LINE + 1);
	FUZZ_CHECK(consumed == -1 || (size_t)consumed <= len);
	FUZZ_CHECK(r->state == HTTP_S_DONE || !r->framed);
	if (http_resp_reusable(r))
		FUZZ_CHECK(r->state == HTTP_S_DONE && r->framed &&
		    !r->close && r->minor == 1);
	if (r->state == HTTP_S_DONE) {
		FUZZ_CHECK(consumed != -1);
		FUZZ_CHECK(r->wire == (unsigned long long)consumed);
		FUZZ_CHECK(r->status >= 200 && r->status <= 599);
		FUZZ_CHECK(r->headlen > 0 && r->headlen <= (size_t)consumed);
		FUZZ_CHECK(r->linelen == 0 && r->sub == 0);
		/* Only a message without framing may end at EOF. */
		FUZZ_CHECK(r->framed || (r->close && !r->chunked &&
		    r->content_length == -1 && !r->head_only));
		n = http_resp_header(r, "Content-Type", v, sizeof v);
		FUZZ_CHECK(n >= -1 && (n == -1 || strlen(v) ==
		    ((size_t)n < sizeof v ? (size_t)n : sizeof v - 1)));
		ra = http_retry_after(r, 1700000000LL);
		FUZZ_CHECK(ra >= -1 && ra <= HTTP_RETRY_AFTER_MAX);
	} else {
		FUZZ_CHECK(consumed == -1);
	}
}

/* A transport that serves the response in reads of at most step bytes. */
struct fuzz_io {
	const uint8_t	*in;
	size_t		 len, off, step;
};

static ssize_t
fuzz_io_read(void *ctx, void *buf, size_t cap)
{
	struct fuzz_io *f = ctx;
	size_t n = f->len - f->off;

	if (n > f->step)
		n = f->step;
	if (n > cap)
		n = cap;
	memcpy(buf, f->in + f->off, n);
	f->off += n;
	return (ssize_t)n;
}

static int
fuzz_io_write(void *ctx, const void *buf, size_t len)
{
	return 0;
}

/*
 * http_exchange over d[0..len) must end as the parser did (whole is
 * its result, consumed its byte count), stop reading at the end, and
 * set close for bytes it read beyond it.
 */
static void
fuzz_exchange(const struct http_resp *whole, long consumed, int head_only,
    const uint8_t *d, size_t len, size_t step)
{
	static struct http_resp r;
	struct fuzz_io f;
	struct http_req req;
	struct url u;
	struct io io;
	const char *why;
	int rc;

	if (len > HTTP_MAX_DRAIN)
		return;
	FUZZ_CHECK(url_parse(&u, "https://h.example/x", &why) == 0);
	memset(&req, 0, sizeof req);
	req.method = head_only ? "HEAD" : "POST";
	req.url = &u;
	req.keep_alive = 1;
	f.in = d;
	f.len = len;
	f.off = 0;
	f.step = step;
	io.ctx = &f;
	io.read = fuzz_io_read;
	io.write = fuzz_io_write;
	io.flush = NULL;
	rc = http_exchange(&io, &req, &r);
	FUZZ_CHECK(r.state == whole->state && r.perr == whole->perr);
	FUZZ_CHECK(r.status == whole->status);
	FUZZ_CHECK(r.body_total == whole->body_total);
	if (whole->state == HTTP_S_ERROR) {
		FUZZ_CHECK(rc == HTTP_X_PROTOCOL);
		return;
	}
	FUZZ_CHECK(rc == HTTP_X_OK);
	FUZZ_CHECK(r.wire == (unsigned long long)consumed);
	FUZZ_CHECK(r.framed == whole->framed);
	/* Whatever was read past the end came in the last read. */
	FUZZ_CHECK(f.off >= (size_t)consumed &&
	    f.off - (size_t)consumed < step);
	FUZZ_CHECK(r.close == (whole->close || f.off > (size_t)consumed));
	FUZZ_CHECK(http_resp_reusable(&r) == (http_resp_reusable(whole) &&
	    f.off == (size_t)consumed));
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_resp whole, split;
	const uint8_t *d;
	size_t len, maxpiece;
	long cw, cs;
	int head_only;

	if (size < 2)
		return 0;
	head_only = data[0] & 1;
	maxpiece = fuzz_pieces[(data[0] >> 1) & 7];
	d = data + 2;
	len = size - 2;

	cw = fuzz_drive(&whole, head_only, d, len, 0, 0);
	fuzz_invariants(&whole, cw, len);
	cs = fuzz_drive(&split, head_only, d, len, maxpiece, data[1]);
	fuzz_invariants(&split, cs, len);

	FUZZ_CHECK(cw == cs);
	FUZZ_CHECK(whole.state == split.state);
	FUZZ_CHECK(whole.perr == split.perr);
	FUZZ_CHECK(whole.status == split.status);
	FUZZ_CHECK(whole.body_total == split.body_total);
	FUZZ_CHECK(whole.bodylen == split.bodylen);
	FUZZ_CHECK(memcmp(whole.body, split.body, whole.bodylen) == 0);
	if (whole.state == HTTP_S_DONE) {
		FUZZ_CHECK(whole.headlen == split.headlen);
		FUZZ_CHECK(memcmp(whole.head, split.head, whole.headlen) == 0);
		FUZZ_CHECK(whole.content_length == split.content_length);
		FUZZ_CHECK(whole.chunked == split.chunked);
		FUZZ_CHECK(whole.close == split.close);
		FUZZ_CHECK(whole.framed == split.framed);
		FUZZ_CHECK(whole.wire == split.wire);
		FUZZ_CHECK(whole.minor == split.minor);
	}

	fuzz_exchange(&whole, cw, head_only, d, len, maxpiece);
	fuzz_after_end(&whole);
	fuzz_after_end(&split);
	return 0;
}
