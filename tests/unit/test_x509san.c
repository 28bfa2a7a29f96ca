/*
 * test_x509san: the DER walker over hand-built certificates (always),
 * and over the certificates of tests/tls/mkcerts.sh when their
 * directory is given as argv[1] (tests/run.sh passes build/tls-certs).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bearssl.h"

#include "t.h"
#include "tls.h"
#include "x509san.h"

#define CERT_MAX	4096

/* Append a DER element tag/v[n] at out[*pos]; long form when lenlen > 0. */
static void
put(unsigned char *out, size_t *pos, int tag, const void *v, size_t n,
    int lenlen)
{
	int i;

	out[(*pos)++] = (unsigned char)tag;
	if (lenlen == 0 && n < 0x80)
		out[(*pos)++] = (unsigned char)n;
	else {
		if (lenlen == 0)
			lenlen = n < 0x100 ? 1 : 2;
		out[(*pos)++] = (unsigned char)(0x80 | lenlen);
		for (i = lenlen - 1; i >= 0; i--)
			out[(*pos)++] = (unsigned char)(n >> (8 * i));
	}
	memcpy(out + *pos, v, n);
	*pos += n;
}

/* A Name with one CN. */
static size_t
mkname(unsigned char *out, const char *cn)
{
	static const unsigned char oid_cn[] = { 0x55, 0x04, 0x03 };
	unsigned char atv[300], set[300];
	size_t a = 0, s = 0, n = 0;
	unsigned char tmp[300];
	size_t t = 0;

	put(tmp, &t, 0x06, oid_cn, sizeof oid_cn, 0);
	put(tmp, &t, 0x0c, cn, strlen(cn), 0);
	put(atv, &a, 0x30, tmp, t, 0);
	put(set, &s, 0x31, atv, a, 0);
	put(out, &n, 0x30, set, s, 0);
	return n;
}

struct spec {
	const char	*cn;
	const char	*nb, *na;	/* time strings; tag from length */
	const unsigned char *san;	/* GeneralNames contents, or NULL */
	size_t		 sanlen;
	int		 dup_san;	/* add the SAN extension twice */
	int		 critical;	/* mark it critical */
	int		 noexts;	/* no [3] at all */
};

/*
 * Build a certificate from sp into out, with an extKeyUsage extension
 * of extnValue eku[ekulen] (once, or twice with dup; none when eku is
 * NULL) after the SAN; returns its length.
 */
static size_t
mkcert_eku(unsigned char *out, const struct spec *sp,
    const unsigned char *eku, size_t ekulen, int dup)
{
	static const unsigned char ver[] = { 0x02, 0x01, 0x02 };
	static const unsigned char serial[] = { 0x01, 0x23 };
	static const unsigned char alg[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
	    0xce, 0x3d, 0x04, 0x03, 0x02 };
	static const unsigned char spki_body[] = { 0x30, 0x00, 0x03, 0x02,
	    0x00, 0xaa };
	static const unsigned char oid_san[] = { 0x55, 0x1d, 0x11 };
	static const unsigned char oid_eku[] = { 0x55, 0x1d, 0x25 };
	static const unsigned char oid_bc[] = { 0x55, 0x1d, 0x13 };
	static const unsigned char bc[] = { 0x30, 0x00 };
	static const unsigned char crit[] = { 0xff };
	static const unsigned char sig[] = { 0x00, 0x01 };
	unsigned char tbs[CERT_MAX], tmp[CERT_MAX], ext[CERT_MAX];
	unsigned char exts[CERT_MAX], seq[CERT_MAX], body[CERT_MAX];
	size_t tl = 0, xl = 0, el, sl, bl = 0, n = 0, k, i;
	const char *tm[2];

	put(tbs, &tl, 0xa0, ver, sizeof ver, 0);
	put(tbs, &tl, 0x02, serial, sizeof serial, 0);
	put(tbs, &tl, 0x30, alg, sizeof alg, 0);
	tl += mkname(tbs + tl, "issuer CA");
	tm[0] = sp->nb;
	tm[1] = sp->na;
	k = 0;
	for (i = 0; i < 2; i++)
		put(tmp, &k, strlen(tm[i]) == 13 ? 0x17 : 0x18, tm[i],
		    strlen(tm[i]), 0);
	put(tbs, &tl, 0x30, tmp, k, 0);
	tl += mkname(tbs + tl, sp->cn);
	put(tbs, &tl, 0x30, spki_body, sizeof spki_body, 0);
	if (!sp->noexts) {
		/* basicConstraints first, then the SAN (maybe twice). */
		el = 0;
		put(ext, &el, 0x06, oid_bc, sizeof oid_bc, 0);
		put(ext, &el, 0x04, bc, sizeof bc, 0);
		put(exts, &xl, 0x30, ext, el, 0);
		for (i = 0; sp->san != NULL && i < (sp->dup_san ? 2u : 1u);
		    i++) {
			sl = 0;
			put(seq, &sl, 0x30, sp->san, sp->sanlen, 0);
			el = 0;
			put(ext, &el, 0x06, oid_san, sizeof oid_san, 0);
			if (sp->critical)
				put(ext, &el, 0x01, crit, 1, 0);
			put(ext, &el, 0x04, seq, sl, 0);
			put(exts, &xl, 0x30, ext, el, 0);
		}
		for (i = 0; eku != NULL && i < (dup ? 2u : 1u); i++) {
			el = 0;
			put(ext, &el, 0x06, oid_eku, sizeof oid_eku, 0);
			put(ext, &el, 0x04, eku, ekulen, 0);
			put(exts, &xl, 0x30, ext, el, 0);
		}
		k = 0;
		put(tmp, &k, 0x30, exts, xl, 0);
		put(tbs, &tl, 0xa3, tmp, k, 0);
	}
	put(body, &bl, 0x30, tbs, tl, 0);
	put(body, &bl, 0x30, alg, sizeof alg, 0);
	put(body, &bl, 0x03, sig, sizeof sig, 0);
	put(out, &n, 0x30, body, bl, 0);
	return n;
}

/* Build a certificate from sp into out; returns its length. */
static size_t
mkcert(unsigned char *out, const struct spec *sp)
{
	return mkcert_eku(out, sp, NULL, 0, 0);
}

static const unsigned char ip4[4] = { 127, 0, 0, 1 };
static const unsigned char ip4b[4] = { 10, 0, 0, 5 };
static const unsigned char ip6[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const unsigned char ip6map[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0xff, 0xff, 127, 0, 0, 1 };

/* SAN bodies. */
static const unsigned char san_v4[] = { 0x87, 4, 127, 0, 0, 1 };
static const unsigned char san_v4b[] = { 0x87, 4, 10, 0, 0, 5 };
static const unsigned char san_v6[] = { 0x87, 16, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1 };
static const unsigned char san_map[] = { 0x87, 16, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0xff, 0xff, 127, 0, 0, 1 };
static const unsigned char san_dns_ip[] = { 0x82, 9, '1', '2', '7', '.',
    '0', '.', '0', '.', '1' };
static const unsigned char san_multi[] = { 0x82, 9, 'l', 'o', 'c', 'a',
    'l', 'h', 'o', 's', 't', 0x86, 3, 'u', 'r', 'i',
    0x87, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0x87, 4, 127, 0, 0, 1 };
static const unsigned char san_longlen[] = { 0x87, 0x81, 4, 127, 0, 0, 1 };
static const unsigned char san_trunc[] = { 0x87, 5, 127, 0, 0, 1 };
static const unsigned char san_len5[] = { 0x87, 5, 127, 0, 0, 1, 1 };
static const unsigned char san_indef[] = { 0x87, 0x80, 127, 0, 0, 1 };
static const unsigned char san_len5b[] = { 0x87, 0x85, 0, 0, 0, 0, 4,
    127, 0, 0, 1 };
static const unsigned char san_univ[] = { 0x04, 4, 127, 0, 0, 1 };
static const unsigned char san_ipcons[] = { 0xa7, 4, 127, 0, 0, 1 };
static const unsigned char san_hightag[] = { 0x9f, 0x20, 1, 0 };
static const unsigned char san_dirname[] = { 0xa4, 0x04, 0x30, 0x02,
    0x31, 0x00, 0x87, 4, 127, 0, 0, 1 };

#define S(a)	a, sizeof a

/* Table: SAN shape x address -> expected parse and match. */
static const struct {
	const char	*what;
	struct spec	 sp;
	const unsigned char *ip;
	size_t		 iplen;
	int		 parse;		/* x509san_parse result */
	int		 match;		/* x509san_ip_match result */
} cases[] = {
	{ "IPv4 match", { "x", "250101000000Z", "350101000000Z",
	    S(san_v4), 0, 0, 0 }, ip4, 4, 0, 1 },
	{ "IPv6 match", { "x", "250101000000Z", "350101000000Z",
	    S(san_v6), 0, 0, 0 }, ip6, 16, 0, 1 },
	{ "IPv4 mismatch", { "x", "250101000000Z", "350101000000Z",
	    S(san_v4b), 0, 0, 0 }, ip4, 4, 0, 0 },
	{ "IPv4 vs IPv6 entry", { "x", "250101000000Z", "350101000000Z",
	    S(san_v6), 0, 0, 0 }, ip4, 4, 0, 0 },
	{ "dNSName spelling the IP", { "x", "250101000000Z",
	    "350101000000Z", S(san_dns_ip), 0, 0, 0 }, ip4, 4, 0, 0 },
	{ "CN only", { "127.0.0.1", "250101000000Z", "350101000000Z",
	    NULL, 0, 0, 0, 0 }, ip4, 4, 0, 0 },
	{ "no extensions", { "127.0.0.1", "250101000000Z", "350101000000Z",
	    NULL, 0, 0, 0, 1 }, ip4, 4, 0, 0 },
	{ "mapped entry vs IPv4", { "x", "250101000000Z", "350101000000Z",
	    S(san_map), 0, 0, 0 }, ip4, 4, 0, 0 },
	{ "mapped entry vs mapped", { "x", "250101000000Z",
	    "350101000000Z", S(san_map), 0, 0, 0 }, ip6map, 16, 0, 1 },
	{ "IPv4 entry vs mapped", { "x", "250101000000Z", "350101000000Z",
	    S(san_v4), 0, 0, 0 }, ip6map, 16, 0, 0 },
	{ "several entries", { "x", "250101000000Z", "350101000000Z",
	    S(san_multi), 0, 0, 0 }, ip4, 4, 0, 1 },
	{ "several entries, v6", { "x", "250101000000Z", "350101000000Z",
	    S(san_multi), 0, 0, 0 }, ip6, 16, 0, 1 },
	{ "several entries, miss", { "x", "250101000000Z",
	    "350101000000Z", S(san_multi), 0, 0, 0 }, ip4b, 4, 0, 0 },
	{ "critical SAN", { "x", "250101000000Z", "350101000000Z",
	    S(san_v4), 0, 1, 0 }, ip4, 4, 0, 1 },
	{ "long-form length", { "x", "250101000000Z", "350101000000Z",
	    S(san_longlen), 0, 0, 0 }, ip4, 4, 0, 1 },
	{ "directoryName then IP", { "x", "250101000000Z",
	    "350101000000Z", S(san_dirname), 0, 0, 0 }, ip4, 4, 0, 1 },
	{ "truncated SAN length", { "x", "250101000000Z", "350101000000Z",
	    S(san_trunc), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "iPAddress of 5 bytes", { "x", "250101000000Z", "350101000000Z",
	    S(san_len5), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "indefinite length", { "x", "250101000000Z", "350101000000Z",
	    S(san_indef), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "5-byte length field", { "x", "250101000000Z", "350101000000Z",
	    S(san_len5b), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "universal tag in SAN", { "x", "250101000000Z", "350101000000Z",
	    S(san_univ), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "constructed iPAddress", { "x", "250101000000Z",
	    "350101000000Z", S(san_ipcons), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "high tag number", { "x", "250101000000Z", "350101000000Z",
	    S(san_hightag), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "duplicate SAN", { "x", "250101000000Z", "350101000000Z",
	    S(san_v4), 1, 0, 0 }, ip4, 4, -1, 0 },
	{ "bad month", { "x", "251301000000Z", "350101000000Z",
	    S(san_v4), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "Feb 29 of 2025", { "x", "250229000000Z", "350101000000Z",
	    S(san_v4), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "no Z", { "x", "250101000000+", "350101000000Z",
	    S(san_v4), 0, 0, 0 }, ip4, 4, -1, 0 },
	{ "hour 24", { "x", "250101240000Z", "350101000000Z",
	    S(san_v4), 0, 0, 0 }, ip4, 4, -1, 0 },
};

/* extKeyUsage extnValues. */
#define OID_SERVER	0x06, 8, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01
#define OID_CLIENT	0x06, 8, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02
#define OID_EMAIL	0x06, 8, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04
#define OID_ANY		0x06, 4, 0x55, 0x1d, 0x25, 0x00
static const unsigned char eku_server[] = { 0x30, 10, OID_SERVER };
static const unsigned char eku_client[] = { 0x30, 10, OID_CLIENT };
static const unsigned char eku_both[] = { 0x30, 20, OID_CLIENT, OID_SERVER };
static const unsigned char eku_email[] = { 0x30, 10, OID_EMAIL };
static const unsigned char eku_any[] = { 0x30, 6, OID_ANY };
static const unsigned char eku_empty[] = { 0x30, 0 };
static const unsigned char eku_none[] = { 0 };
static const unsigned char eku_notseq[] = { 0x31, 10, OID_SERVER };
static const unsigned char eku_int[] = { 0x30, 13, OID_SERVER, 0x02, 1, 1 };
static const unsigned char eku_emptyoid[] = { 0x30, 12, OID_SERVER, 0x06,
    0 };
static const unsigned char eku_openarc[] = { 0x30, 10, 0x06, 8, 0x2b, 0x06,
    0x01, 0x05, 0x05, 0x07, 0x03, 0x81 };
static const unsigned char eku_trailing[] = { 0x30, 10, OID_SERVER, 0 };
static const unsigned char eku_short[] = { 0x30, 11, OID_SERVER };
static const unsigned char eku_prefix[] = { 0x30, 9, 0x06, 7, 0x2b, 0x06,
    0x01, 0x05, 0x05, 0x07, 0x03 };
static const unsigned char eku_longer[] = { 0x30, 11, 0x06, 9, 0x2b, 0x06,
    0x01, 0x05, 0x05, 0x07, 0x03, 0x01, 0x01 };
static const unsigned char eku_anyarc[] = { 0x30, 5, 0x06, 3, 0x55, 0x1d,
    0x25 };

/* Table: extKeyUsage extnValue -> c.eku (parse succeeds for all). */
static const struct {
	const char	*what;
	const unsigned char *v;
	size_t		 len;
	int		 dup;
	int		 want;
} ekus[] = {
	{ "serverAuth", S(eku_server), 0, X509SAN_EKU_SERVER },
	{ "clientAuth only", S(eku_client), 0, X509SAN_EKU_OTHER },
	{ "clientAuth, serverAuth", S(eku_both), 0, X509SAN_EKU_SERVER },
	{ "emailProtection only", S(eku_email), 0, X509SAN_EKU_OTHER },
	{ "anyExtendedKeyUsage", S(eku_any), 0, X509SAN_EKU_SERVER },
	{ "2.5.29.37 (not any)", S(eku_anyarc), 0, X509SAN_EKU_OTHER },
	{ "serverAuth prefix", S(eku_prefix), 0, X509SAN_EKU_OTHER },
	{ "serverAuth.1", S(eku_longer), 0, X509SAN_EKU_OTHER },
	{ "empty SEQUENCE", S(eku_empty), 0, X509SAN_EKU_BAD },
	{ "empty extnValue", eku_none, 0, 0, X509SAN_EKU_BAD },
	{ "SET, not SEQUENCE", S(eku_notseq), 0, X509SAN_EKU_BAD },
	{ "INTEGER among OIDs", S(eku_int), 0, X509SAN_EKU_BAD },
	{ "empty OID", S(eku_emptyoid), 0, X509SAN_EKU_BAD },
	{ "OID with an open arc", S(eku_openarc), 0, X509SAN_EKU_BAD },
	{ "byte after the SEQUENCE", S(eku_trailing), 0, X509SAN_EKU_BAD },
	{ "SEQUENCE overruns", S(eku_short), 0, X509SAN_EKU_BAD },
	{ "twice", S(eku_server), 1, X509SAN_EKU_BAD },
};

/* Dates: string -> Unix seconds (or -1 for a parse failure). */
static const struct {
	const char	*s;
	int64_t		 t;
	int		 ok;
} dates[] = {
	{ "200101000000Z", 1577836800, 1 },
	{ "500101000000Z", -631152000, 1 },		/* UTCTime 1950 */
	{ "491231235959Z", 2524607999LL, 1 },		/* UTCTime 2049 */
	{ "20900101000000Z", 3786912000LL, 1 },
	{ "20000229123456Z", 951827696, 1 },
	{ "20000229123456.789Z", 951827696, 1 },
	{ "000229123456Z", 951827696, 1 },
	{ "20000230000000Z", 0, 0 },
	{ "21000229000000Z", 0, 0 },			/* not leap */
	{ "2000022912345Z", 0, 0 },
	{ "20000229123456", 0, 0 },
	{ "2000022912345aZ", 0, 0 },
	{ "20000229123456.Z", 951827696, 1 },
	{ "20000229123456ZZ", 0, 0 },
	{ "200001010000600Z", 0, 0 },
};

static void
test_table(void)
{
	unsigned char der[CERT_MAX];
	struct x509san_cert c;
	size_t i, n;
	int r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = mkcert(der, &cases[i].sp);
		r = x509san_parse(&c, der, n);
		T_EQ_INT(r, cases[i].parse, cases[i].what);
		if (r != 0)
			continue;
		T_EQ_INT(x509san_ip_match(&c, cases[i].ip, cases[i].iplen),
		    cases[i].match, cases[i].what);
	}
}

static const unsigned char san_dns2[] = { 0x82, 1, 'a', 0x87, 4, 127, 0,
    0, 1, 0x82, 1, 'b' };
static const struct {
	const unsigned char *san;
	size_t		 len;
	size_t		 ndns;
} dnsn[] = {
	{ S(san_dns2), 2 }, { S(san_multi), 1 }, { S(san_v4), 0 },
	{ NULL, 0, 0 },
};

/*
 * The extended key usage verdict, and that a malformed one does not
 * fail the parse (the pin check in pin-only mode must not change).
 * Also the dNSName count, and no extKeyUsage at all.
 */
static void
test_eku(void)
{
	unsigned char der[CERT_MAX];
	struct x509san_cert c;
	struct spec sp = { "x", "250101000000Z", "350101000000Z",
	    S(san_multi), 0, 0, 0 };
	size_t i, n;

	for (i = 0; i < sizeof ekus / sizeof ekus[0]; i++) {
		n = mkcert_eku(der, &sp, ekus[i].v, ekus[i].len, ekus[i].dup);
		T_EQ_INT(x509san_parse(&c, der, n), 0, ekus[i].what);
		T_EQ_INT(c.eku, ekus[i].want, ekus[i].what);
		T_OK(c.spki != NULL, "%s: key still found", ekus[i].what);
	}
	n = mkcert(der, &sp);
	T_EQ_INT(x509san_parse(&c, der, n), 0, "no extKeyUsage");
	T_EQ_INT(c.eku, X509SAN_EKU_ABSENT, "no extKeyUsage");
	/* dNSName counts: two, none beside an IP, no SAN at all. */
	for (i = 0; i < sizeof dnsn / sizeof dnsn[0]; i++) {
		sp.san = dnsn[i].san;
		sp.sanlen = dnsn[i].len;
		n = mkcert(der, &sp);
		T_EQ_INT(x509san_parse(&c, der, n), 0, "dNSName count");
		T_EQ_INT(c.ndns, dnsn[i].ndns, "dNSName count");
	}
}

static void
test_dates(void)
{
	unsigned char der[CERT_MAX];
	struct x509san_cert c;
	struct spec sp;
	size_t i, n;
	int r;

	memset(&sp, 0, sizeof sp);
	sp.cn = "d";
	sp.noexts = 1;
	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		sp.nb = dates[i].s;
		sp.na = "20990101000000Z";
		n = mkcert(der, &sp);
		r = x509san_parse(&c, der, n);
		T_EQ_INT(r, dates[i].ok ? 0 : -1, dates[i].s);
		if (r == 0) {
			T_EQ_INT(c.not_before, dates[i].t, dates[i].s);
			T_EQ_INT(c.not_after, 4070908800LL, "notAfter 2099");
		}
	}
}

/* Fields, names, every prefix and every truncation of one certificate. */
static void
test_fields(void)
{
	unsigned char der[CERT_MAX], name[300];
	struct x509san_cert c, c2;
	struct x509san_name nm[2];
	struct spec sp = { "leaf", "250101000000Z", "20350101000000Z",
	    S(san_multi), 0, 0, 0 };
	size_t n, k, nl;
	int r, bad;

	n = mkcert(der, &sp);
	T_EQ_INT(x509san_parse(&c, der, n), 0, "parse");
	nl = mkname(name, "leaf");
	T_EQ_MEM(c.subject, c.subject_len, name, nl, "subject");
	nl = mkname(name, "issuer CA");
	T_EQ_MEM(c.issuer, c.issuer_len, name, nl, "issuer");
	T_EQ_INT(c.spki_len, 8, "spki length");
	T_OK(c.spki != NULL && c.spki[0] == 0x30 && c.spki[1] == 6,
	    "spki is the whole element");
	T_EQ_INT(c.not_before, 1735689600, "notBefore");
	T_EQ_INT(c.not_after, 2051222400, "notAfter");
	T_EQ_INT(x509san_names(&c, nm, 2), 3, "names total");
	T_EQ_INT(nm[0].type, X509SAN_DNS, "first is dNSName");
	T_EQ_MEM(nm[0].p, nm[0].len, "localhost", 9, "dNSName");
	T_EQ_INT(nm[1].type, X509SAN_IP, "second is iPAddress");
	T_EQ_MEM(nm[1].p, nm[1].len, ip6, 16, "iPAddress");
	T_EQ_INT(x509san_names(&c, NULL, 0), 3, "count only");

	/* Every prefix: need more until the subject is complete, then it. */
	bad = 0;
	for (k = 0; k <= n; k++) {
		r = x509san_prefix(&c2, der, k, NULL);
		if (k < (size_t)(c.subject + c.subject_len - der)) {
			if (r != 1)
				bad++;
		} else if (r != 0 || c2.subject != c.subject ||
		    c2.subject_len != c.subject_len ||
		    c2.issuer != c.issuer || c2.issuer_len != c.issuer_len)
			bad++;
	}
	T_EQ_INT(bad, 0, "subject from every prefix");

	/* Every truncation and every trailing byte fails the full parse. */
	bad = 0;
	for (k = 0; k < n; k++)
		if (x509san_parse(&c2, der, k) != -1)
			bad++;
	der[n] = 0;
	if (x509san_parse(&c2, der, n + 1) != -1)
		bad++;
	T_EQ_INT(bad, 0, "truncations refused");

	/* A tbs longer than a complete certificate is malformed. */
	der[4]++;
	T_EQ_INT(x509san_prefix(&c2, der, n, NULL), -1, "tbs overrun");
	T_EQ_INT(x509san_prefix(&c2, (const unsigned char *)"\x31\x00", 2,
	    NULL),
	    -1, "not a SEQUENCE");
	T_EQ_INT(x509san_parse(&c2, NULL, 0), -1, "NULL");
}

/* Read dir/name into a malloc'd buffer. */
static unsigned char *
slurp(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	unsigned char *p;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) == -1 || (p = malloc((size_t)n)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Certificates made by the openssl CLI (tests/tls/mkcerts.sh). */
#define E_NO	X509SAN_EKU_ABSENT
#define E_SRV	X509SAN_EKU_SERVER
#define E_OTH	X509SAN_EKU_OTHER
#define E_BAD	X509SAN_EKU_BAD
static const struct {
	const char	*name;
	int		 v4, v6, mapped;	/* ip_match results */
	int		 ndns, nip;
	int64_t		 nb, na;		/* 0: not checked */
	int		 eku;
} files[] = {
	{ "ec", 1, 1, 0, 1, 2, 0, 0, E_SRV },
	{ "rsa", 1, 1, 0, 1, 2, 0, 0, E_SRV },
	{ "chain", 1, 1, 0, 1, 2, 0, 0, E_SRV },
	{ "expired", 1, 1, 0, 1, 2, 1577836800, 1609459200, E_SRV },
	{ "future", 1, 1, 0, 1, 2, 3786912000LL, 3818448000LL, E_SRV },
	{ "wronghost", 0, 0, 0, 1, 0, 0, 0, E_SRV },
	{ "noip", 0, 0, 0, 1, 0, 0, 0, E_SRV },
	{ "dnsip", 0, 0, 0, 1, 0, 0, 0, E_SRV },
	{ "cnonly", 0, 0, 0, 0, 0, 0, 0, E_SRV },
	{ "mapped", 0, 0, 1, 0, 1, 0, 0, E_SRV },
	{ "self", 1, 0, 0, 1, 1, 0, 0, E_SRV },
	{ "cnhost", 0, 0, 0, 0, 0, 0, 0, E_SRV },
	{ "ekuclient", 1, 1, 0, 1, 2, 0, 0, E_OTH },
	{ "ekuempty", 1, 1, 0, 1, 2, 0, 0, E_BAD },
	{ "ekuany", 1, 1, 0, 1, 2, 0, 0, E_SRV },
	{ "ekunone", 1, 1, 0, 1, 2, 0, 0, E_NO },
	{ "smime", 1, 1, 0, 1, 2, 0, 0, E_SRV },
	{ "badint", 1, 1, 0, 1, 2, 0, 0, E_SRV },
	{ "smime-int", 0, 0, 0, 0, 0, 0, 0, E_OTH },
	{ "empty-int", 0, 0, 0, 0, 0, 0, 0, E_BAD },
};

static void
test_files(const char *dir)
{
	struct x509san_cert c, c2;
	struct x509san_name nm[8];
	struct tls_conf conf;
	unsigned char *der, *pin, hash[32];
	br_sha256_context sh;
	const char *why, *s0;
	char fname[64], pinstr[128];
	size_t len, plen, i;
	int j, ndns, nip, n;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(fname, sizeof fname, "%s.der", files[i].name);
		if ((der = slurp(dir, fname, &len)) == NULL) {
			T_OK(0, "%s/%s: cannot read", dir, fname);
			continue;
		}
		T_EQ_INT(x509san_parse(&c, der, len), 0, fname);
		T_EQ_INT(x509san_ip_match(&c, ip4, 4), files[i].v4, fname);
		T_EQ_INT(x509san_ip_match(&c, ip6, 16), files[i].v6, fname);
		T_EQ_INT(x509san_ip_match(&c, ip6map, 16), files[i].mapped,
		    fname);
		n = x509san_names(&c, nm, 8);
		ndns = nip = 0;
		for (j = 0; j < n && j < 8; j++) {
			if (nm[j].type == X509SAN_DNS)
				ndns++;
			else
				nip++;
		}
		T_EQ_INT(ndns, files[i].ndns, fname);
		T_EQ_INT(nip, files[i].nip, fname);
		T_EQ_INT(c.ndns, files[i].ndns, fname);
		T_EQ_INT(c.eku, files[i].eku, fname);
		if (files[i].nb != 0) {
			T_EQ_INT(c.not_before, files[i].nb, fname);
			T_EQ_INT(c.not_after, files[i].na, fname);
		}
		T_OK(x509san_prefix(&c2, der, len, NULL) == 0 &&
		    c2.subject == c.subject && c2.subject_len == c.subject_len,
		    "%s prefix", fname);
		if (strcmp(files[i].name, "self") == 0)
			T_EQ_MEM(c.issuer, c.issuer_len, c.subject,
			    c.subject_len, "self-signed: issuer == subject");
		/* The pin written by openssl is SHA-256 over c.spki. */
		snprintf(fname, sizeof fname, "%s.pin", files[i].name);
		if ((pin = slurp(dir, fname, &plen)) != NULL &&
		    plen < sizeof pinstr) {
			memcpy(pinstr, pin, plen);
			pinstr[plen] = '\0';
			pinstr[strcspn(pinstr, "\r\n")] = '\0';
			memset(&conf, 0, sizeof conf);
			s0 = pinstr;
			T_EQ_INT(tls_parse_pins(&conf, s0, &why), 0, fname);
			br_sha256_init(&sh);
			br_sha256_update(&sh, c.spki, c.spki_len);
			br_sha256_out(&sh, hash);
			T_EQ_MEM(conf.pins[0], 32, hash, 32, fname);
		} else
			T_OK(0, "%s: cannot read", fname);
		free(pin);
		free(der);
	}
}

int
main(int argc, char *argv[])
{
	test_table();
	test_eku();
	test_dates();
	test_fields();
	if (argc > 1)
		test_files(argv[1]);
	return t_done();
}
