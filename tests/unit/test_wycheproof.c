/*
 * test_wycheproof: the Wycheproof P-256 vectors of tests/fixtures/
 * wycheproof through our code.  argv[1] is the line form written by
 * tests/tools/wycheproof_lines.py (tests/run.sh makes it).
 *
 *   ECDSA (SHA-256 and SHA-512, DER signatures): msg is hashed with
 *   BearSSL's SHA-256/SHA-512, then ecdsa_p256_vrfy_asn1_fast checks
 *   the signature, once with ec_p256_m64 and once with ec_all_fast.
 *   valid must give 1, invalid 0, with both.
 *   ECDH: the shared secret is the X coordinate of private * public
 *   through ec_p256_m64's mul() and ec_all_fast's; valid must give 1
 *   and that X, invalid must give 0.
 *
 * "acceptable" cases are decided here, not left open: we must refuse
 * them.  In these files there is one, ECDH tcId 2, a compressed public
 * point; our curve code takes only uncompressed points (RFC 8422
 * deprecated the compressed formats in TLS, and BearSSL offers none),
 * so mul() returns 0 for it, as for the invalid compressed points.
 * The ECDSA files hold no acceptable case; one would have to be
 * refused too (we take strict DER and nothing weaker).
 *
 * Prints the counts per file and fails on any wrong case and on a file
 * whose case count differs from its numberOfTests or from the table
 * below (the fixture files are pinned in SOURCES.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bearssl.h"

#include "ec_p256_m64.h"
#include "ecdsa_p256.h"
#include "t.h"

#define WP_LINE_MAX	32768	/* longest line: an 8344-digit signature */
#define WP_BYTES_MAX	(WP_LINE_MAX / 2)
#define WP_FIELDS	8

enum wp_result { WP_VALID, WP_INVALID, WP_ACCEPTABLE };

static const struct {
	const char	*name;
	int		 total;		/* numberOfTests of the pinned file */
} wp_files[] = {
	{ "ecdsa_secp256r1_sha256_test.json", 484 },
	{ "ecdsa_secp256r1_sha512_test.json", 554 },
	{ "ecdh_secp256r1_ecpoint_test.json", 355 },
};
#define WP_NFILES	(sizeof wp_files / sizeof wp_files[0])

/* Counts for one file. */
struct wp_count {
	int	 declared;	/* numberOfTests from its F line */
	int	 cases;
	int	 valid, valid_ok;
	int	 invalid, invalid_ok;
	int	 acceptable, acceptable_refused;
	int	 bearssl_lax;	/* invalid ECDSA cases BearSSL alone takes */
};

/* Decode hex s ("-" is empty) into out[cap]; returns the length or -1. */
static long
wp_hex(const char *s, unsigned char *out, size_t cap)
{
	size_t n, i;
	unsigned v;

	if (strcmp(s, "-") == 0)
		return 0;
	n = strlen(s);
	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return (long)(n / 2);
}

static int
wp_result(const char *s)
{
	if (strcmp(s, "valid") == 0)
		return WP_VALID;
	if (strcmp(s, "invalid") == 0)
		return WP_INVALID;
	if (strcmp(s, "acceptable") == 0)
		return WP_ACCEPTABLE;
	return -1;
}

/*
 * Count one case: res is the expected result, accepted what our code
 * did, right whether that is what we want (valid: accepted with the
 * right output; otherwise refused).
 */
static void
wp_book(struct wp_count *c, int res, int accepted, int right,
    const char *file, const char *id, const char *flags)
{
	c->cases++;
	switch (res) {
	case WP_VALID:
		c->valid++;
		c->valid_ok += right;
		break;
	case WP_INVALID:
		c->invalid++;
		c->invalid_ok += right;
		break;
	default:
		c->acceptable++;
		c->acceptable_refused += !accepted;
		break;
	}
	T_OK(right, "%s tcId %s (%s): %s, want %s", file, id, flags,
	    accepted ? "accepted" : "refused",
	    res == WP_VALID ? "accepted" : "refused");
}

/* S tcId sha result pub msg sig flags */
static void
wp_ecdsa(struct wp_count *c, char **f, const char *file)
{
	static const br_ec_impl *const impls[] = {
		&ec_p256_m64, &ec_all_fast
	};
	static unsigned char pub[WP_BYTES_MAX], msg[WP_BYTES_MAX];
	static unsigned char sig[WP_BYTES_MAX];
	unsigned char hash[64];
	br_sha256_context h256;
	br_sha512_context h512;
	br_ec_public_key pk;
	long pl, ml, sl;
	size_t hl, k;
	int res, acc[2], want;

	res = wp_result(f[3]);
	pl = wp_hex(f[4], pub, sizeof pub);
	ml = wp_hex(f[5], msg, sizeof msg);
	sl = wp_hex(f[6], sig, sizeof sig);
	if (res == -1 || pl != 65 || ml < 0 || sl < 0) {
		T_OK(0, "%s tcId %s: bad line", file, f[1]);
		return;
	}
	if (strcmp(f[2], "256") == 0) {
		br_sha256_init(&h256);
		br_sha256_update(&h256, msg, (size_t)ml);
		br_sha256_out(&h256, hash);
		hl = 32;
	} else if (strcmp(f[2], "512") == 0) {
		br_sha512_init(&h512);
		br_sha512_update(&h512, msg, (size_t)ml);
		br_sha512_out(&h512, hash);
		hl = 64;
	} else {
		T_OK(0, "%s tcId %s: hash %s", file, f[1], f[2]);
		return;
	}
	pk.curve = BR_EC_secp256r1;
	pk.q = pub;
	pk.qlen = (size_t)pl;
	for (k = 0; k < 2; k++)
		acc[k] = ecdsa_p256_vrfy_asn1_fast(impls[k], hash, hl, &pk,
		    sig, (size_t)sl) == 1;
	if (acc[0] != acc[1])
		T_OK(0, "%s tcId %s: m64 %d, ec_all_fast %d", file, f[1],
		    acc[0], acc[1]);
	want = res == WP_VALID;
	wp_book(c, res, acc[0] | acc[1], acc[0] == want && acc[1] == want,
	    file, f[1], f[7]);
	/* For the report: what BearSSL's own lax parser would do. */
	if (res == WP_INVALID && br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, hash,
	    hl, &pk, sig, (size_t)sl) == 1)
		c->bearssl_lax++;
}

/* D tcId result public private shared flags */
static void
wp_ecdh(struct wp_count *c, char **f, const char *file)
{
	static const br_ec_impl *const impls[] = {
		&ec_p256_m64, &ec_all_fast
	};
	unsigned char pub[256], pt[256], priv[64], shared[64];
	long pl, kl, xl;
	size_t k, xoff, xlen;
	int res, right = 1, acc = 0, ok;

	res = wp_result(f[2]);
	pl = wp_hex(f[3], pub, sizeof pub);
	kl = wp_hex(f[4], priv, sizeof priv);
	xl = wp_hex(f[5], shared, sizeof shared);
	if (res == -1 || pl < 0 || kl <= 0 || xl < 0) {
		T_OK(0, "%s tcId %s: bad line", file, f[1]);
		return;
	}
	for (k = 0; k < 2; k++) {
		memcpy(pt, pub, (size_t)pl);
		ok = impls[k]->mul(pt, (size_t)pl, priv, (size_t)kl,
		    BR_EC_secp256r1) == 1;
		acc |= ok;
		if (res == WP_VALID) {
			xoff = impls[k]->xoff(BR_EC_secp256r1, &xlen);
			if (!ok || xlen != (size_t)xl ||
			    memcmp(pt + xoff, shared, xlen) != 0)
				right = 0;
		} else if (ok)
			right = 0;
	}
	wp_book(c, res, acc, right, file, f[1], f[6]);
}

/* Split line into at most WP_FIELDS blank-separated fields. */
static int
wp_split(char *line, char **f)
{
	char *save, *t;
	int n = 0;

	for (t = strtok_r(line, " \n", &save); t != NULL && n < WP_FIELDS;
	    t = strtok_r(NULL, " \n", &save))
		f[n++] = t;
	return t == NULL ? n : -1;
}

int
main(int argc, char *argv[])
{
	static char line[WP_LINE_MAX];
	static struct wp_count cnt[WP_NFILES];
	struct wp_count *c = NULL;
	const char *file = NULL;
	char *f[WP_FIELDS];
	size_t i, cur = 0;
	FILE *fp;
	int n;

	if (argc != 2 || (fp = fopen(argv[1], "r")) == NULL) {
		printf("usage: test_wycheproof LINES (from "
		    "tests/tools/wycheproof_lines.py)\n");
		T_OK(0, "no vectors");
		return t_done();
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strchr(line, '\n') == NULL) {
			T_OK(0, "line too long");
			break;
		}
		n = wp_split(line, f);
		if (n == 3 && strcmp(f[0], "F") == 0) {
			for (cur = 0; cur < WP_NFILES; cur++)
				if (strcmp(f[1], wp_files[cur].name) == 0)
					break;
			if (cur == WP_NFILES) {
				T_OK(0, "unknown file %s", f[1]);
				break;
			}
			file = wp_files[cur].name;
			c = &cnt[cur];
			c->declared = atoi(f[2]);
		} else if (c != NULL && n == 8 && strcmp(f[0], "S") == 0)
			wp_ecdsa(c, f, file);
		else if (c != NULL && n == 7 && strcmp(f[0], "D") == 0)
			wp_ecdh(c, f, file);
		else {
			T_OK(0, "bad line (%d fields)", n);
			break;
		}
	}
	fclose(fp);

	for (i = 0; i < WP_NFILES; i++) {
		c = &cnt[i];
		T_EQ_INT(c->declared, wp_files[i].total, wp_files[i].name);
		T_EQ_INT(c->cases, wp_files[i].total, wp_files[i].name);
		printf("wycheproof %s: %d cases: %d/%d valid accepted, %d/%d "
		    "invalid refused, %d acceptable (%d refused, as decided)",
		    wp_files[i].name, c->cases, c->valid_ok, c->valid,
		    c->invalid_ok, c->invalid, c->acceptable,
		    c->acceptable_refused);
		if (i < 2)
			printf("; BearSSL's own verifier takes %d of the "
			    "invalid", c->bearssl_lax);
		printf("\n");
		T_EQ_INT(c->valid_ok, c->valid, "valid cases accepted");
		T_EQ_INT(c->invalid_ok, c->invalid, "invalid cases refused");
		T_EQ_INT(c->acceptable_refused, c->acceptable,
		    "acceptable cases refused");
	}
	return t_done();
}
