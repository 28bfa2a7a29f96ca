/*
 * md: escaping alert text for Markdown renderers (IRIS descriptions).
 * Attacker-controlled log text must render as text: no links, images,
 * HTML, headings or emphasis can be formed from it.
 */
#ifndef MD_H
#define MD_H

#include <stddef.h>

#include "buf.h"

/* Output bytes per input byte of md_inline, at most ("\\" before it). */
#define MD_INLINE_GROWTH	2
/* Output bytes of md_code_block for len input bytes, at most. */
#define MD_CODE_BLOCK_MAX(len)	(2 * (size_t)(len) + 8)

/*
 * Append s as one line of inline text: Markdown/HTML punctuation is
 * backslash-escaped, CR/LF/TAB become spaces, other control bytes are
 * dropped.  Bytes >= 0x80 pass through (the JSON writer fixes UTF-8).
 */
void	md_inline(struct buf *b, const char *s, size_t len);
/*
 * Append s as a fenced code block, CR bytes dropped.  The fence is one
 * longer than the longest run of its character in s, and at least
 * three, so the content cannot close it.  It is backticks, unless s's
 * longest backtick run is over half of s: then tildes, whose longest
 * run is under half.  So the fence is at most len / 2 + 1 long and the
 * output at most MD_CODE_BLOCK_MAX(len) bytes, whatever s holds.
 */
void	md_code_block(struct buf *b, const char *s, size_t len);

#endif
