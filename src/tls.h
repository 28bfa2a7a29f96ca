/*
 * tls: BearSSL client glue.  TLS 1.2 only, ECDHE with AES-GCM or
 * ChaCha20-Poly1305 (ECDSA and RSA certificates); tls_legacy adds
 * ECDHE-CBC, nothing weaker.  Verification: CA bundle (ca_file, else
 * the system bundle, else one embedded at build time), SPKI pins, DNS
 * names through BearSSL, IP literals through our own iPAddress SAN
 * check, and an explicit insecure mode.  Runs over any struct io.
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
};

/*
 * Parse a pin list: "sha256//BASE64[;sha256//BASE64...]" (curl's
 * --pinnedpubkey form) into c->pins.  Returns 0 or -1 with *why set.
 */
int	tls_parse_pins(struct tls_conf *c, const char *s, const char **why);

/*
 * Trust material, read before any connection is made (CA file, system
 * bundle or embedded bundle).  Loading is cheap: certificates are only
 * decoded when a server's chain needs them.
 */
struct tls_trust;
/*
 * Load the trust source for c.  Returns 0, or -1 with a one-line reason
 * in why ("ca_file /x: no such file", "no CA bundle found: set ca_file
 * or pin_sha256").  With pins and no ca_file, or insecure, a missing
 * system bundle is not an error.  *used names the bundle path chosen
 * (or "embedded", or "" for none).
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
/* Allocate a connection (holds the BearSSL contexts and I/O buffer). */
struct tls_conn *tls_conn_new(void);
void	tls_conn_free(struct tls_conn *c);
/*
 * Run the handshake over lower with url's host: SNI and DNS-name checks
 * for host names; no SNI and an iPAddress SAN check for IP literals.
 * Returns 0, or -1 with tls_fail_kind()/tls_strerror() telling why.
 */
int	tls_handshake(struct tls_conn *c, const struct tls_trust *t,
	    const struct tls_conf *conf, struct io *lower, const struct url *u);
/* The struct io reading and writing application data over c. */
void	tls_io(struct tls_conn *c, struct io *io);
/* Send close_notify (best effort). */
void	tls_close(struct tls_conn *c);
int	tls_fail_kind(const struct tls_conn *c);
/* Words for the last failure: "certificate expired", "pin mismatch", ... */
const char *tls_strerror(const struct tls_conn *c);

#endif
