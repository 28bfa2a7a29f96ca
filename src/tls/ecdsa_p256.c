/*
 * ecdsa_p256.c: P-256 ECDSA verification with 64-bit limbs; see
 * ecdsa_p256.h.  Scalars mod n are four little-endian 64-bit limbs.
 * Everything here is variable-time: it only ever sees public values
 * (signature, hash, public key).
 */
#include <string.h>

#include "ecdsa_p256.h"

#if defined(__SIZEOF_INT128__)

typedef unsigned __int128 u128;

/* ASN.1 signature buffer, as br_ecdsa_i31_vrfy_asn1's (66-byte fields). */
#define ECDSA_P256_RSIG_LEN	((66 << 2) + 24)
#define ECDSA_P256_QLEN		65

/* DER tags of an Ecdsa-Sig-Value. */
#define ECDSA_DER_SEQ		0x30
#define ECDSA_DER_INT		0x02

/* The P-256 group order n. */
static const uint64_t sc_n[4] = {
	0xf3b9cac2fc632551, 0xbce6faada7179e84,
	0xffffffffffffffff, 0xffffffff00000000
};

/* -1/n mod 2^64. */
#define SC_N0I	0xccd1c8aaee00bc4fULL

/* 2^512 mod n. */
static const uint64_t sc_r2[4] = {
	0x83244c95be79eea2, 0x4699799c49bd6fa6,
	0x2845b2392b6bec59, 0x66e12d94f3d95620
};

/* Compare a and b: -1, 0 or 1. */
static int
sc_cmp(const uint64_t *a, const uint64_t *b)
{
	int i;

	for (i = 3; i >= 0; i--) {
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	}
	return 0;
}

static int
sc_iszero(const uint64_t *a)
{
	return (a[0] | a[1] | a[2] | a[3]) == 0;
}

/* d = a - b (d may alias either); returns the borrow. */
static uint64_t
sc_subw(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	u128 t;
	uint64_t c;
	int i;

	c = 0;
	for (i = 0; i < 4; i++) {
		t = (u128)a[i] - b[i] - c;
		d[i] = (uint64_t)t;
		c = (uint64_t)(t >> 64) & 1;
	}
	return c;
}

/* d = a + b (d may alias either); returns the carry. */
static uint64_t
sc_addw(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	u128 t;
	uint64_t c;
	int i;

	c = 0;
	for (i = 0; i < 4; i++) {
		t = (u128)a[i] + b[i] + c;
		d[i] = (uint64_t)t;
		c = (uint64_t)(t >> 64);
	}
	return c;
}

/* a = (a + c*2^256) / 2 for even a + c*2^256. */
static void
sc_half(uint64_t *a, uint64_t c)
{
	a[0] = (a[0] >> 1) | (a[1] << 63);
	a[1] = (a[1] >> 1) | (a[2] << 63);
	a[2] = (a[2] >> 1) | (a[3] << 63);
	a[3] = (a[3] >> 1) | (c << 63);
}

/* x = x / 2 mod n, for x < n. */
static void
sc_half_mod(uint64_t *x)
{
	uint64_t c;

	c = 0;
	if (x[0] & 1)
		c = sc_addw(x, x, sc_n);
	sc_half(x, c);
}

/* d = a - b mod n, for a, b < n. */
static void
sc_sub_mod(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	if (sc_subw(d, a, b) != 0)
		(void)sc_addw(d, d, sc_n);
}

/* d = a * b / 2^256 mod n (Montgomery), for a, b < n; d < n. */
static void
sc_montymul(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	uint64_t t[6], m, c;
	u128 z;
	int i, j;

	memset(t, 0, sizeof t);
	for (i = 0; i < 4; i++) {
		c = 0;
		for (j = 0; j < 4; j++) {
			z = (u128)a[j] * b[i] + t[j] + c;
			t[j] = (uint64_t)z;
			c = (uint64_t)(z >> 64);
		}
		z = (u128)t[4] + c;
		t[4] = (uint64_t)z;
		t[5] = (uint64_t)(z >> 64);
		m = t[0] * SC_N0I;
		z = (u128)m * sc_n[0] + t[0];
		c = (uint64_t)(z >> 64);
		for (j = 1; j < 4; j++) {
			z = (u128)m * sc_n[j] + t[j] + c;
			t[j - 1] = (uint64_t)z;
			c = (uint64_t)(z >> 64);
		}
		z = (u128)t[4] + c;
		t[3] = (uint64_t)z;
		t[4] = t[5] + (uint64_t)(z >> 64);
	}
	if (t[4] != 0 || sc_cmp(t, sc_n) >= 0)
		(void)sc_subw(t, t, sc_n);
	memcpy(d, t, 4 * sizeof *d);
}

/* d = 1/a mod n for 0 < a < n (binary extended Euclid). */
static void
sc_inv(uint64_t *d, const uint64_t *a)
{
	static const uint64_t one[4] = { 1, 0, 0, 0 };
	uint64_t u[4], v[4], x1[4], x2[4];

	memcpy(u, a, sizeof u);
	memcpy(v, sc_n, sizeof v);
	memcpy(x1, one, sizeof x1);
	memset(x2, 0, sizeof x2);
	/* Invariants: x1*a = u, x2*a = v (mod n); u, v > 0; gcd 1. */
	while (sc_cmp(u, one) != 0 && sc_cmp(v, one) != 0) {
		while ((u[0] & 1) == 0) {
			sc_half(u, 0);
			sc_half_mod(x1);
		}
		while ((v[0] & 1) == 0) {
			sc_half(v, 0);
			sc_half_mod(x2);
		}
		if (sc_cmp(u, v) >= 0) {
			(void)sc_subw(u, u, v);
			sc_sub_mod(x1, x1, x2);
		} else {
			(void)sc_subw(v, v, u);
			sc_sub_mod(x2, x2, x1);
		}
	}
	memcpy(d, sc_cmp(u, one) == 0 ? x1 : x2, 4 * sizeof *d);
}

/*
 * Decode a big-endian unsigned integer of any length into x; returns 1
 * if it is less than n, 0 otherwise (as br_i31_decode_mod).
 */
static int
sc_decode_mod(uint64_t *x, const unsigned char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 32 < len; i++) {
		if (src[i] != 0)
			return 0;
	}
	memset(x, 0, 4 * sizeof *x);
	for (i = 0; i < len && i < 32; i++)
		x[i >> 3] |= (uint64_t)src[len - 1 - i] << ((i & 7) << 3);
	return sc_cmp(x, sc_n) < 0;
}

/* Encode x (< 2^256) as 32 big-endian bytes. */
static void
sc_encode(unsigned char *dst, const uint64_t *x)
{
	int i;

	for (i = 0; i < 32; i++)
		dst[31 - i] = (unsigned char)(x[i >> 3] >> ((i & 7) << 3));
}

/*
 * Read a DER header with tag at p[0..left): a definite length in its
 * shortest form (one byte below 0x80, else 0x81 and a byte >= 0x80;
 * anything longer exceeds every signature we take).  Returns the
 * header size with *len set, or 0 when malformed or when the value
 * runs past left.
 */
static size_t
ecdsa_der_hdr(const unsigned char *p, size_t left, int tag, size_t *len)
{
	size_t hl;

	if (left < 2 || p[0] != tag)
		return 0;
	if (p[1] < 0x80) {
		hl = 2;
		*len = p[1];
	} else if (p[1] == 0x81 && left >= 3 && p[2] >= 0x80) {
		hl = 3;
		*len = p[2];
	} else
		return 0;
	if (*len > left - hl)
		return 0;
	return hl;
}

/*
 * Take one DER INTEGER from *p[0..*left) that is minimal and not
 * negative: at least one byte, no leading 0x00 unless the next byte
 * has its top bit set, top bit of the first byte clear.  Returns 1
 * and advances, or 0.
 */
static int
ecdsa_der_uint(const unsigned char **p, size_t *left)
{
	const unsigned char *v;
	size_t hl, len;

	if ((hl = ecdsa_der_hdr(*p, *left, ECDSA_DER_INT, &len)) == 0 ||
	    len == 0)
		return 0;
	v = *p + hl;
	if ((v[0] & 0x80) != 0 || (len > 1 && v[0] == 0 && (v[1] & 0x80) == 0))
		return 0;
	*p += hl + len;
	*left -= hl + len;
	return 1;
}

/*
 * Is sig[len] exactly one DER Ecdsa-Sig-Value, SEQUENCE { r INTEGER,
 * s INTEGER }, with minimal lengths and integers and nothing after
 * it?  br_ecdsa_asn1_to_raw also takes BER forms (0x81 lengths below
 * 128, extra leading zeros, negative integers), which makes signatures
 * malleable.  Returns 1 or 0.
 */
static int
ecdsa_der_strict(const unsigned char *sig, size_t len)
{
	const unsigned char *p;
	size_t hl, left;

	if ((hl = ecdsa_der_hdr(sig, len, ECDSA_DER_SEQ, &left)) == 0 ||
	    hl + left != len)
		return 0;
	p = sig + hl;
	return ecdsa_der_uint(&p, &left) && ecdsa_der_uint(&p, &left) &&
	    left == 0;
}

/* see ecdsa_p256.h */
uint32_t
ecdsa_p256_vrfy_asn1_fast(const br_ec_impl *impl,
    const void *hash, size_t hash_len, const br_ec_public_key *pk,
    const void *sig, size_t sig_len)
{
	unsigned char rsig[ECDSA_P256_RSIG_LEN];
	unsigned char eU[ECDSA_P256_QLEN], u1b[32], u2b[32];
	uint64_t r[4], s[4], e[4], w[4], x[4];
	size_t rlen, xlen, xoff;
	uint32_t res;

	/* DER only, for every curve: we are the one ECDSA verifier. */
	if (!ecdsa_der_strict(sig, sig_len))
		return 0;
	if (pk->curve != BR_EC_secp256r1)
		return br_ecdsa_i31_vrfy_asn1(impl, hash, hash_len, pk,
		    sig, sig_len);
	if (sig_len > (sizeof rsig) >> 1)
		return 0;
	memcpy(rsig, sig, sig_len);
	sig_len = br_ecdsa_asn1_to_raw(rsig, sig_len);
	if (((impl->supported_curves >> BR_EC_secp256r1) & 1) == 0)
		return 0;
	if ((sig_len & 1) != 0 || pk->qlen != ECDSA_P256_QLEN)
		return 0;
	rlen = sig_len >> 1;
	if (!sc_decode_mod(r, rsig, rlen) || sc_iszero(r))
		return 0;
	if (!sc_decode_mod(s, rsig + rlen, rlen) || sc_iszero(s))
		return 0;

	/* e: the leftmost 256 bits of the hash, or all of a shorter one. */
	if (hash_len > 32)
		hash_len = 32;
	memset(e, 0, sizeof e);
	for (xlen = 0; xlen < hash_len; xlen++)
		e[xlen >> 3] |= (uint64_t)((const unsigned char *)hash)
		    [hash_len - 1 - xlen] << ((xlen & 7) << 3);
	if (sc_cmp(e, sc_n) >= 0)
		(void)sc_subw(e, e, sc_n);

	/* w = R/s (Montgomery form of 1/s); u1 = e/s, u2 = r/s. */
	sc_inv(w, s);
	sc_montymul(w, w, sc_r2);
	sc_montymul(x, e, w);
	sc_encode(u1b, x);
	sc_montymul(x, r, w);
	sc_encode(u2b, x);

	/* R = u2*Q + u1*G, as BearSSL's call. */
	memcpy(eU, pk->q, ECDSA_P256_QLEN);
	res = impl->muladd(eU, NULL, ECDSA_P256_QLEN, u2b, 32, u1b, 32,
	    BR_EC_secp256r1);
	if (res == 0)
		return 0;
	/* Accept iff R.x mod n == r (R.x < p < 2n). */
	xoff = impl->xoff(BR_EC_secp256r1, &xlen);
	if (xlen != 32 || xoff > ECDSA_P256_QLEN - 32)
		return 0;
	(void)sc_decode_mod(x, eU + xoff, 32);
	if (sc_cmp(x, sc_n) >= 0)
		(void)sc_subw(x, x, sc_n);
	return sc_cmp(x, r) == 0;
}

#endif
