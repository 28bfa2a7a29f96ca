/*
 * json: a strict, bounded reader over jsmn's flat token array, and the
 * one escaping writer (jw_*) every byte of JSON we emit goes through.
 *
 * Reader: json_parse() checks the whole input is exactly one value
 * (root span covers the trimmed input, no NUL, no trailing garbage),
 * bounds nesting depth and token count before and during jsmn, and
 * rejects raw control bytes inside strings.  Lookups return token
 * indices (views into the caller's text); nothing is copied until a
 * json_get_* call decodes into a caller buffer.
 *
 * Text policy for decoded strings (json_get_str, jw_token): invalid
 * UTF-8, \u0000 and unpaired surrogates all become U+FFFD, so every
 * string we re-emit is valid UTF-8 that PostgreSQL text columns accept.
 * Precisely: \" \\ \/ \b \f \n \r \t decode to their byte; a \uD800-DBFF
 * immediately followed by \uDC00-DFFF is one 4-byte code point; any
 * other surrogate escape is one U+FFFD (EF BF BD) per \uXXXX, as is
 * \u0000.  Raw bytes are checked as UTF-8 (no overlongs, no UTF-8
 * encoded surrogates ED A0..BF, nothing over U+10FFFF, no truncated
 * sequence): each byte that does not start a valid sequence becomes
 * one U+FFFD, and decoding resumes at the next byte ("\xc0\xaf" and
 * "\xed\xa0\x80" give two and three U+FFFD).
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

#define JSMN_HEADER
#define JSMN_STRICT
#define JSMN_PARENT_LINKS	/* must match src/jsmn.c */
#include "jsmn.h"

#include "buf.h"

#define JSON_MAX_DEPTH	64	/* deepest nesting accepted */
/*
 * Deepest nesting the writer produces.  Whatever the readers accept, the
 * destinations must be able to write: a template (options, at most
 * JSON_MAX_DEPTH deep) may place a whole alert subtree (JSON_MAX_DEPTH
 * more) at its deepest point, inside a few levels of our own.
 */
#define JW_MAX_DEPTH	(2 * JSON_MAX_DEPTH + 4)
#define JSON_MAX_TOKENS	65536	/* most tokens accepted */

enum json_err {
	JSON_OK = 0,
	JSON_E_EMPTY,		/* nothing but whitespace */
	JSON_E_SYNTAX,		/* invalid JSON at errpos */
	JSON_E_TRUNCATED,	/* input ends inside a value */
	JSON_E_TRAILING,	/* bytes after the root value (at errpos) */
	JSON_E_NUL,		/* NUL byte at errpos */
	JSON_E_CTRL,		/* raw control byte inside a string at errpos */
	JSON_E_DEPTH,		/* nesting deeper than JSON_MAX_DEPTH */
	JSON_E_TOKENS,		/* more than JSON_MAX_TOKENS tokens */
	JSON_E_NOMEM,		/* allocation failed */
	JSON_E_NOTOBJECT,	/* root is not an object (json_parse_object) */
	JSON_E__MAX
};

struct json {
	const char	*s;	/* the text, not owned */
	size_t		 len;
	jsmntok_t	*t;	/* tokens, owned (json_free) */
	int		 n;	/* token count; t[0] is the root */
	size_t		 errpos;/* byte offset of the error, when relevant */
};

/*
 * Parse s[0..len) as one JSON value.  Tokens are malloc'd (one array,
 * sized by the pre-scan's exact count, at most JSON_MAX_TOKENS).
 * Returns JSON_OK or a json_err; on error js holds nothing to free.
 * Does not log.
 *
 * Strict RFC 8259 grammar (a linear pre-scan checks it before jsmn,
 * which alone accepts missing or extra commas and colons): numbers as
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, true/false/null, any
 * root type.  JSON whitespace around the value is ignored.  Errors
 * come in input order (the first offending byte decides), except that
 * a NUL anywhere is reported first.  Inputs over INT_MAX / 2 bytes
 * (jsmn offsets are int) give JSON_E_NOMEM without being read.
 * js->s, js->len and js->errpos stay set on error (for json_linecol).
 */
int	json_parse(struct json *js, const char *s, size_t len);
/* As json_parse, and the root must be an object (JSON_E_NOTOBJECT). */
int	json_parse_object(struct json *js, const char *s, size_t len);
void	json_free(struct json *js);
/*
 * A short English phrase for a json_err ("nesting deeper than 64
 * levels", ...); "unknown JSON error" out of range.
 */
const char *json_strerror(int err);
/* 1-based line and column of byte offset pos in js->s (for messages). */
void	json_linecol(const char *s, size_t len, size_t pos, int *line, int *col);

/*
 * Index just past the subtree rooted at token i (iterative, no
 * recursion), or -1 if i is not a token or the subtree would pass js->n.
 * For all lookups below, any index outside [0, js->n) means "missing".
 */
int	json_skip(const struct json *js, int i);
/*
 * Value token of key in object token obj, or -1 (obj not an object, or
 * no such key).  Keys are compared after unescaping (so "r\u0075le"
 * matches "rule"), with no length limit and no allocation; key should
 * be valid UTF-8.  Duplicate keys: the first match wins.
 */
int	json_obj_get(const struct json *js, int obj, const char *key);
/*
 * Follow a dotted path ("rule.mitre.id") from token root.  A segment of
 * digits indexes into an array ("rule.mitre.id.0"); in an object it is a
 * key.  Returns the token or -1: an empty segment (leading, trailing or
 * doubled dot), a segment over 256 bytes, a scalar along the way, a
 * missing key or index.  The empty path returns root.  Keys that contain
 * a dot cannot be reached this way (use json_obj_get).
 */
int	json_path(const struct json *js, int root, const char *path);
/*
 * Element idx of array token arr, or -1.  It walks from the first
 * element: never call it in a loop over idx (that is quadratic in the
 * array's size, and arrays come from peers); iterate instead:
 *   for (e = json_arr_first(js, arr); e != -1; e = json_arr_next(js, arr, e))
 * which visits each token once.
 */
int	json_arr_get(const struct json *js, int arr, int idx);
/* The first element of array token arr, or -1 (empty, not an array). */
int	json_arr_first(const struct json *js, int arr);
/* The element after e in array arr, or -1 after the last one. */
int	json_arr_next(const struct json *js, int arr, int e);

int	json_is_str(const struct json *js, int i);
int	json_is_obj(const struct json *js, int i);
int	json_is_arr(const struct json *js, int i);
/* 1 if token i is the literal null (or i is not a token, e.g. -1). */
int	json_is_null(const struct json *js, int i);

/*
 * Decode string token i into b (appending), per the text policy above.
 * Returns 0, or -1 if i is not a string.  b->err reports overflow.
 */
int	json_get_str(const struct json *js, int i, struct buf *b);
/*
 * Append a scalar's text to b: strings decoded, numbers/true/false as
 * written, null as nothing.  Returns 0, -1 for objects/arrays or i < 0.
 * b->err reports overflow.
 */
int	json_get_text(const struct json *js, int i, struct buf *b);
/*
 * Integer value of token i: a JSON number of digits (optionally '-'),
 * or a string holding exactly that (no sign '+', blanks, fraction,
 * exponent or escapes; leading zeros are accepted in strings: "007"),
 * within [min, max].  Returns 0 and sets *out, or -1 (also on overflow
 * of long long).
 */
int	json_get_int(const struct json *js, int i, long long min, long long max,
	    long long *out);
/* Boolean token i: returns 0 and sets *out, or -1. */
int	json_get_bool(const struct json *js, int i, int *out);
/* 1 if string token i equals s (decoded compare, as json_obj_get), else 0. */
int	json_str_eq(const struct json *js, int i, const char *s);

/*
 * Validate s as our own output must be: one root, strict syntax, no raw
 * control bytes, valid UTF-8 throughout, no lone surrogate escapes.
 * Returns JSON_OK or a json_err (errpos set; errpos may be NULL).
 * Everything json_parse rejects, and also, as JSON_E_SYNTAX at the
 * offending byte: invalid raw UTF-8 (per the text policy), a \uD800-DBFF
 * not followed by \uDC00-DFFF, a lone \uDC00-DFFF, and \u0000 (the
 * writer never emits any of these).
 */
int	json_validate(const char *s, size_t len, size_t *errpos);

/*
 * The writer.  Commas and colons are placed by the writer; callers only
 * open, close, name keys and write values.  Errors are sticky in w->b.
 * With pretty > 0, output is indented by that many spaces per level:
 * each member on its own line, "key": value, empty {} and [] compact,
 * no final newline.  Misuse sets w->err and makes later calls no-ops:
 * opening a level deeper than JW_MAX_DEPTH, a value in an object without a key, a key
 * outside an object or after a key, jw_end with nothing open or right
 * after a key, a second root value.  Unclosed containers are not an
 * error for jw_ok (callers close what they open).
 */
struct jw {
	struct buf	*b;
	int		 depth;
	int		 pretty;
	unsigned char	 need_comma[JW_MAX_DEPTH + 2];	/* per depth */
	unsigned char	 in_obj[JW_MAX_DEPTH + 2];	/* depth d is {} */
	int		 after_key;
	int		 err;	/* misuse: depth overflow, ... */
};

void	jw_init(struct jw *w, struct buf *b, int pretty);
void	jw_obj(struct jw *w);		/* { */
void	jw_arr(struct jw *w);		/* [ */
void	jw_end(struct jw *w);		/* } or ] */
void	jw_key(struct jw *w, const char *key);
/*
 * A string value from raw bytes: escaped (see jw_escape), invalid
 * UTF-8 -> U+FFFD.
 */
void	jw_strn(struct jw *w, const char *s, size_t len);
void	jw_str(struct jw *w, const char *s);
void	jw_int(struct jw *w, long long v);
void	jw_bool(struct jw *w, int v);
void	jw_null(struct jw *w);
/*
 * Re-emit the subtree at token i of js: strings decoded and re-escaped
 * per the text policy, numbers and literals copied, structure rebuilt
 * (so the output is compact or pretty as w is).  i < 0 writes null.
 */
void	jw_token(struct jw *w, const struct json *js, int i);
/*
 * Escape raw bytes as JSON string *content* (no quotes) into b:
 * " and \ as \" and \\; \b \f \n \r \t; other bytes 0x01-0x1f and 0x7f as
 * \u00xx (lowercase hex); U+2028/U+2029 as \u2028/\u2029; a NUL byte
 * and each invalid UTF-8 byte as U+FFFD (raw EF BF BD, per the text
 * policy: we never emit \u0000); everything else, valid non-ASCII
 * UTF-8 included, copied as is.
 */
void	jw_escape(struct buf *b, const char *s, size_t len);
/* 1 if the writer and its buffer are error-free. */
int	jw_ok(const struct jw *w);

/*
 * UTF-8 helpers shared by the escapers.  utf8_next decodes one code
 * point at s[0..len): returns its length (>= 1) and sets *cp, with
 * *cp = 0xFFFD and length 1 for an invalid or truncated sequence
 * (len == 0 returns 0).  A valid EF BF BD also gives 0xFFFD, length 3.
 */
size_t	utf8_next(const char *s, size_t len, unsigned *cp);
/* Append code point cp as UTF-8 (surrogates, > U+10FFFF: U+FFFD). */
void	utf8_put(struct buf *b, unsigned cp);

#endif
