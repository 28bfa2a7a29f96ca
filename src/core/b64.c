/* see b64.h */
#include <stdint.h>
#include <string.h>

#include "b64.h"

/*
 * Base64 character classes: 0-63 the value, B64_BLANK for space, tab,
 * CR, LF (skipped), B64_PAD for '=', B64_DASH for '-' (the END line:
 * the text ends there), B64_BAD for anything else.
 */
#define B64_BLANK	64
#define B64_PAD		65
#define B64_DASH	66
#define B64_BAD		255
static const unsigned char b64_tab[256] = {
	255, 255, 255, 255, 255, 255, 255, 255, 255,  64,  64, 255, 255,  64, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	 64, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,  62, 255,  66, 255,  63,
	 52,  53,  54,  55,  56,  57,  58,  59,  60,  61, 255, 255, 255,  65, 255, 255,
	255,   0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,
	 15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25, 255, 255, 255, 255, 255,
	255,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,
	 41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
};

/*
 * see b64.h.  Whole 4-character groups go the fast way; blanks, padding
 * and group edges one character at a time.  Each character yields at
 * most one byte and a group three, so cap is never exceeded.
 */
long
b64_decode(struct b64 *b, unsigned char *out, size_t cap)
{
	const unsigned char *p = b->p, *end = b->end;
	size_t n = 0;
	unsigned v0, v1, v2, v3, v;

	while (n < cap && p < end) {
		if (b->nbits == 0 && end - p >= 4 && cap - n >= 3) {
			v0 = b64_tab[p[0]];
			v1 = b64_tab[p[1]];
			v2 = b64_tab[p[2]];
			v3 = b64_tab[p[3]];
			if ((v0 | v1 | v2 | v3) < 64) {
				out[n] = (unsigned char)(v0 << 2 | v1 >> 4);
				out[n + 1] = (unsigned char)(v1 << 4 | v2 >> 2);
				out[n + 2] = (unsigned char)(v2 << 6 | v3);
				n += 3;
				p += 4;
				continue;
			}
		}
		v = b64_tab[*p];
		if (v == B64_PAD || v == B64_DASH) {
			b->done = 1;
			break;
		}
		p++;
		if (v == B64_BLANK)
			continue;
		if (v == B64_BAD) {
			b->p = p;
			return -1;
		}
		b->acc = (b->acc << 6) | v;
		b->nbits += 6;
		if (b->nbits >= 8) {
			b->nbits -= 8;
			out[n++] = (unsigned char)(b->acc >> b->nbits);
			b->acc &= (1u << b->nbits) - 1;
		}
	}
	b->p = p;
	if (p == end)
		b->done = 1;
	return (long)n;
}

/* see b64.h */
void
b64_begin(struct b64 *b, const void *text, size_t len)
{
	memset(b, 0, sizeof *b);
	b->p = text;
	b->end = b->p + len;
}

/* see b64.h */
void
b64_encode(struct buf *b, const void *data, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char out[4];
	unsigned v;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		out[0] = tab[v >> 18];
		out[1] = tab[(v >> 12) & 63];
		out[2] = tab[(v >> 6) & 63];
		out[3] = tab[v & 63];
		buf_put(b, out, 4);
	}
	if (i < len) {
		v = (unsigned)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		out[0] = tab[v >> 18];
		out[1] = tab[(v >> 12) & 63];
		out[2] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		out[3] = '=';
		buf_put(b, out, 4);
	}
}

/* see b64.h */
int
b64_decode_exact(const char *s, size_t n, unsigned char *out, size_t want)
{
	struct b64 b;
	size_t i, pad;
	long got;

	/* Standard padding to whole groups, no blanks, no other characters. */
	pad = (3 - want % 3) % 3;
	if (n != (want + 2) / 3 * 4)
		return -1;
	for (i = 0; i < n; i++)
		if (b64_tab[(unsigned char)s[i]] >= 64 &&
		    !(s[i] == '=' && i >= n - pad))
			return -1;
	b64_begin(&b, s, n);
	got = b64_decode(&b, out, want);
	/* Every byte, and the bits left over before the padding all 0. */
	if (got != (long)want || b.acc != 0)
		return -1;
	return 0;
}
