/*
 * md: escaping alert text for Markdown renderers (IRIS descriptions).
 * Attacker-controlled log text must render as text: no links, images,
 * HTML, headings or emphasis can be formed from it, and it reads the
 * same to a human as the raw text.
 */
#ifndef MD_H
#define MD_H

#include <stddef.h>

#include "buf.h"

/* Output bytes per input byte of md_inline, at most ("@" -> U+2060 "@"). */
#define MD_INLINE_GROWTH	4
/* Output bytes of md_code_block for len input bytes, at most. */
#define MD_CODE_BLOCK_MAX(len)	(2 * (size_t)(len) + 8)

/*
 * Append s as inline text that continues what b already holds (the
 * bytes before it in b are read, never changed):
 * - Markdown/HTML punctuation (\ ` * _ [ ] < > ! | # ~ &) is
 *   backslash-escaped; where s starts a line (b empty, or only blanks
 *   since b's last newline) its leading blanks are dropped (they could
 *   indent it into a code block), and a leading - + = and the . or ) of
 *   a leading "1." / "1)" are escaped (list items, setext underlines).
 * - Autolinks (GFM: http://, https://, ftp://, www., user@host,
 *   mailto:, xmpp:; others' scheme:// and www. too) are broken by an
 *   invisible U+2060 WORD JOINER that no renderer takes as part of a
 *   link: before every "@", between ":" and "/", and between "www"
 *   (any case) and "." - also when the ":" or "www" is the end of what
 *   b held before s, so values placed side by side cannot join into a
 *   link either.  Backslash escapes and entities do not do this: GFM
 *   finds e-mail addresses after decoding them.
 * - CR/LF/TAB become spaces, other control bytes are dropped.  Bytes
 *   >= 0x80 pass through (the JSON writer fixes UTF-8).
 * Text before s that already is a link (a template's own "http://"
 * before a placeholder) stays one.
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
