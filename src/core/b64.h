/*
 * b64: the one base64 codec (RFC 4648, standard alphabet).  Encoding
 * appends to a struct buf; decoding is incremental over text (PEM bodies:
 * blanks skipped, stops at '=', '-' or the end), plus a strict one-shot
 * form for values of a known size (SPKI pins).
 */
#ifndef B64_H
#define B64_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* An incremental decoder over text. */
struct b64 {
	const unsigned char *p, *end;
	uint32_t	 acc;
	int		 nbits;
	int		 done;		/* '=', '-' or the end of text reached */
};

/* Start decoding text[len]. */
void	b64_begin(struct b64 *b, const void *text, size_t len);
/*
 * Decode from b into out[cap] until cap bytes are out or the text ends
 * ('=', '-' or the end; b->p is left on it).  Returns the number of bytes
 * written, or -1 on a stray character.
 */
long	b64_decode(struct b64 *b, unsigned char *out, size_t cap);
/*
 * Decode s[n], which must be exactly the padded encoding of want bytes
 * (no blank, padding only at the end, unused bits 0), into out.  Returns
 * 0 or -1.
 */
int	b64_decode_exact(const char *s, size_t n, unsigned char *out,
	    size_t want);
/* Append the standard encoding (with padding) of data[len] to b. */
void	b64_encode(struct buf *b, const void *data, size_t len);

#endif
