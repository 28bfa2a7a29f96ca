/* see x509san.h */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "x509san.h"

/* DER tags we walk over. */
#define X_SEQ		0x30
#define X_INT		0x02
#define X_BITSTR	0x03
#define X_OCTSTR	0x04
#define X_BOOL		0x01
#define X_OID		0x06
#define X_UTCTIME	0x17
#define X_GENTIME	0x18
#define X_VERSION	0xa0	/* [0] EXPLICIT Version */
#define X_EXTS		0xa3	/* [3] EXPLICIT Extensions */

/* Longest length field we accept: 4 bytes (4 GiB, far above any cert). */
#define X_MAX_LENLEN	4

/* One DER element: tag, where it starts, its value and total size. */
struct x509san_elt {
	int		 tag;
	const unsigned char *start;
	const unsigned char *val;
	size_t		 len;		/* value length */
	size_t		 total;		/* header + value */
};

/*
 * A cursor over a run of elements.  clipped is set when the run was cut
 * short by the end of the available bytes (prefix mode): an element
 * overrunning it then means "need more", not "malformed", and pend is
 * set to that element's whole size (0 when even its header is cut).
 */
struct x509san_cur {
	const unsigned char *p;
	size_t		 left;
	int		 clipped;
	size_t		 pend;
};

/*
 * Read an element header at p[0..left): single-byte tag (no high tag
 * numbers), definite length in at most X_MAX_LENLEN bytes.  Returns 0
 * with *hl and *len set, 1 if the header itself is cut off, -1 if
 * malformed.  The value is not checked against left.
 */
static int
x509san_hdr(const unsigned char *p, size_t left, size_t *hl, size_t *len)
{
	size_t n, i, v;

	if (left < 2)
		return 1;
	if ((p[0] & 0x1f) == 0x1f)
		return -1;
	if (p[1] < 0x80) {
		*hl = 2;
		*len = p[1];
		return 0;
	}
	n = p[1] & 0x7f;
	if (n == 0 || n > X_MAX_LENLEN)
		return -1;		/* indefinite, or absurdly long */
	if (left - 2 < n)
		return 1;
	v = 0;
	for (i = 0; i < n; i++)
		v = (v << 8) | p[2 + i];
	*hl = 2 + n;
	*len = v;
	return 0;
}

/*
 * Read the whole element at p[0..left) into e.  Returns 0, 1 if it
 * extends past left, -1 if malformed.
 */
static int
x509san_elt(const unsigned char *p, size_t left, struct x509san_elt *e)
{
	size_t hl, len;
	int r;

	if ((r = x509san_hdr(p, left, &hl, &len)) != 0)
		return r;
	if (len > left - hl)
		return 1;
	e->tag = p[0];
	e->start = p;
	e->val = p + hl;
	e->len = len;
	e->total = hl + len;
	return 0;
}

/*
 * Take the next element from cur.  Returns 0, 1 (need more bytes, only
 * when cur is clipped), or -1 (malformed or nothing left).
 */
static int
x509san_next(struct x509san_cur *cur, struct x509san_elt *e)
{
	size_t hl, len;
	int r;

	if (cur->left == 0) {
		cur->pend = 0;
		return cur->clipped ? 1 : -1;
	}
	r = x509san_elt(cur->p, cur->left, e);
	if (r == 1) {
		if (!cur->clipped)
			return -1;
		cur->pend = 0;
		if (x509san_hdr(cur->p, cur->left, &hl, &len) == 0 &&
		    len <= SIZE_MAX - hl)
			cur->pend = hl + len;
		return 1;
	}
	if (r == -1)
		return -1;
	cur->p += e->total;
	cur->left -= e->total;
	return 0;
}

/* As x509san_next, and the element must carry tag. */
static int
x509san_expect(struct x509san_cur *cur, int tag, struct x509san_elt *e)
{
	int r;

	if ((r = x509san_next(cur, e)) != 0)
		return r;
	return e->tag == tag ? 0 : -1;
}

/*
 * Open the constructed element at the start of p[0..left) (tag must
 * match) and set in to its contents.  In prefix mode (allow_clip) the
 * value may extend past left; in is then cut at left and marked
 * clipped.  Returns 0, 1 (header cut off) or -1.
 */
static int
x509san_open(const unsigned char *p, size_t left, int tag, int allow_clip,
    struct x509san_cur *in, size_t *total)
{
	size_t hl, len;
	int r;

	if ((r = x509san_hdr(p, left, &hl, &len)) != 0)
		return allow_clip ? r : -1;
	if (p[0] != tag)
		return -1;
	in->p = p + hl;
	if (len > left - hl) {
		if (!allow_clip)
			return -1;
		in->left = left - hl;
		in->clipped = 1;
	} else {
		in->left = len;
		in->clipped = 0;
	}
	*total = hl + len;
	return 0;
}

/* Two decimal digits at s, or -1. */
static int
x509san_dec2(const unsigned char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * Decode a UTCTime (YYMMDDHHMMSS[.f]Z, years 1950-2049) or a
 * GeneralizedTime (YYYYMMDDHHMMSS[.f]Z) into Unix seconds.  Returns 0
 * or -1.  Fractional seconds are ignored, as BearSSL does.
 */
static int
x509san_time(const struct x509san_elt *e, int64_t *out)
{
	static const unsigned char mdays[12] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const unsigned char *s = e->val;
	size_t n = e->len, i, yl;
	int64_t y;
	int v[5], k, leap;

	yl = e->tag == X_GENTIME ? 4 : 2;
	if (e->tag != X_UTCTIME && e->tag != X_GENTIME)
		return -1;
	if (n < yl + 11)
		return -1;
	if ((k = x509san_dec2(s)) == -1)
		return -1;
	if (yl == 4) {
		if ((v[0] = x509san_dec2(s + 2)) == -1)
			return -1;
		y = k * 100 + v[0];
	} else
		y = k < 50 ? 2000 + k : 1900 + k;
	for (i = 0; i < 5; i++)
		if ((v[i] = x509san_dec2(s + yl + 2 * i)) == -1)
			return -1;
	/* v: month, day, hour, minute, second */
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (v[0] < 1 || v[0] > 12 || v[1] < 1 || v[1] > mdays[v[0] - 1] ||
	    (v[0] == 2 && v[1] == 29 && !leap) ||
	    v[2] > 23 || v[3] > 59 || v[4] > 60)
		return -1;
	i = yl + 10;
	if (s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i != n - 1 || s[i] != 'Z')
		return -1;
	*out = date_days(y, v[0], v[1]) * 86400 +
	    (int64_t)v[2] * 3600 + v[3] * 60 + v[4];
	return 0;
}

/*
 * Walk the start of a TBSCertificate in tbs up to and including the
 * subject, filling issuer/subject.  With dates set, the validity is
 * decoded into c.  Returns 0, 1 (need more, clipped tbs only) or -1.
 */
static int
x509san_head(struct x509san_cur *tbs, struct x509san_cert *c, int dates)
{
	struct x509san_elt e, t;
	struct x509san_cur v;
	int r;

	if ((r = x509san_next(tbs, &e)) != 0)
		return r;
	if (e.tag == X_VERSION) {
		if ((r = x509san_next(tbs, &e)) != 0)
			return r;
	}
	if (e.tag != X_INT)
		return -1;			/* serialNumber */
	if ((r = x509san_expect(tbs, X_SEQ, &e)) != 0)
		return r;			/* signature AlgorithmIdentifier */
	if ((r = x509san_expect(tbs, X_SEQ, &e)) != 0)
		return r;
	c->issuer = e.start;
	c->issuer_len = e.total;
	if ((r = x509san_expect(tbs, X_SEQ, &e)) != 0)
		return r;			/* validity */
	if (dates) {
		v.p = e.val;
		v.left = e.len;
		v.clipped = 0;
		if (x509san_next(&v, &t) != 0 ||
		    x509san_time(&t, &c->not_before) == -1 ||
		    x509san_next(&v, &t) != 0 ||
		    x509san_time(&t, &c->not_after) == -1 || v.left != 0)
			return -1;
	}
	if ((r = x509san_expect(tbs, X_SEQ, &e)) != 0) {
		/* Not all there: its size already tells a lot (trust.c). */
		if (r == 1 && tbs->pend != 0 && tbs->p[0] == X_SEQ) {
			c->subject = tbs->p;
			c->subject_len = tbs->pend;
		}
		return r;
	}
	c->subject = e.start;
	c->subject_len = e.total;
	return 0;
}

/*
 * Check a GeneralNames body (the contents of the SAN SEQUENCE): every
 * element well formed and context-specific, iPAddress 4 or 16 bytes.
 * Counts the dNSName entries into *ndns.  Returns 0 or -1.
 */
static int
x509san_check_names(const unsigned char *p, size_t len, size_t *ndns)
{
	struct x509san_cur cur;
	struct x509san_elt e;

	cur.p = p;
	cur.left = len;
	cur.clipped = 0;
	*ndns = 0;
	while (cur.left > 0) {
		if (x509san_next(&cur, &e) != 0)
			return -1;
		if ((e.tag & 0xc0) != 0x80)
			return -1;
		if ((e.tag & 0x1f) == X509SAN_IP &&
		    (e.tag & 0x20 || (e.len != 4 && e.len != 16)))
			return -1;
		if (e.tag == (0x80 | X509SAN_DNS))
			(*ndns)++;
	}
	return 0;
}

/*
 * Judge an extKeyUsage extnValue p[len]: exactly one SEQUENCE of at
 * least one OID (each non-empty, its last byte ending the last arc).
 * Returns X509SAN_EKU_SERVER, _OTHER or _BAD.
 */
static int
x509san_eku(const unsigned char *p, size_t len)
{
	static const unsigned char oid_server[] = { 0x2b, 0x06, 0x01, 0x05,
	    0x05, 0x07, 0x03, 0x01 };
	static const unsigned char oid_any[] = { 0x55, 0x1d, 0x25, 0x00 };
	struct x509san_cur cur;
	struct x509san_elt e;
	size_t total;
	int server = 0;

	if (x509san_open(p, len, X_SEQ, 0, &cur, &total) == -1 ||
	    total != len || cur.left == 0)
		return X509SAN_EKU_BAD;
	while (cur.left > 0) {
		if (x509san_expect(&cur, X_OID, &e) != 0 || e.len == 0 ||
		    (e.val[e.len - 1] & 0x80) != 0)
			return X509SAN_EKU_BAD;
		if ((e.len == sizeof oid_server &&
		    memcmp(e.val, oid_server, e.len) == 0) ||
		    (e.len == sizeof oid_any &&
		    memcmp(e.val, oid_any, e.len) == 0))
			server = 1;
	}
	return server ? X509SAN_EKU_SERVER : X509SAN_EKU_OTHER;
}

/*
 * Walk Extensions (contents of [3]) for subjectAltName and
 * extKeyUsage.  Returns 0 (c->san set or NULL, c->eku judged) or -1.
 */
static int
x509san_exts(const unsigned char *p, size_t len, struct x509san_cert *c)
{
	static const unsigned char oid_san[] = { 0x55, 0x1d, 0x11 };
	static const unsigned char oid_eku[] = { 0x55, 0x1d, 0x25 };
	struct x509san_cur outer, list, ext, val;
	struct x509san_elt e, oid, oct;
	size_t total;

	outer.p = p;
	outer.left = len;
	outer.clipped = 0;
	if (x509san_expect(&outer, X_SEQ, &e) != 0 || outer.left != 0)
		return -1;
	list.p = e.val;
	list.left = e.len;
	list.clipped = 0;
	while (list.left > 0) {
		if (x509san_expect(&list, X_SEQ, &e) != 0)
			return -1;
		ext.p = e.val;
		ext.left = e.len;
		ext.clipped = 0;
		if (x509san_expect(&ext, X_OID, &oid) != 0)
			return -1;
		if (x509san_next(&ext, &oct) != 0)
			return -1;
		if (oct.tag == X_BOOL) {
			if (oct.len != 1 || x509san_next(&ext, &oct) != 0)
				return -1;
		}
		if (oct.tag != X_OCTSTR || ext.left != 0)
			return -1;
		if (oid.len == sizeof oid_eku &&
		    memcmp(oid.val, oid_eku, sizeof oid_eku) == 0) {
			c->eku = c->eku != X509SAN_EKU_ABSENT ?
			    X509SAN_EKU_BAD : x509san_eku(oct.val, oct.len);
			continue;
		}
		if (oid.len != sizeof oid_san ||
		    memcmp(oid.val, oid_san, sizeof oid_san) != 0)
			continue;
		if (c->san != NULL)
			return -1;		/* duplicate extension */
		if (x509san_open(oct.val, oct.len, X_SEQ, 0, &val, &total)
		    == -1 || total != oct.len)
			return -1;
		if (x509san_check_names(val.p, val.left, &c->ndns) == -1)
			return -1;
		c->san = val.p;
		c->san_len = val.left;
	}
	return 0;
}

/* see x509san.h */
int
x509san_parse(struct x509san_cert *c, const unsigned char *der, size_t len)
{
	struct x509san_cur cert, tbs;
	struct x509san_elt e;
	size_t total;

	memset(c, 0, sizeof *c);
	if (der == NULL)
		return -1;
	if (x509san_open(der, len, X_SEQ, 0, &cert, &total) == -1 ||
	    total != len)
		return -1;
	if (x509san_expect(&cert, X_SEQ, &e) != 0)
		return -1;
	tbs.p = e.val;
	tbs.left = e.len;
	tbs.clipped = 0;
	/* signatureAlgorithm, signatureValue, end */
	if (x509san_expect(&cert, X_SEQ, &e) != 0 ||
	    x509san_expect(&cert, X_BITSTR, &e) != 0 || cert.left != 0)
		goto bad;
	if (x509san_head(&tbs, c, 1) != 0)
		goto bad;
	if (x509san_expect(&tbs, X_SEQ, &e) != 0)
		goto bad;
	c->spki = e.start;
	c->spki_len = e.total;
	/* Optional issuerUniqueID [1], subjectUniqueID [2], extensions [3]. */
	while (tbs.left > 0) {
		if (x509san_next(&tbs, &e) != 0)
			goto bad;
		if (e.tag == 0x81 || e.tag == 0x82 || e.tag == 0xa1 ||
		    e.tag == 0xa2)
			continue;
		if (e.tag != X_EXTS || tbs.left != 0)
			goto bad;
		if (x509san_exts(e.val, e.len, c) == -1)
			goto bad;
	}
	return 0;
bad:
	memset(c, 0, sizeof *c);
	return -1;
}

/* see x509san.h */
int
x509san_prefix(struct x509san_cert *c, const unsigned char *der,
    size_t avail, size_t *need)
{
	struct x509san_cur cert, tbs;
	size_t total, at;
	int r;

	memset(c, 0, sizeof *c);
	if (need != NULL)
		*need = avail + 8;	/* headers: a few bytes more */
	if (der == NULL)
		return -1;
	if ((r = x509san_open(der, avail, X_SEQ, 1, &cert, &total)) != 0)
		return r;
	r = x509san_open(cert.p, cert.left, X_SEQ, 1, &tbs, &total);
	if (r == -1)
		return -1;
	if (r == 1)
		return cert.clipped ? 1 : -1;
	if (tbs.clipped && !cert.clipped)
		return -1;		/* tbs overruns a complete cert */
	tbs.pend = 0;
	r = x509san_head(&tbs, c, 0);
	if (r == 1) {
		c->issuer = NULL;
		c->issuer_len = 0;
		if (c->subject == NULL)
			c->subject_len = 0;
		at = (size_t)(tbs.p - der);
		if (need != NULL && tbs.pend != 0 && tbs.pend <= SIZE_MAX - at &&
		    at + tbs.pend > avail)
			*need = at + tbs.pend;
		return 1;
	}
	if (r == -1) {
		memset(c, 0, sizeof *c);
		return -1;
	}
	return 0;
}

/* see x509san.h */
int
x509san_names(const struct x509san_cert *c, struct x509san_name *out,
    size_t max)
{
	struct x509san_cur cur;
	struct x509san_elt e;
	size_t n = 0;
	int type;

	if (c->san == NULL)
		return 0;
	cur.p = c->san;
	cur.left = c->san_len;
	cur.clipped = 0;
	while (cur.left > 0) {
		if (x509san_next(&cur, &e) != 0)
			return -1;
		type = e.tag & 0x1f;
		if (e.tag == (0x80 | X509SAN_IP)) {
			if (e.len != 4 && e.len != 16)
				return -1;
		} else if (e.tag != (0x80 | X509SAN_DNS))
			continue;
		if (n < max) {
			out[n].type = type;
			out[n].p = e.val;
			out[n].len = e.len;
		}
		if (n == INT_MAX)
			return -1;
		n++;
	}
	return (int)n;
}

/* see x509san.h */
int
x509san_ip_match(const struct x509san_cert *c, const unsigned char *ip,
    size_t iplen)
{
	struct x509san_cur cur;
	struct x509san_elt e;
	int found = 0;

	if (iplen != 4 && iplen != 16)
		return 0;
	if (c->san == NULL)
		return 0;
	cur.p = c->san;
	cur.left = c->san_len;
	cur.clipped = 0;
	while (cur.left > 0) {
		if (x509san_next(&cur, &e) != 0)
			return -1;
		if (e.tag != (0x80 | X509SAN_IP))
			continue;
		if (e.len != 4 && e.len != 16)
			return -1;
		if (e.len == iplen && memcmp(e.val, ip, iplen) == 0)
			found = 1;
	}
	return found;
}
