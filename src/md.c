/* see md.h */
#include <string.h>

#include "md.h"

/*
 * Punctuation that can open markup anywhere in an inline run: emphasis,
 * code spans, links and images, autolinks and raw HTML, tables,
 * strikethrough, entities and headings.
 */
static const char md_special[] = "\\`*_[]<>!|#~&";
/* And at the start of a value, what could open a list or setext line. */
static const char md_special_first[] = "-+=";

void
md_inline(struct buf *b, const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\n' || c == '\r' || c == '\t')
			buf_putc(b, ' ');
		else if (c < 0x20 || c == 0x7f)
			continue;
		else if (c != '\0' && (strchr(md_special, c) != NULL ||
		    (i == 0 && strchr(md_special_first, c) != NULL))) {
			buf_putc(b, '\\');
			buf_putc(b, c);
		} else
			buf_putc(b, c);
	}
}

void
md_code_block(struct buf *b, const char *s, size_t len)
{
	size_t i, run = 0, longest = 0, fence;

	for (i = 0; i < len; i++) {
		if (s[i] == '`') {
			if (++run > longest)
				longest = run;
		} else
			run = 0;
	}
	fence = longest >= 3 ? longest + 1 : 3;
	for (i = 0; i < fence; i++)
		buf_putc(b, '`');
	buf_putc(b, '\n');
	for (i = 0; i < len; i++)
		if (s[i] != '\r')
			buf_putc(b, s[i]);
	if (len > 0 && s[len - 1] != '\n')
		buf_putc(b, '\n');
	for (i = 0; i < fence; i++)
		buf_putc(b, '`');
}
