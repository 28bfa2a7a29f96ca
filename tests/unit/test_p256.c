/*
 * test_p256: ec_p256_m64 (and ec_all_fast) against BearSSL's own
 * br_ec_p256_m31, which it must match call for call: known answers,
 * pseudo-random differential runs of mulgen/mul/muladd (fixed seed),
 * the degenerate cases of muladd, invalid points, and ECDSA signatures
 * made and checked across the two implementations.
 *
 * Usage: test_p256 [rounds]  (default 1; each round is ~2000 random
 * scalars through every operation, with a different seed).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bearssl.h"
#include "ec_p256_m64.h"
#include "t.h"

#if defined(__SIZEOF_INT128__)

#define PT	65			/* encoded point length */
#define NRAND_GEN	1000		/* per round: mulgen */
#define NRAND_MUL	200		/* mul */
#define NRAND_ADD	100		/* muladd, B = NULL and B given */
#define NECDSA		25		/* key pairs signed and verified */

static const br_ec_impl *const m31 = &br_ec_p256_m31;
static const br_ec_impl *const m64 = &ec_p256_m64;

static const unsigned char N[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84,
	0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51
};

static uint64_t rng_state;

/* splitmix64: deterministic, good enough to spread scalars around. */
static uint64_t
rng(void)
{
	uint64_t z;

	z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static void
rng_bytes(unsigned char *d, size_t len)
{
	size_t i;

	for (i = 0; i < len; i ++)
		d[i] = (unsigned char)rng();
}

/* Compare 32-byte big-endian a with b: -1, 0, 1 (not constant-time). */
static int
cmp32(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 32) < 0 ? -1 : memcmp(a, b, 32) > 0;
}

/* Hex to bytes (test vectors); returns the byte count. */
static size_t
unhex(unsigned char *d, const char *s)
{
	size_t n;
	unsigned v;

	for (n = 0; s[0] != '\0' && s[1] != '\0'; s += 2, n ++) {
		sscanf(s, "%2x", &v);
		d[n] = (unsigned char)v;
	}
	return n;
}

/*
 * A random scalar below n into buf (room for 48 bytes), in one of
 * several encodings; returns its length.  Mostly full 32-byte values,
 * sometimes short ones, leading zero bytes, or small values.
 */
static size_t
rand_scalar(unsigned char *buf)
{
	unsigned char k[32];
	size_t len, pad;
	int kind;

	kind = (int)(rng() % 16);
	rng_bytes(k, 32);
	if (kind == 0)
		k[0] = 0xFF;			/* near n, then below it */
	while (cmp32(k, N) >= 0)
		k[0] >>= 1;
	if (kind == 1) {			/* short encoding */
		len = 1 + (size_t)(rng() % 31);
		memcpy(buf, k + 32 - len, len);
		return len;
	}
	if (kind == 2) {			/* leading zero bytes */
		pad = 1 + (size_t)(rng() % 16);
		memset(buf, 0, pad);
		memcpy(buf + pad, k, 32);
		return pad + 32;
	}
	if (kind == 3) {			/* small value, 32 bytes */
		memset(k, 0, 31);
		k[31] = (unsigned char)(1 + rng() % 255);
	}
	memcpy(buf, k, 32);
	return 32;
}

/* A random valid point (through m31). */
static void
rand_point(unsigned char *pt)
{
	unsigned char k[48];
	size_t len;

	len = rand_scalar(k);
	m31->mulgen(pt, k, len, BR_EC_secp256r1);
}

/* n - v for 32-byte v (0 < v < n). */
static void
n_minus(unsigned char *d, const unsigned char *v)
{
	unsigned c;
	int i;

	c = 0;
	for (i = 31; i >= 0; i --) {
		unsigned w = (unsigned)N[i] - v[i] - c;

		d[i] = (unsigned char)w;
		c = (w >> 8) & 1;
	}
}

/* -P: y -> p - y (P finite, y != 0). */
static void
negate(unsigned char *d, const unsigned char *pt)
{
	static const unsigned char P[32] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	};
	unsigned c;
	int i;

	memcpy(d, pt, 33);
	c = 0;
	for (i = 31; i >= 0; i --) {
		unsigned w = (unsigned)P[i] - pt[33 + i] - c;

		d[33 + i] = (unsigned char)w;
		c = (w >> 8) & 1;
	}
}

/* mul() through both, same inputs: same return value and, if 1, bytes. */
static void
diff_mul(const unsigned char *pt, const unsigned char *k, size_t klen,
    const char *what)
{
	unsigned char a[PT], b[PT];
	uint32_t ra, rb;

	memcpy(a, pt, PT);
	memcpy(b, pt, PT);
	ra = m31->mul(a, PT, k, klen, BR_EC_secp256r1);
	rb = m64->mul(b, PT, k, klen, BR_EC_secp256r1);
	T_EQ_INT(rb, ra, what);
	if (ra == 1)
		T_OK(memcmp(a, b, PT) == 0, "%s: points differ", what);
}

static void
diff_mulgen(const unsigned char *k, size_t klen, const char *what)
{
	unsigned char a[PT], b[PT];
	size_t la, lb;

	memset(a, 0xAA, PT);
	memset(b, 0x55, PT);
	la = m31->mulgen(a, k, klen, BR_EC_secp256r1);
	lb = m64->mulgen(b, k, klen, BR_EC_secp256r1);
	T_EQ_INT(lb, la, what);
	T_OK(memcmp(a, b, PT) == 0, "%s: points differ", what);
}

/*
 * muladd() through both: same return value, same bytes whenever the
 * inputs are valid points (m31's output is then deterministic even on
 * failure: all zeros); bnull passes B = NULL.
 */
static void
diff_muladd(const unsigned char *A, const unsigned char *B, int bnull,
    const unsigned char *x, size_t xlen, const unsigned char *y, size_t ylen,
    int cmp_bytes, const char *what)
{
	unsigned char a[PT], b[PT];
	uint32_t ra, rb;

	memcpy(a, A, PT);
	memcpy(b, A, PT);
	ra = m31->muladd(a, bnull ? NULL : B, PT, x, xlen, y, ylen,
	    BR_EC_secp256r1);
	rb = m64->muladd(b, bnull ? NULL : B, PT, x, xlen, y, ylen,
	    BR_EC_secp256r1);
	T_EQ_INT(rb, ra, what);
	if (cmp_bytes)
		T_OK(memcmp(a, b, PT) == 0, "%s: points differ", what);
}

/* Constants, and ec_all_fast's mask and dispatch. */
static void
test_constants(void)
{
	const unsigned char *g1, *g2;
	size_t l1, l2, o1, o2;
	int curves[4] = { BR_EC_secp256r1, BR_EC_secp384r1,
	    BR_EC_secp521r1, BR_EC_curve25519 };
	int i;

	g1 = m31->generator(BR_EC_secp256r1, &l1);
	g2 = m64->generator(BR_EC_secp256r1, &l2);
	T_EQ_MEM(g2, l2, g1, l1, "generator");
	g1 = m31->order(BR_EC_secp256r1, &l1);
	g2 = m64->order(BR_EC_secp256r1, &l2);
	T_EQ_MEM(g2, l2, g1, l1, "order");
	o1 = m31->xoff(BR_EC_secp256r1, &l1);
	o2 = m64->xoff(BR_EC_secp256r1, &l2);
	T_EQ_INT(o2, 1, "xoff");
	T_EQ_INT(o2, o1, "xoff vs m31");
	T_EQ_INT(l2, 32, "xlen");
	T_EQ_INT(m64->supported_curves, m31->supported_curves, "m64 mask");
	T_EQ_INT(ec_all_fast.supported_curves, br_ec_all_m31.supported_curves,
	    "all mask");
	for (i = 0; i < 4; i ++) {
		g1 = br_ec_all_m31.generator(curves[i], &l1);
		g2 = ec_all_fast.generator(curves[i], &l2);
		T_EQ_MEM(g2, l2, g1, l1, "all generator");
		g1 = br_ec_all_m31.order(curves[i], &l1);
		g2 = ec_all_fast.order(curves[i], &l2);
		T_EQ_MEM(g2, l2, g1, l1, "all order");
		o1 = br_ec_all_m31.xoff(curves[i], &l1);
		o2 = ec_all_fast.xoff(curves[i], &l2);
		T_EQ_INT(o2, o1, "all xoff");
		T_EQ_INT(l2, l1, "all xlen");
	}
}

/* k*G for k = 1, 2, 3, n-2, n-1 (stated values), by mulgen and mul. */
static void
test_kat(void)
{
	static const struct {
		const char *k, *x, *y;
	} kat[] = {
		{ "01",
		  "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
		  "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5" },
		{ "02",
		  "7CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978",
		  "07775510DB8ED040293D9AC69F7430DBBA7DADE63CE982299E04B79D227873D1" },
		{ "0000000000000000000000000000000000000000000000000000000000000003",
		  "5ECBE4D1A6330A44C8F7EF951D4BF165E6C6B721EFADA985FB41661BC6E7FD6C",
		  "8734640C4998FF7E374B06CE1A64A2ECD82AB036384FB83D9A79B127A27D5032" },
		/* n-2: -2G */
		{ "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC63254F",
		  "7CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978",
		  "F888AAEE24712FC0D6C26539608BCF244582521AC3167DD661FB4862DD878C2E" },
		/* n-1: -G, y = p - Gy */
		{ "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550",
		  "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
		  "B01CBD1C01E58065711814B583F061E9D431CCA994CEA1313449BF97C840AE0A" },
	};
	unsigned char k[32], want[PT], got[PT];
	const unsigned char *g;
	size_t klen, glen, i;

	g = m64->generator(BR_EC_secp256r1, &glen);
	for (i = 0; i < sizeof kat / sizeof kat[0]; i ++) {
		klen = unhex(k, kat[i].k);
		want[0] = 0x04;
		unhex(want + 1, kat[i].x);
		unhex(want + 33, kat[i].y);
		memset(got, 0, PT);
		T_EQ_INT(m64->mulgen(got, k, klen, BR_EC_secp256r1), PT,
		    "kat mulgen len");
		T_EQ_MEM(got, PT, want, PT, "kat mulgen");
		memcpy(got, g, PT);
		T_EQ_INT(m64->mul(got, PT, k, klen, BR_EC_secp256r1), 1,
		    "kat mul ret");
		T_EQ_MEM(got, PT, want, PT, "kat mul");
		memset(got, 0, PT);
		T_EQ_INT(ec_all_fast.mulgen(got, k, klen, BR_EC_secp256r1), PT,
		    "kat all mulgen len");
		T_EQ_MEM(got, PT, want, PT, "kat all mulgen");
	}
}

/*
 * ec_all_fast on the other curves must be br_ec_all_m31: mulgen on
 * P-384 and P-521, mul (X25519) on Curve25519, muladd on P-384.
 */
static void
test_dispatch(void)
{
	static const int curves[2] = { BR_EC_secp384r1, BR_EC_secp521r1 };
	unsigned char k[66], a[133], b[133], p2[133], k2[66];
	const unsigned char *o;
	size_t olen, l1, l2;
	uint32_t r1, r2;
	int i, j;

	for (i = 0; i < 2; i ++) {
		o = br_ec_all_m31.order(curves[i], &olen);
		for (j = 0; j < 3; j ++) {
			rng_bytes(k, olen);
			k[0] = (unsigned char)(o[0] >> 1);
			l1 = br_ec_all_m31.mulgen(a, k, olen, curves[i]);
			l2 = ec_all_fast.mulgen(b, k, olen, curves[i]);
			T_EQ_MEM(b, l2, a, l1, "all mulgen P-384/521");
			memcpy(p2, a, l1);
			rng_bytes(k2, olen);
			k2[0] = (unsigned char)(o[0] >> 1);
			r1 = br_ec_all_m31.muladd(a, p2, l1, k, olen, k2, olen,
			    curves[i]);
			r2 = ec_all_fast.muladd(b, p2, l1, k, olen, k2, olen,
			    curves[i]);
			T_EQ_INT(r2, r1, "all muladd ret");
			T_EQ_MEM(b, l1, a, l1, "all muladd P-384/521");
		}
	}
	for (j = 0; j < 3; j ++) {
		rng_bytes(a, 32);
		memcpy(b, a, 32);
		rng_bytes(k, 32);
		r1 = br_ec_all_m31.mul(a, 32, k, 32, BR_EC_curve25519);
		r2 = ec_all_fast.mul(b, 32, k, 32, BR_EC_curve25519);
		T_EQ_INT(r2, r1, "all mul X25519 ret");
		T_EQ_MEM(b, 32, a, 32, "all mul X25519");
		l1 = br_ec_all_m31.mulgen(a, k, 32, BR_EC_curve25519);
		l2 = ec_all_fast.mulgen(b, k, 32, BR_EC_curve25519);
		T_EQ_MEM(b, l2, a, l1, "all mulgen X25519");
	}
}

/* Comb table entries: scalars made only of bits 0, 64, 128, 192. */
static void
test_comb(void)
{
	unsigned char k[32];
	int b, i;

	for (b = 1; b < 16; b ++) {
		memset(k, 0, 32);
		for (i = 0; i < 4; i ++)
			if (b >> i & 1)
				k[31 - 8 * i] = 1;
		diff_mulgen(k, 32, "comb entry");
		for (i = 0; i < 4; i ++)	/* and all ones in a tooth */
			if (b >> i & 1)
				memset(k + 24 - 8 * i, 0xFF, 8);
		diff_mulgen(k, 32, "comb teeth");
	}
}

/* Zero scalars and zero-length encodings: the point at infinity. */
static void
test_zero(void)
{
	static const unsigned char zero[40];
	unsigned char pt[PT], inf[PT];
	size_t lens[4] = { 0, 1, 32, 40 };
	int i;

	memset(inf, 0, PT);
	inf[0] = 0x04;
	rand_point(pt);
	for (i = 0; i < 4; i ++) {
		unsigned char b[PT];

		diff_mulgen(zero, lens[i], "mulgen 0");
		m64->mulgen(b, zero, lens[i], BR_EC_secp256r1);
		T_EQ_MEM(b, PT, inf, PT, "mulgen 0 encoding");
		diff_mul(pt, zero, lens[i], "mul 0");
		memcpy(b, pt, PT);
		T_EQ_INT(m64->mul(b, PT, zero, lens[i], BR_EC_secp256r1), 1,
		    "mul 0 ret");
		T_EQ_MEM(b, PT, inf, PT, "mul 0 encoding");
	}
}

/* Random differential runs. */
static void
test_random(void)
{
	unsigned char pt[PT], pt2[PT], x[48], y[48];
	size_t xl, yl;
	int i;

	for (i = 0; i < NRAND_GEN; i ++) {
		xl = rand_scalar(x);
		diff_mulgen(x, xl, "random mulgen");
	}
	for (i = 0; i < NRAND_MUL; i ++) {
		rand_point(pt);
		xl = rand_scalar(x);
		diff_mul(pt, x, xl, "random mul");
	}
	for (i = 0; i < NRAND_ADD; i ++) {
		rand_point(pt);
		rand_point(pt2);
		xl = rand_scalar(x);
		yl = rand_scalar(y);
		diff_muladd(pt, NULL, 1, x, xl, y, yl, 1, "random muladd G");
		diff_muladd(pt, pt2, 0, x, xl, y, yl, 1, "random muladd B");
	}
}

/*
 * The degenerate sums: x*A == y*B (doubling), x*A == -y*B (infinity,
 * error), zero scalars, 1 and n-1, with B = NULL and B given.
 */
static void
test_muladd_edges(void)
{
	static const unsigned char zero[32], one[1] = { 1 }, two[1] = { 2 };
	unsigned char A[PT], nA[PT], G2[PT], k[32], nk[32], nm1[32];
	const unsigned char *G;
	size_t glen;
	int i, j;
	uint32_t r;

	G = m31->generator(BR_EC_secp256r1, &glen);
	memset(nm1, 0, 32);
	nm1[31] = 1;
	n_minus(nm1, nm1);			/* n - 1 */
	for (i = 0; i < 20; i ++) {
		if (i == 0)
			memcpy(A, G, PT);
		else
			rand_point(A);
		negate(nA, A);
		rng_bytes(k, 32);
		while (cmp32(k, N) >= 0)
			k[0] >>= 1;
		if (i == 1) {
			memset(k, 0, 32);
			k[31] = 1;
		}
		n_minus(nk, k);

		/* k*A + k*A: doubles */
		diff_muladd(A, A, 0, k, 32, k, 32, 1, "A==B same k");
		/* k*A + k*(-A) = 0: error */
		diff_muladd(A, nA, 0, k, 32, k, 32, 1, "B==-A same k");
		/* k*A + (n-k)*A = 0: error */
		diff_muladd(A, A, 0, k, 32, nk, 32, 1, "k + (n-k)");
		/* k*A + (n-k)*(-A) = 2kA */
		diff_muladd(A, nA, 0, k, 32, nk, 32, 1, "k + (n-k)(-A)");
		/* zero scalars */
		diff_muladd(A, A, 0, zero, 32, k, 32, 1, "x = 0");
		diff_muladd(A, A, 0, k, 32, zero, 32, 1, "y = 0");
		diff_muladd(A, NULL, 1, zero, 32, k, 32, 1, "x = 0, G");
		diff_muladd(A, NULL, 1, k, 32, zero, 32, 1, "y = 0, G");
		diff_muladd(A, A, 0, zero, 32, zero, 32, 1, "x = y = 0");
		diff_muladd(A, NULL, 1, zero, 0, zero, 0, 1, "x = y = 0, len 0");
		/* 1 and n-1 */
		diff_muladd(A, A, 0, one, 1, nm1, 32, 1, "1 + (n-1)");
		diff_muladd(A, NULL, 1, one, 1, nm1, 32, 1, "1 + (n-1), G");
		diff_muladd(A, NULL, 1, nm1, 32, nm1, 32, 1, "(n-1) + (n-1), G");
		diff_muladd(A, nA, 0, nm1, 32, one, 1, 1, "(n-1) + 1*(-A)");
	}

	/* With A = G and B = NULL: G + G doubles, G + (n-1)G fails. */
	memcpy(A, G, PT);
	r = m64->muladd(A, NULL, PT, one, 1, one, 1, BR_EC_secp256r1);
	T_EQ_INT(r, 1, "G + G ret");
	m64->mulgen(G2, two, 1, BR_EC_secp256r1);
	T_EQ_MEM(A, PT, G2, PT, "G + G = 2G");
	memcpy(A, G, PT);
	r = m64->muladd(A, NULL, PT, one, 1, nm1, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 0, "G + (n-1)G ret");
	diff_muladd(G, NULL, 1, one, 1, nm1, 32, 1, "G + (n-1)G vs m31");
	/* 2*G + 1*(2G) given explicitly: equal points, different scalars. */
	diff_muladd(G, G2, 0, two, 1, one, 1, 1, "2G + 2G");
	memcpy(A, G, PT);
	r = m64->muladd(A, G2, PT, two, 1, one, 1, BR_EC_secp256r1);
	T_EQ_INT(r, 1, "2G + 2G ret");
	memcpy(G2, G, PT);
	m64->mul(G2, PT, (const unsigned char *)"\x04", 1, BR_EC_secp256r1);
	T_EQ_MEM(A, PT, G2, PT, "2G + 2G = 4G");

	/* As m31 (and the header) say: 0*A + y*G = 2yG, x*A + 0 = "zeros". */
	memcpy(A, G, PT);
	r = m64->muladd(A, NULL, PT, zero, 32, two, 1, BR_EC_secp256r1);
	T_EQ_INT(r, 1, "0*A + 2G ret");
	memcpy(G2, G, PT);
	m64->mul(G2, PT, (const unsigned char *)"\x04", 1, BR_EC_secp256r1);
	T_EQ_MEM(A, PT, G2, PT, "0*A + 2G = 4G");
	memcpy(A, G, PT);
	r = m64->muladd(A, NULL, PT, two, 1, zero, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 1, "2A + 0*G ret");
	memset(G2, 0, PT);
	G2[0] = 0x04;
	T_EQ_MEM(A, PT, G2, PT, "2A + 0*G = zeros");

	/* Small scalars on both sides, against m31. */
	for (i = 0; i < 4; i ++)
		for (j = 0; j < 4; j ++) {
			unsigned char a1 = (unsigned char)i, b1 = (unsigned char)j;

			diff_muladd(G, NULL, 1, &a1, 1, &b1, 1, 1, "small, G");
			diff_muladd(G, G, 0, &a1, 1, &b1, 1, 1, "small, B = G");
		}
}

/* Invalid points: same (zero) return value from both. */
static void
test_invalid(void)
{
	unsigned char good[PT], bad[PT], buf[PT + 1], k[32];
	static const unsigned char pfx[] = { 0x00, 0x02, 0x03, 0x05, 0x06,
	    0x07, 0x84 };
	static const struct {
		const char *x, *y;
		int ok;
	} small[] = {
		{ "0000000000000000000000000000000000000000000000000000000000000000",
		  "66485C780E2F83D72433BD5D84A06BB6541C2AF31DAE871728BF856A174F93F4", 1 },
		{ "0000000000000000000000000000000000000000000000000000000000000005",
		  "459243B9AA581806FE913BCE99817ADE11CA503C64D9A3C533415C083248FBCC", 1 },
		{ "0000000000000000000000000000000000000000000000000000000000000005",
		  "BA6DBC4555A7E7FA016EC431667E8521EE35AFC49B265C3ACCBEA3F7CDB70433", 1 },
		/* X = 0 + p, 5 + p */
		{ "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
		  "66485C780E2F83D72433BD5D84A06BB6541C2AF31DAE871728BF856A174F93F4", 0 },
		{ "FFFFFFFF00000001000000000000000000000001000000000000000000000004",
		  "459243B9AA581806FE913BCE99817ADE11CA503C64D9A3C533415C083248FBCC", 0 },
		/* Y = p - Y5 + p would not fit: Y = p itself, X = 0 */
		{ "0000000000000000000000000000000000000000000000000000000000000000",
		  "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 0 },
	};
	uint32_t r;
	size_t i;

	rand_point(good);
	rng_bytes(k, 32);
	k[0] &= 0x7F;

	/* Bad prefixes. */
	for (i = 0; i < sizeof pfx; i ++) {
		memcpy(bad, good, PT);
		bad[0] = pfx[i];
		diff_mul(bad, k, 32, "bad prefix mul");
		diff_muladd(bad, NULL, 1, k, 32, k, 32, 0, "bad prefix muladd A");
		diff_muladd(good, bad, 0, k, 32, k, 32, 0, "bad prefix muladd B");
		memcpy(buf, bad, PT);
		T_EQ_INT(m64->mul(buf, PT, k, 32, BR_EC_secp256r1), 0,
		    "bad prefix");
	}

	/* Off the curve: one bit flipped in X or in Y. */
	for (i = 0; i < 64; i ++) {
		memcpy(bad, good, PT);
		bad[1 + (i * 37) % 64] ^= (unsigned char)(1 << (i % 8));
		diff_mul(bad, k, 32, "off-curve mul");
		diff_muladd(bad, NULL, 1, k, 32, k, 32, 0, "off-curve A");
		diff_muladd(good, bad, 0, k, 32, k, 32, 0, "off-curve B");
		memcpy(buf, bad, PT);
		T_EQ_INT(m64->mul(buf, PT, k, 32, BR_EC_secp256r1), 0,
		    "off-curve");
	}

	/* (0, 0), and coordinates >= p (X = Gx + p does not fit: X = p). */
	memset(bad, 0, PT);
	bad[0] = 0x04;
	diff_mul(bad, k, 32, "zero point");
	memcpy(bad, good, PT);
	memset(bad + 1, 0xFF, 32);
	diff_mul(bad, k, 32, "X = 2^256-1");
	memcpy(bad, good, PT);
	memset(bad + 33, 0xFF, 32);
	diff_mul(bad, k, 32, "Y = 2^256-1");
	/*
	 * Points with a small X (on the curve), and the same X plus p: a
	 * residue that is right but not below p must be refused.
	 */
	for (i = 0; i < sizeof small / sizeof small[0]; i ++) {
		bad[0] = 0x04;
		unhex(bad + 1, small[i].x);
		unhex(bad + 33, small[i].y);
		memcpy(buf, bad, PT);
		T_EQ_INT(m64->mul(buf, PT, k, 32, BR_EC_secp256r1),
		    small[i].ok, small[i].x);
		diff_mul(bad, k, 32, small[i].x);
		diff_muladd(bad, NULL, 1, k, 32, k, 32, small[i].ok, small[i].x);
	}

	/* Wrong lengths: 0, untouched buffer (m31 reads 65 bytes only). */
	memcpy(buf, good, PT);
	buf[PT] = 0x5A;
	r = m64->mul(buf, PT - 1, k, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 0, "len 64");
	T_EQ_INT(m31->mul(buf, PT - 1, k, 32, BR_EC_secp256r1), 0,
	    "m31 len 64");
	r = m64->mul(buf, PT + 1, k, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 0, "len 66");
	T_OK(memcmp(buf, good, PT) == 0 && buf[PT] == 0x5A,
	    "len 66: buffer untouched");
	r = m64->mul(buf, 0, k, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 0, "len 0");
	r = m64->muladd(buf, NULL, PT + 1, k, 32, k, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 0, "muladd len 66");
	r = m64->muladd(buf, good, PT - 1, k, 32, k, 32, BR_EC_secp256r1);
	T_EQ_INT(r, 0, "muladd len 64");
	T_OK(memcmp(buf, good, PT) == 0, "muladd bad len: untouched");
}

/*
 * ECDSA: RFC 6979 signatures (deterministic) made with each side must
 * be identical and verify with the other; tampering must fail.
 */
static void
test_ecdsa(void)
{
	unsigned char sk[32], pub[PT], hash[32], s1[80], s2[80];
	br_ec_private_key priv;
	br_ec_public_key pk;
	size_t l1, l2;
	int i;

	for (i = 0; i < NECDSA; i ++) {
		rng_bytes(sk, 32);
		while (cmp32(sk, N) >= 0)
			sk[0] >>= 1;
		sk[31] |= 1;
		rng_bytes(hash, 32);
		priv.curve = BR_EC_secp256r1;
		priv.x = sk;
		priv.xlen = 32;
		T_EQ_INT(m64->mulgen(pub, sk, 32, BR_EC_secp256r1), PT,
		    "ecdsa pub");
		pk.curve = BR_EC_secp256r1;
		pk.q = pub;
		pk.qlen = PT;

		l1 = br_ecdsa_i31_sign_raw(m31, &br_sha256_vtable, hash,
		    &priv, s1);
		l2 = br_ecdsa_i31_sign_raw(&ec_all_fast, &br_sha256_vtable,
		    hash, &priv, s2);
		T_EQ_INT(l1, 64, "sign m31");
		T_EQ_MEM(s2, l2, s1, l1, "sign m64 == sign m31");
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(m64, hash, 32, &pk, s1, l1), 1,
		    "m31 sig, m64 vrfy");
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(&ec_all_fast, hash, 32, &pk,
		    s1, l1), 1, "m31 sig, all_fast vrfy");
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(m31, hash, 32, &pk, s2, l2), 1,
		    "m64 sig, m31 vrfy");

		s1[i % 64] ^= (unsigned char)(1 << (i % 8));
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(m64, hash, 32, &pk, s1, l1), 0,
		    "tampered sig");
		s1[i % 64] ^= (unsigned char)(1 << (i % 8));
		hash[(i * 7) % 32] ^= 0x01;
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(m64, hash, 32, &pk, s1, l1), 0,
		    "tampered hash");
		hash[(i * 7) % 32] ^= 0x01;
		pub[40] ^= 0x10;
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(m64, hash, 32, &pk, s1, l1), 0,
		    "tampered key");
		pub[40] ^= 0x10;
	}

	/* P-384 through ec_all_fast (dispatch to m31's i31 code). */
	{
		unsigned char sk3[48], pub3[97], h3[48], s3[104];
		const unsigned char *n3;
		size_t n3len;

		n3 = br_ec_all_m31.order(BR_EC_secp384r1, &n3len);
		T_EQ_INT(n3len, 48, "P-384 order len");
		rng_bytes(sk3, 48);
		sk3[0] = (unsigned char)(n3[0] >> 1);
		rng_bytes(h3, 48);
		priv.curve = BR_EC_secp384r1;
		priv.x = sk3;
		priv.xlen = 48;
		T_EQ_INT(ec_all_fast.mulgen(pub3, sk3, 48, BR_EC_secp384r1), 97,
		    "P-384 pub");
		pk.curve = BR_EC_secp384r1;
		pk.q = pub3;
		pk.qlen = 97;
		l1 = br_ecdsa_i31_sign_raw(&ec_all_fast, &br_sha384_vtable, h3,
		    &priv, s3);
		T_EQ_INT(l1, 96, "P-384 sign");
		T_EQ_INT(br_ecdsa_i31_vrfy_raw(&br_ec_all_m31, h3, 48, &pk, s3,
		    l1), 1, "P-384 vrfy");
	}
}

int
main(int argc, char **argv)
{
	int rounds, i;

	rounds = argc > 1 ? atoi(argv[1]) : 1;
	rng_state = 0x7032353620363421u;
	test_constants();
	test_dispatch();
	test_kat();
	test_comb();
	test_zero();
	test_muladd_edges();
	test_invalid();
	test_ecdsa();
	for (i = 0; i < rounds; i ++)
		test_random();
	return t_done();
}

#else

int
main(void)
{
	printf("test_p256: no unsigned __int128, nothing to test\n");
	return t_done();
}

#endif
