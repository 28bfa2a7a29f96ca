/* see md.h */
#include <string.h>
#include <strings.h>

#include "md.h"

/*
 * Punctuation that can open markup anywhere in an inline run: emphasis,
 * code spans, links and images, autolinks and raw HTML, tables,
 * strikethrough, entities and headings.
 */
static const char md_special[] = "\\`*_[]<>!|#~&";
/* And first on a line, what could open a list item or setext underline. */
static const char md_special_bol[] = "-+=";
/* U+2060 WORD JOINER: invisible, and no link's character anywhere. */
static const char md_wj[] = "\xe2\x81\xa0";
/* Longest digit run of an ordered list marker ("123456789."). */
#define MD_OL_DIGITS	9

/* 1 if b is at the start of a line: empty, or blanks since a newline. */
static int
md_bol(const struct buf *b)
{
	size_t i = b->len;

	while (i > 0 && (b->p[i - 1] == ' ' || b->p[i - 1] == '\t'))
		i--;
	return i == 0 || b->p[i - 1] == '\n';
}

/*
 * 1 if appending c to b would continue an autolink: "@", ":" then "/",
 * "www" then ".".
 */
static int
md_links(const struct buf *b, int c)
{
	if (c == '@')
		return 1;
	if (c == '/')
		return b->len >= 1 && b->p[b->len - 1] == ':';
	if (c == '.')
		return b->len >= 3 &&
		    strncasecmp(b->p + b->len - 3, "www", 3) == 0;
	return 0;
}

void
md_inline(struct buf *b, const char *s, size_t len)
{
	size_t i, j, olmark = len;
	int bol;
	unsigned char c;

	bol = md_bol(b);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if (c < 0x20 || c == 0x7f || (bol && c == ' '))
			continue;	/* indenting would make a code block */
		if (bol) {
			/* The first mark of a line: "-", "1." ... */
			bol = 0;
			for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
				;
			if (j > i && j - i <= MD_OL_DIGITS && j < len &&
			    (s[j] == '.' || s[j] == ')'))
				olmark = j;
			else if (strchr(md_special_bol, c) != NULL)
				olmark = i;
		}
		if (md_links(b, c))
			buf_put(b, md_wj, sizeof md_wj - 1);
		if (i == olmark || strchr(md_special, c) != NULL)
			buf_putc(b, '\\');
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
