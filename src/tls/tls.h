/*
 * tls: BearSSL client glue.  TLS 1.2 only, ECDHE with AES-GCM or
 * ChaCha20-Poly1305 (ECDSA and RSA certificates); legacy adds
 * ECDHE-CBC, nothing weaker (no RSA key exchange, no 3DES).  Runs over
 * any struct io.  Nothing here logs.
 *
 * Verification, by configuration:
 *   ca_file, no pins   chain to an anchor of ca_file, dates, host name,
 *                      extended key usage
 *   no ca_file/pins    the same against the system bundle (first of
 *                      the usual paths), else the embedded one
 *                      (-DWR_EMBED_CA), else tls_trust_load fails
 *   pins, no ca_file   the pin is the identity: the leaf's SPKI hash
 *                      must match; chain, names and dates are not
 *                      checked (BearSSL's known-key model, so a
 *                      self-signed or expired lab certificate works).
 *                      A pin must be updated when the server key changes.
 *   ca_file and pins   both: a valid chain, names, and a matching pin
 *   insecure           nothing is checked (the caller logs loudly);
 *                      pins, if also given, are still enforced
 * Host names go out as SNI (trailing dot removed) and are matched by
 * BearSSL against the leaf's dNSName SAN entries (case-insensitive,
 * one leading "*." wildcard).  A leaf with no dNSName entry is refused
 * (RFC 9525: the subject CN is never matched), unless cn_fallback:
 * then BearSSL's own rule applies, the CN when the leaf has no
 * subjectAltName at all.  IP literals send no SNI and must appear as
 * an iPAddress SAN entry of the leaf, byte for byte (never the CN,
 * never a dNSName spelling the address; an IPv4-mapped IPv6 entry does
 * not match an IPv4 URL).
 * Extended key usage (chain modes): the leaf and every CA certificate
 * the chain was verified through, up to but not including the anchor,
 * must allow TLS servers: no extKeyUsage, or one listing serverAuth or
 * anyExtendedKeyUsage.  An empty or malformed one is refused.  A
 * directly trusted leaf (below) is checked too; pin-only and insecure
 * modes look at neither names nor usages.
 * A ca_file certificate that is not a CA acts as BearSSL direct trust:
 * the server's leaf must have its subject DN and public key.
 * RSA keys in the chain must be at least 2048 bits.
 */
#ifndef TLS_H
#define TLS_H

#include <stddef.h>

#include "io.h"
#include "url.h"

#define TLS_MAX_PINS	8

struct tls_conf {
	const char	*ca_file;	/* NULL: system bundle or embedded */
	unsigned char	 pins[TLS_MAX_PINS][32];	/* SHA-256 of SPKI DER */
	int		 npins;
	int		 insecure;	/* explicit opt-out, logged by caller */
	int		 legacy;	/* also allow ECDHE-CBC suites */
	int		 cn_fallback;	/* accept a leaf with no subjectAltName
					   by its CN (old appliances; caller
					   warns) */
};

/*
 * Parse a pin list: "sha256//BASE64[;sha256//BASE64...]" (curl's
 * --pinnedpubkey form; BASE64 is standard base64 of the 32-byte SHA-256
 * of the leaf's DER SubjectPublicKeyInfo, 44 characters with the '=')
 * and append the pins to c->pins.  Blanks around items are ignored; an
 * empty item (e.g. a trailing ';') is an error.  Call it once per item
 * of a JSON array: pins accumulate, up to TLS_MAX_PINS.  Returns 0, or
 * -1 with *why set to a static reason ("pin must be sha256//BASE64",
 * "pin is not the base64 of 32 bytes", "too many pins", "empty pin");
 * items before the bad one stay added.
 */
int	tls_parse_pins(struct tls_conf *c, const char *s, const char **why);

/*
 * Trust material, read before any connection is made (CA file, system
 * bundle or embedded bundle).  Loading is cheap: certificates are only
 * decoded when a server's chain needs them.
 */
struct tls_trust;
/*
 * Load the trust source for c: read the PEM text only (cheap; see
 * trust.h).  Returns 0, or -1 with a one-line reason in why
 * ("ca_file /x: no such file", "ca_file /x: no PEM certificate found",
 * "no CA bundle found: set ca_file or pin_sha256").  A ca_file is read
 * (and must exist) even with insecure.  With pins and no ca_file, or
 * insecure, no bundle is read and none is needed.  *used names the
 * bundle chosen (the path, "embedded", or "" for none); it points into
 * *out and lives as long as it.  Files over 8 MiB are refused.
 */
int	tls_trust_load(struct tls_trust **out, const struct tls_conf *c,
	    const char **used, char *why, size_t cap);
void	tls_trust_free(struct tls_trust *t);

enum tls_fail {
	TLS_F_NONE = 0,
	TLS_F_IO,		/* the lower transport failed (timeout/reset) */
	TLS_F_CERT,		/* verification failed (see message) */
	TLS_F_PROTO,		/* handshake / protocol failure, alert */
	TLS_F_SETUP		/* entropy, bad config */
};

struct tls_conn;
/*
 * Allocate a connection: BearSSL contexts, the full-duplex I/O buffer
 * and room to buffer the server chain (about 140 KiB, one calloc).
 * Returns NULL when out of memory.
 */
struct tls_conn *tls_conn_new(void);
/* Wipe (keys) and free c; NULL is fine.  Does not close lower. */
void	tls_conn_free(struct tls_conn *c);
/*
 * Run the handshake over lower (copied; its ctx must stay valid while
 * c is used) for u's host, verifying as described at the top.  Seeds
 * BearSSL from getrandom(2), so no /dev/urandom is needed (chroot).
 * t may be NULL in pin or insecure mode.  Returns 0, or -1 with
 * tls_fail_kind()/tls_strerror() telling why.  On TLS_F_IO the caller
 * checks its transport (e.g. net_conn.timed_out: "handshake timeout").
 */
int	tls_handshake(struct tls_conn *c, const struct tls_trust *t,
	    const struct tls_conf *conf, struct io *lower, const struct url *u);
/*
 * The struct io for application data over c, after a good handshake.
 * read returns > 0, 0 at the end of the stream (close_notify, or the
 * transport's EOF without close_notify: the HTTP framing must detect
 * truncation), -1 on error (tls_fail_kind/tls_strerror say why).
 * write sends all bytes or returns -1; flush pushes the TLS records.
 */
void	tls_io(struct tls_conn *c, struct io *io);
/* Send close_notify, best effort; does not wait for the server's. */
void	tls_close(struct tls_conn *c);
/* enum tls_fail of the last failure (TLS_F_NONE if none). */
int	tls_fail_kind(const struct tls_conn *c);
/*
 * Words for the last failure ("no error" if none).  Certificates:
 * "certificate expired", "certificate not yet valid" (leaf; "CA
 * certificate ..." for the chain), "host name mismatch", "certificate
 * has no DNS subjectAltName (matching by CN is refused, RFC 9525):
 * reissue it with subjectAltName=DNS:<host>, or set "tls_cn_fallback":
 * true for an old appliance", "certificate has no IP SAN for
 * 127.0.0.1", "certificate not valid for TLS servers (extended key
 * usage lacks serverAuth)" (leaf; "CA certificate in the chain not
 * valid ..." for a CA), "certificate malformed (empty or bad extended
 * key usage)" (likewise), "unknown CA (certificate not trusted)", "pin
 * mismatch".  Protocol: "server offers no acceptable TLS version or
 * cipher suite (TLS 1.2 with ECDHE+AEAD required)[: server sent TLS
 * alert 40 (handshake_failure)]", "server sent TLS alert N (name)".
 * I/O: "I/O error during TLS", "connection closed by server during
 * TLS".  Everything else from a full BR_ERR_* table.  Lives in c.
 */
const char *tls_strerror(const struct tls_conn *c);

#endif
