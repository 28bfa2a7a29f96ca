/* see tmpl.h */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmpl.h"
#include "url.h"

#define TMPL_MAX_PATH	512	/* longest path inside ${...} */
#define TMPL_MAX_SEG	256	/* longest path segment (as json_path) */
#define TMPL_TEXT_MIN	4096	/* first size of the text scratch */
#define TMPL_CHK_NAME	512	/* option path named in tmpl_check messages */
#define TMPL_CHK_KEY	64	/* key bytes shown per level in that path */

/* What a placeholder resolved to (tmpl_ph_eval). */
enum tmpl_val {
	TMPL_V_MISSING,		/* no usable path and no literal */
	TMPL_V_PATH,		/* an alert token */
	TMPL_V_LIT		/* the quoted literal */
};

/* Placeholder syntax errors (tmpl_alt_next); messages in tmpl_perr. */
enum tmpl_perr {
	TMPL_P_UNTERM = 1,	/* no closing } */
	TMPL_P_EMPTY,		/* ${}, ${a||b}, ${a|} */
	TMPL_P_LITLAST,		/* ${"x"|a} */
	TMPL_P_EXPECT,		/* ${a b}, ${a{}, ${"x"y} */
	TMPL_P_PATH,		/* empty segment: ${a..b}, ${.a.} */
	TMPL_P_LONG,		/* path or segment too long */
	TMPL_P__MAX
};

static const char *const tmpl_perr[TMPL_P__MAX] = {
	"",
	"unterminated ${",
	"empty alternative in ${",
	"quoted literal not last in ${",
	"expected | or } in ${",
	"empty path segment in ${",
	"path too long in ${",
};

/* One alternative inside ${...}. */
struct tmpl_alt {
	int		 lit;	/* 1: quoted literal, \" \\ escaped */
	const char	*p;
	size_t		 n;
};

/* A growable scratch area, freed by the caller of the public entry. */
struct tmpl_scratch {
	char	*p;
	size_t	 cap;
};

/* Render state: no globals, one per tmpl_render/tmpl_render_text call. */
struct tmpl_ctx {
	const struct json	*tj;
	const struct alert	*a;
	struct tmpl_scratch	 dec;	/* decoded template string or key */
	struct tmpl_scratch	 txt;	/* text of a mixed string */
	int			 count;	/* elements produced by "each" */
};

/* Check state (tmpl_check). */
struct tmpl_chk {
	const struct json	*tj;
	struct tmpl_scratch	 dec;
	struct buf		 name;	/* option path of the current token */
	char			 namest[TMPL_CHK_NAME];
	char			*why;
	size_t			 cap;
};

static int
tmpl_isws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Bytes allowed in a path: anything printable but blanks and the
 * placeholder syntax (| } " { $ \).  UTF-8 is allowed (keys may be
 * non-ASCII).
 */
static int
tmpl_ispath(unsigned char c)
{
	if (c <= 0x20 || c == 0x7f)
		return 0;
	return c != '|' && c != '}' && c != '"' && c != '{' && c != '$' &&
	    c != '\\';
}

/*
 * Make sc hold at least want bytes (contents not kept).  Returns 0 or -1
 * (out of memory; sc unchanged).
 */
static int
tmpl_reserve(struct tmpl_scratch *sc, size_t want)
{
	char *p;

	if (sc->cap >= want)
		return 0;
	if ((p = realloc(sc->p, want)) == NULL)
		return -1;
	sc->p = p;
	sc->cap = want;
	return 0;
}

/*
 * Decode string token i of js into sc (json_get_str: never NUL, at
 * most 3 output bytes per input byte).  Returns the text, NUL
 * terminated, with its length in *n, or NULL (not a string, no memory).
 */
static const char *
tmpl_decode(struct tmpl_scratch *sc, const struct json *js, int i, size_t *n)
{
	struct buf b;
	size_t raw;

	if (!json_is_str(js, i))
		return NULL;
	raw = (size_t)(js->t[i].end - js->t[i].start);
	if (raw > (SIZE_MAX - 1) / 3 || tmpl_reserve(sc, raw * 3 + 1) == -1)
		return NULL;
	buf_init(&b, sc->p, sc->cap);
	if (json_get_str(js, i, &b) == -1 || b.err)
		return NULL;
	*n = b.len;
	return b.p;
}

/*
 * Check path p[0..n) of an alternative: "." or ".a.b" (relative to the
 * "each" element) or "a.b"; no empty segment; within the length caps.
 * Returns 0 or a tmpl_perr.
 */
static int
tmpl_path_check(const char *p, size_t n)
{
	size_t i, seg = 0;

	if (n > TMPL_MAX_PATH)
		return TMPL_P_LONG;
	if (p[0] == '.') {
		if (n == 1)
			return 0;
		p++;
		n--;
	}
	for (i = 0; i <= n; i++) {
		if (i == n || p[i] == '.') {
			if (seg == 0)
				return TMPL_P_PATH;
			if (seg > TMPL_MAX_SEG)
				return TMPL_P_LONG;
			seg = 0;
		} else
			seg++;
	}
	return 0;
}

/*
 * Parse one alternative of a placeholder in s[0..n), starting at *pos
 * (just past "${" or "|"), into alt.  Returns 1 if a '|' and another
 * alternative follow, 0 if '}' closed the placeholder (*pos is then just
 * past it), or -tmpl_perr.  Only the shape is checked here, not the path
 * (tmpl_path_check).
 */
static int
tmpl_alt_next(const char *s, size_t n, size_t *pos, struct tmpl_alt *alt)
{
	size_t j = *pos, st;

	while (j < n && tmpl_isws((unsigned char)s[j]))
		j++;
	if (j >= n)
		return -TMPL_P_UNTERM;
	if (s[j] == '"') {
		st = ++j;
		while (j < n && s[j] != '"') {
			if (s[j] == '\\' && j + 1 < n &&
			    (s[j + 1] == '"' || s[j + 1] == '\\'))
				j++;
			j++;
		}
		if (j >= n)
			return -TMPL_P_UNTERM;
		alt->lit = 1;
		alt->p = s + st;
		alt->n = j - st;
		j++;
	} else {
		st = j;
		while (j < n && tmpl_ispath((unsigned char)s[j]))
			j++;
		if (j == st)
			return (s[j] == '|' || s[j] == '}') ? -TMPL_P_EMPTY :
			    -TMPL_P_EXPECT;
		alt->lit = 0;
		alt->p = s + st;
		alt->n = j - st;
	}
	while (j < n && tmpl_isws((unsigned char)s[j]))
		j++;
	if (j >= n)
		return -TMPL_P_UNTERM;
	if (s[j] == '}') {
		*pos = j + 1;
		return 0;
	}
	if (s[j] != '|')
		return -TMPL_P_EXPECT;
	if (alt->lit)
		return -TMPL_P_LITLAST;
	*pos = j + 1;
	return 1;
}

/*
 * Parse the whole placeholder at s[i] ("${") of s[0..n) without looking
 * anything up: *end is set just past its '}', and *nlit counts the
 * quoted literals.  Returns 0 or a tmpl_perr; a syntax error with no
 * '}' after s[i] at all is reported as unterminated.
 */
static int
tmpl_ph_parse(const char *s, size_t n, size_t i, size_t *end, int *nlit)
{
	struct tmpl_alt alt;
	size_t pos = i + 2;
	int r, e;

	*nlit = 0;
	do {
		if ((r = tmpl_alt_next(s, n, &pos, &alt)) < 0) {
			if (memchr(s + i, '}', n - i) == NULL)
				return TMPL_P_UNTERM;
			return -r;
		}
		if (alt.lit)
			(*nlit)++;
		else if ((e = tmpl_path_check(alt.p, alt.n)) != 0)
			return e;
	} while (r == 1);
	*end = pos;
	return 0;
}

/*
 * Token at path p[0..n) in the alert: relative to cur (the "each"
 * element, or the alert's root outside "each") when it starts with '.',
 * else from the root.  Returns -1 when missing (or an over-long path).
 */
static int
tmpl_lookup(const struct alert *a, int cur, const char *p, size_t n)
{
	char path[TMPL_MAX_PATH + 1];

	if (n == 0 || n > TMPL_MAX_PATH || a->js.n <= 0)
		return -1;
	memcpy(path, p, n);
	path[n] = '\0';
	if (path[0] != '.')
		return alert_get(a, path);
	if (n == 1)
		return cur;
	return json_path(&a->js, cur, path + 1);
}

/* 1 if alert token v exists and is neither null nor "". */
static int
tmpl_usable(const struct json *js, int v)
{
	if (v < 0 || json_is_null(js, v))
		return 0;
	return !(json_is_str(js, v) && js->t[v].end == js->t[v].start);
}

/*
 * Evaluate the placeholder at s[i] ("${") of s[0..n) against a, with
 * cur the current "each" element (or the root).  Returns a tmpl_val with
 * *tok (TMPL_V_PATH) or *lit (TMPL_V_LIT) set and *end just past the
 * '}', or -1 if the placeholder does not parse (it is then text).
 */
static int
tmpl_ph_eval(const struct alert *a, int cur, const char *s, size_t n,
    size_t i, size_t *end, int *tok, struct tmpl_alt *lit)
{
	struct tmpl_alt alt;
	size_t pos = i + 2;
	int r, v, found = -1, haslit = 0;

	/* Parse it all first: a broken placeholder must not half-render. */
	do {
		if ((r = tmpl_alt_next(s, n, &pos, &alt)) < 0)
			return -1;
		if (alt.lit) {
			*lit = alt;
			haslit = 1;
		} else if (found == -1) {
			v = tmpl_lookup(a, cur, alt.p, alt.n);
			if (tmpl_usable(&a->js, v))
				found = v;
		}
	} while (r == 1);
	*end = pos;
	if (found != -1) {
		*tok = found;
		return TMPL_V_PATH;
	}
	return haslit ? TMPL_V_LIT : TMPL_V_MISSING;
}

/* Append literal body p[0..n) with \" and \\ unescaped. */
static void
tmpl_lit_put(struct buf *b, const char *p, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n &&
		    (p[i + 1] == '"' || p[i + 1] == '\\')) {
			buf_put(b, p + run, i - run);
			run = ++i;
		}
	}
	buf_put(b, p + run, n - run);
}

/*
 * Append the text of alert token v: strings decoded, numbers and
 * true/false as written, null as nothing, arrays and objects as compact
 * JSON.
 */
static void
tmpl_value_put(struct buf *b, const struct json *js, int v)
{
	struct jw tw;

	if (json_is_obj(js, v) || json_is_arr(js, v)) {
		jw_init(&tw, b, 0);
		jw_token(&tw, js, v);
		if (tw.err)
			b->err = 1;
		return;
	}
	json_get_text(js, v, b);
}

/*
 * The text of decoded template string s[0..n) appended to out:
 * literal text, "$$" as "$", each placeholder replaced by its value's
 * text (missing: nothing).  A placeholder that does not parse is text.
 * Alert values are appended, never scanned, through esc when it is not
 * NULL (the template's text and quoted literals never are) - except a
 * placeholder at offset 0 when raw0 is set (URL mode: its value is the
 * URL).  out->err reports overflow.
 */
static void
tmpl_text(const struct alert *a, int cur, const char *s, size_t n,
    struct buf *out, void (*esc)(struct buf *, const char *, size_t),
    int raw0)
{
	struct tmpl_alt lit;
	size_t i = 0, run = 0, end, at, vn;
	char *tmp;
	int tok, r;

	while (i < n) {
		if (s[i] != '$' || i + 1 >= n) {
			i++;
			continue;
		}
		if (s[i + 1] == '$') {
			buf_put(out, s + run, i + 1 - run);
			i += 2;
			run = i;
			continue;
		}
		r = s[i + 1] == '{' ?
		    tmpl_ph_eval(a, cur, s, n, i, &end, &tok, &lit) : -1;
		if (r == -1) {
			i++;
			continue;
		}
		buf_put(out, s + run, i - run);
		at = out->len;
		if (r == TMPL_V_PATH)
			tmpl_value_put(out, &a->js, tok);
		/* Alert data (not the operator's literals) escaped for its context. */
		if (r == TMPL_V_PATH && esc != NULL && !(raw0 && i == 0) &&
		    !out->err && out->len > at) {
			vn = out->len - at;
			if ((tmp = malloc(vn)) == NULL)
				out->err = 1;
			else {
				memcpy(tmp, out->p + at, vn);
				buf_truncate(out, at);
				esc(out, tmp, vn);
				free(tmp);
			}
		} else if (r == TMPL_V_LIT)
			tmpl_lit_put(out, lit.p, lit.n);
		i = run = end;
	}
	buf_put(out, s + run, n - run);
}

/*
 * If s[0..n) is exactly one placeholder, evaluate it (tmpl_ph_eval's
 * result); else -1.
 */
static int
tmpl_sole(const struct alert *a, int cur, const char *s, size_t n, int *tok,
    struct tmpl_alt *lit)
{
	size_t end;
	int r;

	if (n < 3 || s[0] != '$' || s[1] != '{')
		return -1;
	r = tmpl_ph_eval(a, cur, s, n, 0, &end, tok, lit);
	return (r != -1 && end == n) ? r : -1;
}

/*
 * 1 if decoded template string s[0..n) is URL-typed: it starts with
 * http:// or https:// (any case).
 */
static int
tmpl_is_url(const char *s, size_t n)
{
	return (n >= 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (n >= 8 && strncasecmp(s, "https://", 8) == 0);
}

/*
 * Write the text of s[0..n) (tmpl_text, esc and raw0 passed on) as one
 * JSON string to w.  The text is built in c->txt, grown geometrically
 * while it still could fit the room left in w's buffer; beyond that the
 * output would overflow, so w's buffer error is set.  Returns 0 or -1.
 */
static int
tmpl_text_str(struct tmpl_ctx *c, struct jw *w, const char *s, size_t n,
    int cur, void (*esc)(struct buf *, const char *, size_t), int raw0)
{
	struct buf out;
	size_t room, ncap;

	if (!jw_ok(w))
		return -1;
	room = w->b->cap > w->b->len ? w->b->cap - w->b->len : 0;
	if (room == SIZE_MAX)
		room--;
	if (c->txt.cap == 0 && tmpl_reserve(&c->txt, TMPL_TEXT_MIN) == -1)
		return -1;
	for (;;) {
		buf_init(&out, c->txt.p, c->txt.cap);
		tmpl_text(c->a, cur, s, n, &out, esc, raw0);
		if (!out.err)
			break;
		/* The text is txt.cap bytes or more; escaping never shrinks. */
		if (c->txt.cap > room) {
			w->b->err = 1;
			return -1;
		}
		ncap = c->txt.cap > SIZE_MAX / 4 ? room + 1 : c->txt.cap * 4;
		if (ncap > room + 1)
			ncap = room + 1;
		if (tmpl_reserve(&c->txt, ncap) == -1)
			return -1;
	}
	jw_strn(w, out.p, out.len);
	return jw_ok(w) ? 0 : -1;
}

static int	tmpl_render_at(struct tmpl_ctx *, struct jw *, int, int, int,
		    int);

/*
 * 1 if object token t of tj has the each/as shape render uses: exactly
 * two members, "each" and "as" (tmpl_check refuses the near misses).
 */
static int
tmpl_is_each(const struct json *tj, int t)
{
	return json_is_obj(tj, t) && tj->t[t].size == 2 &&
	    json_obj_get(tj, t, "each") != -1 &&
	    json_obj_get(tj, t, "as") != -1;
}

/*
 * Render the each/as object t: a JSON array with "as" rendered once per
 * element of what "each" names (a non-array: one element; missing: none).
 * Counts elements against TMPL_MAX_EXPANSION.  Returns 0 or -1.
 */
static int
tmpl_render_each(struct tmpl_ctx *c, struct jw *w, int t, int cur, int depth,
    int edepth)
{
	const struct json *js = &c->a->js;
	struct tmpl_alt lit;
	const char *s;
	size_t n;
	int e, as, r, v = -1, j, k;

	if (edepth >= TMPL_MAX_DEPTH) {
		w->err = 1;
		return -1;
	}
	e = json_obj_get(c->tj, t, "each");
	as = json_obj_get(c->tj, t, "as");
	r = -1;
	if ((s = tmpl_decode(&c->dec, c->tj, e, &n)) != NULL)
		r = tmpl_sole(c->a, cur, s, n, &v, &lit);
	else if (json_is_str(c->tj, e))
		return -1;	/* out of memory */
	jw_arr(w);
	if (r == TMPL_V_PATH && json_is_arr(js, v)) {
		j = v + 1;
		for (k = 0; k < js->t[v].size; k++) {
			if (++c->count > TMPL_MAX_EXPANSION || j < 0)
				return -1;
			if (tmpl_render_at(c, w, as, j, depth + 1,
			    edepth + 1) == -1)
				return -1;
			j = json_skip(js, j);
		}
	} else if (r == TMPL_V_PATH) {
		if (++c->count > TMPL_MAX_EXPANSION)
			return -1;
		if (tmpl_render_at(c, w, as, v, depth + 1, edepth + 1) == -1)
			return -1;
	}
	jw_end(w);
	return jw_ok(w) ? 0 : -1;
}

/*
 * Render template token t into w, cur being the current "each" element
 * (the alert's root outside "each").  Recursion follows the template
 * only (depth: template nesting, edepth: each/as nesting), never the
 * alert.  Returns 0 or -1.
 */
static int
tmpl_render_at(struct tmpl_ctx *c, struct jw *w, int t, int cur, int depth,
    int edepth)
{
	const struct json *tj = c->tj;
	struct tmpl_alt lit;
	const char *s;
	size_t n;
	int j, k, size, r, v;

	if (depth > JSON_MAX_DEPTH || t < 0 || t >= tj->n) {
		w->err = 1;
		return -1;
	}
	if (!jw_ok(w))
		return -1;
	switch (tj->t[t].type) {
	case JSMN_OBJECT:
		if (tmpl_is_each(tj, t))
			return tmpl_render_each(c, w, t, cur, depth, edepth);
		jw_obj(w);
		size = tj->t[t].size;
		j = t + 1;
		for (k = 0; k < size; k++) {
			if ((s = tmpl_decode(&c->dec, tj, j, &n)) == NULL)
				return -1;
			jw_key(w, s);
			if (tmpl_render_at(c, w, j + 1, cur, depth + 1,
			    edepth) == -1)
				return -1;
			if ((j = json_skip(tj, j + 1)) == -1)
				return -1;
		}
		jw_end(w);
		break;
	case JSMN_ARRAY:
		jw_arr(w);
		size = tj->t[t].size;
		j = t + 1;
		for (k = 0; k < size; k++) {
			if (tmpl_render_at(c, w, j, cur, depth + 1,
			    edepth) == -1)
				return -1;
			if ((j = json_skip(tj, j)) == -1)
				return -1;
		}
		jw_end(w);
		break;
	case JSMN_STRING:
		if ((s = tmpl_decode(&c->dec, tj, t, &n)) == NULL)
			return -1;
		r = tmpl_sole(c->a, cur, s, n, &v, &lit);
		if (r == TMPL_V_PATH)
			jw_token(w, &c->a->js, v);
		else if (r == TMPL_V_MISSING)
			jw_null(w);
		else if (tmpl_is_url(s, n))	/* mixed text... */
			return tmpl_text_str(c, w, s, n, cur, url_encode, 1);
		else	/* ... or a sole literal */
			return tmpl_text_str(c, w, s, n, cur, NULL, 0);
		break;
	default:
		jw_token(w, tj, t);
		break;
	}
	return jw_ok(w) ? 0 : -1;
}

/* see tmpl.h */
int
tmpl_render(struct jw *w, const struct json *tj, int t, const struct alert *a)
{
	struct tmpl_ctx c;
	int r;

	memset(&c, 0, sizeof c);
	c.tj = tj;
	c.a = a;
	r = tmpl_render_at(&c, w, t, 0, 0, 0);
	free(c.dec.p);
	free(c.txt.p);
	if (r == 0 && !jw_ok(w))
		r = -1;
	return r;
}

/*
 * Template string t as text appended to b (tmpl_text from the root,
 * esc and raw0 passed on).  Returns 0 or -1 (not a string, b
 * overflowed, out of memory).
 */
static int
tmpl_text_buf(struct buf *b, const struct json *tj, int t,
    const struct alert *a, void (*esc)(struct buf *, const char *, size_t),
    int raw0)
{
	struct tmpl_scratch dec;
	const char *s;
	size_t n;
	int r = -1;

	memset(&dec, 0, sizeof dec);
	if ((s = tmpl_decode(&dec, tj, t, &n)) != NULL) {
		tmpl_text(a, 0, s, n, b, esc, raw0);
		r = b->err ? -1 : 0;
	}
	free(dec.p);
	return r;
}

/* see tmpl.h */
int
tmpl_render_text(struct buf *b, const struct json *tj, int t,
    const struct alert *a)
{
	return tmpl_text_buf(b, tj, t, a, NULL, 0);
}

/* see tmpl.h */
int
tmpl_render_url(struct buf *b, const struct json *tj, int t,
    const struct alert *a)
{
	return tmpl_text_buf(b, tj, t, a, url_encode, 1);
}

/* see tmpl.h */
int
tmpl_render_str(struct jw *w, const struct json *tj, int t,
    const struct alert *a, void (*esc)(struct buf *, const char *, size_t))
{
	struct tmpl_ctx c;
	const char *s;
	size_t n;
	int r = -1;

	memset(&c, 0, sizeof c);
	c.tj = tj;
	c.a = a;
	if ((s = tmpl_decode(&c.dec, tj, t, &n)) != NULL)
		r = tmpl_text_str(&c, w, s, n, 0, esc, 0);
	free(c.dec.p);
	free(c.txt.p);
	return r;
}

/* Write "options: "NAME": what" into k->why. */
static int
tmpl_chk_fail(struct tmpl_chk *k, const char *what)
{
	snprintf(k->why, k->cap, "options: \"%s%s\": %s", k->name.p,
	    k->name.err ? "..." : "", what);
	return -1;
}

/*
 * Append ".key" (the key as written, at most TMPL_CHK_KEY bytes) for
 * key token i to k->name.
 */
static void
tmpl_chk_push_key(struct tmpl_chk *k, int i)
{
	const struct json *tj = k->tj;
	size_t n;

	n = (size_t)(tj->t[i].end - tj->t[i].start);
	buf_putc(&k->name, '.');
	buf_put(&k->name, tj->s + tj->t[i].start,
	    n > TMPL_CHK_KEY ? TMPL_CHK_KEY : n);
	if (n > TMPL_CHK_KEY)
		buf_puts(&k->name, "...");
}

/*
 * Check decoded template string s[0..n): every placeholder parses and
 * its paths are well formed.  Returns 0 or -1 (why set).
 */
static int
tmpl_chk_text(struct tmpl_chk *k, const char *s, size_t n)
{
	char what[128];
	size_t i = 0, end;
	int e, nlit;

	while (i < n) {
		if (s[i] != '$' || i + 1 >= n) {
			i++;
			continue;
		}
		if (s[i + 1] == '$') {
			i += 2;
			continue;
		}
		if (s[i + 1] != '{') {
			i++;
			continue;
		}
		if ((e = tmpl_ph_parse(s, n, i, &end, &nlit)) != 0) {
			snprintf(what, sizeof what, "%s at offset %zu",
			    tmpl_perr[e], i);
			return tmpl_chk_fail(k, what);
		}
		i = end;
	}
	return 0;
}

static int	tmpl_chk_at(struct tmpl_chk *, int, int, int);

/*
 * Check the "each" object t (it has an "each" key): exactly the keys
 * "each" and "as", "each" exactly one placeholder of paths, nesting
 * within TMPL_MAX_DEPTH.  Returns 0 or -1.
 */
static int
tmpl_chk_each(struct tmpl_chk *k, int t, int depth, int edepth)
{
	const struct json *tj = k->tj;
	const char *s;
	char what[96];
	size_t n, len, end;
	int e, as, nlit, r;

	e = json_obj_get(tj, t, "each");
	as = json_obj_get(tj, t, "as");
	if (as == -1)
		return tmpl_chk_fail(k, "\"each\" without \"as\"");
	if (tj->t[t].size != 2)
		return tmpl_chk_fail(k, "\"each\" with keys other than \"as\"");
	if (edepth >= TMPL_MAX_DEPTH) {
		snprintf(what, sizeof what, "\"each\" nested deeper than %d",
		    TMPL_MAX_DEPTH);
		return tmpl_chk_fail(k, what);
	}
	len = k->name.len;
	buf_puts(&k->name, ".each");
	if (!json_is_str(tj, e))
		return tmpl_chk_fail(k, "must be a string: one placeholder");
	if ((s = tmpl_decode(&k->dec, tj, e, &n)) == NULL)
		return tmpl_chk_fail(k, "out of memory");
	if (tmpl_chk_text(k, s, n) == -1)
		return -1;
	if (n < 3 || s[0] != '$' || s[1] != '{' ||
	    tmpl_ph_parse(s, n, 0, &end, &nlit) != 0 || end != n)
		return tmpl_chk_fail(k, "must be exactly one placeholder");
	if (nlit > 0)
		return tmpl_chk_fail(k, "takes paths, not a quoted literal");
	buf_truncate(&k->name, len);
	buf_puts(&k->name, ".as");
	r = tmpl_chk_at(k, as, depth + 1, edepth + 1);
	buf_truncate(&k->name, len);
	return r;
}

/*
 * Check template token t (depth: template nesting, edepth: each/as
 * nesting).  Returns 0 or -1 (why set).
 */
static int
tmpl_chk_at(struct tmpl_chk *k, int t, int depth, int edepth)
{
	const struct json *tj = k->tj;
	const char *s;
	char what[64];
	size_t n, len;
	int j, i, size;

	if (t < 0 || t >= tj->n)
		return tmpl_chk_fail(k, "no template");
	if (depth > JSON_MAX_DEPTH) {
		snprintf(what, sizeof what, "nested deeper than %d levels",
		    JSON_MAX_DEPTH);
		return tmpl_chk_fail(k, what);
	}
	size = tj->t[t].size;
	switch (tj->t[t].type) {
	case JSMN_OBJECT:
		if (json_obj_get(tj, t, "each") != -1)
			return tmpl_chk_each(k, t, depth, edepth);
		j = t + 1;
		for (i = 0; i < size; i++) {
			if (!json_is_str(tj, j))
				return tmpl_chk_fail(k, "invalid object");
			len = k->name.len;
			tmpl_chk_push_key(k, j);
			if (tmpl_chk_at(k, j + 1, depth + 1, edepth) == -1)
				return -1;
			buf_truncate(&k->name, len);
			if ((j = json_skip(tj, j + 1)) == -1)
				return tmpl_chk_fail(k, "invalid object");
		}
		return 0;
	case JSMN_ARRAY:
		j = t + 1;
		for (i = 0; i < size; i++) {
			len = k->name.len;
			buf_printf(&k->name, ".%d", i);
			if (tmpl_chk_at(k, j, depth + 1, edepth) == -1)
				return -1;
			buf_truncate(&k->name, len);
			if ((j = json_skip(tj, j)) == -1)
				return tmpl_chk_fail(k, "invalid array");
		}
		return 0;
	case JSMN_STRING:
		if ((s = tmpl_decode(&k->dec, tj, t, &n)) == NULL)
			return tmpl_chk_fail(k, "out of memory");
		return tmpl_chk_text(k, s, n);
	default:
		return 0;
	}
}

/* see tmpl.h */
int
tmpl_check(const struct json *tj, int t, const char *name, char *why,
    size_t cap)
{
	struct tmpl_chk k;
	int r;

	memset(&k, 0, sizeof k);
	k.tj = tj;
	k.why = why;
	k.cap = cap;
	buf_init(&k.name, k.namest, sizeof k.namest);
	buf_puts(&k.name, name != NULL ? name : "template");
	if (tj == NULL || tj->t == NULL) {
		r = tmpl_chk_fail(&k, "no template");
	} else
		r = tmpl_chk_at(&k, t, 0, 0);
	free(k.dec.p);
	return r;
}
