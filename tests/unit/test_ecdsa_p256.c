/*
 * test_ecdsa_p256: differential tests of ecdsa_p256_vrfy_asn1_fast
 * against BearSSL's br_ecdsa_i31_vrfy_asn1 on deterministic
 * pseudo-random cases: valid signatures (P-256 and P-384 keys, hashes of
 * 0 to 64 bytes), tampered hash/signature/key, special r and s values,
 * and malformed DER.  Every result must equal BearSSL's, except where
 * we are stricter on purpose (r = 0, and non-DER encodings, which
 * BearSSL's br_ecdsa_asn1_to_raw partly accepts and we refuse).
 * test_strict_der then builds each non-DER form by hand.
 */
#include <stdint.h>
#include <string.h>

#include "bearssl.h"
#include "ec_p256_m64.h"
#include "ecdsa_p256.h"
#include "t.h"

#define NKEYS	200
#define SIGMAX	160

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

static void
rnd_bytes(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)rnd();
}

static const unsigned char P256_N[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84,
	0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51
};

static int ncases, nvalid, nagree1, nquirk;

/*
 * Set while diff() checks r = 0 against a hash equal to 0 mod n: there
 * BearSSL 0.6 accepts (muladd gives its all-zero "infinity" encoding for
 * 0*Q + 0*G, whose X is 0 = r) for any s; we reject r = 0 as ECDSA says.
 */
static int quirk_r0;

/*
 * Set while diff() runs der_variants' inputs, none of which is DER:
 * where BearSSL accepts one (a BER form of a valid signature) we must
 * refuse it.  nlax counts those.
 */
static int nonder, nlax;

/* Compare both verifiers on one case, for a few br_ec_impl. */
static void
diff(const void *hash, size_t hlen, const br_ec_public_key *pk,
    const void *sig, size_t slen, const char *what)
{
	static const br_ec_impl *const impls[] = {
		&ec_all_fast, &br_ec_all_m31, &br_ec_p256_m31, &ec_p256_m64,
		&br_ec_c25519_m31
	};
	uint32_t want, got;
	size_t k, nimp;

	nimp = (ncases % 16 == 0) ? 5 : 1;
	for (k = 0; k < nimp; k++) {
		want = br_ecdsa_i31_vrfy_asn1(impls[k], hash, hlen, pk,
		    sig, slen);
		got = ecdsa_p256_vrfy_asn1_fast(impls[k], hash, hlen, pk,
		    sig, slen);
		if (quirk_r0 && want == 1) {
			nquirk++;
			want = 0;
		}
		if (nonder && want == 1) {
			nlax++;
			want = 0;
		}
		T_OK(got == want, "%s (case %d, impl %zu, hlen %zu, "
		    "slen %zu): got %u, want %u", what, ncases, k, hlen,
		    slen, (unsigned)got, (unsigned)want);
		if (got == 1 && want == 1)
			nagree1++;
	}
	ncases++;
}

/* Append a DER INTEGER holding the unsigned big-endian v[0..len). */
static size_t
der_int(unsigned char *d, const unsigned char *v, size_t len)
{
	size_t o;

	while (len > 1 && v[0] == 0) {
		v++;
		len--;
	}
	o = 0;
	d[o++] = 0x02;
	if (len > 0 && (v[0] & 0x80) != 0) {
		d[o++] = (unsigned char)(len + 1);
		d[o++] = 0;
	} else {
		d[o++] = (unsigned char)len;
	}
	memcpy(d + o, v, len);
	return o + len;
}

/* DER signature from unsigned r and s; returns its length. */
static size_t
der_sig(unsigned char *d, const unsigned char *r, size_t rlen,
    const unsigned char *s, size_t slen)
{
	unsigned char tmp[SIGMAX];
	size_t n;

	n = der_int(tmp, r, rlen);
	n += der_int(tmp + n, s, slen);
	d[0] = 0x30;
	d[1] = (unsigned char)n;
	memcpy(d + 2, tmp, n);
	return n + 2;
}

/* Split a DER signature made by der_sig/BearSSL into r and s (32 bytes). */
static int
raw_of(unsigned char *r, unsigned char *s, const unsigned char *sig,
    size_t slen, size_t flen)
{
	unsigned char tmp[SIGMAX];
	size_t n;

	if (slen > sizeof tmp)
		return -1;
	memcpy(tmp, sig, slen);
	n = br_ecdsa_asn1_to_raw(tmp, slen);
	if (n == 0 || n > 2 * flen)
		return -1;
	memset(r, 0, flen);
	memset(s, 0, flen);
	memcpy(r + flen - n / 2, tmp, n / 2);
	memcpy(s + flen - n / 2, tmp + n / 2, n / 2);
	return 0;
}

/* Special scalar values for r and s: 0, 1, n-1, n, n+1, 2^256-1, random. */
static void
special(unsigned char *v, int which, const unsigned char *orig)
{
	int i;

	switch (which) {
	case 0:
		memset(v, 0, 32);
		break;
	case 1:
		memset(v, 0, 32);
		v[31] = 1;
		break;
	case 2:
		memcpy(v, P256_N, 32);
		v[31]--;
		break;
	case 3:
		memcpy(v, P256_N, 32);
		break;
	case 4:
		memcpy(v, P256_N, 32);
		v[31]++;
		break;
	case 5:
		memset(v, 0xFF, 32);
		break;
	case 6:
		/* orig + n (> n, same residue) */
		{
			unsigned c = 0;

			for (i = 31; i >= 0; i--) {
				c += (unsigned)orig[i] + P256_N[i];
				v[i] = (unsigned char)c;
				c >>= 8;
			}
		}
		break;
	default:
		rnd_bytes(v, 32);
		break;
	}
}

/* Malformed/variant DER built from a valid one (sig, slen). */
static void
der_variants(const void *hash, size_t hlen, const br_ec_public_key *pk,
    const unsigned char *sig, size_t slen, const unsigned char *r,
    const unsigned char *s, size_t flen)
{
	unsigned char b[2 * SIGMAX], tmp[SIGMAX];
	size_t n, k, rl;

	nonder = 1;
	/* truncations and extra bytes */
	for (k = 0; k < slen; k += 1 + rnd() % 5)
		diff(hash, hlen, pk, sig, k, "truncated");
	memcpy(b, sig, slen);
	b[slen] = 0;
	diff(hash, hlen, pk, b, slen + 1, "trailing byte");
	b[1]++;
	diff(hash, hlen, pk, b, slen + 1, "trailing byte, seq len+1");
	/* wrong tags */
	for (k = 0; k < 4; k++) {
		memcpy(b, sig, slen);
		b[k == 0 ? 0 : k == 1 ? 2 : k == 2 ? 4 + b[3] : 1] ^=
		    (unsigned char)(1 + rnd() % 255);
		diff(hash, hlen, pk, b, slen, "tag/length byte");
	}
	/* long-form SEQUENCE length (0x81, 0x82) */
	b[0] = 0x30;
	b[1] = 0x81;
	memcpy(b + 2, sig + 1, slen - 1);
	diff(hash, hlen, pk, b, slen + 1, "seq 0x81 length");
	b[1] = 0x82;
	b[2] = 0;
	memcpy(b + 3, sig + 1, slen - 1);
	diff(hash, hlen, pk, b, slen + 2, "seq 0x82 length");
	/* non-minimal integers: extra leading zero bytes on r and s */
	n = 0;
	tmp[n++] = 0x02;
	tmp[n++] = (unsigned char)(flen + 3);
	memset(tmp + n, 0, 3);
	memcpy(tmp + n + 3, r, flen);
	n += flen + 3;
	tmp[n++] = 0x02;
	rl = 1 + rnd() % 4;
	tmp[n++] = (unsigned char)(flen + rl);
	memset(tmp + n, 0, rl);
	memcpy(tmp + n + rl, s, flen);
	n += flen + rl;
	b[0] = 0x30;
	b[1] = (unsigned char)n;
	memcpy(b + 2, tmp, n);
	diff(hash, hlen, pk, b, n + 2, "leading zeros");
	/* negative integers: drop the 0x00 sign byte */
	n = der_sig(b, r, flen, s, flen);
	if (b[3] > flen && b[4] == 0) {
		memmove(b + 4, b + 5, n - 5);
		b[3]--;
		b[1]--;
		diff(hash, hlen, pk, b, n - 1, "negative r");
	}
	/* integer length >= 0x80 */
	memcpy(b, sig, slen);
	b[3] |= 0x80;
	diff(hash, hlen, pk, b, slen, "long int length");
	/* empty integers */
	b[0] = 0x30; b[1] = 6; b[2] = 2; b[3] = 0; b[4] = 2; b[5] = 0;
	b[6] = 0; b[7] = 0;
	diff(hash, hlen, pk, b, 6, "empty ints");
	b[1] = 6; b[3] = 0; b[4] = 2; b[5] = 2;
	diff(hash, hlen, pk, b, 8, "empty r");
	/* random garbage with a valid header */
	rnd_bytes(b, 80);
	b[0] = 0x30;
	b[1] = 70;
	b[2] = 2;
	b[3] = 33;
	b[37] = 2;
	b[38] = 33;
	diff(hash, hlen, pk, b, 72, "garbage");
	/* oversized: more than 144 bytes */
	memset(b, 0, 200);
	b[0] = 0x30; b[1] = 0x81; b[2] = 150; b[3] = 2; b[4] = 72;
	memcpy(b + 5 + 72 - flen, r, flen);
	b[77] = 2; b[78] = 74;
	memcpy(b + 79 + 74 - flen, s, flen);
	diff(hash, hlen, pk, b, 153, "oversized");
	b[2] = 140; b[4] = 70; b[75] = 2; b[76] = 66;
	memset(b + 5, 0, 140);
	memcpy(b + 5 + 70 - flen, r, flen);
	memcpy(b + 77 + 66 - flen, s, flen);
	diff(hash, hlen, pk, b, 143, "long zero-padded ints");
	nonder = 0;
}

static const br_hash_class *const hashes[] = {
	&br_md5_vtable, &br_sha1_vtable, &br_sha224_vtable,
	&br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable
};

/*
 * A key pair on curve (P-256 or P-384) from the private scalar skb
 * (field length bytes, less than the order), into sk and pk (pub holds
 * the point).  Returns the BearSSL implementation to sign with, or
 * NULL (failure logged).
 */
static const br_ec_impl *
mk_key(int curve, unsigned char *skb, unsigned char *pub,
    br_ec_private_key *sk, br_ec_public_key *pk)
{
	const br_ec_impl *signer;

	signer = curve == BR_EC_secp256r1 ? &br_ec_p256_m31 : &br_ec_prime_i31;
	sk->curve = curve;
	sk->x = skb;
	sk->xlen = curve == BR_EC_secp256r1 ? 32 : 48;
	if (br_ec_compute_pub(signer, pk, pub, sk) == 0) {
		T_OK(0, "compute_pub failed");
		return NULL;
	}
	return signer;
}

static void
one_key(int i)
{
	unsigned char skb[66], pub[BR_EC_KBUF_PUB_MAX_SIZE], pub2[160];
	unsigned char hash[64], h2[64], sig[SIGMAX], b[SIGMAX];
	unsigned char r[66], s[66], v[66];
	br_ec_private_key sk;
	br_ec_public_key pk, pk2;
	const br_hash_class *hf;
	const br_ec_impl *signer;
	size_t slen, hlen, flen, k, n;
	uint32_t ok;
	int curve, j, ezero;

	curve = (i % 10 == 9) ? BR_EC_secp384r1 : BR_EC_secp256r1;
	flen = curve == BR_EC_secp256r1 ? 32 : 48;
	rnd_bytes(skb, flen);
	skb[0] &= 0x7F;
	skb[flen - 1] |= 1;
	if ((signer = mk_key(curve, skb, pub, &sk, &pk)) == NULL)
		return;
	hf = hashes[i % 6];
	hlen = (hf->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
	rnd_bytes(hash, hlen);
	if (i % 23 == 0)
		memset(hash, 0xFF, hlen);
	else if (i % 23 == 1 && hlen >= 32)
		memcpy(hash, P256_N, 32);
	else if (i % 23 == 2)
		memset(hash, 0, hlen);
	slen = br_ecdsa_i31_sign_asn1(signer, hf, hash, &sk, sig);
	if (slen == 0 || raw_of(r, s, sig, slen, flen) != 0) {
		T_OK(0, "sign failed");
		return;
	}
	/* e = 0 mod n: BearSSL's muladd gives 0*G as "infinity", rejects */
	ezero = 1;
	for (k = 0; k < hlen && k < 32; k++)
		ezero &= hash[k] == 0;
	if (hlen >= 32 && curve == BR_EC_secp256r1 &&
	    memcmp(hash, P256_N, 32) == 0)
		ezero = 1;
	ok = br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, hash, hlen, &pk,
	    sig, slen);
	T_EQ_INT(ok, !ezero, "reference accepts a valid signature");
	n = (size_t)nagree1;
	diff(hash, hlen, &pk, sig, slen, "valid");
	T_OK((size_t)nagree1 > n || ezero,
	    "valid signature accepted (case %d)", ncases - 1);
	nvalid++;

	/* tampered hash: bit flip, other lengths */
	memcpy(h2, hash, hlen);
	h2[rnd() % hlen] ^= (unsigned char)(1 << (rnd() % 8));
	diff(h2, hlen, &pk, sig, slen, "hash bit flip");
	for (k = 0; k < 3; k++) {
		size_t l = rnd() % 65;

		memcpy(h2, hash, hlen);
		if (l > hlen)
			rnd_bytes(h2 + hlen, l - hlen);
		diff(h2, l, &pk, sig, slen, "hash length");
	}
	/* long hash: extra bytes beyond 256 bits must not matter */
	if (hlen > 32) {
		memcpy(h2, hash, hlen);
		h2[hlen - 1] ^= 1;
		diff(h2, hlen, &pk, sig, slen, "hash tail change");
	}
	/* tampered signature bytes */
	for (k = 0; k < 3; k++) {
		memcpy(b, sig, slen);
		b[rnd() % slen] ^= (unsigned char)(1 << (rnd() % 8));
		diff(hash, hlen, &pk, b, slen, "sig bit flip");
	}
	/* tampered key: coordinate bit, prefix byte, length, curve id */
	memcpy(pub2, pub, pk.qlen);
	pk2 = pk;
	pk2.q = pub2;
	pub2[1 + rnd() % (pk.qlen - 1)] ^= (unsigned char)(1 << (rnd() % 8));
	diff(hash, hlen, &pk2, sig, slen, "key bit flip");
	memcpy(pub2, pub, pk.qlen);
	pub2[0] = (unsigned char)(i % 3 == 0 ? 0x02 : i % 3 == 1 ? 0x00 : 0x05);
	diff(hash, hlen, &pk2, sig, slen, "key prefix");
	memcpy(pub2, pub, pk.qlen);
	pk2.qlen = pk.qlen - 1;
	diff(hash, hlen, &pk2, sig, slen, "key short");
	pk2.qlen = pk.qlen + 1;
	pub2[pk.qlen] = 0;
	diff(hash, hlen, &pk2, sig, slen, "key long");
	pk2.qlen = pk.qlen;
	pk2.curve = (i % 2) ? BR_EC_secp521r1 : BR_EC_curve25519;
	diff(hash, hlen, &pk2, sig, slen, "key curve id");
	pk2.curve = curve == BR_EC_secp256r1 ? BR_EC_secp384r1
	    : BR_EC_secp256r1;
	diff(hash, hlen, &pk2, sig, slen, "other curve");
	/* valid (r, s) re-encoded (leading zeros stripped) */
	n = der_sig(b, r, flen, s, flen);
	diff(hash, hlen, &pk, b, n, "re-encoded");
	/* (r, n - s) is also valid for ECDSA */
	if (curve == BR_EC_secp256r1) {
		unsigned c = 0;

		for (j = 31; j >= 0; j--) {
			c = (unsigned)P256_N[j] - s[j] - c;
			v[j] = (unsigned char)c;
			c = (c >> 8) & 1;
		}
		n = der_sig(b, r, 32, v, 32);
		diff(hash, hlen, &pk, b, n, "r, n - s");
		/* special r and s */
		for (j = 0; j < 8; j++) {
			special(v, j, r);
			n = der_sig(b, v, 32, s, 32);
			quirk_r0 = j == 0 && ezero;
			diff(hash, hlen, &pk, b, n, "special r");
			quirk_r0 = 0;
			special(v, j, s);
			n = der_sig(b, r, 32, v, 32);
			diff(hash, hlen, &pk, b, n, "special s");
			/* r + n in 33 bytes: reduced value is valid, must fail */
			if (j == 6) {
				unsigned char w[33];

				special(v, 6, r);
				w[0] = (unsigned char)((r[0] + P256_N[0] +
				    (((unsigned)r[1] + P256_N[1]) >> 8)) >> 8);
				memcpy(w + 1, v, 32);
				n = der_sig(b, w, 33, s, 32);
				diff(hash, hlen, &pk, b, n, "r + n");
			}
		}
	}
	if (i % 4 == 0)
		der_variants(hash, hlen, &pk, sig, slen, r, s, flen);
}

/*
 * One hand-built encoding of a signature from its DER form: lengths in
 * long form 0x81 (SEQUENCE, r), extra zero bytes before r and s, r
 * without its sign byte, zero bytes after s inside the SEQUENCE and
 * after it, then one byte at set_at (when >= 0) overwritten with set.
 * lax: BearSSL 0.6's parser takes it.
 */
static const struct form {
	const char	*what;
	int		 lax;
	int		 seq_lf, int_lf, rpad, spad, nosign, trail_in, trail;
	int		 set_at, set;
} forms[] = {
	{ "SEQUENCE length 0x81 below 128", 1, 1, 0, 0, 0, 0, 0, 0, -1, 0 },
	{ "INTEGER length 0x81 below 128", 0, 0, 1, 0, 0, 0, 0, 0, -1, 0 },
	{ "extra leading zero in r", 1, 0, 0, 1, 0, 0, 0, 0, -1, 0 },
	{ "extra leading zero in s", 1, 0, 0, 0, 1, 0, 0, 0, -1, 0 },
	{ "two extra leading zeros in r and s", 1, 0, 0, 2, 2, 0, 0, 0, -1,
	    0 },
	{ "missing zero byte: negative r", 1, 0, 0, 0, 0, 1, 0, 0, -1, 0 },
	{ "0x81 length and leading zeros", 1, 1, 0, 1, 1, 0, 0, 0, -1, 0 },
	{ "trailing byte after the SEQUENCE", 0, 0, 0, 0, 0, 0, 0, 1, -1, 0 },
	{ "trailing byte inside the SEQUENCE", 0, 0, 0, 0, 0, 0, 1, 0, -1,
	    0 },
	{ "indefinite SEQUENCE length", 0, 0, 0, 0, 0, 0, 0, 2, 1, 0x80 },
	{ "SET tag", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x31 },
	{ "OCTET STRING for r", 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x04 },
};

/* Append tag, a length (long form 0x81 when lf) and v[n] at d[*o]. */
static void
put_tlv(unsigned char *d, size_t *o, int tag, int lf, const unsigned char *v,
    size_t n)
{
	d[(*o)++] = (unsigned char)tag;
	if (lf)
		d[(*o)++] = 0x81;
	d[(*o)++] = (unsigned char)n;
	memcpy(d + *o, v, n);
	*o += n;
}

/*
 * An INTEGER body for the unsigned v[len] (no leading zeros in v):
 * pad extra zero bytes, and the sign byte unless nosign.
 */
static size_t
int_body(unsigned char *d, const unsigned char *v, size_t len, int pad,
    int nosign)
{
	size_t o = 0;

	while (pad-- > 0)
		d[o++] = 0;
	if (!nosign && (v[0] & 0x80) != 0)
		d[o++] = 0;
	memcpy(d + o, v, len);
	return o + len;
}

/*
 * Build signature f from r, s (flen bytes each, top bits set) into d;
 * f NULL gives the DER form.  Returns the length.
 */
static size_t
mk_form(unsigned char *d, const unsigned char *r, const unsigned char *s,
    size_t flen, const struct form *f)
{
	static const struct form der = { "DER", 1, 0, 0, 0, 0, 0, 0, 0, -1,
	    0 };
	unsigned char body[SIGMAX], v[80];
	size_t o = 0, n;
	int k;

	if (f == NULL)
		f = &der;
	n = int_body(v, r, flen, f->rpad, f->nosign);
	put_tlv(body, &o, 0x02, f->int_lf, v, n);
	n = int_body(v, s, flen, f->spad, 0);
	put_tlv(body, &o, 0x02, 0, v, n);
	for (k = 0; k < f->trail_in; k++)
		body[o++] = 0;
	n = 0;
	put_tlv(d, &n, 0x30, f->seq_lf, body, o);
	for (k = 0; k < f->trail; k++)
		d[n++] = 0;
	if (f->set_at >= 0)
		d[f->set_at] = (unsigned char)f->set;
	return n;
}

/*
 * Each non-DER form of one valid signature, for a P-256 key (our code)
 * and a P-384 key (BearSSL's, behind our check): refused, where
 * BearSSL 0.6 alone takes the lax ones.
 */
static void
test_strict_der(int curve)
{
	unsigned char skb[48], pub[BR_EC_KBUF_PUB_MAX_SIZE];
	unsigned char hash[32], sig[SIGMAX], r[48], s[48];
	br_ec_private_key sk;
	br_ec_public_key pk;
	const br_ec_impl *signer, *impl;
	size_t flen, slen, i;
	uint32_t tries, want, got;
	br_sha256_context h;
	char what[128];

	flen = curve == BR_EC_secp256r1 ? 32 : 48;
	impl = curve == BR_EC_secp256r1 ? &ec_p256_m64 : &ec_all_fast;
	memset(skb, 0x5a, flen);
	if ((signer = mk_key(curve, skb, pub, &sk, &pk)) == NULL)
		return;
	/* A signature whose r and s both have the top bit set. */
	for (tries = 0; tries < 200; tries++) {
		br_sha256_init(&h);
		br_sha256_update(&h, &tries, sizeof tries);
		br_sha256_out(&h, hash);
		slen = br_ecdsa_i31_sign_asn1(signer, &br_sha256_vtable, hash,
		    &sk, sig);
		if (slen != 0 && raw_of(r, s, sig, slen, flen) == 0 &&
		    (r[0] & 0x80) != 0 && (s[0] & 0x80) != 0)
			break;
	}
	T_OK(tries < 200, "no signature with high r and s");

	/* The DER form itself is taken by both. */
	slen = mk_form(sig, r, s, flen, NULL);
	snprintf(what, sizeof what, "P-%d DER accepted", (int)flen * 8);
	T_EQ_INT(ecdsa_p256_vrfy_asn1_fast(impl, hash, 32, &pk, sig, slen),
	    1, what);
	T_EQ_INT(br_ecdsa_i31_vrfy_asn1(impl, hash, 32, &pk, sig, slen), 1,
	    what);
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		slen = mk_form(sig, r, s, flen, &forms[i]);
		want = (uint32_t)forms[i].lax;
		got = br_ecdsa_i31_vrfy_asn1(impl, hash, 32, &pk, sig, slen);
		snprintf(what, sizeof what, "P-%d %s: BearSSL's parser %s",
		    (int)flen * 8, forms[i].what, want ? "takes it" :
		    "refuses");
		T_EQ_INT(got, want, what);
		snprintf(what, sizeof what, "P-%d %s: refused", (int)flen * 8,
		    forms[i].what);
		T_EQ_INT(ecdsa_p256_vrfy_asn1_fast(impl, hash, 32, &pk, sig,
		    slen), 0, what);
	}
	/* A zero INTEGER is DER (and then r = 0 is refused). */
	memcpy(sig, "\x30\x06\x02\x01\x00\x02\x01\x01", 8);
	T_EQ_INT(ecdsa_p256_vrfy_asn1_fast(impl, hash, 32, &pk, sig, 8), 0,
	    "r = 0");
}

int
main(void)
{
	static const unsigned char h[32] = { 1, 2, 3 };
	static const unsigned char q[65] = { 4 };
	br_ec_public_key pk;
	int i;

	for (i = 0; i < NKEYS; i++)
		one_key(i);

	/* all-zero key point, NULL-ish inputs */
	pk.curve = BR_EC_secp256r1;
	pk.q = (unsigned char *)q;
	pk.qlen = sizeof q;
	diff(h, sizeof h, &pk, "\x30\x06\x02\x01\x01\x02\x01\x01", 8,
	    "zero key");
	diff(h, 0, &pk, "\x30\x06\x02\x01\x01\x02\x01\x01", 8, "empty hash");
	diff(h, sizeof h, &pk, "", 0, "empty sig");

	test_strict_der(BR_EC_secp256r1);
	test_strict_der(BR_EC_secp384r1);

	T_EQ_INT(nvalid, NKEYS, "valid signatures made");
	T_OK(nlax > 0, "BER forms BearSSL takes, refused (%d)", nlax);
	T_OK(nquirk > 0, "r = 0 with e = 0 seen (%d)", nquirk);
	T_OK(ncases > 8000, "case count %d", ncases);
	printf("ecdsa_p256: %d cases, %d valid keys, %d accepted by both, "
	    "%d r=0/e=0 rejected (BearSSL accepts), %d BER forms rejected "
	    "(BearSSL accepts)\n", ncases, nvalid, nagree1, nquirk, nlax);
	return t_done();
}
