/*
 * x509san: a small, bounded DER walker over one X.509 certificate.
 * It finds the raw issuer and subject DNs, the validity dates, the
 * SubjectPublicKeyInfo (for pins), the subjectAltName entries
 * (iPAddress for our IP-literal check, whether there is a dNSName for
 * the rule that refuses matching by CN) and what the extended key
 * usage says about TLS servers.
 *
 * It does not verify anything: BearSSL does.  Every length is checked
 * against the bytes that remain, lengths use at most 4 bytes, the
 * indefinite form and high tag numbers are refused, and nothing is
 * read outside [der, der + len).  There is no recursion.  Malformed
 * input gives -1.  Pointers returned point into the caller's buffer.
 */
#ifndef X509SAN_H
#define X509SAN_H

#include <stddef.h>
#include <stdint.h>

/* GeneralName tags (context-specific numbers, RFC 5280 4.2.1.6). */
#define X509SAN_DNS	2
#define X509SAN_IP	7

/*
 * What extKeyUsage (2.5.29.37, RFC 5280 4.2.1.12) allows, for TLS
 * server authentication.
 */
#define X509SAN_EKU_ABSENT	0	/* no extKeyUsage: any use */
#define X509SAN_EKU_SERVER	1	/* lists serverAuth (1.3.6.1.5.5.7.3.1)
					   or anyExtendedKeyUsage (2.5.29.37.0) */
#define X509SAN_EKU_OTHER	2	/* lists neither */
#define X509SAN_EKU_BAD		3	/* malformed: an empty SEQUENCE (RFC
					   5280: SIZE (1..MAX)), not a SEQUENCE
					   of OIDs, or the extension twice */

struct x509san_cert {
	const unsigned char *issuer;	/* Name, whole DER (tag + length) */
	size_t	 issuer_len;
	const unsigned char *subject;	/* Name, whole DER */
	size_t	 subject_len;
	const unsigned char *spki;	/* SubjectPublicKeyInfo, whole DER */
	size_t	 spki_len;
	int64_t	 not_before;		/* Unix seconds, UTC */
	int64_t	 not_after;
	const unsigned char *san;	/* GeneralNames contents, or NULL */
	size_t	 san_len;
	size_t	 ndns;			/* dNSName entries in san */
	int	 eku;			/* X509SAN_EKU_* */
};

struct x509san_name {
	int	 type;			/* X509SAN_DNS or X509SAN_IP */
	const unsigned char *p;
	size_t	 len;
};

/*
 * Parse the certificate der[len] (exactly one Certificate, nothing
 * after it) into c.  The subjectAltName extension, when present, is
 * checked entirely: each GeneralName must be a well-formed element and
 * each iPAddress must be 4 or 16 bytes.  A second subjectAltName is
 * malformed.  The extended key usage is judged into c->eku; a malformed
 * one gives X509SAN_EKU_BAD there, not -1 (a caller that only wants
 * the key, as the pin check, is not affected).  Returns 0, or -1 on
 * malformed input.
 */
int	x509san_parse(struct x509san_cert *c, const unsigned char *der,
	    size_t len);

/*
 * Find the issuer and subject DNs of a certificate of which only the
 * first avail bytes are at hand (a prefix, e.g. while decoding PEM
 * lazily; a whole certificate works too).  Returns 0 with c->issuer and
 * c->subject set (the rest of c zeroed), 1 when more bytes are needed,
 * or -1 when the prefix is already malformed.  On 1, *need (if not
 * NULL) is how many bytes to have for the next step (more than avail),
 * and when the subject's header is in but not all of its bytes,
 * c->subject points at it and c->subject_len is its whole size (so a
 * caller looking for DNs of other sizes can stop early).
 */
int	x509san_prefix(struct x509san_cert *c, const unsigned char *der,
	    size_t avail, size_t *need);

/*
 * Does c's subjectAltName hold an iPAddress equal to ip[iplen] (4 or
 * 16 bytes)?  Byte-for-byte: an IPv4-mapped IPv6 entry does not match
 * an IPv4 address, a dNSName spelling the address does not count, and
 * the subject CN is never looked at.  Returns 1, 0, or -1 if malformed.
 */
int	x509san_ip_match(const struct x509san_cert *c, const unsigned char *ip,
	    size_t iplen);

/*
 * Collect the dNSName and iPAddress entries of c, in order, into
 * out[max].  Returns the number of such entries in the certificate
 * (which may exceed max; only max are stored), or -1 if malformed.
 */
int	x509san_names(const struct x509san_cert *c, struct x509san_name *out,
	    size_t max);

#endif
