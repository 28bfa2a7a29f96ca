/*
 * fuzz_p256: ec_p256_m64 against BearSSL's br_ec_p256_m31 on inputs the
 * fuzzer picks; any difference aborts.
 *
 * Input: a flags byte, then fields taken in order (missing bytes read
 * as zero):
 *   flags & 3        0 mulgen(x), 1 mul(A, x), 2 muladd(A, G, x, y),
 *                    3 muladd(A, B, x, y)
 *   flags & 0x04     A is 65 raw bytes; else A = a*G for a scalar a
 *   flags & 0x08     B is 65 raw bytes; else B = b*G for a scalar b
 *   flags & 0x30     B is then replaced: 0x10 B = A, 0x20 B = -A
 *   scalar: a length byte (taken mod 49) and that many bytes.
 * Field order: x, y, then A (scalar or raw), then B (scalar or raw).
 * Results are compared when the scalars are below the order (otherwise
 * the result is indeterminate for both): return values always, points
 * when the inputs were valid points (m31's output is then defined).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bearssl.h"
#include "ec_p256_m64.h"

#define PT	65
#define SC_MAX	48

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#if defined(__SIZEOF_INT128__)

struct rd {
	const uint8_t *p;
	size_t n;
};

/* Take len bytes into d, zeros past the end of the input. */
static void
take(struct rd *r, unsigned char *d, size_t len)
{
	size_t k;

	k = len < r->n ? len : r->n;
	if (k > 0)
		memcpy(d, r->p, k);
	memset(d + k, 0, len - k);
	r->p += k;
	r->n -= k;
}

/* A length-prefixed scalar; returns its length. */
static size_t
take_scalar(struct rd *r, unsigned char *d)
{
	unsigned char l;

	take(r, &l, 1);
	take(r, d, (size_t)l % (SC_MAX + 1));
	return (size_t)l % (SC_MAX + 1);
}

/* 1 if the big-endian k is below the P-256 order. */
static int
below_n(const unsigned char *k, size_t len)
{
	const unsigned char *n;
	size_t nlen;

	n = br_ec_p256_m31.order(BR_EC_secp256r1, &nlen);
	while (len > 0 && k[0] == 0) {
		k ++;
		len --;
	}
	if (len < nlen)
		return 1;
	return len == nlen && memcmp(k, n, nlen) < 0;
}

/* A point: raw bytes, or scalar times G (G for a zero or huge scalar). */
static void
take_point(struct rd *r, int raw, unsigned char *pt)
{
	unsigned char k[SC_MAX];
	const unsigned char *g;
	size_t len, glen;

	if (raw) {
		take(r, pt, PT);
		return;
	}
	len = take_scalar(r, k);
	g = br_ec_p256_m31.generator(BR_EC_secp256r1, &glen);
	memcpy(pt, g, PT);
	if (below_n(k, len))
		br_ec_p256_m31.mul(pt, PT, k, len, BR_EC_secp256r1);
	if (pt[1] == 0 && memcmp(pt + 1, pt + 2, PT - 2) == 0)
		memcpy(pt, g, PT);		/* k = 0: infinity */
}

/* -P: y -> p - y. */
static void
negate(unsigned char *pt)
{
	static const unsigned char P[32] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	};
	unsigned c, w;
	int i;

	c = 0;
	for (i = 31; i >= 0; i --) {
		w = (unsigned)P[i] - pt[33 + i] - c;
		pt[33 + i] = (unsigned char)w;
		c = (w >> 8) & 1;
	}
}

/* 1 if pt is a valid point (m31 decodes it). */
static int
valid(const unsigned char *pt)
{
	unsigned char t[PT];

	memcpy(t, pt, PT);
	return br_ec_p256_m31.mul(t, PT, (const unsigned char *)"\1", 1,
	    BR_EC_secp256r1) == 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const br_ec_impl *m31 = &br_ec_p256_m31, *m64 = &ec_p256_m64;
	unsigned char x[SC_MAX], y[SC_MAX], A[PT], B[PT], a1[PT], a2[PT];
	unsigned char fl;
	size_t xl, yl, l1, l2;
	uint32_t r1, r2;
	struct rd r;
	int op, ok;

	r.p = data;
	r.n = size;
	take(&r, &fl, 1);
	op = fl & 3;
	xl = take_scalar(&r, x);
	yl = take_scalar(&r, y);
	take_point(&r, (fl & 0x04) != 0, A);
	take_point(&r, (fl & 0x08) != 0, B);
	if ((fl & 0x30) == 0x10)
		memcpy(B, A, PT);
	else if ((fl & 0x30) == 0x20) {
		memcpy(B, A, PT);
		negate(B);
	}
	ok = below_n(x, xl) && (op < 2 || below_n(y, yl));

	switch (op) {
	case 0:
		l1 = m31->mulgen(a1, x, xl, BR_EC_secp256r1);
		l2 = m64->mulgen(a2, x, xl, BR_EC_secp256r1);
		if (l1 != l2 || (ok && memcmp(a1, a2, PT) != 0))
			abort();
		break;
	case 1:
		memcpy(a1, A, PT);
		memcpy(a2, A, PT);
		r1 = m31->mul(a1, PT, x, xl, BR_EC_secp256r1);
		r2 = m64->mul(a2, PT, x, xl, BR_EC_secp256r1);
		if (r1 != r2 || (ok && r1 == 1 && memcmp(a1, a2, PT) != 0))
			abort();
		break;
	default:
		memcpy(a1, A, PT);
		memcpy(a2, A, PT);
		r1 = m31->muladd(a1, op == 2 ? NULL : B, PT, x, xl, y, yl,
		    BR_EC_secp256r1);
		r2 = m64->muladd(a2, op == 2 ? NULL : B, PT, x, xl, y, yl,
		    BR_EC_secp256r1);
		if (!ok)
			break;
		if (r1 != r2)
			abort();
		/* The points are defined when A (and B) are valid. */
		if (valid(A) && (op == 2 || valid(B)) && memcmp(a1, a2, PT) != 0)
			abort();
		break;
	}
	return 0;
}

#else

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}

#endif
