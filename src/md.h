/*
 * md: escaping alert text for Markdown renderers (IRIS descriptions).
 * Attacker-controlled log text must render as text: no links, images,
 * HTML, headings or emphasis can be formed from it.
 */
#ifndef MD_H
#define MD_H

#include <stddef.h>

#include "buf.h"

/*
 * Append s as one line of inline text: Markdown/HTML punctuation is
 * backslash-escaped, CR/LF/TAB become spaces, other control bytes are
 * dropped.  Bytes >= 0x80 pass through (the JSON writer fixes UTF-8).
 */
void	md_inline(struct buf *b, const char *s, size_t len);
/*
 * Append s as a fenced code block whose fence is one backtick longer
 * than the longest backtick run inside s (at least three), so the
 * content cannot close it.  CR bytes are dropped.
 */
void	md_code_block(struct buf *b, const char *s, size_t len);

#endif
