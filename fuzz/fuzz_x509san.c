/*
 * fuzz_x509san: arbitrary bytes through every entry point of the DER
 * walker (x509san.h), then as a PEM bundle through trust_select (the
 * lazy base64 + subject index of trust.c), and as a pin list through
 * tls_parse_pins.  Nothing may crash or read out of bounds.
 *
 * An input "DN:" LL <LL bytes of DN> <bundle> asks trust_select for
 * that DN (LL: 2 bytes, big-endian), so seeds can make it build
 * anchors; any other input asks for the DNs its own prefix yields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls.h"
#include "trust.h"
#include "x509san.h"

/* Large (anchors, decode buffer): kept out of the stack. */
static struct trust_set fuzz_set;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char v4[4] = { 127, 0, 0, 1 };
	static const unsigned char v6[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 1 };
	struct x509san_cert c, h;
	struct x509san_name nm[4];
	struct tls_trust t;
	struct tls_conf conf;
	const unsigned char *dn[2];
	size_t dnlen[2], ndn = 0, k, need;
	const char *why;
	char *s;
	int r, i;

	if (x509san_parse(&c, data, size) == 0) {
		(void)x509san_ip_match(&c, v4, 4);
		(void)x509san_ip_match(&c, v6, 16);
		/* Addresses taken from the SAN itself, so matches happen. */
		r = x509san_names(&c, nm, 4);
		for (i = 0; i < r && i < 4; i++) {
			if (nm[i].type == X509SAN_IP &&
			    x509san_ip_match(&c, nm[i].p, nm[i].len) != 1)
				abort();
		}
		(void)x509san_names(&c, NULL, 0);
		/* A whole certificate is also a valid prefix. */
		if (x509san_prefix(&h, data, size, NULL) != 0 ||
		    h.subject != c.subject || h.issuer != c.issuer)
			abort();
	}
	/* Some prefixes of the input. */
	for (k = 0; k <= size; k += 1 + size / 8) {
		r = x509san_prefix(&h, data, k, &need);
		if (r == 1 && need <= k)
			abort();
		if (r == 0 && ndn == 0) {
			dn[ndn] = h.subject;
			dnlen[ndn++] = h.subject_len;
			dn[ndn] = h.issuer;
			dnlen[ndn++] = h.issuer_len;
		}
	}

	/* The input as a CA bundle, asking for the DNs found above. */
	memset(&t, 0, sizeof t);
	t.data = data;
	t.len = size;
	if (size >= 5 && memcmp(data, "DN:", 3) == 0 &&
	    (k = (size_t)data[3] << 8 | data[4]) <= size - 5) {
		dn[0] = data + 5;
		dnlen[0] = k;
		ndn = 1;
		t.data = data + 5 + k;
		t.len = size - 5 - k;
	}
	(void)trust_has_pem(data, size);
	if (ndn == 0) {
		dn[0] = (const unsigned char *)"\x30\x00";
		dnlen[0] = 2;
		ndn = 1;
	}
	(void)trust_select(&fuzz_set, &t, dn, dnlen, ndn);

	/* The input as a pin list. */
	if (size < 1024 && (s = malloc(size + 1)) != NULL) {
		memcpy(s, data, size);
		s[size] = '\0';
		memset(&conf, 0, sizeof conf);
		(void)tls_parse_pins(&conf, s, &why);
		free(s);
	}
	return 0;
}
