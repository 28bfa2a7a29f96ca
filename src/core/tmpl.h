/*
 * tmpl: payloads configured, not coded.  A template is any JSON value
 * from <options>; rendering copies it to the output through the one
 * JSON writer, replacing placeholders in strings with alert data.
 *
 * Syntax (README "Templates").  Template strings are JSON-decoded first,
 * then scanned:
 *   "${rule.level}"              a string that is exactly one placeholder
 *                                keeps the JSON type of what it names
 *                                (number, string, bool, array, object); a
 *                                quoted literal gives a string; missing
 *                                (null and "" count as missing) with no
 *                                fallback -> null
 *   "Agent ${agent.name} (${agent.ip|location|\"None\"})"
 *                                placeholders inside text: each replaced by
 *                                the value's text (strings decoded, numbers
 *                                and true/false as written, arrays/objects
 *                                as compact JSON); missing -> ""; the whole
 *                                text is then escaped once as one string
 *   "https://w.example/app?q=${id}"
 *                                URL-typed: mixed text that starts with
 *                                http:// or https:// (any case) has each
 *                                value percent-encoded as a URL component
 *                                (RFC 3986 unreserved kept, url_encode),
 *                                so alert text cannot end the query, add
 *                                a parameter or leave the attribute it
 *                                lands in; quoted literals and the
 *                                template's text are not encoded, a sole
 *                                placeholder keeps its type
 *   ${a|b|"literal"}             fallbacks, left to right: the first path
 *                                that exists and is not null or "", else
 *                                the quoted literal (only as the last
 *                                alternative; \" and \\ inside it stand
 *                                for " and \, any other \ is itself).
 *                                Blanks around alternatives are ignored.
 *   $$                           a literal '$'; a '$' not followed by '{'
 *                                or '$' is itself
 *   {"each": "${rule.mitre.id}", "as": {"value": "${.}"}}
 *                                an array: "as" rendered once per element
 *                                of the named array, with ${.} (or ${.x})
 *                                naming the element (outside "as": the
 *                                alert itself); a missing, null or ""
 *                                value gives [], a scalar or object a
 *                                one-element array.  "each" is exactly one
 *                                placeholder of paths (fallbacks allowed,
 *                                no literal); the object has no other key.
 *                                each/as nest (TMPL_MAX_DEPTH); all of them
 *                                together produce at most
 *                                TMPL_MAX_EXPANSION elements per render.
 * Paths are dotted (rule.mitre.id, data.win.system.eventID); a segment of
 * digits indexes an array; "." and ".x.y" are relative to the current
 * "each" element, and outside "as" to the alert's root: "${.}" is the
 * whole alert, "${.x.y}" the same as "${x.y}".  Paths are at most 512
 * bytes, segments 256, and contain no blank or | } " { $ \.  Objects
 * and arrays in a template are rendered member by member; keys are
 * literal (decoded, re-escaped, never expanded).  Alert values are
 * copied, never scanned: a "${" inside alert text stays text.
 *
 * A placeholder that does not parse (unterminated, empty alternative...)
 * is a tmpl_check error; rendered without a check, it is plain text.
 * Recursion follows the template's own nesting only (at most
 * JSON_MAX_DEPTH); nothing is kept between calls.
 */
#ifndef TMPL_H
#define TMPL_H

#include <stddef.h>

#include "alert.h"
#include "json.h"

#define TMPL_MAX_DEPTH		16	/* nested each/as */
#define TMPL_MAX_EXPANSION	4096	/* elements produced by all "each" */

/*
 * Check template token t of tj recursively: placeholder syntax, path
 * shape, each/as shape and nesting.
 * Returns 0, or -1 with a one-line reason in why naming the option path
 * (name, then .key or .index per level, keys as written, cut at 64
 * bytes) and the byte offset of the "${" in the decoded string:
 *   options: "fields.customfield_10046": unterminated ${ at offset 5
 * name NULL reads as "template".  Does not log.
 */
int	tmpl_check(const struct json *tj, int t, const char *name, char *why,
	    size_t cap);
/*
 * Render template token t of tj against alert a into w (one JSON value),
 * every byte through the jw_* writer.  Returns 0, or -1 if w overflowed
 * (or hit its nesting limit), the expansion bound was hit, or memory ran
 * out; the output is then incomplete.
 */
int	tmpl_render(struct jw *w, const struct json *tj, int t,
	    const struct alert *a);
/*
 * Render template token t (a string) as raw text appended to b (not
 * JSON-escaped; for titles...): placeholders replaced by the values'
 * text as in mixed text, a sole placeholder included (an array/object
 * gives its compact JSON, missing gives "").  Never URL-typed.  Returns
 * 0, or -1 (not a string, b overflowed, out of memory).
 */
int	tmpl_render_text(struct buf *b, const struct json *tj, int t,
	    const struct alert *a);
/*
 * As tmpl_render_text, in URL mode (for an option that is a URL): every
 * value is percent-encoded as a URL component (url_encode), except the
 * value of a placeholder at offset 0 of the string, which is the URL
 * itself ("${data.url}", "${base|\"https://x\"}/a?id=${id}") and is
 * inserted as is.  The caller checks the result is a URL it accepts.
 */
int	tmpl_render_url(struct buf *b, const struct json *tj, int t,
	    const struct alert *a);
/*
 * Render template token t (a string) as text (as tmpl_render_text,
 * never URL-typed) written to w as one JSON string, with every value
 * taken from the alert passed through esc (e.g. md_inline for Markdown;
 * NULL: as is) before it is appended; the template's own text and
 * quoted literals are not escaped.  The text may use all the room left
 * in w's buffer.  Returns 0, or -1 (not a string, w overflowed - its
 * error is then set - or out of memory); nothing is cut silently.
 */
int	tmpl_render_str(struct jw *w, const struct json *tj, int t,
	    const struct alert *a, void (*esc)(struct buf *, const char *, size_t));

#endif
