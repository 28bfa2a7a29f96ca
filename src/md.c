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

/* The longest run of c in s[0..len). */
static size_t
md_run(const char *s, size_t len, char c)
{
	size_t i, run = 0, longest = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != c)
			run = 0;
		else if (++run > longest)
			longest = run;
	}
	return longest;
}

void
md_code_block(struct buf *b, const char *s, size_t len)
{
	size_t i, bt, ti, fence;
	char fc;

	/*
	 * Backticks, unless their longest run is over half of s: then the
	 * tildes' is under half, so the fence never passes len / 2 + 1.
	 */
	bt = md_run(s, len, '`');
	ti = md_run(s, len, '~');
	fc = bt > len / 2 ? '~' : '`';
	fence = (fc == '~' ? ti : bt) + 1;
	if (fence < 3)
		fence = 3;
	for (i = 0; i < fence; i++)
		buf_putc(b, fc);
	buf_putc(b, '\n');
	for (i = 0; i < len; i++)
		if (s[i] != '\r')
			buf_putc(b, s[i]);
	if (len > 0 && s[len - 1] != '\n')
		buf_putc(b, '\n');
	for (i = 0; i < fence; i++)
		buf_putc(b, fc);
}
