/* see ec_p256_m64.h */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bearssl.h"
#include "ec_p256_m64.h"

#if defined(__SIZEOF_INT128__)

/*
 * Field elements (integers mod p, p = 2^256 - 2^224 + 2^192 + 2^96 - 1)
 * are four 64-bit limbs, little-endian, in Montgomery form (a is held
 * as a*2^256 mod p) and always fully reduced (less than p), so that a
 * value is zero exactly when its limbs are.
 *
 * Montgomery reduction is cheap here: p = -1 mod 2^64, so the per-limb
 * factor -1/p mod 2^64 is 1 and each round adds t[i]*p, whose limbs are
 * shifts of t[i] (the third limb of p is zero).
 */
typedef unsigned __int128 p256_u128;

#define FP_L0	0xFFFFFFFFFFFFFFFFu	/* limbs of p */
#define FP_L1	0x00000000FFFFFFFFu
#define FP_L3	0xFFFFFFFF00000001u

static const uint64_t F_P[4] = { FP_L0, FP_L1, 0, FP_L3 };

/* 2^512 mod p: multiplying by it (Montgomery) enters Montgomery form. */
static const uint64_t F_R2[4] = {
	0x0000000000000003, 0xFFFFFFFBFFFFFFFF,
	0xFFFFFFFFFFFFFFFE, 0x00000004FFFFFFFD
};

/* 1 in Montgomery form (2^256 mod p). */
static const uint64_t F_ONE[4] = {
	0x0000000000000001, 0xFFFFFFFF00000000,
	0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFE
};

/* The curve constant b, in Montgomery form (y^2 = x^3 - 3x + b). */
static const uint64_t F_B[4] = {
	0xD89CDF6229C4BDDF, 0xACF005CD78843090,
	0xE5A220ABF7212ED6, 0xDC30061D04874834
};

/* Constant-time helpers: 1 if x != 0 (resp. a == b), else 0. */
static uint64_t
ct_nz(uint64_t x)
{
	return (x | (0 - x)) >> 63;
}

static uint64_t
ct_eq(uint64_t a, uint64_t b)
{
	return ct_nz(a ^ b) ^ 1;
}

/*
 * The field code is written out limb by limb, with scalar locals: the
 * build uses -Os, which neither unrolls the loops nor keeps arrays in
 * registers, and loops cost twice the time here.  For the same reason
 * the reduction is forced inline (P256_INLINE: 10% fewer instructions
 * for 600 bytes of code).
 *
 * MAC: (c:t) = x*y + t + c, the step of a schoolbook product; it cannot
 * overflow 128 bits ((2^64-1)^2 + 2(2^64-1) = 2^128-1).
 */
#define P256_INLINE	inline __attribute__((always_inline))

#define MAC(t, x, y, c) do {						\
		z = (p256_u128)(x) * (y) + (t) + (c);			\
		(t) = (uint64_t)z;					\
		(c) = (uint64_t)(z >> 64);				\
	} while (0)

/*
 * One Montgomery round on limbs t0..t4 (t0 the lowest, m = t0): add
 * m*p*2^(64i).  t0 + m*(2^64-1) = m*2^64: t0 becomes 0 (dropped) and m
 * carries into t1; the next limbs of p give m*(2^32-1) + m = m*2^32 at
 * t1, nothing at t2, m*FP_L3 at t3.  cc is the carry out of t4 (into
 * the limb above), at most 1, and comes in at t4 from the round before.
 */
#define MONT_ROUND(t0, t1, t2, t3, t4) do {				\
		z = (p256_u128)(t1) + ((p256_u128)(t0) << 32);		\
		(t1) = (uint64_t)z;					\
		z = (p256_u128)(t2) + (uint64_t)(z >> 64);		\
		(t2) = (uint64_t)z;					\
		z = (p256_u128)(t3) + (p256_u128)(t0) * FP_L3		\
		    + (uint64_t)(z >> 64);				\
		(t3) = (uint64_t)z;					\
		z = (p256_u128)(t4) + (uint64_t)(z >> 64) + cc;		\
		(t4) = (uint64_t)z;					\
		cc = (uint64_t)(z >> 64);				\
	} while (0)

/*
 * d = (x0..x4) - p if that does not go negative, else x0..x3; x4 (0 or
 * 1) is the bit above x3.  For values below 2p: the result is < p.
 * x - p is computed as x + (2^256 - p), which carries out of 256 bits
 * exactly when x >= p (adds with carries compile better than borrows).
 */
static P256_INLINE void
f_csub_p(uint64_t *d, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
    uint64_t x4)
{
	p256_u128 z;
	uint64_t s0, s1, s2, s3, mask;

	z = (p256_u128)x0 + 1;
	s0 = (uint64_t)z;
	z = (p256_u128)x1 + 0xFFFFFFFF00000000u + (uint64_t)(z >> 64);
	s1 = (uint64_t)z;
	z = (p256_u128)x2 + 0xFFFFFFFFFFFFFFFFu + (uint64_t)(z >> 64);
	s2 = (uint64_t)z;
	z = (p256_u128)x3 + 0x00000000FFFFFFFEu + (uint64_t)(z >> 64);
	s3 = (uint64_t)z;
	mask = 0 - (x4 | (uint64_t)(z >> 64));
	d[0] = x0 ^ (mask & (x0 ^ s0));
	d[1] = x1 ^ (mask & (x1 ^ s1));
	d[2] = x2 ^ (mask & (x2 ^ s2));
	d[3] = x3 ^ (mask & (x3 ^ s3));
}

/*
 * d = t / 2^256 mod p (Montgomery reduction), fully reduced, for t
 * (eight limbs, t0 lowest) less than p * 2^256, e.g. a product of a
 * value below 2^256 and one below p: the result before the final
 * subtraction is (t + m*p) / 2^256 < 2p.
 */
static P256_INLINE void
f_reduce(uint64_t *d, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3,
    uint64_t t4, uint64_t t5, uint64_t t6, uint64_t t7)
{
	p256_u128 z;
	uint64_t cc;

	cc = 0;
	MONT_ROUND(t0, t1, t2, t3, t4);
	MONT_ROUND(t1, t2, t3, t4, t5);
	MONT_ROUND(t2, t3, t4, t5, t6);
	MONT_ROUND(t3, t4, t5, t6, t7);
	f_csub_p(d, t4, t5, t6, t7, cc);
}

/* d = a*b/2^256 mod p; a < 2^256, b < p; d may alias a or b. */
static void
f_mul(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	p256_u128 z;
	uint64_t a0, a1, a2, a3, b0, b1, b2, b3;
	uint64_t t0, t1, t2, t3, t4, t5, t6, t7, c;

	a0 = a[0]; a1 = a[1]; a2 = a[2]; a3 = a[3];
	b0 = b[0]; b1 = b[1]; b2 = b[2]; b3 = b[3];
	t0 = t1 = t2 = t3 = 0;
	c = 0;
	MAC(t0, a0, b0, c);
	MAC(t1, a0, b1, c);
	MAC(t2, a0, b2, c);
	MAC(t3, a0, b3, c);
	t4 = c;
	c = 0;
	MAC(t1, a1, b0, c);
	MAC(t2, a1, b1, c);
	MAC(t3, a1, b2, c);
	MAC(t4, a1, b3, c);
	t5 = c;
	c = 0;
	MAC(t2, a2, b0, c);
	MAC(t3, a2, b1, c);
	MAC(t4, a2, b2, c);
	MAC(t5, a2, b3, c);
	t6 = c;
	c = 0;
	MAC(t3, a3, b0, c);
	MAC(t4, a3, b1, c);
	MAC(t5, a3, b2, c);
	MAC(t6, a3, b3, c);
	t7 = c;
	f_reduce(d, t0, t1, t2, t3, t4, t5, t6, t7);
}

/* d = a^2/2^256 mod p; a < p; d may alias a. */
static void
f_sqr(uint64_t *d, const uint64_t *a)
{
	p256_u128 z;
	uint64_t a0, a1, a2, a3;
	uint64_t t0, t1, t2, t3, t4, t5, t6, t7, c;

	a0 = a[0]; a1 = a[1]; a2 = a[2]; a3 = a[3];

	/* Cross products a[i]*a[j], i < j, at limbs 1..6. */
	t1 = t2 = t3 = 0;
	c = 0;
	MAC(t1, a0, a1, c);
	MAC(t2, a0, a2, c);
	MAC(t3, a0, a3, c);
	t4 = c;
	c = 0;
	MAC(t3, a1, a2, c);
	MAC(t4, a1, a3, c);
	t5 = c;
	c = 0;
	MAC(t5, a2, a3, c);
	t6 = c;

	/* Doubled, then the squares a[i]^2 added at limbs 2i, 2i+1. */
	t7 = t6 >> 63;
	t6 = (t6 << 1) | (t5 >> 63);
	t5 = (t5 << 1) | (t4 >> 63);
	t4 = (t4 << 1) | (t3 >> 63);
	t3 = (t3 << 1) | (t2 >> 63);
	t2 = (t2 << 1) | (t1 >> 63);
	t1 <<= 1;
	z = (p256_u128)a0 * a0;
	t0 = (uint64_t)z;
	z = (p256_u128)t1 + (uint64_t)(z >> 64);
	t1 = (uint64_t)z;
	c = (uint64_t)(z >> 64);
	z = (p256_u128)a1 * a1 + t2 + c;
	t2 = (uint64_t)z;
	z = (p256_u128)t3 + (uint64_t)(z >> 64);
	t3 = (uint64_t)z;
	c = (uint64_t)(z >> 64);
	z = (p256_u128)a2 * a2 + t4 + c;
	t4 = (uint64_t)z;
	z = (p256_u128)t5 + (uint64_t)(z >> 64);
	t5 = (uint64_t)z;
	c = (uint64_t)(z >> 64);
	z = (p256_u128)a3 * a3 + t6 + c;
	t6 = (uint64_t)z;
	t7 += (uint64_t)(z >> 64);	/* a^2 < 2^512: no carry out */
	f_reduce(d, t0, t1, t2, t3, t4, t5, t6, t7);
}

/* d = a^(2^n) (n >= 1 Montgomery squarings); d may alias a. */
static void
f_sqrn(uint64_t *d, const uint64_t *a, int n)
{
	f_sqr(d, a);
	while (-- n > 0)
		f_sqr(d, d);
}

/* d = a + b mod p; a, b < p; d may alias. */
static void
f_add(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	p256_u128 z;
	uint64_t s0, s1, s2, s3;

	z = (p256_u128)a[0] + b[0];
	s0 = (uint64_t)z;
	z = (p256_u128)a[1] + b[1] + (uint64_t)(z >> 64);
	s1 = (uint64_t)z;
	z = (p256_u128)a[2] + b[2] + (uint64_t)(z >> 64);
	s2 = (uint64_t)z;
	z = (p256_u128)a[3] + b[3] + (uint64_t)(z >> 64);
	s3 = (uint64_t)z;
	f_csub_p(d, s0, s1, s2, s3, (uint64_t)(z >> 64));
}

/*
 * d = a - b mod p; a, b < p; d may alias.  a - b is a + ~b + 1, which
 * carries out of 256 bits unless it is negative; then p is added back.
 */
static void
f_sub(uint64_t *d, const uint64_t *a, const uint64_t *b)
{
	p256_u128 z;
	uint64_t s0, s1, s2, s3, mask;

	z = (p256_u128)a[0] + ~b[0] + 1;
	s0 = (uint64_t)z;
	z = (p256_u128)a[1] + ~b[1] + (uint64_t)(z >> 64);
	s1 = (uint64_t)z;
	z = (p256_u128)a[2] + ~b[2] + (uint64_t)(z >> 64);
	s2 = (uint64_t)z;
	z = (p256_u128)a[3] + ~b[3] + (uint64_t)(z >> 64);
	s3 = (uint64_t)z;

	mask = (uint64_t)(z >> 64) - 1;		/* all ones on a borrow */
	z = (p256_u128)s0 + (FP_L0 & mask);
	d[0] = (uint64_t)z;
	z = (p256_u128)s1 + (FP_L1 & mask) + (uint64_t)(z >> 64);
	d[1] = (uint64_t)z;
	z = (p256_u128)s2 + (uint64_t)(z >> 64);
	d[2] = (uint64_t)z;
	d[3] = s3 + (FP_L3 & mask) + (uint64_t)(z >> 64);
}

/* 1 if a (fully reduced) is zero, else 0. */
static uint64_t
f_iszero(const uint64_t *a)
{
	return ct_nz(a[0] | a[1] | a[2] | a[3]) ^ 1;
}

/*
 * d = 1/a mod p (Montgomery form in and out), as a^(p-2); 0 gives 0.
 * p-2, from the top bit: 32 ones, 31 zeros, a one, 96 zeros, 94 ones,
 * a zero, a one.  The chain builds a^(2^k-1) for k = 2, 3, 6, 12, 24,
 * 30, 32 and then walks the exponent: 255 squarings, 12 products.
 */
static void
f_inv(uint64_t *d, const uint64_t *a)
{
	uint64_t x2[4], x3[4], x6[4], x30[4], x32[4], t[4];

	f_sqr(x2, a);
	f_mul(x2, x2, a);		/* 2^2 - 1 */
	f_sqr(x3, x2);
	f_mul(x3, x3, a);		/* 2^3 - 1 */
	f_sqrn(x6, x3, 3);
	f_mul(x6, x6, x3);		/* 2^6 - 1 */
	f_sqrn(t, x6, 6);
	f_mul(t, t, x6);		/* 2^12 - 1 */
	f_sqrn(x30, t, 12);
	f_mul(x30, x30, t);		/* 2^24 - 1 */
	f_sqrn(x30, x30, 6);
	f_mul(x30, x30, x6);		/* 2^30 - 1 */
	f_sqrn(x32, x30, 2);
	f_mul(x32, x32, x2);		/* 2^32 - 1 */

	f_sqrn(t, x32, 32);
	f_mul(t, t, a);			/* 32 ones, 31 zeros, 1 one */
	f_sqrn(t, t, 96);		/* 96 zeros */
	f_sqrn(t, t, 32);
	f_mul(t, t, x32);
	f_sqrn(t, t, 32);
	f_mul(t, t, x32);
	f_sqrn(t, t, 30);
	f_mul(t, t, x30);		/* 94 ones */
	f_sqrn(t, t, 2);
	f_mul(d, t, a);			/* 0, 1 */
}

/*
 * A point in Jacobian coordinates: affine (x/z^2, y/z^3).  The point at
 * infinity is z = 0; as in m31, the one the multiplications start from
 * is all zeros, and the formulas below keep that exact value where m31
 * does, so that the degenerate cases of muladd() come out the same.
 */
typedef struct {
	uint64_t x[4], y[4], z[4];
} p256_jac;

/* Copy Q into P if ctl is 1, leave P if ctl is 0; constant-time. */
static void
p_cmove(uint64_t ctl, p256_jac *P, const p256_jac *Q)
{
	uint64_t mask;
	int i;

	mask = 0 - ctl;
	for (i = 0; i < 4; i ++) {
		P->x[i] ^= mask & (P->x[i] ^ Q->x[i]);
		P->y[i] ^= mask & (P->y[i] ^ Q->y[i]);
		P->z[i] ^= mask & (P->z[i] ^ Q->z[i]);
	}
}

/*
 * P = 2P, for a = -3:  m = 3(x - z^2)(x + z^2), s = 4xy^2,
 * x' = m^2 - 2s, y' = m(s - x') - 8y^4, z' = 2yz.  Correct for every
 * point (z = 0 stays z = 0; P-256 has no point with y = 0).
 */
static void
p_double(p256_jac *P)
{
	uint64_t t1[4], t2[4], t3[4], t4[4];

	f_sqr(t1, P->z);
	f_add(t2, P->x, t1);
	f_sub(t1, P->x, t1);
	f_mul(t3, t1, t2);
	f_add(t1, t3, t3);
	f_add(t1, t1, t3);		/* m */
	f_sqr(t3, P->y);
	f_add(t3, t3, t3);		/* 2y^2 */
	f_mul(t2, P->x, t3);
	f_add(t2, t2, t2);		/* s */
	f_mul(t4, P->y, P->z);
	f_add(P->z, t4, t4);		/* z' */
	f_sqr(P->x, t1);
	f_sub(P->x, P->x, t2);
	f_sub(P->x, P->x, t2);		/* x' */
	f_sub(t2, t2, P->x);
	f_mul(P->y, t1, t2);
	f_sqr(t4, t3);
	f_add(t4, t4, t4);		/* 8y^4 */
	f_sub(P->y, P->y, t4);		/* y' */
}

/*
 * P1 = P1 + P2 with u1 = x1 z2^2, u2 = x2 z1^2, s1 = y1 z2^3,
 * s2 = y2 z1^3, h = u2 - u1, r = s2 - s1:  x3 = r^2 - h^3 - 2 u1 h^2,
 * y3 = r(u1 h^2 - x3) - s1 h^3, z3 = h z1 z2.  If affine is 1 (a public
 * flag), P2 has z2 = 1 and the products by it are skipped.
 *
 * Not a complete formula: if P1 == P2, or one of them is the all-zero
 * point at infinity, h = r = 0 and the result has z3 = 0.
 * Returns 1 if r != 0, 0 if r = 0; with two finite inputs a z3 = 0
 * result thus means P1 == -P2 (1) or P1 == P2 (0: should double).
 */
static uint64_t
p_add(p256_jac *P1, const p256_jac *P2, int affine)
{
	uint64_t u1[4], h[4], s1[4], r[4], t1[4], t2[4], t3[4];
	uint64_t ret;

	if (affine) {
		memcpy(u1, P1->x, sizeof u1);
		memcpy(s1, P1->y, sizeof s1);
	} else {
		f_sqr(t1, P2->z);
		f_mul(u1, P1->x, t1);
		f_mul(t1, t1, P2->z);
		f_mul(s1, P1->y, t1);
	}
	f_sqr(t1, P1->z);
	f_mul(h, P2->x, t1);
	f_mul(t1, t1, P1->z);
	f_mul(r, P2->y, t1);
	f_sub(h, h, u1);
	f_sub(r, r, s1);
	ret = f_iszero(r) ^ 1;

	f_sqr(t1, h);
	f_mul(t2, u1, t1);		/* u1 h^2 */
	f_mul(t3, t1, h);		/* h^3 */
	f_sqr(P1->x, r);
	f_sub(P1->x, P1->x, t3);
	f_sub(P1->x, P1->x, t2);
	f_sub(P1->x, P1->x, t2);	/* x3 */
	f_sub(t2, t2, P1->x);
	f_mul(P1->y, r, t2);
	f_mul(t1, s1, t3);
	f_sub(P1->y, P1->y, t1);	/* y3 */
	if (affine) {
		f_mul(P1->z, P1->z, h);
	} else {
		f_mul(t1, P1->z, P2->z);
		f_mul(P1->z, t1, h);
	}
	return ret;
}

/* Make P affine (z = 1 in value); the point at infinity becomes all zeros. */
static void
p_to_affine(p256_jac *P)
{
	uint64_t zi[4], t[4];

	f_inv(zi, P->z);
	f_sqr(t, zi);
	f_mul(P->x, P->x, t);
	f_mul(t, t, zi);
	f_mul(P->y, P->y, t);
	f_mul(P->z, P->z, zi);
}

/* Big-endian 32 bytes to four limbs (not converted). */
static void
f_load(uint64_t *d, const unsigned char *src)
{
	int i, j;

	for (i = 0; i < 4; i ++) {
		d[i] = 0;
		for (j = 0; j < 8; j ++)
			d[i] = (d[i] << 8) | src[(3 - i) * 8 + j];
	}
}

/*
 * Decode a 65-byte point 0x04 || X || Y into Montgomery affine form,
 * z = 1.  Returns 1 if the point is valid (prefix, X and Y less than p,
 * on the curve), 0 if not; P is set either way, without branches.
 */
static uint64_t
p_decode(p256_jac *P, const unsigned char *buf)
{
	uint64_t t1[4], t2[4], bad, bb;
	p256_u128 z;
	int i, k;

	bad = ct_nz((uint64_t)buf[0] ^ 0x04);
	f_load(P->x, buf + 1);
	f_load(P->y, buf + 33);
	for (k = 0; k < 2; k ++) {
		const uint64_t *v = k == 0 ? P->x : P->y;

		bb = 0;
		for (i = 0; i < 4; i ++) {
			z = (p256_u128)v[i] - F_P[i] - bb;
			bb = (uint64_t)(z >> 64) & 1;
		}
		bad |= bb ^ 1;		/* no borrow: v >= p */
	}
	f_mul(P->x, P->x, F_R2);
	f_mul(P->y, P->y, F_R2);
	memcpy(P->z, F_ONE, sizeof P->z);

	/* y^2 - (x^3 - 3x + b) must be 0. */
	f_sqr(t1, P->x);
	f_mul(t1, t1, P->x);
	f_sub(t1, t1, P->x);
	f_sub(t1, t1, P->x);
	f_sub(t1, t1, P->x);
	f_add(t1, t1, F_B);
	f_sqr(t2, P->y);
	f_sub(t1, t1, t2);
	bad |= f_iszero(t1) ^ 1;
	return bad ^ 1;
}

/* Encode affine P (out of Montgomery form) as 0x04 || X || Y. */
static void
p_encode(unsigned char *buf, const p256_jac *P)
{
	static const uint64_t one[4] = { 1, 0, 0, 0 };
	uint64_t v[4];
	int i, j, k;

	buf[0] = 0x04;
	for (k = 0; k < 2; k ++) {
		f_mul(v, k == 0 ? P->x : P->y, one);
		for (i = 0; i < 4; i ++)
			for (j = 0; j < 8; j ++)
				buf[1 + 32 * k + (3 - i) * 8 + j] =
				    (unsigned char)(v[i] >> (56 - 8 * j));
	}
}

/*
 * The scalar as 32 big-endian bytes: shorter ones are zero-extended,
 * longer ones keep their low 32 bytes (the rest must be zero anyway,
 * since the value is below the order).
 */
static void
sc_load(unsigned char *k, const unsigned char *x, size_t xlen)
{
	memset(k, 0, 32);
	if (xlen > 32) {
		x += xlen - 32;
		xlen = 32;
	}
	if (xlen > 0)
		memcpy(k + 32 - xlen, x, xlen);
}

/*
 * P = k*P for P affine (as decoded), k 32 bytes big-endian, k < n.
 * Fixed 4-bit windows over a table of 1P..15P, constant-time lookup.
 * Q = 16*Q + b*P never hits an exceptional addition: with a the value
 * of the scalar bits consumed so far (0 < a, 16a + b <= k < n), neither
 * 16a - b nor 16a + b is 0 mod n.  qz tracks "Q is still infinity"
 * (leading zero windows), as m31 does; k = 0 leaves Q all zeros.
 */
static void
p_mul(p256_jac *P, const unsigned char *k)
{
	p256_jac W[15], Q, T, U;
	uint64_t qz, bits, bnz, m;
	int i, j, u;

	W[0] = *P;
	for (i = 1; i < 15; i ++) {
		if (i & 1) {
			W[i] = W[i >> 1];
			p_double(&W[i]);		/* (i+1)P = 2 * ((i+1)/2)P */
		} else {
			W[i] = W[i - 1];
			p_add(&W[i], P, 1);		/* (i+1)P = iP + P */
		}
	}

	memset(&Q, 0, sizeof Q);
	qz = 1;
	for (i = 0; i < 64; i ++) {
		bits = (k[i >> 1] >> ((i & 1) ? 0 : 4)) & 0x0F;
		if (i > 0) {
			p_double(&Q);
			p_double(&Q);
			p_double(&Q);
			p_double(&Q);
		}
		memset(&T, 0, sizeof T);
		for (j = 0; j < 15; j ++) {
			m = 0 - ct_eq(bits, (uint64_t)j + 1);
			for (u = 0; u < 4; u ++) {
				T.x[u] |= m & W[j].x[u];
				T.y[u] |= m & W[j].y[u];
				T.z[u] |= m & W[j].z[u];
			}
		}
		U = Q;
		p_add(&U, &T, 0);
		bnz = ct_nz(bits);
		p_cmove(bnz & qz, &Q, &T);
		p_cmove(bnz & (qz ^ 1), &Q, &U);
		qz &= bnz ^ 1;
	}
	*P = Q;
}

/*
 * Comb table for p_mulgen(): entry b-1 (b = 1..15) is the affine point
 * sum of 2^(64i)*G over the bits i set in b, x then y, in Montgomery
 * form.  Computed from the curve definition (plain affine arithmetic,
 * a Python one-off), and checked by the tests through mulgen().
 */
static const uint64_t G_COMB[15][8] = {
	{ 0x79E730D418A9143C, 0x75BA95FC5FEDB601, 0x79FB732B77622510, 0x18905F76A53755C6,
	  0xDDF25357CE95560A, 0x8B4AB8E4BA19E45C, 0xD2E88688DD21F325, 0x8571FF1825885D85 },
	{ 0x4F922FC516A0D2BB, 0x0D5CC16C1A623499, 0x9241CF3A57C62C8B, 0x2F5E6961FD1B667F,
	  0x5C15C70BF5A01797, 0x3D20B44D60956192, 0x04911B37071FDB52, 0xF648F9168D6F0F7B },
	{ 0x9E566847E137BBBC, 0xE434469E8A6A0BEC, 0xB1C4276179D73463, 0x5ABE0285133D0015,
	  0x92AA837CC04C7DAB, 0x573D9F4C43260C07, 0x0C93156278E6CC37, 0x94BB725B6B6F7383 },
	{ 0x62A8C244BFE20925, 0x91C19AC38FDCE867, 0x5A96A5D5DD387063, 0x61D587D421D324F6,
	  0xE87673A2A37173EA, 0x2384800853778B65, 0x10F8441E05BAB43E, 0xFA11FE124621EFBE },
	{ 0x1C891F2B2CB19FFD, 0x01BA8D5BB1923C23, 0xB6D03D678AC5CA8E, 0x586EB04C1F13BEDC,
	  0x0C35C6E527E8ED09, 0x1E81A33C1819EDE2, 0x278FD6C056C652FA, 0x19D5AC0870864F11 },
	{ 0x62577734D2B533D5, 0x673B8AF6A1BDDDC0, 0x577E7C9AA79EC293, 0xBB6DE651C3B266B1,
	  0xE7E9303AB65259B3, 0xD6A0AFD3D03A7480, 0xC5AC83D19B3CFC27, 0x60B4619A5D18B99B },
	{ 0xBD6A38E11AE5AA1C, 0xB8B7652B49E73658, 0x0B130014EE5F87ED, 0x9D0F27B2AEEBFFCD,
	  0xCA9246317A730A55, 0x9C955B2FDDBBC83A, 0x07C1DFE0AC019A71, 0x244A566D356EC48D },
	{ 0x56F8410EF4F8B16A, 0x97241AFEC47B266A, 0x0A406B8E6D9C87C1, 0x803F3E02CD42AB1B,
	  0x7F0309A804DBEC69, 0xA83B85F73BBAD05F, 0xC6097273AD8E197F, 0xC097440E5067ADC1 },
	{ 0x846A56F2C379AB34, 0xA8EE068B841DF8D1, 0x20314459176C68EF, 0xF1AF32D5915F1F30,
	  0x99C375315D75BD50, 0x837CFFBAF72F67BC, 0x0613A41848D7723F, 0x23D0F130E2D41C8B },
	{ 0xED93E225D5BE5A2B, 0x6FE799835934F3C6, 0x4314092622626FFC, 0x50BBB4D97990216A,
	  0x378191C6E57EC63E, 0x65422C40181DCDB2, 0x41A8099B0236E0F6, 0x2B10011801FE49C3 },
	{ 0xFC68B5C59B391593, 0xC385F5A2598270FC, 0x7144F3AAD19ADCBB, 0xDD55899983FBAE0C,
	  0x93B88B8E74B82FF4, 0xD2E03C4071E734C9, 0x9A7A9EAF43C0322A, 0xE6E4C551149D6041 },
	{ 0x5FE14BFE80EC21FE, 0xF6CE116AC255BE82, 0x98BC5A072F4A5D67, 0xFAD27148DB7E63AF,
	  0x90C0B6AC29AB05B3, 0x37A9A83C4E251AE6, 0x0A7DC875C2AADE7D, 0x77387DE39F0E1A84 },
	{ 0x1E9ECC49A56C0DD7, 0xA5CFFCD846086C74, 0x8F7A1408F505AECE, 0xB37B85C0BEF0C47E,
	  0x3596B6E4CC0E6A8F, 0xFD6D4BBF6B388F23, 0xABA453FAC39CEF4E, 0x9C135AC8F9F628D5 },
	{ 0x0A1C729495C8F8BE, 0x2961C4803BF362BF, 0x9E418403DF63D4AC, 0xC109F9CB91ECE900,
	  0xC2D095D058945705, 0xB9083D96DDEB85C0, 0x84692B8D7A40449B, 0x9BC3344F2EEE1EE1 },
	{ 0x0D5AE35642913074, 0x55491B2748A542B1, 0x469CA665B310732A, 0x29591D525F1A4CC1,
	  0xE76F5B6BB84F983F, 0xBE7EEF419F5F84E1, 0x1200D49680BAA189, 0x6376551F18EF332C }
};

/*
 * P = k*G, k 32 bytes big-endian, k < n.  Comb with 4 teeth 64 bits
 * apart: with k = sum k_i 2^(64i) (k_i 64-bit), step j (63 down to 0)
 * computes Q = 2Q + T[b], b made of bit j of each k_i.  Q then stands
 * for a = sum floor(k_i / 2^j) 2^(64i) <= k < n, so as in p_mul() the
 * additions are never exceptional: 2Q and T are values below n whose
 * base-2^64 digits differ unless Q is 0 (handled by qz), and their sum
 * is a, in (0, n).  k = 0 leaves Q all zeros.
 */
static void
p_mulgen(p256_jac *P, const unsigned char *k)
{
	p256_jac Q, T, U;
	uint64_t w[4], qz, bits, bnz, m;
	int i, j, u;

	f_load(w, k);
	memset(&Q, 0, sizeof Q);
	qz = 1;
	for (i = 63; i >= 0; i --) {
		bits = ((w[0] >> i) & 1) | (((w[1] >> i) & 1) << 1)
		    | (((w[2] >> i) & 1) << 2) | (((w[3] >> i) & 1) << 3);
		if (i < 63)
			p_double(&Q);
		memset(&T, 0, sizeof T);
		for (j = 0; j < 15; j ++) {
			m = 0 - ct_eq(bits, (uint64_t)j + 1);
			for (u = 0; u < 4; u ++) {
				T.x[u] |= m & G_COMB[j][u];
				T.y[u] |= m & G_COMB[j][4 + u];
			}
		}
		memcpy(T.z, F_ONE, sizeof T.z);
		U = Q;
		p_add(&U, &T, 1);
		bnz = ct_nz(bits);
		p_cmove(bnz & qz, &Q, &T);
		p_cmove(bnz & (qz ^ 1), &Q, &U);
		qz &= bnz ^ 1;
	}
	*P = Q;
}

static const unsigned char P256_G[65] = {
	0x04,
	0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47,
	0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4, 0x40, 0xF2,
	0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0,
	0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2, 0x96,
	0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B,
	0x8E, 0xE7, 0xEB, 0x4A, 0x7C, 0x0F, 0x9E, 0x16,
	0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31, 0x5E, 0xCE,
	0xCB, 0xB6, 0x40, 0x68, 0x37, 0xBF, 0x51, 0xF5
};

static const unsigned char P256_N[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84,
	0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51
};

static const unsigned char *
api_generator(int curve, size_t *len)
{
	(void)curve;
	*len = sizeof P256_G;
	return P256_G;
}

static const unsigned char *
api_order(int curve, size_t *len)
{
	(void)curve;
	*len = sizeof P256_N;
	return P256_N;
}

static size_t
api_xoff(int curve, size_t *len)
{
	(void)curve;
	*len = 32;
	return 1;
}

static uint32_t
api_mul(unsigned char *G, size_t Glen,
    const unsigned char *x, size_t xlen, int curve)
{
	p256_jac P;
	unsigned char k[32];
	uint64_t r;

	(void)curve;
	if (Glen != 65)
		return 0;
	r = p_decode(&P, G);
	sc_load(k, x, xlen);
	p_mul(&P, k);
	p_to_affine(&P);
	p_encode(G, &P);
	return (uint32_t)r;
}

static size_t
api_mulgen(unsigned char *R,
    const unsigned char *x, size_t xlen, int curve)
{
	p256_jac P;
	unsigned char k[32];

	(void)curve;
	sc_load(k, x, xlen);
	p_mulgen(&P, k);
	p_to_affine(&P);
	p_encode(R, &P);
	return 65;
}

/*
 * x*A + y*B (B = NULL: the generator), combined as m31 does: a plain
 * addition, then the doubling of y*B if that gave z = 0 with r = 0
 * (equal points, or one of the products was the all-zero infinity),
 * and failure if it gave z = 0 with r != 0 (the sum is infinity).
 */
static uint32_t
api_muladd(unsigned char *A, const unsigned char *B, size_t len,
    const unsigned char *x, size_t xlen,
    const unsigned char *y, size_t ylen, int curve)
{
	p256_jac P, Q;
	unsigned char k[32];
	uint64_t r, t, z;

	(void)curve;
	if (len != 65)
		return 0;
	r = p_decode(&P, A);
	sc_load(k, x, xlen);
	p_mul(&P, k);
	sc_load(k, y, ylen);
	if (B == NULL) {
		p_mulgen(&Q, k);
	} else {
		r &= p_decode(&Q, B);
		p_mul(&Q, k);
	}
	t = p_add(&P, &Q, 0);
	z = f_iszero(P.z);
	p_double(&Q);
	p_cmove(z & (t ^ 1), &P, &Q);
	p_to_affine(&P);
	p_encode(A, &P);
	r &= (z & t) ^ 1;
	return (uint32_t)r;
}

/* see ec_p256_m64.h */
const br_ec_impl ec_p256_m64 = {
	(uint32_t)1 << BR_EC_secp256r1,
	&api_generator,
	&api_order,
	&api_xoff,
	&api_mul,
	&api_mulgen,
	&api_muladd
};

/*
 * ec_all_fast: br_ec_all_m31's dispatch (Curve25519 to c25519_m31, any
 * other curve to prime_i31) with P-256 here.  It names those two rather
 * than br_ec_all_m31 itself, so that a binary which does not otherwise
 * use br_ec_all_m31 does not link BearSSL's P-256 code (8 KiB).
 */
static const br_ec_impl *
all_pick(int curve)
{
	switch (curve) {
	case BR_EC_secp256r1:
		return &ec_p256_m64;
	case BR_EC_curve25519:
		return &br_ec_c25519_m31;
	default:
		return &br_ec_prime_i31;
	}
}

static const unsigned char *
all_generator(int curve, size_t *len)
{
	return all_pick(curve)->generator(curve, len);
}

static const unsigned char *
all_order(int curve, size_t *len)
{
	return all_pick(curve)->order(curve, len);
}

static size_t
all_xoff(int curve, size_t *len)
{
	return all_pick(curve)->xoff(curve, len);
}

static uint32_t
all_mul(unsigned char *G, size_t Glen,
    const unsigned char *x, size_t xlen, int curve)
{
	return all_pick(curve)->mul(G, Glen, x, xlen, curve);
}

static size_t
all_mulgen(unsigned char *R,
    const unsigned char *x, size_t xlen, int curve)
{
	return all_pick(curve)->mulgen(R, x, xlen, curve);
}

static uint32_t
all_muladd(unsigned char *A, const unsigned char *B, size_t len,
    const unsigned char *x, size_t xlen,
    const unsigned char *y, size_t ylen, int curve)
{
	return all_pick(curve)->muladd(A, B, len, x, xlen, y, ylen, curve);
}

/*
 * see ec_p256_m64.h; the mask is br_ec_all_m31's (P-256, P-384, P-521,
 * Curve25519): it is not a constant expression there, the tests compare.
 */
const br_ec_impl ec_all_fast = {
	((uint32_t)1 << BR_EC_secp256r1) | ((uint32_t)1 << BR_EC_secp384r1)
	    | ((uint32_t)1 << BR_EC_secp521r1)
	    | ((uint32_t)1 << BR_EC_curve25519),
	&all_generator,
	&all_order,
	&all_xoff,
	&all_mul,
	&all_mulgen,
	&all_muladd
};

#endif /* __SIZEOF_INT128__ */
