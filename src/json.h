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
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

#define JSMN_HEADER
#define JSMN_STRICT
#include "jsmn.h"

#include "buf.h"

#define JSON_MAX_DEPTH	64	/* deepest nesting accepted */
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
 * Parse s[0..len) as one JSON value.  Tokens are malloc'd and grown as
 * needed up to JSON_MAX_TOKENS.  Returns JSON_OK or a json_err; on error
 * js holds nothing to free.  Does not log.
 */
int	json_parse(struct json *js, const char *s, size_t len);
/* As json_parse, and the root must be an object (JSON_E_NOTOBJECT). */
int	json_parse_object(struct json *js, const char *s, size_t len);
void	json_free(struct json *js);
/* A short English phrase for a json_err ("nesting too deep", ...). */
const char *json_strerror(int err);
/* 1-based line and column of byte offset pos in js->s (for messages). */
void	json_linecol(const char *s, size_t len, size_t pos, int *line, int *col);

/* Index just past the subtree rooted at token i (iterative, no recursion). */
int	json_skip(const struct json *js, int i);
/*
 * Value token of key in object token obj, or -1 (obj not an object, or
 * no such key).  Keys are compared after unescaping; first match wins.
 */
int	json_obj_get(const struct json *js, int obj, const char *key);
/*
 * Follow a dotted path ("rule.mitre.id") from token root.  A segment of
 * digits indexes into an array.  Returns the token or -1.
 */
int	json_path(const struct json *js, int root, const char *path);
/* Element idx of array token arr, or -1. */
int	json_arr_get(const struct json *js, int arr, int idx);

int	json_is_str(const struct json *js, int i);
int	json_is_obj(const struct json *js, int i);
int	json_is_arr(const struct json *js, int i);
/* 1 if token i is the literal null (or i < 0). */
int	json_is_null(const struct json *js, int i);

/*
 * Decode string token i into b (appending), per the text policy above.
 * Returns 0, or -1 if i is not a string.  b->err reports overflow.
 */
int	json_get_str(const struct json *js, int i, struct buf *b);
/*
 * Append a scalar's text to b: strings decoded, numbers/true/false as
 * written, null as nothing.  Returns 0, -1 for objects/arrays or i < 0.
 */
int	json_get_text(const struct json *js, int i, struct buf *b);
/*
 * Integer value of token i: a JSON number of digits (optionally '-'),
 * or a string holding one, within [min, max].  Returns 0 and sets *out,
 * or -1.
 */
int	json_get_int(const struct json *js, int i, long long min, long long max,
	    long long *out);
/* Boolean token i: returns 0 and sets *out, or -1. */
int	json_get_bool(const struct json *js, int i, int *out);
/* 1 if string token i equals s (decoded compare), else 0. */
int	json_str_eq(const struct json *js, int i, const char *s);

/*
 * Validate s as our own output must be: one root, strict syntax, no raw
 * control bytes, valid UTF-8 throughout, no lone surrogate escapes.
 * Returns JSON_OK or a json_err (errpos set).
 */
int	json_validate(const char *s, size_t len, size_t *errpos);

/*
 * The writer.  Commas and colons are placed by the writer; callers only
 * open, close, name keys and write values.  Errors are sticky in w->b.
 * With pretty > 0, output is indented by that many spaces per level.
 */
struct jw {
	struct buf	*b;
	int		 depth;
	int		 pretty;
	unsigned char	 need_comma[JSON_MAX_DEPTH + 2];
	int		 after_key;
	int		 err;	/* misuse: depth overflow, ... */
};

void	jw_init(struct jw *w, struct buf *b, int pretty);
void	jw_obj(struct jw *w);		/* { */
void	jw_arr(struct jw *w);		/* [ */
void	jw_end(struct jw *w);		/* } or ] */
void	jw_key(struct jw *w, const char *key);
/* A string value from raw bytes: escaped, invalid UTF-8 -> U+FFFD. */
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
/* Escape raw bytes as JSON string *content* (no quotes) into b. */
void	jw_escape(struct buf *b, const char *s, size_t len);
/* 1 if the writer and its buffer are error-free. */
int	jw_ok(const struct jw *w);

/*
 * UTF-8 helpers shared by the escapers.  utf8_next decodes one code
 * point at s[0..len): returns its length (>= 1) and sets *cp, with
 * *cp = 0xFFFD and length 1 for an invalid or truncated sequence.
 */
size_t	utf8_next(const char *s, size_t len, unsigned *cp);
/* Append code point cp as UTF-8. */
void	utf8_put(struct buf *b, unsigned cp);

#endif
