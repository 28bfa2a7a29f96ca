/* see json.h */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_TOK_MIN	256	/* first token array size when unsure */
#define JSON_PATH_SEG	256	/* longest json_path segment */

/* Scanner states (json_scan). */
enum json_state {
	JSON_ST_VALUE,		/* a value is due ("]" too if first) */
	JSON_ST_KEY,		/* a key string is due ("}" too if first) */
	JSON_ST_COLON,		/* ":" after a key */
	JSON_ST_AFTER		/* "," or the closing bracket */
};

static const char *const json_errstr[JSON_E__MAX] = {
	"no error",
	"empty input",
	"invalid JSON",
	"truncated JSON",
	"trailing data after the JSON value",
	"NUL byte",
	"raw control character in a string",
	"nesting deeper than 64 levels",
	"more than 65536 tokens",
	"out of memory",
	"not a JSON object",
};

static const char json_hex[] = "0123456789abcdef";

static int
json_isws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes that end an unquoted run (number or literal). */
static int
json_isdelim(unsigned char c)
{
	return json_isws(c) || c == ',' || c == ':' || c == '[' || c == ']' ||
	    c == '{' || c == '}' || c == '"';
}

static int
json_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Value of hex digit c, or -1. */
static int
json_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 4 hex digits at p (caller checked 4 bytes exist), or -1. */
static long
json_hex4(const char *p)
{
	long v = 0;
	int i, d;

	for (i = 0; i < 4; i++) {
		if ((d = json_hexval((unsigned char)p[i])) == -1)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Check the unquoted run p[0..n) (n >= 1) is a JSON number or one of
 * true/false/null.  Returns 0, or -1 with *bad the offset of the first
 * offending byte (n if the run ends too early).
 */
static int
json_prim_check(const char *p, size_t n, size_t *bad)
{
	size_t k = 0;

	if (p[0] != '-' && !json_isdigit((unsigned char)p[0])) {
		if ((n == 4 && memcmp(p, "true", 4) == 0) ||
		    (n == 5 && memcmp(p, "false", 5) == 0) ||
		    (n == 4 && memcmp(p, "null", 4) == 0))
			return 0;
		*bad = 0;
		return -1;
	}
	if (p[k] == '-')
		k++;
	if (k == n)
		goto bad;
	if (p[k] == '0')
		k++;
	else if (p[k] >= '1' && p[k] <= '9') {
		while (k < n && json_isdigit((unsigned char)p[k]))
			k++;
	} else
		goto bad;
	if (k < n && p[k] == '.') {
		k++;
		if (k == n || !json_isdigit((unsigned char)p[k]))
			goto bad;
		while (k < n && json_isdigit((unsigned char)p[k]))
			k++;
	}
	if (k < n && (p[k] == 'e' || p[k] == 'E')) {
		k++;
		if (k < n && (p[k] == '+' || p[k] == '-'))
			k++;
		if (k == n || !json_isdigit((unsigned char)p[k]))
			goto bad;
		while (k < n && json_isdigit((unsigned char)p[k]))
			k++;
	}
	if (k == n)
		return 0;
bad:
	*bad = k;
	return -1;
}

/*
 * Scan the string whose opening quote is at s[*pos], within s[0..end).
 * Checks escapes fully and rejects raw bytes < 0x20.  Returns JSON_OK
 * with *pos just past the closing quote, or an error with *errpos.
 */
static int
json_scan_string(const char *s, size_t end, size_t *pos, size_t *errpos)
{
	size_t j = *pos + 1, k;
	unsigned char c;

	for (;;) {
		if (j >= end) {
			*errpos = end;
			return JSON_E_TRUNCATED;
		}
		c = (unsigned char)s[j];
		if (c == '"') {
			*pos = j + 1;
			return JSON_OK;
		}
		if (c < 0x20) {
			*errpos = j;
			return JSON_E_CTRL;
		}
		if (c != '\\') {
			j++;
			continue;
		}
		if (j + 1 >= end) {
			*errpos = end;
			return JSON_E_TRUNCATED;
		}
		switch (s[j + 1]) {
		case '"': case '\\': case '/':
		case 'b': case 'f': case 'n': case 'r': case 't':
			j += 2;
			break;
		case 'u':
			for (k = j + 2; k < j + 6; k++) {
				if (k >= end) {
					*errpos = end;
					return JSON_E_TRUNCATED;
				}
				if (json_hexval((unsigned char)s[k]) == -1) {
					*errpos = k;
					return JSON_E_SYNTAX;
				}
			}
			j += 6;
			break;
		default:
			*errpos = j + 1;
			return JSON_E_SYNTAX;
		}
	}
}

/*
 * The strict pre-scan: one linear pass over s[a..b) (trimmed, no NUL)
 * checking the full JSON grammar of the first value, with nesting
 * bounded by JSON_MAX_DEPTH and the token count (as jsmn counts them)
 * by JSON_MAX_TOKENS, both before anything is allocated.  Returns
 * JSON_OK with *rend just past the root value and *ntok the number of
 * tokens, or an error with *errpos.  Bytes after the root are not
 * looked at.
 */
static int
json_scan(const char *s, size_t a, size_t b, size_t *rend, int *ntok,
    size_t *errpos)
{
	unsigned char isobj[JSON_MAX_DEPTH];
	enum json_state st = JSON_ST_VALUE;
	size_t i = a, k, bad = 0;
	int depth = 0, first = 0, count = 0, r;
	unsigned char c;

	for (;;) {
		while (i < b && json_isws((unsigned char)s[i]))
			i++;
		if (i >= b) {
			*errpos = b;
			return JSON_E_TRUNCATED;
		}
		c = (unsigned char)s[i];
		switch (st) {
		case JSON_ST_KEY:
			if (c == '}' && first)
				goto close;
			if (c != '"') {
				*errpos = i;
				return JSON_E_SYNTAX;
			}
			if (++count > JSON_MAX_TOKENS) {
				*errpos = i;
				return JSON_E_TOKENS;
			}
			if ((r = json_scan_string(s, b, &i, errpos)) != JSON_OK)
				return r;
			st = JSON_ST_COLON;
			continue;
		case JSON_ST_COLON:
			if (c != ':') {
				*errpos = i;
				return JSON_E_SYNTAX;
			}
			i++;
			st = JSON_ST_VALUE;
			first = 0;
			continue;
		case JSON_ST_AFTER:
			if (c == ',') {
				i++;
				st = isobj[depth - 1] ? JSON_ST_KEY : JSON_ST_VALUE;
				first = 0;
				continue;
			}
			if (c == '}' || c == ']')
				goto close;
			*errpos = i;
			return JSON_E_SYNTAX;
		case JSON_ST_VALUE:
			break;
		}

		/* JSON_ST_VALUE */
		if (c == ']' && first)
			goto close;
		if (++count > JSON_MAX_TOKENS) {
			*errpos = i;
			return JSON_E_TOKENS;
		}
		if (c == '{' || c == '[') {
			if (depth >= JSON_MAX_DEPTH) {
				*errpos = i;
				return JSON_E_DEPTH;
			}
			isobj[depth++] = (c == '{');
			i++;
			st = (c == '{') ? JSON_ST_KEY : JSON_ST_VALUE;
			first = 1;
			continue;
		}
		if (c == '"') {
			if ((r = json_scan_string(s, b, &i, errpos)) != JSON_OK)
				return r;
			goto value;
		}
		for (k = i; k < b && !json_isdelim((unsigned char)s[k]); k++)
			;
		if (k == i || json_prim_check(s + i, k - i, &bad) == -1) {
			*errpos = (k == i) ? i : i + bad;
			return JSON_E_SYNTAX;
		}
		i = k;
		goto value;

close:
		if (depth == 0 || (c == '}') != isobj[depth - 1]) {
			*errpos = i;
			return JSON_E_SYNTAX;
		}
		depth--;
		i++;
value:
		if (depth == 0) {
			*rend = i;
			*ntok = count;
			return JSON_OK;
		}
		st = JSON_ST_AFTER;
		first = 0;
	}
}

/*
 * Run jsmn over s[0..rend) into a token array sized from the pre-scan
 * count, growing it geometrically (jsmn resumes after NOMEM) up to
 * JSON_MAX_TOKENS should the two ever disagree.  Returns JSON_OK with
 * js->t and js->n set, or an error (nothing left allocated).
 */
static int
json_tokenize(struct json *js, size_t rend, int want)
{
	jsmn_parser p;
	jsmntok_t *t, *nt;
	unsigned int cap;
	int r;

	cap = want > 0 ? (unsigned int)want : JSON_TOK_MIN;
	if (cap > JSON_MAX_TOKENS)
		cap = JSON_MAX_TOKENS;
	if ((t = malloc(cap * sizeof(*t))) == NULL)
		return JSON_E_NOMEM;
	jsmn_init(&p);
	for (;;) {
		r = jsmn_parse(&p, js->s, rend, t, cap);
		if (r >= 0)
			break;
		if (r == JSMN_ERROR_NOMEM) {
			if (cap >= JSON_MAX_TOKENS) {
				free(t);
				js->errpos = p.pos;
				return JSON_E_TOKENS;
			}
			cap = cap * 2 > JSON_MAX_TOKENS ? JSON_MAX_TOKENS :
			    cap * 2;
			if ((nt = realloc(t, cap * sizeof(*t))) == NULL) {
				free(t);
				return JSON_E_NOMEM;
			}
			t = nt;
			continue;
		}
		free(t);
		if (r == JSMN_ERROR_PART) {
			js->errpos = rend;
			return JSON_E_TRUNCATED;
		}
		js->errpos = p.pos;
		return JSON_E_SYNTAX;
	}
	js->t = t;
	js->n = (int)p.toknext;
	return JSON_OK;
}

/*
 * Belt and braces over jsmn's output: the token count matches the
 * pre-scan, the root spans exactly s[a..rend), every primitive is a
 * valid number or literal, no token has a negative size, and the
 * subtree walk of the root covers every token.  Returns JSON_OK or an
 * error with js->errpos.
 */
static int
json_check_tokens(struct json *js, size_t a, size_t rend, int want)
{
	const jsmntok_t *t = js->t;
	size_t bad, s0, e0;
	int i;

	if (js->n != want || js->n < 1) {
		js->errpos = a;
		return JSON_E_SYNTAX;
	}
	/* A string token excludes its quotes. */
	s0 = (size_t)t[0].start;
	e0 = (size_t)t[0].end;
	if (t[0].type == JSMN_STRING) {
		s0--;
		e0++;
	}
	if (t[0].start < 0 || t[0].end < 0 || s0 != a || e0 != rend) {
		js->errpos = a;
		return JSON_E_SYNTAX;
	}
	for (i = 0; i < js->n; i++) {
		if (t[i].start < 0 || t[i].end < t[i].start || t[i].size < 0 ||
		    (size_t)t[i].end > rend) {
			js->errpos = a;
			return JSON_E_SYNTAX;
		}
		if (t[i].type == JSMN_PRIMITIVE &&
		    (t[i].end == t[i].start ||
		    json_prim_check(js->s + t[i].start,
		    (size_t)(t[i].end - t[i].start), &bad) == -1)) {
			js->errpos = (size_t)t[i].start;
			return JSON_E_SYNTAX;
		}
	}
	if (json_skip(js, 0) != js->n) {
		js->errpos = a;
		return JSON_E_SYNTAX;
	}
	return JSON_OK;
}

/* see json.h */
int
json_parse(struct json *js, const char *s, size_t len)
{
	const char *nul;
	size_t a, b, rend, k;
	int r, ntok;

	js->s = s;
	js->len = len;
	js->t = NULL;
	js->n = 0;
	js->errpos = 0;

	if (len > (size_t)INT_MAX / 2)
		return JSON_E_NOMEM;
	if (len > 0 && (nul = memchr(s, '\0', len)) != NULL) {
		js->errpos = (size_t)(nul - s);
		return JSON_E_NUL;
	}
	for (a = 0; a < len && json_isws((unsigned char)s[a]); a++)
		;
	for (b = len; b > a && json_isws((unsigned char)s[b - 1]); b--)
		;
	if (a == b) {
		js->errpos = a;
		return JSON_E_EMPTY;
	}
	if ((r = json_scan(s, a, b, &rend, &ntok, &js->errpos)) != JSON_OK)
		return r;
	for (k = rend; k < b && json_isws((unsigned char)s[k]); k++)
		;
	if (k < b) {
		js->errpos = k;
		return JSON_E_TRAILING;
	}

	if (s[a] != '{' && s[a] != '[' && s[a] != '"') {
		/*
		 * A bare number or literal: strict jsmn wants a delimiter
		 * after a primitive and would call this truncated, so
		 * make its one token here (json_scan validated it).
		 */
		if ((js->t = malloc(sizeof(*js->t))) == NULL)
			return JSON_E_NOMEM;
		js->t[0].type = JSMN_PRIMITIVE;
		js->t[0].start = (int)a;
		js->t[0].end = (int)rend;
		js->t[0].size = 0;
		js->n = 1;
	} else if ((r = json_tokenize(js, rend, ntok)) != JSON_OK)
		return r;
	if ((r = json_check_tokens(js, a, rend, ntok)) != JSON_OK) {
		free(js->t);
		js->t = NULL;
		js->n = 0;
		return r;
	}
	return JSON_OK;
}

/* see json.h */
int
json_parse_object(struct json *js, const char *s, size_t len)
{
	int r;

	if ((r = json_parse(js, s, len)) != JSON_OK)
		return r;
	if (js->t[0].type != JSMN_OBJECT) {
		js->errpos = (size_t)js->t[0].start;
		if (js->t[0].type == JSMN_STRING && js->errpos > 0)
			js->errpos--;
		json_free(js);
		return JSON_E_NOTOBJECT;
	}
	return JSON_OK;
}

/* see json.h */
void
json_free(struct json *js)
{
	if (js == NULL)
		return;
	free(js->t);
	js->t = NULL;
	js->n = 0;
}

/* see json.h */
const char *
json_strerror(int err)
{
	if (err < 0 || err >= JSON_E__MAX)
		return "unknown JSON error";
	return json_errstr[err];
}

/* see json.h */
void
json_linecol(const char *s, size_t len, size_t pos, int *line, int *col)
{
	size_t i, ls = 0;
	int l = 1;

	if (pos > len)
		pos = len;
	for (i = 0; i < pos; i++) {
		if (s[i] == '\n') {
			if (l < INT_MAX)
				l++;
			ls = i + 1;
		}
	}
	*line = l;
	*col = pos - ls >= (size_t)INT_MAX ? INT_MAX : (int)(pos - ls) + 1;
}

/* 1 if i is a token index of js. */
static int
json_valid(const struct json *js, int i)
{
	return js != NULL && js->t != NULL && i >= 0 && i < js->n;
}

/* see json.h */
int
json_skip(const struct json *js, int i)
{
	long pending = 1;

	if (!json_valid(js, i))
		return -1;
	while (pending > 0) {
		if (i >= js->n || js->t[i].size < 0)
			return -1;
		pending += js->t[i].size - 1;
		i++;
	}
	return i;
}

/*
 * Encode cp as UTF-8 into out[4]; surrogates and values over U+10FFFF
 * become U+FFFD.  Returns the length.
 */
static size_t
utf8_enc(unsigned cp, char *out)
{
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* see json.h */
size_t
utf8_next(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c, lo = 0x80, hi = 0xBF;
	size_t n, k;

	if (len == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* over U+10FFFF */
		c &= 0x07;
	} else
		goto bad;
	if (len < n || p[1] < lo || p[1] > hi)
		goto bad;
	for (k = 1; k < n; k++) {
		if (k > 1 && (p[k] < 0x80 || p[k] > 0xBF))
			goto bad;
		c = (c << 6) | (p[k] & 0x3F);
	}
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* see json.h */
void
utf8_put(struct buf *b, unsigned cp)
{
	char out[4];

	buf_put(b, out, utf8_enc(cp, out));
}

/*
 * Decode the escape at p[0..len) (p[0] is a backslash) per the text
 * policy into out[4] (*olen bytes).  Returns the raw bytes consumed
 * (>= 1).  Malformed escapes (json_parse rejects them) become U+FFFD.
 */
static size_t
json_dec_esc(const char *p, size_t len, char *out, size_t *olen)
{
	long cp, lo;
	char c;

	if (len < 2) {
		*olen = utf8_enc(0xFFFD, out);
		return 1;
	}
	c = p[1];
	switch (c) {
	case '"': case '\\': case '/':
		break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u':
		if (len < 6 || (cp = json_hex4(p + 2)) == -1) {
			*olen = utf8_enc(0xFFFD, out);
			return 2;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF && len >= 12 &&
		    p[6] == '\\' && p[7] == 'u' &&
		    (lo = json_hex4(p + 8)) >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			*olen = utf8_enc((unsigned)cp, out);
			return 12;
		}
		/* Lone surrogates (utf8_enc) and U+0000 become U+FFFD. */
		*olen = utf8_enc(cp == 0 ? 0xFFFD : (unsigned)cp, out);
		return 6;
	default:
		*olen = utf8_enc(0xFFFD, out);
		return 2;
	}
	out[0] = c;
	*olen = 1;
	return 2;
}

/*
 * One decoded unit of the string body p[0..len) (len >= 1): a raw code
 * point or an escape, into out[4] (*olen bytes).  Returns raw bytes
 * consumed (>= 1).
 */
static size_t
json_dec_unit(const char *p, size_t len, char *out, size_t *olen)
{
	unsigned cp;
	size_t n;

	if (p[0] == '\\')
		return json_dec_esc(p, len, out, olen);
	n = utf8_next(p, len, &cp);
	*olen = utf8_enc(cp, out);
	return n;
}

/* Append raw bytes p[0..n) with invalid UTF-8 bytes as U+FFFD. */
static void
json_put_utf8(struct buf *b, const char *p, size_t n)
{
	size_t i = 0, run = 0, k;
	unsigned cp;

	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_next(p + i, n - i, &cp)) > 1) {
			i += k;
			continue;
		}
		buf_put(b, p + run, i - run);
		utf8_put(b, 0xFFFD);
		run = ++i;
	}
	buf_put(b, p + run, i - run);
}

/*
 * Compare string token i, decoded, with s[0..slen).  Raw when the token
 * is plain ASCII without escapes (then decoded == raw), else one
 * decoded unit at a time; no buffer, no length limit.
 */
static int
json_eqn(const struct json *js, int i, const char *s, size_t slen)
{
	const char *p;
	char out[4];
	size_t n, k, pos = 0, olen;

	if (!json_is_str(js, i))
		return 0;
	p = js->s + js->t[i].start;
	n = (size_t)(js->t[i].end - js->t[i].start);
	for (k = 0; k < n; k++)
		if (p[k] == '\\' || (unsigned char)p[k] >= 0x80)
			break;
	if (k == n)
		return n == slen && memcmp(p, s, n) == 0;
	if (memcmp(p, s, k < slen ? k : slen) != 0 || k > slen)
		return 0;
	pos = k;
	while (k < n) {
		k += json_dec_unit(p + k, n - k, out, &olen);
		if (olen > slen - pos || memcmp(out, s + pos, olen) != 0)
			return 0;
		pos += olen;
	}
	return pos == slen;
}

/* json_obj_get with an explicit key length. */
static int
json_obj_getn(const struct json *js, int obj, const char *key, size_t keylen)
{
	int j, k, size;

	if (!json_is_obj(js, obj))
		return -1;
	size = js->t[obj].size;
	j = obj + 1;
	for (k = 0; k < size; k++) {
		if (j + 1 >= js->n || js->t[j].type != JSMN_STRING)
			return -1;
		if (json_eqn(js, j, key, keylen))
			return j + 1;
		if ((j = json_skip(js, j + 1)) == -1)
			return -1;
	}
	return -1;
}

/* see json.h */
int
json_obj_get(const struct json *js, int obj, const char *key)
{
	if (key == NULL)
		return -1;
	return json_obj_getn(js, obj, key, strlen(key));
}

/* see json.h */
int
json_arr_get(const struct json *js, int arr, int idx)
{
	int j, k;

	if (!json_is_arr(js, arr) || idx < 0 || idx >= js->t[arr].size)
		return -1;
	j = arr + 1;
	for (k = 0; k < idx && j != -1; k++)
		j = json_skip(js, j);
	return json_valid(js, j) ? j : -1;
}

/* see json.h */
int
json_arr_first(const struct json *js, int arr)
{
	if (!json_is_arr(js, arr) || js->t[arr].size <= 0 ||
	    !json_valid(js, arr + 1))
		return -1;
	return arr + 1;
}

/* see json.h */
int
json_arr_next(const struct json *js, int arr, int e)
{
	int j;

	if (!json_valid(js, arr) || !json_valid(js, e) ||
	    (j = json_skip(js, e)) == -1 || j >= js->n ||
	    js->t[j].parent != arr)
		return -1;
	return j;
}

/* see json.h */
int
json_path(const struct json *js, int root, const char *path)
{
	const char *seg, *dot;
	size_t n, k;
	int cur = root, idx;

	if (!json_valid(js, root) || path == NULL)
		return -1;
	if (*path == '\0')
		return root;
	seg = path;
	for (;;) {
		if ((dot = strchr(seg, '.')) == NULL)
			n = strlen(seg);
		else
			n = (size_t)(dot - seg);
		if (n == 0 || n > JSON_PATH_SEG)
			return -1;
		if (json_is_obj(js, cur))
			cur = json_obj_getn(js, cur, seg, n);
		else if (json_is_arr(js, cur)) {
			if (n > 9)
				return -1;
			idx = 0;
			for (k = 0; k < n; k++) {
				if (!json_isdigit((unsigned char)seg[k]))
					return -1;
				idx = idx * 10 + (seg[k] - '0');
			}
			cur = json_arr_get(js, cur, idx);
		} else
			return -1;
		if (cur == -1)
			return -1;
		if (dot == NULL)
			return cur;
		seg = dot + 1;
	}
}

/* see json.h */
int
json_is_str(const struct json *js, int i)
{
	return json_valid(js, i) && js->t[i].type == JSMN_STRING;
}

/* see json.h */
int
json_is_obj(const struct json *js, int i)
{
	return json_valid(js, i) && js->t[i].type == JSMN_OBJECT;
}

/* see json.h */
int
json_is_arr(const struct json *js, int i)
{
	return json_valid(js, i) && js->t[i].type == JSMN_ARRAY;
}

/* see json.h */
int
json_is_null(const struct json *js, int i)
{
	if (!json_valid(js, i))
		return 1;
	return js->t[i].type == JSMN_PRIMITIVE && js->s[js->t[i].start] == 'n';
}

/*
 * Walk string token i: runs of raw bytes go to emit as they are, each
 * escape sequence decoded (per the text policy) goes to emit too.
 * json_get_str emits raw UTF-8 (json_put_utf8), jw_token re-escapes
 * (jw_escape); the decoding is the same.
 */
static void
json_str_walk(const struct json *js, int i, struct buf *b,
    void (*emit)(struct buf *, const char *, size_t))
{
	const char *p, *q;
	char out[4];
	size_t n, k, olen;

	p = js->s + js->t[i].start;
	n = (size_t)(js->t[i].end - js->t[i].start);
	while (n > 0) {
		if ((q = memchr(p, '\\', n)) == NULL)
			q = p + n;
		emit(b, p, (size_t)(q - p));
		n -= (size_t)(q - p);
		p = q;
		if (n == 0)
			break;
		k = json_dec_esc(p, n, out, &olen);
		emit(b, out, olen);
		p += k;
		n -= k;
	}
}

/* see json.h */
int
json_get_str(const struct json *js, int i, struct buf *b)
{
	if (!json_is_str(js, i))
		return -1;
	json_str_walk(js, i, b, json_put_utf8);
	return 0;
}

/* see json.h */
int
json_get_text(const struct json *js, int i, struct buf *b)
{
	if (!json_valid(js, i))
		return -1;
	switch (js->t[i].type) {
	case JSMN_STRING:
		return json_get_str(js, i, b);
	case JSMN_PRIMITIVE:
		if (!json_is_null(js, i))
			buf_put(b, js->s + js->t[i].start,
			    (size_t)(js->t[i].end - js->t[i].start));
		return 0;
	default:
		return -1;
	}
}

/* see json.h */
int
json_get_int(const struct json *js, int i, long long min, long long max,
    long long *out)
{
	const char *p;
	size_t n, k = 0;
	long long v = 0;
	int neg = 0, d;

	if (!json_valid(js, i) || (js->t[i].type != JSMN_PRIMITIVE &&
	    js->t[i].type != JSMN_STRING))
		return -1;
	p = js->s + js->t[i].start;
	n = (size_t)(js->t[i].end - js->t[i].start);
	if (n > 0 && p[0] == '-') {
		neg = 1;
		k = 1;
	}
	if (k == n)
		return -1;
	/* Accumulate negatively so LLONG_MIN fits. */
	for (; k < n; k++) {
		if (!json_isdigit((unsigned char)p[k]))
			return -1;
		d = p[k] - '0';
		if (v < (LLONG_MIN + d) / 10)
			return -1;
		v = v * 10 - d;
	}
	if (!neg) {
		if (v == LLONG_MIN)
			return -1;
		v = -v;
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* see json.h */
int
json_get_bool(const struct json *js, int i, int *out)
{
	if (!json_valid(js, i) || js->t[i].type != JSMN_PRIMITIVE)
		return -1;
	if (js->s[js->t[i].start] == 't') {
		*out = 1;
		return 0;
	}
	if (js->s[js->t[i].start] == 'f') {
		*out = 0;
		return 0;
	}
	return -1;
}

/* see json.h */
int
json_str_eq(const struct json *js, int i, const char *s)
{
	if (s == NULL)
		return 0;
	return json_eqn(js, i, s, strlen(s));
}

/*
 * The extra checks json_validate makes on string token i: raw bytes
 * valid UTF-8, no \u0000, surrogate escapes only as pairs.  Returns 0
 * or -1 with *errpos.
 */
static int
json_validate_str(const struct json *js, int i, size_t *errpos)
{
	const char *p = js->s + js->t[i].start;
	size_t n = (size_t)(js->t[i].end - js->t[i].start), k = 0, step;
	long cp, lo;
	unsigned ucp;

	while (k < n) {
		if ((unsigned char)p[k] >= 0x80) {
			if ((step = utf8_next(p + k, n - k, &ucp)) == 1)
				goto bad;
			k += step;
			continue;
		}
		if (p[k] != '\\') {
			k++;
			continue;
		}
		if (k + 1 >= n)
			goto bad;
		if (p[k + 1] != 'u') {
			k += 2;
			continue;
		}
		if (k + 6 > n || (cp = json_hex4(p + k + 2)) == -1 || cp == 0 ||
		    (cp >= 0xDC00 && cp <= 0xDFFF))
			goto bad;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (k + 12 > n || p[k + 6] != '\\' || p[k + 7] != 'u' ||
			    (lo = json_hex4(p + k + 8)) < 0xDC00 || lo > 0xDFFF)
				goto bad;
			k += 12;
		} else
			k += 6;
	}
	return 0;
bad:
	*errpos = (size_t)js->t[i].start + k;
	return -1;
}

/* see json.h */
int
json_validate(const char *s, size_t len, size_t *errpos)
{
	struct json js;
	size_t pos = 0;
	int r, i;

	if ((r = json_parse(&js, s, len)) != JSON_OK) {
		pos = js.errpos;
		goto out;
	}
	for (i = 0; i < js.n; i++) {
		if (js.t[i].type == JSMN_STRING &&
		    json_validate_str(&js, i, &pos) == -1) {
			r = JSON_E_SYNTAX;
			break;
		}
	}
	json_free(&js);
out:
	if (errpos != NULL)
		*errpos = pos;
	return r;
}

/*
 * The writer.
 */

/* see json.h */
void
jw_init(struct jw *w, struct buf *b, int pretty)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
	w->pretty = pretty > 0 ? pretty : 0;
}

/* Newline and indentation for depth d (pretty mode only). */
static void
jw_indent(struct jw *w, int d)
{
	static const char sp[] = "                ";
	long n;

	if (w->pretty == 0)
		return;
	buf_putc(w->b, '\n');
	for (n = (long)d * w->pretty; n > 0 && !w->b->err; n -= 16)
		buf_put(w->b, sp, n > 16 ? 16 : (size_t)n);
}

/*
 * Before any value: the comma and indentation it needs, or nothing
 * right after a key.  Returns 0, or -1 (w->err set) for a second root
 * or a value in an object with no key.
 */
static int
jw_pre(struct jw *w)
{
	if (w->err)
		return -1;
	if (w->after_key) {
		w->after_key = 0;
		return 0;
	}
	if (w->depth == 0) {
		if (w->need_comma[0]) {
			w->err = 1;
			return -1;
		}
		w->need_comma[0] = 1;
		return 0;
	}
	if (w->in_obj[w->depth]) {
		w->err = 1;
		return -1;
	}
	if (w->need_comma[w->depth])
		buf_putc(w->b, ',');
	jw_indent(w, w->depth);
	w->need_comma[w->depth] = 1;
	return 0;
}

/* Open an object (isobj) or array. */
static void
jw_open(struct jw *w, int isobj)
{
	if (w->err)
		return;
	if (w->depth >= JW_MAX_DEPTH) {
		w->err = 1;
		return;
	}
	if (jw_pre(w) == -1)
		return;
	buf_putc(w->b, isobj ? '{' : '[');
	w->depth++;
	w->need_comma[w->depth] = 0;
	w->in_obj[w->depth] = (unsigned char)isobj;
}

/* see json.h */
void
jw_obj(struct jw *w)
{
	jw_open(w, 1);
}

/* see json.h */
void
jw_arr(struct jw *w)
{
	jw_open(w, 0);
}

/* see json.h */
void
jw_end(struct jw *w)
{
	if (w->err)
		return;
	if (w->depth == 0 || w->after_key) {
		w->err = 1;
		return;
	}
	if (w->need_comma[w->depth])
		jw_indent(w, w->depth - 1);
	buf_putc(w->b, w->in_obj[w->depth] ? '}' : ']');
	w->depth--;
}

/* The comma, indentation and opening quote of a key; 0 or -1. */
static int
jw_key_begin(struct jw *w)
{
	if (w->err)
		return -1;
	if (w->depth == 0 || !w->in_obj[w->depth] || w->after_key) {
		w->err = 1;
		return -1;
	}
	if (w->need_comma[w->depth])
		buf_putc(w->b, ',');
	jw_indent(w, w->depth);
	w->need_comma[w->depth] = 1;
	buf_putc(w->b, '"');
	return 0;
}

/* The closing quote and colon of a key. */
static void
jw_key_end(struct jw *w)
{
	buf_put(w->b, w->pretty ? "\": " : "\":", w->pretty ? 3 : 2);
	w->after_key = 1;
}

/* see json.h */
void
jw_key(struct jw *w, const char *key)
{
	if (jw_key_begin(w) == -1)
		return;
	jw_escape(w->b, key, strlen(key));
	jw_key_end(w);
}

/* see json.h */
void
jw_strn(struct jw *w, const char *s, size_t len)
{
	if (jw_pre(w) == -1)
		return;
	buf_putc(w->b, '"');
	jw_escape(w->b, s, len);
	buf_putc(w->b, '"');
}

/* see json.h */
void
jw_str(struct jw *w, const char *s)
{
	jw_strn(w, s, strlen(s));
}

/* see json.h */
void
jw_int(struct jw *w, long long v)
{
	if (jw_pre(w) == -1)
		return;
	buf_printf(w->b, "%lld", v);
}

/* see json.h */
void
jw_bool(struct jw *w, int v)
{
	if (jw_pre(w) == -1)
		return;
	buf_puts(w->b, v ? "true" : "false");
}

/* see json.h */
void
jw_null(struct jw *w)
{
	if (jw_pre(w) == -1)
		return;
	buf_puts(w->b, "null");
}

/* Escaped, decoded content of string token i (no quotes) into b. */
static void
jw_tokstr(struct buf *b, const struct json *js, int i)
{
	json_str_walk(js, i, b, jw_escape);
}

/* see json.h */
void
jw_token(struct jw *w, const struct json *js, int i)
{
	int left[JSON_MAX_DEPTH + 1];
	unsigned char isobj[JSON_MAX_DEPTH + 1];
	const jsmntok_t *t;
	int sp = 0;

	if (!json_valid(js, i)) {
		jw_null(w);
		return;
	}
	for (;;) {
		/* The value at token i. */
		if (!json_valid(js, i)) {
			w->err = 1;
			return;
		}
		t = &js->t[i];
		switch (t->type) {
		case JSMN_OBJECT:
		case JSMN_ARRAY:
			if (sp > JSON_MAX_DEPTH) {
				w->err = 1;
				return;
			}
			jw_open(w, t->type == JSMN_OBJECT);
			left[sp] = t->size;
			isobj[sp] = t->type == JSMN_OBJECT;
			sp++;
			break;
		case JSMN_STRING:
			if (jw_pre(w) == -1)
				return;
			buf_putc(w->b, '"');
			jw_tokstr(w->b, js, i);
			buf_putc(w->b, '"');
			break;
		case JSMN_PRIMITIVE:
			if (jw_pre(w) == -1)
				return;
			buf_put(w->b, js->s + t->start,
			    (size_t)(t->end - t->start));
			break;
		default:
			w->err = 1;
			return;
		}
		if (w->err)
			return;
		i++;
		/* Close finished containers, then go to the next member. */
		while (sp > 0 && left[sp - 1] == 0) {
			jw_end(w);
			sp--;
		}
		if (sp == 0)
			return;
		left[sp - 1]--;
		if (isobj[sp - 1]) {
			if (!json_is_str(js, i) || jw_key_begin(w) == -1) {
				w->err = 1;
				return;
			}
			jw_tokstr(w->b, js, i);
			jw_key_end(w);
			i++;
		}
	}
}

/* see json.h */
void
jw_escape(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, run = 0, n;
	unsigned cp = 0;
	unsigned char c;
	char esc[6];

	while (i < len) {
		c = (unsigned char)s[i];
		n = 1;
		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			n = utf8_next(s + i, len - i, &cp);
			if (n > 1 && cp != 0x2028 && cp != 0x2029) {
				i += n;
				continue;
			}
		}
		buf_put(b, s + run, i - run);
		switch (c) {
		case '"':  buf_put(b, "\\\"", 2); break;
		case '\\': buf_put(b, "\\\\", 2); break;
		case '\b': buf_put(b, "\\b", 2); break;
		case '\f': buf_put(b, "\\f", 2); break;
		case '\n': buf_put(b, "\\n", 2); break;
		case '\r': buf_put(b, "\\r", 2); break;
		case '\t': buf_put(b, "\\t", 2); break;
		case '\0':	/* text policy: never \u0000 */
			utf8_put(b, 0xFFFD);
			break;
		default:
			if (c < 0x80) {
				memcpy(esc, "\\u00", 4);
				esc[4] = json_hex[c >> 4];
				esc[5] = json_hex[c & 0xF];
				buf_put(b, esc, 6);
			} else if (n > 1)	/* U+2028, U+2029 */
				buf_put(b, cp == 0x2028 ? "\\u2028" : "\\u2029",
				    6);
			else
				utf8_put(b, 0xFFFD);
		}
		i += n;
		run = i;
	}
	buf_put(b, s + run, i - run);
}

/* see json.h */
int
jw_ok(const struct jw *w)
{
	return !w->err && !w->b->err;
}
