/*
 * fuzz_http_resp: the response push parser over arbitrary splits.
 *
 * Input: byte 0 = flags (bit 0: head_only; bits 1-3: largest piece size,
 * one of 1 2 3 7 16 64 512 4096), byte 1 = seed of the piece sizes, the
 * rest = the response bytes.  The rest is fed in pseudo-random pieces,
 * then EOF; the outcome must be exactly that of feeding it all at once,
 * and the struct invariants must hold.  Header lookup and Retry-After
 * run on the result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define FUZZ_CHECK(c)	do { if (!(c)) abort(); } while (0)

static const size_t fuzz_pieces[8] = { 1, 2, 3, 7, 16, 64, 512, 4096 };

/*
 * Feed d[0..len) in pieces of 1..maxpiece bytes chosen from *seed
 * (maxpiece 0: all at once), then EOF.  Returns bytes consumed or -1.
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
		if ((size_t)used < n) {
			FUZZ_CHECK(r->state == HTTP_S_DONE);
			break;
		}
		off += n;
	}
	if (http_resp_feed(r, "", 0) == -1)
		return -1;
	FUZZ_CHECK(r->state == HTTP_S_DONE);
	FUZZ_CHECK(http_resp_feed(r, "x", 1) == 0);
	return total;
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
	FUZZ_CHECK(consumed == -1 || (size_t)consumed <= len);
	if (r->state == HTTP_S_DONE) {
		FUZZ_CHECK(consumed != -1);
		FUZZ_CHECK(r->status >= 200 && r->status <= 599);
		FUZZ_CHECK(r->headlen > 0 && r->headlen <= (size_t)consumed);
		FUZZ_CHECK(r->linelen <= HTTP_MAX_CHUNK_LINE);
		n = http_resp_header(r, "Content-Type", v, sizeof v);
		FUZZ_CHECK(n >= -1 && (n == -1 || strlen(v) ==
		    ((size_t)n < sizeof v ? (size_t)n : sizeof v - 1)));
		ra = http_retry_after(r, 1700000000LL);
		FUZZ_CHECK(ra >= -1 && ra <= HTTP_RETRY_AFTER_MAX);
	} else {
		FUZZ_CHECK(consumed == -1);
	}
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
	}
	return 0;
}
