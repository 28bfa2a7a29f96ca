/*
 * trust: CA bundles for tls.c.  tls_trust_load (declared in tls.h)
 * only reads the PEM text; nothing is decoded up front.  At handshake
 * time trust_select picks, from that text, the few certificates whose
 * subject DN a server chain actually names, and turns just those into
 * BearSSL trust anchors.  Going through a 140-certificate system
 * bundle this way costs a base64 decode of a few hundred bytes per
 * certificate instead of a full X.509 decode of each.
 *
 * Semantics are those of loading the whole bundle: BearSSL's minimal
 * engine only ever uses an anchor whose DN equals the issuer DN of a
 * chain certificate (CA anchors) or the leaf's subject DN (direct
 * trust), and those are exactly the ones selected.
 */
#ifndef TRUST_H
#define TRUST_H

#include <stddef.h>

#include "bearssl.h"

#include "tls.h"

#define TRUST_MAX_FILE		(8u << 20)	/* bundle file size cap */
#define TRUST_MAX_PATH		1024
#define TRUST_MAX_ANCHORS	16	/* anchors kept for one chain */
#define TRUST_ARENA		16384	/* their DN and key bytes */
#define TRUST_MAX_CERT		16384	/* one decoded bundle certificate */
#define TRUST_PREFIX		160	/* DER decoded before the first look */
#define TRUST_MAX_WANT		16	/* DNs asked for at once */

struct tls_trust {
	unsigned char	*buf;		/* malloc'd file contents, or NULL */
	const unsigned char *data;	/* buf, or the embedded bundle */
	size_t		 len;
	char		 used[TRUST_MAX_PATH];	/* what *used points at */
};

/* Anchors chosen for one chain, with the storage they point into. */
struct trust_set {
	br_x509_trust_anchor ta[TRUST_MAX_ANCHORS];
	size_t		 n;
	unsigned char	 arena[TRUST_ARENA];
	size_t		 used;
	unsigned char	 der[TRUST_MAX_CERT];
	br_x509_decoder_context dc;
};

/*
 * Fill s with an anchor for every certificate in t whose subject DN
 * (whole DER) equals one of dn[i][dnlen[i]], i < ndn.  CA certificates
 * (basicConstraints cA) become BR_X509_TA_CA anchors, others direct
 * trust anchors.  Malformed PEM blocks or certificates are skipped;
 * matches beyond TRUST_MAX_ANCHORS or TRUST_ARENA are dropped.  Returns
 * the number of anchors (s->n).  Allocates nothing.
 */
size_t	trust_select(struct trust_set *s, const struct tls_trust *t,
	    const unsigned char *const *dn, const size_t *dnlen, size_t ndn);

/*
 * Does p[len] hold at least one PEM CERTIFICATE block?  (1 or 0)
 */
int	trust_has_pem(const unsigned char *p, size_t len);

#endif
