/* see tls.h */
#include <sys/random.h>
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bearssl.h"

#include "b64.h"
#include "ec_p256_m64.h"
#include "ecdsa_p256.h"
#include "io.h"
#include "tls.h"
#include "trust.h"
#include "url.h"
#include "x509san.h"

#define TLS_CHAIN_MAX	8		/* certificates kept from a chain */
#define TLS_CHAIN_BYTES	65536		/* and their total size */
#define TLS_MSG_MAX	512		/* a host name fits whole */
#define TLS_SEED_LEN	32
#define TLS_MIN_RSA	256		/* bytes: RSA keys below 2048 bits fail */

/* Unix epoch in BearSSL's day count (days since 0000-01-01). */
#define TLS_EPOCH_DAYS	719528

/* How the X.509 wrapper decides (see tls_x509_end_chain). */
enum tls_xmode {
	TLS_XM_VERIFY = 0,	/* chain to an anchor, names, pins if any */
	TLS_XM_PIN,		/* the pinned key is the identity */
	TLS_XM_INSECURE		/* explicit opt-out: anything goes */
};

/* Our own refinement of a BearSSL X.509 error code. */
enum tls_why {
	TLS_W_NONE = 0,
	TLS_W_PIN,		/* pin mismatch */
	TLS_W_IP,		/* no iPAddress SAN for the URL's address */
	TLS_W_LEAF,		/* leaf not parsable for the pin check */
	TLS_W_LEAF_IP,		/* leaf not parsable for the IP check */
	TLS_W_CHAIN,		/* chain too long to keep */
	TLS_W_NO_DNS,		/* host name URL, leaf without a dNSName */
	TLS_W_LEAF_DNS,		/* leaf not parsable for that check */
	TLS_W_EKU,		/* certificate at x->at lacks serverAuth */
	TLS_W_EKU_BAD		/* its extKeyUsage is malformed */
};

/*
 * The X.509 wrapper: it buffers the server chain, then at end_chain
 * selects anchors from the bundle for just that chain and runs
 * BearSSL's minimal engine over the buffer, followed by our name
 * (dNSName present, iPAddress), extended key usage and pin checks.
 * vtable must stay the first member.
 */
struct tls_x509 {
	const br_x509_class *vtable;
	int		 mode;		/* enum tls_xmode */
	const struct tls_trust *trust;
	const struct tls_conf *conf;
	const unsigned char *ip;	/* URL address for IP literals */
	size_t		 iplen;
	const char	*server_name;	/* from the engine; NULL for IPs */
	br_rsa_pkcs1_vrfy irsa;
	br_ecdsa_vrfy	 iecdsa;
	const br_ec_impl *iec;

	unsigned char	 chain[TLS_CHAIN_BYTES];
	size_t		 off[TLS_CHAIN_MAX], len[TLS_CHAIN_MAX];
	size_t		 ncert, used, want;
	size_t		 nused;		/* certificates the engine used */
	size_t		 at;		/* the one TLS_W_EKU* is about */
	int		 storing;	/* current certificate is kept */
	int		 overflow;	/* some certificate was not kept */

	int		 err;		/* what end_chain returned */
	int		 why;		/* enum tls_why */
	const br_x509_pkey *pkey;	/* the leaf key, after end_chain */
	unsigned	 usages;

	br_x509_minimal_context mc;
	br_x509_decoder_context dc;
	struct trust_set ts;
};

struct tls_conn {
	br_ssl_client_context cc;
	br_sslio_context ioc;
	struct io	 lower;
	int		 started;	/* engine set up by tls_handshake */
	int		 lower_eof;	/* the transport reported end of stream */
	int		 legacy;	/* conf->legacy, for messages */
	int		 fail;		/* enum tls_fail */
	char		 msg[TLS_MSG_MAX];
	char		 host[URL_MAX_HOST + 1];	/* SNI, no trailing dot */
	struct tls_x509	 x;
	unsigned char	 iobuf[BR_SSL_BUFSIZE_BIDI];
};

/*
 * TLS 1.2 only: BearSSL has no 1.3, and 1.0/1.1 are deprecated (RFC
 * 8996).  Forward secrecy (ECDHE) and AEAD only; AES-128-GCM first as
 * most servers have AES-NI, then ChaCha20, then AES-256-GCM.
 */
static const uint16_t tls_suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	/* conf->legacy only, from here: still ECDHE, CBC with HMAC. */
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
	BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
};
#define TLS_NSUITES_AEAD	6

static const char tls_msg_nosuite[] =
    "server offers no acceptable TLS version or cipher suite "
    "(TLS 1.2 with ECDHE+AEAD required)";
static const char tls_msg_nosuite_legacy[] =
    "server offers no acceptable TLS version or cipher suite "
    "(TLS 1.2 with ECDHE required)";

/* BearSSL error codes in words. */
static const struct {
	int		 code;
	const char	*text;
} tls_errors[] = {
	{ BR_ERR_OK, "no error" },
	{ BR_ERR_BAD_PARAM, "invalid TLS parameter" },
	{ BR_ERR_BAD_STATE, "TLS engine in a wrong state" },
	{ BR_ERR_UNSUPPORTED_VERSION, NULL },		/* tls_msg_nosuite */
	{ BR_ERR_BAD_VERSION, NULL },
	{ BR_ERR_BAD_LENGTH, "bad TLS record length" },
	{ BR_ERR_TOO_LARGE, "TLS record too large" },
	{ BR_ERR_BAD_MAC, "TLS record failed decryption (bad MAC)" },
	{ BR_ERR_NO_RANDOM, "no entropy for the TLS random generator" },
	{ BR_ERR_UNKNOWN_TYPE, "unknown TLS record type" },
	{ BR_ERR_UNEXPECTED, "unexpected TLS message from server" },
	{ BR_ERR_BAD_CCS, "bad ChangeCipherSpec from server" },
	{ BR_ERR_BAD_ALERT, "malformed TLS alert from server" },
	{ BR_ERR_BAD_HANDSHAKE, "malformed TLS handshake message" },
	{ BR_ERR_OVERSIZED_ID, "TLS session ID too long" },
	{ BR_ERR_BAD_CIPHER_SUITE, NULL },
	{ BR_ERR_BAD_COMPRESSION, "server chose TLS compression" },
	{ BR_ERR_BAD_FRAGLEN, "bad TLS maximum fragment length" },
	{ BR_ERR_BAD_SECRENEG, "TLS secure renegotiation failed" },
	{ BR_ERR_EXTRA_EXTENSION, "server sent an unrequested TLS "
	    "extension" },
	{ BR_ERR_BAD_SNI, "bad server name (SNI)" },
	{ BR_ERR_BAD_HELLO_DONE, "malformed ServerHelloDone" },
	{ BR_ERR_LIMIT_EXCEEDED, "server key or message exceeds TLS "
	    "limits" },
	{ BR_ERR_BAD_FINISHED, "bad TLS Finished message (handshake "
	    "tampered with?)" },
	{ BR_ERR_RESUME_MISMATCH, "TLS session resumption mismatch" },
	{ BR_ERR_INVALID_ALGORITHM, "server used an unsupported "
	    "signature or key exchange algorithm" },
	{ BR_ERR_BAD_SIGNATURE, "bad server key exchange signature" },
	{ BR_ERR_WRONG_KEY_USAGE, "certificate key usage does not allow "
	    "the chosen cipher suite" },
	{ BR_ERR_NO_CLIENT_AUTH, "server requires a client certificate" },
	{ BR_ERR_IO, "I/O error during TLS" },
	{ BR_ERR_X509_INVALID_VALUE, "certificate: invalid value" },
	{ BR_ERR_X509_TRUNCATED, "certificate: truncated" },
	{ BR_ERR_X509_EMPTY_CHAIN, "server sent no certificate" },
	{ BR_ERR_X509_INNER_TRUNC, "certificate: element overflows its "
	    "container" },
	{ BR_ERR_X509_BAD_TAG_CLASS, "certificate: unsupported tag class" },
	{ BR_ERR_X509_BAD_TAG_VALUE, "certificate: unsupported tag" },
	{ BR_ERR_X509_INDEFINITE_LENGTH, "certificate: indefinite length" },
	{ BR_ERR_X509_EXTRA_ELEMENT, "certificate: extra element" },
	{ BR_ERR_X509_UNEXPECTED, "certificate: unexpected element" },
	{ BR_ERR_X509_NOT_CONSTRUCTED, "certificate: primitive element "
	    "where constructed expected" },
	{ BR_ERR_X509_NOT_PRIMITIVE, "certificate: constructed element "
	    "where primitive expected" },
	{ BR_ERR_X509_PARTIAL_BYTE, "certificate: BIT STRING not a whole "
	    "number of bytes" },
	{ BR_ERR_X509_BAD_BOOLEAN, "certificate: bad BOOLEAN" },
	{ BR_ERR_X509_OVERFLOW, "certificate: value too large" },
	{ BR_ERR_X509_BAD_DN, "certificate: malformed name (DN)" },
	{ BR_ERR_X509_BAD_TIME, "certificate: malformed date" },
	{ BR_ERR_X509_UNSUPPORTED, "certificate uses an unsupported "
	    "algorithm or key" },
	{ BR_ERR_X509_LIMIT_EXCEEDED, "certificate exceeds size limits" },
	{ BR_ERR_X509_WRONG_KEY_TYPE, "certificate key type does not "
	    "match its signature" },
	{ BR_ERR_X509_BAD_SIGNATURE, "certificate signature is invalid" },
	{ BR_ERR_X509_TIME_UNKNOWN, "current time unknown: cannot check "
	    "certificate dates" },
	{ BR_ERR_X509_EXPIRED, "certificate expired or not yet valid" },
	{ BR_ERR_X509_DN_MISMATCH, "certificate chain out of order "
	    "(issuer/subject mismatch)" },
	{ BR_ERR_X509_BAD_SERVER_NAME, "host name mismatch" },
	{ BR_ERR_X509_CRITICAL_EXTENSION, "certificate has an unsupported "
	    "critical extension" },
	{ BR_ERR_X509_NOT_CA, "a certificate in the chain is not a CA" },
	{ BR_ERR_X509_FORBIDDEN_KEY_USAGE, "certificate key usage forbids "
	    "server authentication" },
	{ BR_ERR_X509_WEAK_PUBLIC_KEY, "certificate key too weak (RSA "
	    "below 2048 bits)" },
	{ BR_ERR_X509_NOT_TRUSTED, "unknown CA (certificate not trusted)" },
};

/* TLS alert descriptions (RFC 5246, 8446). */
static const struct {
	int		 code;
	const char	*name;
} tls_alerts[] = {
	{ 0, "close_notify" }, { 10, "unexpected_message" },
	{ 20, "bad_record_mac" }, { 21, "decryption_failed" },
	{ 22, "record_overflow" }, { 30, "decompression_failure" },
	{ 40, "handshake_failure" }, { 41, "no_certificate" },
	{ 42, "bad_certificate" }, { 43, "unsupported_certificate" },
	{ 44, "certificate_revoked" }, { 45, "certificate_expired" },
	{ 46, "certificate_unknown" }, { 47, "illegal_parameter" },
	{ 48, "unknown_ca" }, { 49, "access_denied" },
	{ 50, "decode_error" }, { 51, "decrypt_error" },
	{ 60, "export_restriction" }, { 70, "protocol_version" },
	{ 71, "insufficient_security" }, { 80, "internal_error" },
	{ 86, "inappropriate_fallback" }, { 90, "user_canceled" },
	{ 100, "no_renegotiation" }, { 109, "missing_extension" },
	{ 110, "unsupported_extension" }, { 112, "unrecognized_name" },
	{ 116, "certificate_required" }, { 120, "no_application_protocol" },
};

/* Current time in BearSSL's form. */
static void
tls_now(int64_t *unix_now, uint32_t *days, uint32_t *secs)
{
	struct timespec ts;
	int64_t t;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1 || ts.tv_sec < 0)
		t = 0;
	else
		t = (int64_t)ts.tv_sec;
	*unix_now = t;
	*days = (uint32_t)(t / 86400 + TLS_EPOCH_DAYS);
	*secs = (uint32_t)(t % 86400);
}

/* Constant-time: is h one of the configured pins? */
static int
tls_pin_match(const struct tls_conf *conf, const unsigned char h[32])
{
	unsigned acc, hit = 0;
	int i, k;

	for (i = 0; i < conf->npins && i < TLS_MAX_PINS; i++) {
		acc = 0;
		for (k = 0; k < 32; k++)
			acc |= (unsigned)(conf->pins[i][k] ^ h[k]);
		hit |= (acc == 0);
	}
	return hit != 0;
}

/*
 * Hash the buffered leaf's SubjectPublicKeyInfo and look it up among
 * the pins.  Returns 1 (match), 0 (mismatch) or -1 (leaf not parsable).
 */
static int
tls_x509_pin(struct tls_x509 *x)
{
	struct x509san_cert leaf;
	br_sha256_context h;
	unsigned char out[32];

	if (x509san_parse(&leaf, x->chain + x->off[0], x->len[0]) == -1)
		return -1;
	br_sha256_init(&h);
	br_sha256_update(&h, leaf.spki, leaf.spki_len);
	br_sha256_out(&h, out);
	return tls_pin_match(x->conf, out);
}

/* Decode the leaf with br_x509_decoder to get its key (no checks). */
static int
tls_x509_leaf_key(struct tls_x509 *x)
{
	br_x509_decoder_init(&x->dc, NULL, NULL);
	br_x509_decoder_push(&x->dc, x->chain + x->off[0], x->len[0]);
	if ((x->pkey = br_x509_decoder_get_pkey(&x->dc)) == NULL) {
		x->err = br_x509_decoder_last_error(&x->dc);
		if (x->err == 0)
			x->err = BR_ERR_X509_TRUNCATED;
		return -1;
	}
	x->usages = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
	return 0;
}

/*
 * Host name URLs (chain mode): the leaf must carry a dNSName SAN.
 * BearSSL matches the subject CN when a certificate has no
 * subjectAltName at all; RFC 9525 (no CN-ID), browsers and Go do not,
 * so neither do we unless conf->cn_fallback (an old appliance; the
 * caller warns).  Called when the engine accepted the chain or found no name
 * match (the CN rule comes first then: reissuing is the fix).  Sets
 * x->err and x->why on refusal.
 */
static void
tls_x509_dns_san(struct tls_x509 *x)
{
	struct x509san_cert h;

	if (x->iplen != 0 || x->conf->cn_fallback)
		return;
	if (x509san_parse(&h, x->chain + x->off[0], x->len[0]) == -1) {
		if (x->err == 0) {
			x->err = BR_ERR_X509_BAD_SERVER_NAME;
			x->why = TLS_W_LEAF_DNS;
		}
		return;
	}
	if (h.ndns == 0) {
		x->err = BR_ERR_X509_BAD_SERVER_NAME;
		x->why = TLS_W_NO_DNS;
	}
}

/*
 * Extended key usage of every certificate the engine used, the leaf
 * and the CAs up to (not including) the anchor: each must allow TLS
 * servers (no extKeyUsage, serverAuth or anyExtendedKeyUsage), so an
 * S/MIME-only sub-CA cannot vouch for a TLS server.  A certificate
 * not parsable here is refused as malformed.  Sets x->err, x->why and
 * x->at on refusal.
 */
static void
tls_x509_eku(struct tls_x509 *x)
{
	struct x509san_cert h;
	size_t i;

	for (i = 0; i < x->nused; i++) {
		if (x509san_parse(&h, x->chain + x->off[i], x->len[i]) == -1)
			h.eku = X509SAN_EKU_BAD;
		if (h.eku == X509SAN_EKU_ABSENT || h.eku == X509SAN_EKU_SERVER)
			continue;
		x->err = BR_ERR_X509_FORBIDDEN_KEY_USAGE;
		x->why = h.eku == X509SAN_EKU_OTHER ? TLS_W_EKU : TLS_W_EKU_BAD;
		x->at = i;
		return;
	}
}

/*
 * Chain mode: anchors for this chain from the bundle, then the minimal
 * engine over the buffered certificates, then our checks.  Sets x->err.
 */
static void
tls_x509_verify(struct tls_x509 *x)
{
	const br_x509_class **mv;
	const unsigned char *dn[TRUST_MAX_WANT];
	size_t dnlen[TRUST_MAX_WANT], ndn = 0, i;
	struct x509san_cert h;
	int64_t now;
	uint32_t days, secs;

	/* The DNs an anchor could carry: every issuer, and the leaf. */
	for (i = 0; i < x->ncert && ndn + 2 <= TRUST_MAX_WANT; i++) {
		if (x509san_prefix(&h, x->chain + x->off[i], x->len[i], NULL) != 0)
			continue;
		if (i == 0) {
			dn[ndn] = h.subject;
			dnlen[ndn++] = h.subject_len;
		}
		dn[ndn] = h.issuer;
		dnlen[ndn++] = h.issuer_len;
	}
	trust_select(&x->ts, x->trust, dn, dnlen, ndn);

	br_x509_minimal_init(&x->mc, &br_sha256_vtable, x->ts.ta, x->ts.n);
	br_x509_minimal_set_hash(&x->mc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_hash(&x->mc, br_sha384_ID, &br_sha384_vtable);
	br_x509_minimal_set_hash(&x->mc, br_sha512_ID, &br_sha512_vtable);
	br_x509_minimal_set_rsa(&x->mc, x->irsa);
	br_x509_minimal_set_ecdsa(&x->mc, x->iec, x->iecdsa);
	br_x509_minimal_set_minrsa(&x->mc, TLS_MIN_RSA);
	tls_now(&now, &days, &secs);
	br_x509_minimal_set_time(&x->mc, days, secs);

	/*
	 * The engine decides at the first certificate whose issuer is a
	 * CA anchor (or at a directly trusted leaf), or fails; either way
	 * it sets its err (BR_ERR_X509_OK on success) and ignores what
	 * follows.  Feeding one certificate at a time and stopping there
	 * tells how many it used (BearSSL 0.6's context; no API says it).
	 */
	mv = &x->mc.vtable;
	(*mv)->start_chain(mv, x->server_name);
	for (i = 0; i < x->ncert && x->mc.err == 0; i++) {
		(*mv)->start_cert(mv, (uint32_t)x->len[i]);
		(*mv)->append(mv, x->chain + x->off[i], x->len[i]);
		(*mv)->end_cert(mv);
	}
	x->nused = i;
	x->err = (int)(*mv)->end_chain(mv);
	if (x->err == 0 || x->err == BR_ERR_X509_BAD_SERVER_NAME)
		tls_x509_dns_san(x);
	if (x->err != 0) {
		if (x->err == BR_ERR_X509_NOT_TRUSTED && x->overflow)
			x->why = TLS_W_CHAIN;
		return;
	}
	x->pkey = (*mv)->get_pkey(mv, &x->usages);
	if (x->pkey == NULL) {
		x->err = BR_ERR_X509_NOT_TRUSTED;
		return;
	}

	/* IP literal: the leaf must name the address in an iPAddress. */
	if (x->iplen != 0) {
		x->err = BR_ERR_X509_BAD_SERVER_NAME;
		if (x509san_parse(&h, x->chain + x->off[0], x->len[0]) == -1) {
			x->why = TLS_W_LEAF_IP;
			return;
		}
		if (x509san_ip_match(&h, x->ip, x->iplen) != 1) {
			x->why = TLS_W_IP;
			return;
		}
		x->err = 0;
	}
	tls_x509_eku(x);
}

static void
tls_x509_start_chain(const br_x509_class **ctx, const char *server_name)
{
	struct tls_x509 *x = (struct tls_x509 *)(void *)ctx;

	x->server_name = server_name;
	x->ncert = 0;
	x->used = 0;
	x->storing = 0;
	x->overflow = 0;
	x->nused = 0;
	x->at = 0;
	x->err = 0;
	x->why = TLS_W_NONE;
	x->pkey = NULL;
	x->usages = 0;
}

static void
tls_x509_start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct tls_x509 *x = (struct tls_x509 *)(void *)ctx;

	/* Keep certificates in order while they fit; drop the rest. */
	x->storing = 0;
	if (x->overflow || x->ncert == TLS_CHAIN_MAX ||
	    length > sizeof x->chain - x->used) {
		x->overflow = 1;
		return;
	}
	x->storing = 1;
	x->off[x->ncert] = x->used;
	x->len[x->ncert] = 0;
	x->want = length;
}

static void
tls_x509_append(const br_x509_class **ctx, const unsigned char *buf,
    size_t len)
{
	struct tls_x509 *x = (struct tls_x509 *)(void *)ctx;

	if (!x->storing)
		return;
	if (len > x->want - x->len[x->ncert]) {
		/* More bytes than announced: never from BearSSL. */
		x->used = x->off[x->ncert];
		x->storing = 0;
		x->overflow = 1;
		return;
	}
	memcpy(x->chain + x->used, buf, len);
	x->used += len;
	x->len[x->ncert] += len;
}

static void
tls_x509_end_cert(const br_x509_class **ctx)
{
	struct tls_x509 *x = (struct tls_x509 *)(void *)ctx;

	if (!x->storing)
		return;
	x->storing = 0;
	if (x->len[x->ncert] != x->want) {
		x->used = x->off[x->ncert];
		x->overflow = 1;
		return;
	}
	x->ncert++;
}

/*
 * The decision.  Returns 0 (the engine then asks get_pkey) or a
 * BR_ERR_X509_* code, with x->why telling our own reasons apart.
 */
static unsigned
tls_x509_end_chain(const br_x509_class **ctx)
{
	struct tls_x509 *x = (struct tls_x509 *)(void *)ctx;
	int r;

	if (x->ncert == 0) {
		x->err = x->overflow ? BR_ERR_X509_LIMIT_EXCEEDED :
		    BR_ERR_X509_EMPTY_CHAIN;
		if (x->overflow)
			x->why = TLS_W_CHAIN;
		return (unsigned)x->err;
	}
	switch (x->mode) {
	case TLS_XM_INSECURE:
		/* Explicit opt-out (conf->insecure): only the key. */
		(void)tls_x509_leaf_key(x);
		break;
	case TLS_XM_PIN:
		/*
		 * Pin only: the key is the identity (BearSSL's known-key
		 * model), so no chain, name or date checks.
		 */
		if ((r = tls_x509_pin(x)) != 1) {
			x->err = BR_ERR_X509_NOT_TRUSTED;
			x->why = r == -1 ? TLS_W_LEAF : TLS_W_PIN;
			break;
		}
		(void)tls_x509_leaf_key(x);
		break;
	default:
		tls_x509_verify(x);
		if (x->err == 0 && x->conf->npins > 0 &&
		    (r = tls_x509_pin(x)) != 1) {
			x->err = BR_ERR_X509_NOT_TRUSTED;
			x->why = r == -1 ? TLS_W_LEAF : TLS_W_PIN;
		}
		break;
	}
	if (x->err != 0)
		x->pkey = NULL;
	return (unsigned)x->err;
}

static const br_x509_pkey *
tls_x509_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	const struct tls_x509 *x = (const struct tls_x509 *)(const void *)ctx;

	if (x->err != 0 || x->pkey == NULL)
		return NULL;
	if (usages != NULL)
		*usages = x->usages;
	return x->pkey;
}

static const br_x509_class tls_x509_vtable = {
	sizeof(struct tls_x509),
	tls_x509_start_chain,
	tls_x509_start_cert,
	tls_x509_append,
	tls_x509_end_cert,
	tls_x509_end_chain,
	tls_x509_get_pkey
};

/* Lower transport callbacks for br_sslio. */
static int
tls_low_read(void *ctx, unsigned char *buf, size_t len)
{
	struct tls_conn *c = ctx;
	ssize_t n;

	if (len > INT_MAX)
		len = INT_MAX;
	n = c->lower.read(c->lower.ctx, buf, len);
	if (n == 0)
		c->lower_eof = 1;
	if (n <= 0)
		return -1;
	return (int)n;
}

static int
tls_low_write(void *ctx, const unsigned char *buf, size_t len)
{
	struct tls_conn *c = ctx;

	if (len > INT_MAX)
		len = INT_MAX;
	if (c->lower.write(c->lower.ctx, buf, len) == -1)
		return -1;
	if (c->lower.flush != NULL && c->lower.flush(c->lower.ctx) == -1)
		return -1;
	return (int)len;
}

static const char *
tls_alert_name(int a)
{
	size_t i;

	for (i = 0; i < sizeof tls_alerts / sizeof tls_alerts[0]; i++)
		if (tls_alerts[i].code == a)
			return tls_alerts[i].name;
	return "unknown";
}

/* For BR_ERR_X509_EXPIRED: which date of which certificate? */
static void
tls_date_msg(struct tls_conn *c)
{
	struct tls_x509 *x = &c->x;
	struct x509san_cert h;
	int64_t now;
	uint32_t days, secs;
	size_t i;

	tls_now(&now, &days, &secs);
	for (i = 0; i < x->ncert; i++) {
		if (x509san_parse(&h, x->chain + x->off[i], x->len[i]) == -1)
			continue;
		if (now < h.not_before || now > h.not_after) {
			snprintf(c->msg, sizeof c->msg, "%scertificate %s",
			    i == 0 ? "" : "CA ", now < h.not_before ?
			    "not yet valid" : "expired");
			return;
		}
	}
	snprintf(c->msg, sizeof c->msg, "certificate expired or not yet "
	    "valid");
}

/* Our own reasons that need no detail, in words. */
static const struct {
	int		 why;
	const char	*text;
} tls_whys[] = {
	{ TLS_W_PIN, "pin mismatch" },
	{ TLS_W_LEAF, "certificate malformed (cannot check pin)" },
	{ TLS_W_LEAF_IP, "certificate malformed (cannot check IP SAN)" },
	{ TLS_W_LEAF_DNS, "certificate malformed (cannot check "
	    "subjectAltName)" },
};

/* Words for c->x.why (not TLS_W_NONE) into c->msg. */
static void
tls_why_msg(struct tls_conn *c)
{
	const struct tls_x509 *x = &c->x;
	size_t i;

	for (i = 0; i < sizeof tls_whys / sizeof tls_whys[0]; i++)
		if (tls_whys[i].why == x->why) {
			snprintf(c->msg, sizeof c->msg, "%s", tls_whys[i].text);
			return;
		}
	switch (x->why) {
	case TLS_W_IP:
		snprintf(c->msg, sizeof c->msg, "certificate has no IP SAN for "
		    "%.64s", c->host);
		break;
	case TLS_W_CHAIN:
		snprintf(c->msg, sizeof c->msg, "certificate chain too long "
		    "(more than %d certificates or %d KiB)", TLS_CHAIN_MAX,
		    TLS_CHAIN_BYTES / 1024);
		break;
	case TLS_W_NO_DNS:
		snprintf(c->msg, sizeof c->msg, "certificate has no DNS "
		    "subjectAltName (matching by CN is refused, RFC 9525): "
		    "reissue it with subjectAltName=DNS:%s, or set "
		    "\"tls_cn_fallback\": true for an old appliance", c->host);
		break;
	case TLS_W_EKU:
	case TLS_W_EKU_BAD:
		/* About certificate x->at: the leaf, or a CA. */
		snprintf(c->msg, sizeof c->msg, "%s %s", x->at == 0 ?
		    "certificate" : "CA certificate in the chain",
		    x->why == TLS_W_EKU ? "not valid for TLS servers "
		    "(extended key usage lacks serverAuth)" :
		    "malformed (empty or bad extended key usage)");
		break;
	default:
		snprintf(c->msg, sizeof c->msg, "certificate refused (reason "
		    "%d)", x->why);
		break;
	}
}

/* Record why the engine failed with err: kind and words. */
static void
tls_set_error(struct tls_conn *c, int err)
{
	const char *t = NULL;
	size_t i;
	int a;

	c->fail = TLS_F_PROTO;
	if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT) {
		a = err - BR_ERR_RECV_FATAL_ALERT;
		if (a == 40 || a == 70 || a == 71)
			snprintf(c->msg, sizeof c->msg, "%s: server sent TLS "
			    "alert %d (%s)", c->legacy ? tls_msg_nosuite_legacy :
			    tls_msg_nosuite, a, tls_alert_name(a));
		else
			snprintf(c->msg, sizeof c->msg, "server sent TLS alert "
			    "%d (%s)", a, tls_alert_name(a));
		return;
	}
	if (err >= BR_ERR_SEND_FATAL_ALERT) {
		a = err - BR_ERR_SEND_FATAL_ALERT;
		snprintf(c->msg, sizeof c->msg, "TLS failure, sent alert %d "
		    "(%s)", a, tls_alert_name(a));
		return;
	}
	switch (err) {
	case BR_ERR_UNSUPPORTED_VERSION:
	case BR_ERR_BAD_VERSION:
	case BR_ERR_BAD_CIPHER_SUITE:
		snprintf(c->msg, sizeof c->msg, "%s", c->legacy ? tls_msg_nosuite_legacy :
		    tls_msg_nosuite);
		return;
	case BR_ERR_IO:
		c->fail = TLS_F_IO;
		snprintf(c->msg, sizeof c->msg, "%s", c->lower_eof ?
		    "connection closed by server during TLS" :
		    "I/O error during TLS");
		return;
	case BR_ERR_NO_RANDOM:
	case BR_ERR_BAD_PARAM:
	case BR_ERR_BAD_STATE:
		c->fail = TLS_F_SETUP;
		break;
	default:
		break;
	}
	if (err >= BR_ERR_X509_OK && err < BR_ERR_RECV_FATAL_ALERT) {
		c->fail = TLS_F_CERT;
		if (err == c->x.err && c->x.why != TLS_W_NONE) {
			tls_why_msg(c);
			return;
		}
		if (err == BR_ERR_X509_EXPIRED) {
			tls_date_msg(c);
			return;
		}
	}
	for (i = 0; i < sizeof tls_errors / sizeof tls_errors[0]; i++)
		if (tls_errors[i].code == err) {
			t = tls_errors[i].text;
			break;
		}
	if (t != NULL)
		snprintf(c->msg, sizeof c->msg, "%s", t);
	else if (i < sizeof tls_errors / sizeof tls_errors[0])
		snprintf(c->msg, sizeof c->msg, "%s", tls_msg_nosuite);
	else
		snprintf(c->msg, sizeof c->msg, "TLS error %d", err);
}

/* see tls.h */
int
tls_parse_pins(struct tls_conf *c, const char *s, const char **why)
{
	static const char pfx[] = "sha256//";
	const char *p, *e;
	size_t n;

	if (s == NULL || *s == '\0') {
		*why = "empty pin";
		return -1;
	}
	for (p = s;; p = e + 1) {
		e = strchr(p, ';');
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n < sizeof pfx - 1 ||
		    memcmp(p, pfx, sizeof pfx - 1) != 0) {
			*why = "pin must be sha256//BASE64";
			return -1;
		}
		if (c->npins >= TLS_MAX_PINS) {
			*why = "too many pins";
			return -1;
		}
		if (b64_decode_exact(p + sizeof pfx - 1,
		    n - (sizeof pfx - 1), c->pins[c->npins], 32) == -1) {
			*why = "pin is not the base64 of 32 bytes";
			return -1;
		}
		c->npins++;
		if (*e == '\0')
			break;
	}
	return 0;
}

/* see tls.h */
struct tls_conn *
tls_conn_new(void)
{
	return calloc(1, sizeof(struct tls_conn));
}

/* see tls.h */
void
tls_conn_free(struct tls_conn *c)
{
	if (c == NULL)
		return;
	explicit_bzero(c, sizeof *c);	/* keys and buffers */
	free(c);
}

/* Wire the client profile into c->cc (no I/O). */
static void
tls_profile(struct tls_conn *c, const struct tls_conf *conf)
{
	br_ssl_engine_context *eng = &c->cc.eng;

	br_ssl_client_zero(&c->cc);
	br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
	/* One handshake per connection: refuse server renegotiation. */
	br_ssl_engine_add_flags(eng, BR_OPT_NO_RENEGOTIATION);
	br_ssl_engine_set_suites(eng, tls_suites, conf->legacy ?
	    sizeof tls_suites / sizeof tls_suites[0] : TLS_NSUITES_AEAD);
	/*
	 * Hashes: SHA-256/384 for the handshake and PRF; SHA-1 only as
	 * the HMAC of legacy _CBC_SHA suites (it then is also offered for
	 * signatures, BearSSL derives that list from the hashes set).
	 */
	br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
	br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
	if (conf->legacy)
		br_ssl_engine_set_hash(eng, br_sha1_ID, &br_sha1_vtable);
	br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
	/* ECDHE (P-256/384/521, X25519); RSA and ECDSA signatures. */
#if defined(__SIZEOF_INT128__)
	/*
	 * Our P-256 and P-256 ECDSA verifier (ecdsa_p256.h); not
	 * set_default_ec/_ecdsa: they link m31's (8 KiB).
	 */
	br_ssl_engine_set_ec(eng, &ec_all_fast);
	br_ssl_engine_set_ecdsa(eng, &ecdsa_p256_vrfy_asn1_fast);
#else
	br_ssl_engine_set_default_ec(eng);
	br_ssl_engine_set_default_ecdsa(eng);
#endif
	br_ssl_engine_set_default_rsavrfy(eng);
	/* Records: AEAD, CBC for legacy only. */
	br_ssl_engine_set_default_aes_gcm(eng);
	br_ssl_engine_set_default_chapol(eng);
	if (conf->legacy)
		br_ssl_engine_set_default_aes_cbc(eng);

	c->x.vtable = &tls_x509_vtable;
	c->x.irsa = br_ssl_engine_get_rsavrfy(eng);
	c->x.iecdsa = br_ssl_engine_get_ecdsa(eng);
	c->x.iec = br_ssl_engine_get_ec(eng);
	br_ssl_engine_set_x509(eng, &c->x.vtable);
	br_ssl_engine_set_buffer(eng, c->iobuf, sizeof c->iobuf, 1);
}

/* Fail the handshake before any I/O. */
static int
tls_setup_fail(struct tls_conn *c, const char *msg)
{
	c->fail = TLS_F_SETUP;
	snprintf(c->msg, sizeof c->msg, "%s", msg);
	return -1;
}

/* see tls.h */
int
tls_handshake(struct tls_conn *c, const struct tls_trust *t,
    const struct tls_conf *conf, struct io *lower, const struct url *u)
{
	unsigned char seed[TLS_SEED_LEN];
	const char *sni;
	size_t n, got;
	ssize_t r;
	int err;

	c->fail = TLS_F_NONE;
	c->msg[0] = '\0';
	c->lower_eof = 0;
	c->started = 0;
	memset(&c->x, 0, offsetof(struct tls_x509, chain));
	c->legacy = conf->legacy;
	c->x.conf = conf;
	c->x.trust = t;
	/* Pins are enforced even with insecure: it only drops the chain. */
	if (conf->npins > 0 && (conf->insecure || conf->ca_file == NULL))
		c->x.mode = TLS_XM_PIN;
	else if (conf->insecure)
		c->x.mode = TLS_XM_INSECURE;
	else if (t == NULL || t->data == NULL || t->len == 0)
		return tls_setup_fail(c, "no trust anchors loaded");
	else
		c->x.mode = TLS_XM_VERIFY;

	/* Host names: SNI and BearSSL's DNS check.  IPs: neither. */
	n = strlen(u->host);
	if (n > 0 && u->host[n - 1] == '.')
		n--;
	if (n == 0 || n >= sizeof c->host)
		return tls_setup_fail(c, "bad host name for TLS");
	memcpy(c->host, u->host, n);
	c->host[n] = '\0';
	if (u->iptype == URL_HOST_IPV4 || u->iptype == URL_HOST_IPV6) {
		c->x.ip = u->ip;
		c->x.iplen = u->iptype == URL_HOST_IPV4 ? 4 : 16;
		sni = NULL;
	} else if (u->iptype == URL_HOST_NAME)
		sni = c->host;
	else
		return tls_setup_fail(c, "bad host type for TLS");

	tls_profile(c, conf);
	c->started = 1;

	/*
	 * Seed from getrandom(2): it needs no /dev/urandom in a chroot.
	 * With entropy injected first, BearSSL does not fail when its
	 * own OS seeder finds nothing.
	 */
	for (got = 0; got < sizeof seed;) {
		r = getrandom(seed + got, sizeof seed - got, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			explicit_bzero(seed, sizeof seed);
			return tls_setup_fail(c, "no entropy: getrandom "
			    "failed");
		}
		got += (size_t)r;
	}
	br_ssl_engine_inject_entropy(&c->cc.eng, seed, sizeof seed);
	explicit_bzero(seed, sizeof seed);

	if (!br_ssl_client_reset(&c->cc, sni, 0)) {
		tls_set_error(c, br_ssl_engine_last_error(&c->cc.eng));
		c->fail = TLS_F_SETUP;
		return -1;
	}
	c->lower = *lower;
	br_sslio_init(&c->ioc, &c->cc.eng, tls_low_read, c, tls_low_write, c);
	if (br_sslio_flush(&c->ioc) == -1 ||
	    br_ssl_engine_current_state(&c->cc.eng) == BR_SSL_CLOSED) {
		err = br_ssl_engine_last_error(&c->cc.eng);
		if (err == BR_ERR_OK)
			err = BR_ERR_IO;	/* closed cleanly mid-handshake */
		tls_set_error(c, err);
		return -1;
	}
	return 0;
}

static ssize_t
tls_read(void *ctx, void *buf, size_t len)
{
	struct tls_conn *c = ctx;
	int n, err;

	if (len == 0)
		return 0;
	if (len > INT_MAX)
		len = INT_MAX;
	n = br_sslio_read(&c->ioc, buf, len);
	if (n > 0)
		return n;
	err = br_ssl_engine_last_error(&c->cc.eng);
	/* close_notify, or a TCP EOF without it: HTTP framing decides. */
	if (err == BR_ERR_OK ||
	    (err == BR_ERR_IO && c->lower_eof))
		return 0;
	tls_set_error(c, err);
	return -1;
}

static int
tls_write(void *ctx, const void *buf, size_t len)
{
	struct tls_conn *c = ctx;

	if (br_sslio_write_all(&c->ioc, buf, len) == -1) {
		tls_set_error(c, br_ssl_engine_last_error(&c->cc.eng));
		return -1;
	}
	return 0;
}

static int
tls_flush(void *ctx)
{
	struct tls_conn *c = ctx;

	if (br_sslio_flush(&c->ioc) == -1) {
		tls_set_error(c, br_ssl_engine_last_error(&c->cc.eng));
		return -1;
	}
	return 0;
}

/* see tls.h */
void
tls_io(struct tls_conn *c, struct io *io)
{
	io->ctx = c;
	io->read = tls_read;
	io->write = tls_write;
	io->flush = tls_flush;
}

/* see tls.h */
void
tls_close(struct tls_conn *c)
{
	br_ssl_engine_context *eng;
	unsigned char *buf;
	size_t len;

	if (c == NULL || !c->started)
		return;
	eng = &c->cc.eng;
	if (br_ssl_engine_current_state(eng) == BR_SSL_CLOSED)
		return;
	br_ssl_engine_close(eng);
	/* Push our close_notify out; do not wait for the server's. */
	while ((br_ssl_engine_current_state(eng) & BR_SSL_SENDREC) != 0) {
		buf = br_ssl_engine_sendrec_buf(eng, &len);
		if (buf == NULL || tls_low_write(c, buf, len) == -1)
			break;
		br_ssl_engine_sendrec_ack(eng, len);
	}
}

/* see tls.h */
int
tls_fail_kind(const struct tls_conn *c)
{
	return c->fail;
}

/* see tls.h */
const char *
tls_strerror(const struct tls_conn *c)
{
	return c->msg[0] != '\0' ? c->msg : "no error";
}
