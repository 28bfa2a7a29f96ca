/*
 * test_json: the strict reader (json_parse and friends), the text
 * policy decoders, json_validate and the jw_* writer.  Run from the
 * repository root: the round-trip test reads every .json file in
 * tests/fixtures/alerts.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "t.h"

#define ALERT_DIR	"tests/fixtures/alerts"
#define BIG		(1024 * 1024)

/* A parse case: input (len 0 means strlen), expected code and errpos. */
struct pcase {
	const char	*in;
	size_t		 len;
	int		 err;
	long		 errpos;	/* -1: not checked */
};

static const struct pcase pcases[] = {
	/* empty */
	{ "", 0, JSON_E_EMPTY, 0 },
	{ " \t\r\n ", 0, JSON_E_EMPTY, 5 },
	/* truncated */
	{ "{\"a\":", 0, JSON_E_TRUNCATED, 5 },
	{ "{\"a\"", 0, JSON_E_TRUNCATED, 4 },
	{ "{\"a\":1", 0, JSON_E_TRUNCATED, 6 },
	{ "[1,2", 0, JSON_E_TRUNCATED, 4 },
	{ "[1,2   \n", 0, JSON_E_TRUNCATED, 4 },
	{ "{", 0, JSON_E_TRUNCATED, 1 },
	{ "\"abc", 0, JSON_E_TRUNCATED, 4 },
	{ "\"abc\\", 0, JSON_E_TRUNCATED, 5 },
	{ "[\"\\u12", 0, JSON_E_TRUNCATED, 6 },
	/* trailing data, two roots */
	{ "{} x", 0, JSON_E_TRAILING, 3 },
	{ "{\"a\":1} {\"b\":2}", 0, JSON_E_TRAILING, 8 },
	{ "{}}", 0, JSON_E_TRAILING, 2 },
	{ "[] []", 0, JSON_E_TRAILING, 3 },
	{ "1 2", 0, JSON_E_TRAILING, 2 },
	{ "\"a\"\"b\"", 0, JSON_E_TRAILING, 3 },
	{ "{}\n{}\n", 0, JSON_E_TRAILING, 3 },
	/* NUL anywhere, reported first */
	{ "{\"a\0\":1}", 8, JSON_E_NUL, 3 },
	{ "{\"a\":1}\0", 8, JSON_E_NUL, 7 },
	{ "\0", 1, JSON_E_NUL, 0 },
	{ " \0 ", 3, JSON_E_NUL, 1 },
	{ "{\"a\":tru\0}", 10, JSON_E_NUL, 8 },
	/* raw control bytes inside strings */
	{ "{\"a\":\"x\x01y\"}", 0, JSON_E_CTRL, 7 },
	{ "{\"a\":\"\t\"}", 0, JSON_E_CTRL, 6 },
	{ "{\"a\":\"\n\"}", 0, JSON_E_CTRL, 6 },
	{ "{\"\x1f\":1}", 0, JSON_E_CTRL, 2 },
	{ "\"\x1b[31m\"", 0, JSON_E_CTRL, 1 },
	/* invalid primitives (jsmn strict takes most of them) */
	{ "01", 0, JSON_E_SYNTAX, 1 },
	{ "-", 0, JSON_E_SYNTAX, 1 },
	{ "tru", 0, JSON_E_SYNTAX, 0 },
	{ "1.", 0, JSON_E_SYNTAX, 2 },
	{ ".5", 0, JSON_E_SYNTAX, 0 },
	{ "1e", 0, JSON_E_SYNTAX, 2 },
	{ "1e+", 0, JSON_E_SYNTAX, 3 },
	{ "-01", 0, JSON_E_SYNTAX, 2 },
	{ "+1", 0, JSON_E_SYNTAX, 0 },
	{ "nul", 0, JSON_E_SYNTAX, 0 },
	{ "truex", 0, JSON_E_SYNTAX, 0 },
	{ "True", 0, JSON_E_SYNTAX, 0 },
	{ "NaN", 0, JSON_E_SYNTAX, 0 },
	{ "-Infinity", 0, JSON_E_SYNTAX, 1 },
	{ "0x10", 0, JSON_E_SYNTAX, 1 },
	{ "1.5.2", 0, JSON_E_SYNTAX, 3 },
	{ "1.e5", 0, JSON_E_SYNTAX, 2 },
	{ "-.5", 0, JSON_E_SYNTAX, 1 },
	{ "1e+-1", 0, JSON_E_SYNTAX, 3 },
	{ "[1.e5]", 0, JSON_E_SYNTAX, 3 },
	{ "{\"a\":01}", 0, JSON_E_SYNTAX, 6 },
	{ "{\"a\":tru}", 0, JSON_E_SYNTAX, 5 },
	{ "{\"a\":1.}", 0, JSON_E_SYNTAX, 7 },
	{ "{\"a\":.5}", 0, JSON_E_SYNTAX, 5 },
	{ "{\"a\":1e}", 0, JSON_E_SYNTAX, 7 },
	{ "[-]", 0, JSON_E_SYNTAX, 2 },
	{ "[1x]", 0, JSON_E_SYNTAX, 2 },
	/* punctuation jsmn does not check */
	{ "[1 2]", 0, JSON_E_SYNTAX, 3 },
	{ "[1,,2]", 0, JSON_E_SYNTAX, 3 },
	{ "[,1]", 0, JSON_E_SYNTAX, 1 },
	{ "[1,]", 0, JSON_E_SYNTAX, 3 },
	{ "{\"a\":1,}", 0, JSON_E_SYNTAX, 7 },
	{ "{\"a\"}", 0, JSON_E_SYNTAX, 4 },
	{ "{\"a\" \"b\"}", 0, JSON_E_SYNTAX, 5 },
	{ "{\"a\":1 \"b\":2}", 0, JSON_E_SYNTAX, 7 },
	{ "{\"a\"::1}", 0, JSON_E_SYNTAX, 5 },
	{ "[1:2]", 0, JSON_E_SYNTAX, 2 },
	{ "{1:2}", 0, JSON_E_SYNTAX, 1 },
	{ "{a:1}", 0, JSON_E_SYNTAX, 1 },
	{ "{\"a\":1]", 0, JSON_E_SYNTAX, 6 },
	{ "[}", 0, JSON_E_SYNTAX, 1 },
	{ "{]", 0, JSON_E_SYNTAX, 1 },
	{ "]", 0, JSON_E_SYNTAX, 0 },
	{ ":", 0, JSON_E_SYNTAX, 0 },
	{ ",", 0, JSON_E_SYNTAX, 0 },
	{ "{,}", 0, JSON_E_SYNTAX, 1 },
	{ "[\"a\":1]", 0, JSON_E_SYNTAX, 4 },
	{ "['a']", 0, JSON_E_SYNTAX, 1 },
	/* bad escapes, bytes outside strings */
	{ "\"\\x\"", 0, JSON_E_SYNTAX, 2 },
	{ "\"\\u12G4\"", 0, JSON_E_SYNTAX, 5 },
	{ "\"\\u12\"", 0, JSON_E_SYNTAX, 5 },
	{ "\"\\U0041\"", 0, JSON_E_SYNTAX, 2 },
	{ "[1,\x01]", 0, JSON_E_SYNTAX, 3 },
	{ "[\xc3\xa9]", 0, JSON_E_SYNTAX, 1 },
	{ "\xef\xbb\xbf{}", 0, JSON_E_SYNTAX, 0 },
	/* valid */
	{ "{}", 0, JSON_OK, 0 },
	{ "  {}  \r\n", 0, JSON_OK, 0 },
	{ "[]", 0, JSON_OK, 0 },
	{ "{\"a\":[1,-0.5e+10,true,false,null,\"x\",{},[]]}", 0, JSON_OK, 0 },
	{ "123", 0, JSON_OK, 0 },
	{ " -0 ", 0, JSON_OK, 0 },
	{ "0", 0, JSON_OK, 0 },
	{ "1E5", 0, JSON_OK, 0 },
	{ "2.5e-3", 0, JSON_OK, 0 },
	{ "true", 0, JSON_OK, 0 },
	{ "null", 0, JSON_OK, 0 },
	{ "\"str\"", 0, JSON_OK, 0 },
	{ "\"\"", 0, JSON_OK, 0 },
	{ "\"\x7f\xff\xc0\"", 0, JSON_OK, 0 },	/* parse leaves UTF-8 to decoding */
	{ "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\ud800\"", 0,
	    JSON_OK, 0 },
	{ "{\"a\":1,\"a\":2}", 0, JSON_OK, 0 },
	{ "[[[]],{\"\":{}}]", 0, JSON_OK, 0 },
};

static void
test_parse_table(void)
{
	struct json js;
	const struct pcase *c;
	size_t i, len;
	int r;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		c = &pcases[i];
		len = c->len ? c->len : strlen(c->in);
		r = json_parse(&js, c->in, len);
		T_OK(r == c->err, "parse #%zu \"%s\": got %d (%s), want %d (%s)",
		    i, c->in, r, json_strerror(r), c->err,
		    json_strerror(c->err));
		if (c->err != JSON_OK) {
			T_OK(js.t == NULL && js.n == 0,
			    "parse #%zu: tokens left after error", i);
			if (c->errpos >= 0)
				T_OK(js.errpos == (size_t)c->errpos,
				    "parse #%zu \"%s\": errpos %zu, want %ld",
				    i, c->in, js.errpos, c->errpos);
		} else {
			T_OK(js.t != NULL && js.n >= 1, "parse #%zu: tokens", i);
			T_OK(json_skip(&js, 0) == js.n, "parse #%zu: skip", i);
		}
		json_free(&js);
		T_OK(js.t == NULL && js.n == 0, "free #%zu", i);
	}
}

static void
test_parse_tokens(void)
{
	struct json js;
	const char *s = " {\"a\":[1,\"b\"]} ";

	T_EQ_INT(json_parse(&js, s, strlen(s)), JSON_OK, "tokens parse");
	T_EQ_INT(js.n, 5, "tokens n");
	T_EQ_INT(js.t[0].type, JSMN_OBJECT, "t0 type");
	T_EQ_INT(js.t[0].start, 1, "t0 start");
	T_EQ_INT(js.t[0].end, 14, "t0 end");
	T_EQ_INT(js.t[0].size, 1, "t0 size");
	T_EQ_INT(js.t[1].type, JSMN_STRING, "t1 type");
	T_EQ_INT(js.t[2].type, JSMN_ARRAY, "t2 type");
	T_EQ_INT(js.t[2].size, 2, "t2 size");
	T_EQ_INT(js.t[3].type, JSMN_PRIMITIVE, "t3 type");
	T_EQ_INT(js.t[4].type, JSMN_STRING, "t4 type");
	json_free(&js);
	json_free(&js);		/* twice is fine */
	json_free(NULL);

	/* top-level scalars get one token */
	T_EQ_INT(json_parse(&js, " -12.5 ", 7), JSON_OK, "scalar root");
	T_EQ_INT(js.n, 1, "scalar n");
	T_EQ_INT(js.t[0].type, JSMN_PRIMITIVE, "scalar type");
	T_EQ_INT(js.t[0].start, 1, "scalar start");
	T_EQ_INT(js.t[0].end, 6, "scalar end");
	json_free(&js);
	T_EQ_INT(json_parse(&js, "\"x\"", 3), JSON_OK, "string root");
	T_EQ_INT(js.t[0].type, JSMN_STRING, "string root type");
	T_EQ_INT(js.t[0].start, 1, "string root start");
	json_free(&js);

	/* too long for int offsets: refused before reading */
	T_EQ_INT(json_parse(&js, "x", (size_t)INT_MAX), JSON_E_NOMEM,
	    "len > INT_MAX/2");
	T_OK(js.t == NULL, "len > INT_MAX/2 tokens");
}

/* "[" x n then "]" x n (close: whether to close). */
static char *
nest(int n, const char *open, const char *close, size_t *len)
{
	size_t lo = strlen(open), lc = strlen(close), k = 0;
	char *s;
	int i;

	if ((s = malloc((size_t)n * (lo + lc) + 2)) == NULL)
		return NULL;
	for (i = 0; i < n; i++, k += lo)
		memcpy(s + k, open, lo);
	s[k++] = '1';
	for (i = 0; i < n; i++, k += lc)
		memcpy(s + k, close, lc);
	*len = k;
	return s;
}

static void
test_limits(void)
{
	struct json js;
	clock_t c0;
	char *s;
	size_t len, k;
	int i, r;

	s = nest(64, "[", "]", &len);
	T_OK(s != NULL, "nest alloc");
	T_EQ_INT(json_parse(&js, s, len), JSON_OK, "depth 64");
	T_EQ_INT(js.n, 65, "depth 64 tokens");
	json_free(&js);
	free(s);

	s = nest(65, "[", "]", &len);
	T_EQ_INT(json_parse(&js, s, len), JSON_E_DEPTH, "depth 65");
	T_EQ_INT(js.errpos, 64, "depth 65 errpos");
	free(s);

	s = nest(64, "{\"k\":", "}", &len);
	T_EQ_INT(json_parse(&js, s, len), JSON_OK, "object depth 64");
	json_free(&js);
	free(s);
	s = nest(65, "{\"k\":", "}", &len);
	T_EQ_INT(json_parse(&js, s, len), JSON_E_DEPTH, "object depth 65");
	T_EQ_INT(js.errpos, 64 * 5, "object depth 65 errpos");
	free(s);

	/* 100,000 deep fails at byte 64, long before any allocation */
	s = nest(100000, "[", "]", &len);
	c0 = clock();
	T_EQ_INT(json_parse(&js, s, len), JSON_E_DEPTH, "depth 100000");
	T_OK((double)(clock() - c0) / CLOCKS_PER_SEC < 0.5,
	    "depth 100000 took too long");
	T_EQ_INT(js.errpos, 64, "depth 100000 errpos");
	T_OK(js.t == NULL, "depth 100000 tokens");
	/* unclosed: still the depth error first */
	T_EQ_INT(json_parse(&js, s, 100000), JSON_E_DEPTH, "open 100000");
	free(s);

	/* token cap: 65535 elements + the array = 65536 tokens is fine */
	if ((s = malloc(2 * 200000 + 2)) == NULL) {
		T_OK(0, "alloc");
		return;
	}
	for (i = 0; i <= 200000; i++) {
		s[2 * i] = ',';
		s[2 * i + 1] = '0';
	}
	s[0] = '[';
	for (k = 0; k < 3; k++) {
		static const int nel[3] = { 65535, 65536, 200000 };

		len = 2 * (size_t)nel[k];
		s[len] = ']';
		r = json_parse(&js, s, len + 1);
		if (k == 0) {
			T_EQ_INT(r, JSON_OK, "65535 elements");
			T_EQ_INT(js.n, JSON_MAX_TOKENS, "65535 elements n");
			T_EQ_INT(json_arr_get(&js, 0, 65534), 65535, "last el");
			T_EQ_INT(json_skip(&js, 0), JSON_MAX_TOKENS, "big skip");
		} else {
			T_EQ_INT(r, JSON_E_TOKENS, "too many elements");
			/* element 65535 would be token 65537 */
			T_EQ_INT(js.errpos, 1 + 2 * 65535, "tokens errpos");
			T_OK(js.t == NULL, "tokens freed");
		}
		json_free(&js);
		s[len] = ',';
	}
	free(s);
}

static void
test_parse_object(void)
{
	static const struct {
		const char	*in;
		int		 err;
	} c[] = {
		{ "{}", JSON_OK },
		{ " {\"a\":[]} ", JSON_OK },
		{ "[1]", JSON_E_NOTOBJECT },
		{ "[]", JSON_E_NOTOBJECT },
		{ "\"x\"", JSON_E_NOTOBJECT },
		{ "1", JSON_E_NOTOBJECT },
		{ "null", JSON_E_NOTOBJECT },
		{ "{", JSON_E_TRUNCATED },
		{ "", JSON_E_EMPTY },
	};
	struct json js;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		T_EQ_INT(json_parse_object(&js, c[i].in, strlen(c[i].in)),
		    c[i].err, c[i].in);
		if (c[i].err != JSON_OK)
			T_OK(js.t == NULL && js.n == 0, "%s: freed", c[i].in);
		json_free(&js);
	}
	T_EQ_INT(json_parse(&js, "[1]", 3), JSON_OK, "array root parses");
	json_free(&js);
}

static void
test_strerror_linecol(void)
{
	static const char *const want[JSON_E__MAX] = {
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
	const char *s = "ab\ncd\n\nef";
	struct json js;
	int i, line, col;

	for (i = 0; i < JSON_E__MAX; i++)
		T_EQ_STR(json_strerror(i), want[i], "strerror");
	T_EQ_STR(json_strerror(-1), "unknown JSON error", "strerror -1");
	T_EQ_STR(json_strerror(JSON_E__MAX), "unknown JSON error",
	    "strerror max");

	json_linecol(s, strlen(s), 0, &line, &col);
	T_OK(line == 1 && col == 1, "linecol 0: %d:%d", line, col);
	json_linecol(s, strlen(s), 2, &line, &col);
	T_OK(line == 1 && col == 3, "linecol 2: %d:%d", line, col);
	json_linecol(s, strlen(s), 3, &line, &col);
	T_OK(line == 2 && col == 1, "linecol 3: %d:%d", line, col);
	json_linecol(s, strlen(s), 6, &line, &col);
	T_OK(line == 3 && col == 1, "linecol 6: %d:%d", line, col);
	json_linecol(s, strlen(s), 8, &line, &col);
	T_OK(line == 4 && col == 2, "linecol 8: %d:%d", line, col);
	json_linecol(s, strlen(s), 1000, &line, &col);
	T_OK(line == 4 && col == 3, "linecol clamp: %d:%d", line, col);

	s = "{\n \"a\":\n}";
	T_EQ_INT(json_parse(&js, s, strlen(s)), JSON_E_SYNTAX, "linecol err");
	json_linecol(js.s, js.len, js.errpos, &line, &col);
	T_OK(line == 3 && col == 1, "linecol of error: %d:%d", line, col);
}

static void
test_skip(void)
{
	/*  0 1    2 3    4 5 6 7    8    9    10 */
	const char *s = "{\"a\":{\"b\":[1,{\"c\":2}]},\"d\":3}";
	static const int want[][2] = {
		{ 0, 11 }, { 1, 9 }, { 2, 9 }, { 3, 9 }, { 4, 9 }, { 5, 6 },
		{ 6, 9 }, { 7, 9 }, { 8, 9 }, { 9, 11 }, { 10, 11 },
		{ 11, -1 }, { -1, -1 }, { 1000, -1 },
	};
	struct json js;
	size_t i;

	T_EQ_INT(json_parse(&js, s, strlen(s)), JSON_OK, "skip parse");
	T_EQ_INT(js.n, 11, "skip n");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		T_OK(json_skip(&js, want[i][0]) == want[i][1],
		    "skip(%d) = %d, want %d", want[i][0],
		    json_skip(&js, want[i][0]), want[i][1]);
	T_EQ_INT(json_arr_get(&js, 4, 0), 5, "arr_get 0");
	T_EQ_INT(json_arr_get(&js, 4, 1), 6, "arr_get 1");
	T_EQ_INT(json_arr_get(&js, 4, 2), -1, "arr_get 2");
	T_EQ_INT(json_arr_get(&js, 4, -1), -1, "arr_get -1");
	T_EQ_INT(json_arr_get(&js, 0, 0), -1, "arr_get on object");
	T_EQ_INT(json_obj_get(&js, 0, "d"), 10, "obj_get after nested");
	T_EQ_INT(json_obj_get(&js, 6, "c"), 8, "obj_get nested");
	json_free(&js);

	/* an unparsed struct json: everything is missing */
	memset(&js, 0, sizeof(js));
	T_EQ_INT(json_skip(&js, 0), -1, "skip empty");
	T_EQ_INT(json_obj_get(&js, 0, "a"), -1, "obj_get empty");
	T_EQ_INT(json_path(&js, 0, "a"), -1, "path empty");
	T_EQ_INT(json_is_null(&js, 0), 1, "is_null empty");
}

/* Token of key in the root object, or -1. */
static void
test_obj_get(void)
{
	const char *s = "{\"r\\u0075le\":{\"level\":10},\"rule\":\"second\","
	    "\"a\\\"b\":1,\"\":2,\"x\":null,\"\\ud83d\\ude00\":3,"
	    "\"\xc3\xa9t\xc3\xa9\":4,\"ab\\u0063\":5,\"k\xff\":6}";
	static const struct {
		const char	*key;
		int		 tok;
	} c[] = {
		{ "rule", 2 },		/* escaped key, first of duplicates */
		{ "level", -1 },	/* not at this level */
		{ "a\"b", 8 },
		{ "", 10 },
		{ "x", 12 },
		{ "\xf0\x9f\x98\x80", 14 },
		{ "\xc3\xa9t\xc3\xa9", 16 },
		{ "abc", 18 },
		{ "ab", -1 },
		{ "abcd", -1 },
		{ "k\xef\xbf\xbd", 20 },	/* raw 0xff decodes to U+FFFD */
		{ "k\xff", -1 },
		{ "rul", -1 },
		{ "rulee", -1 },
		{ "nope", -1 },
		{ "Rule", -1 },
	};
	struct json js;
	size_t i;
	int v;

	T_EQ_INT(json_parse(&js, s, strlen(s)), JSON_OK, "obj_get parse");
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		T_OK(json_obj_get(&js, 0, c[i].key) == c[i].tok,
		    "obj_get \"%s\" = %d, want %d", c[i].key,
		    json_obj_get(&js, 0, c[i].key), c[i].tok);
	v = json_obj_get(&js, 0, "rule");
	T_EQ_INT(json_obj_get(&js, v, "level"), 4, "obj_get level");
	T_EQ_INT(json_obj_get(&js, 4, "level"), -1, "obj_get on number");
	T_EQ_INT(json_obj_get(&js, 0, NULL), -1, "obj_get NULL key");
	T_EQ_INT(json_obj_get(&js, -1, "rule"), -1, "obj_get -1");
	T_OK(json_str_eq(&js, 1, "rule"), "str_eq escaped key");
	T_OK(json_str_eq(&js, 5, "rule"), "str_eq plain key");
	T_OK(json_str_eq(&js, 6, "second"), "str_eq plain");
	T_OK(!json_str_eq(&js, 6, "secon"), "str_eq shorter");
	T_OK(!json_str_eq(&js, 6, "seconds"), "str_eq longer");
	T_OK(!json_str_eq(&js, 4, "10"), "str_eq on number");
	T_OK(!json_str_eq(&js, 6, NULL), "str_eq NULL");
	T_OK(json_str_eq(&js, 7, "a\"b"), "str_eq escaped quote");
	T_OK(!json_str_eq(&js, 7, "a\"c"), "str_eq differs after escape");
	T_OK(!json_str_eq(&js, 7, "a\""), "str_eq short after escape");
	T_OK(!json_str_eq(&js, 7, "a"), "str_eq prefix before escape");
	json_free(&js);
}

static void
test_path(void)
{
	const char *s = "{\"rule\":{\"mitre\":{\"id\":[\"T1110\",\"T2\"]},"
	    "\"level\":10},\"data\":{\"a.b\":1,\"0\":\"zero\"},"
	    "\"arr\":[[0,1],[2,{\"k\":\"v\"}]]}";
	static const struct {
		const char	*path;
		const char	*text;	/* NULL: -1 expected */
	} c[] = {
		{ "rule.mitre.id.0", "T1110" },
		{ "rule.mitre.id.1", "T2" },
		{ "rule.mitre.id.00", "T1110" },
		{ "rule.mitre.id.2", NULL },
		{ "rule.mitre.id.-1", NULL },
		{ "rule.mitre.id.x", NULL },
		{ "rule.mitre.id.0.x", NULL },	/* through a string */
		{ "rule.level", "10" },
		{ "rule.level.x", NULL },	/* through a number */
		{ "rule.level.0", NULL },
		{ "data.0", "zero" },		/* digits in an object: a key */
		{ "data.a.b", NULL },		/* keys with dots: obj_get */
		{ "arr.1.0", "2" },
		{ "arr.1.1.k", "v" },
		{ "arr.2", NULL },
		{ "arr.9999999999", NULL },
		{ "rule..level", NULL },
		{ "rule.", NULL },
		{ ".rule", NULL },
		{ ".", NULL },
		{ "nope", NULL },
		{ "rule.nope", NULL },
	};
	struct json js;
	struct buf b;
	char out[64], seg[400];
	size_t i;
	int tok;

	T_EQ_INT(json_parse(&js, s, strlen(s)), JSON_OK, "path parse");
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		tok = json_path(&js, 0, c[i].path);
		if (c[i].text == NULL) {
			T_OK(tok == -1, "path %s: %d, want -1", c[i].path, tok);
			continue;
		}
		buf_init(&b, out, sizeof(out));
		T_OK(tok > 0 && json_get_text(&js, tok, &b) == 0,
		    "path %s: %d", c[i].path, tok);
		T_EQ_STR(out, c[i].text, c[i].path);
	}
	T_EQ_INT(json_path(&js, 0, ""), 0, "empty path");
	T_EQ_INT(json_path(&js, 0, NULL), -1, "NULL path");
	T_EQ_INT(json_path(&js, -1, "rule"), -1, "path from -1");
	T_EQ_INT(json_path(&js, json_path(&js, 0, "rule"), "level"),
	    json_path(&js, 0, "rule.level"), "path from a subtree");
	memset(seg, 'a', sizeof(seg));
	seg[sizeof(seg) - 1] = '\0';
	T_EQ_INT(json_path(&js, 0, seg), -1, "overlong segment");
	json_free(&js);
}

/* A decode case: a JSON string literal and its decoded bytes. */
struct dcase {
	const char	*in;
	const char	*out;
	size_t		 outlen;	/* 0: strlen(out) */
};

#define FFFD	"\xef\xbf\xbd"

static const struct dcase dcases[] = {
	{ "\"plain\"", "plain", 0 },
	{ "\"\"", "", 0 },
	{ "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"",
	    "a\"b\\c/d\be\ff\ng\rh\ti", 0 },
	{ "\"\\u0041\\u00e9\\u20AC\\u07ff\\u0800\\uffff\"",
	    "A\xc3\xa9\xe2\x82\xac\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 0 },
	{ "\"\\u001f\\u007f\"", "\x1f\x7f", 0 },
	/* surrogate pairs -> one 4-byte sequence */
	{ "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 0 },
	{ "\"\\uD83D\\uDE00\"", "\xf0\x9f\x98\x80", 0 },
	{ "\"\\ud800\\udc00\\udbff\\udfff\"",
	    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 0 },
	/* lone surrogates -> U+FFFD each */
	{ "\"\\ud83d\"", FFFD, 0 },
	{ "\"\\ude00\"", FFFD, 0 },
	{ "\"\\ud83dx\"", FFFD "x", 0 },
	{ "\"\\ud83d\\u0041\"", FFFD "A", 0 },
	{ "\"\\ud83d\\ud83d\\ude00\"", FFFD "\xf0\x9f\x98\x80", 0 },
	{ "\"\\ude00\\ud83d\"", FFFD FFFD, 0 },
	{ "\"\\ud83d\\n\"", FFFD "\n", 0 },
	/* \u0000 -> U+FFFD */
	{ "\"\\u0000\"", FFFD, 0 },
	{ "\"a\\u0000b\"", "a" FFFD "b", 0 },
	/* raw bytes: valid UTF-8 kept, each invalid byte -> U+FFFD */
	{ "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd\"",
	    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd", 0 },
	{ "\"\x7f\"", "\x7f", 0 },
	{ "\"\xff\"", FFFD, 0 },
	{ "\"\x80\"", FFFD, 0 },
	{ "\"\xc0\xaf\"", FFFD FFFD, 0 },			/* overlong */
	{ "\"\xc1\xbf\"", FFFD FFFD, 0 },			/* overlong */
	{ "\"\xe0\x80\xaf\"", FFFD FFFD FFFD, 0 },		/* overlong */
	{ "\"\xf0\x80\x80\xaf\"", FFFD FFFD FFFD FFFD, 0 },	/* overlong */
	{ "\"\xed\xa0\x80\"", FFFD FFFD FFFD, 0 },		/* surrogate */
	{ "\"\xed\xbf\xbf\"", FFFD FFFD FFFD, 0 },		/* surrogate */
	{ "\"\xed\x9f\xbf\"", "\xed\x9f\xbf", 0 },		/* U+D7FF */
	{ "\"\xf4\x90\x80\x80\"", FFFD FFFD FFFD FFFD, 0 },	/* > 10FFFF */
	{ "\"\xf4\x8f\xbf\xbf\"", "\xf4\x8f\xbf\xbf", 0 },	/* U+10FFFF */
	{ "\"\xf5\x80\x80\x80\"", FFFD FFFD FFFD FFFD, 0 },
	{ "\"\xf8\x88\x80\x80\x80\"", FFFD FFFD FFFD FFFD FFFD, 0 },
	{ "\"a\xe2\x82\"", "a" FFFD FFFD, 0 },			/* truncated */
	{ "\"\xe2\x82z\"", FFFD FFFD "z", 0 },
	{ "\"\xe2\\n\"", FFFD "\n", 0 },
	{ "\"\xc3\"", FFFD, 0 },
};

static void
test_get_str(void)
{
	struct json js;
	struct buf b;
	const char *p;
	char out[128], small[4];
	size_t i, wl;

	for (i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++) {
		if (json_parse(&js, dcases[i].in, strlen(dcases[i].in)) !=
		    JSON_OK) {
			T_OK(0, "decode #%zu: parse failed", i);
			continue;
		}
		wl = dcases[i].outlen ? dcases[i].outlen :
		    strlen(dcases[i].out);
		buf_init(&b, out, sizeof(out));
		T_EQ_INT(json_get_str(&js, 0, &b), 0, "get_str rc");
		T_OK(!b.err, "decode #%zu: overflow", i);
		T_EQ_MEM(b.p, b.len, dcases[i].out, wl, dcases[i].in);
		/* str_eq agrees with the decoding */
		T_OK(json_str_eq(&js, 0, dcases[i].out) ||
		    memchr(dcases[i].out, '\0', wl) != NULL,
		    "decode #%zu: str_eq", i);
		/* get_text of a string is the same decoding, appended */
		buf_init(&b, out, sizeof(out));
		buf_puts(&b, ">");
		T_EQ_INT(json_get_text(&js, 0, &b), 0, "get_text rc");
		T_OK(b.len == wl + 1 && memcmp(b.p + 1, dcases[i].out, wl) == 0,
		    "decode #%zu: get_text", i);
		json_free(&js);
	}

	/* overflow is reported through the buffer */
	T_EQ_INT(json_parse(&js, "\"abcdef\"", 8), JSON_OK, "small parse");
	buf_init(&b, small, sizeof(small));
	T_EQ_INT(json_get_str(&js, 0, &b), 0, "small get_str");
	T_OK(b.err, "small buffer overflows");
	json_free(&js);

	/* wrong types */
	p = "{\"n\":1.5e3,\"t\":true,\"z\":null,\"o\":{},\"a\":[]}";
	T_EQ_INT(json_parse(&js, p, strlen(p)), JSON_OK, "types parse");
	buf_init(&b, out, sizeof(out));
	T_EQ_INT(json_get_str(&js, 0, &b), -1, "get_str object");
	T_EQ_INT(json_get_str(&js, json_obj_get(&js, 0, "n"), &b), -1,
	    "get_str number");
	T_EQ_INT(json_get_str(&js, -1, &b), -1, "get_str -1");
	T_EQ_INT(json_get_text(&js, json_obj_get(&js, 0, "n"), &b), 0,
	    "get_text number");
	T_EQ_STR(out, "1.5e3", "get_text number as written");
	buf_reset(&b);
	T_EQ_INT(json_get_text(&js, json_obj_get(&js, 0, "t"), &b), 0,
	    "get_text true");
	T_EQ_STR(out, "true", "get_text true text");
	buf_reset(&b);
	T_EQ_INT(json_get_text(&js, json_obj_get(&js, 0, "z"), &b), 0,
	    "get_text null");
	T_EQ_INT(b.len, 0, "get_text null is empty");
	T_EQ_INT(json_get_text(&js, json_obj_get(&js, 0, "o"), &b), -1,
	    "get_text object");
	T_EQ_INT(json_get_text(&js, json_obj_get(&js, 0, "a"), &b), -1,
	    "get_text array");
	T_EQ_INT(json_get_text(&js, -1, &b), -1, "get_text -1");
	T_EQ_INT(json_get_text(&js, 99, &b), -1, "get_text 99");
	T_EQ_INT(json_is_null(&js, json_obj_get(&js, 0, "z")), 1, "is_null");
	T_EQ_INT(json_is_null(&js, json_obj_get(&js, 0, "t")), 0,
	    "is_null true");
	T_EQ_INT(json_is_null(&js, -1), 1, "is_null -1");
	T_EQ_INT(json_is_null(&js, 99), 1, "is_null 99");
	T_OK(json_is_obj(&js, 0) && !json_is_arr(&js, 0) &&
	    !json_is_str(&js, 0), "is_obj");
	T_OK(json_is_arr(&js, json_obj_get(&js, 0, "a")), "is_arr");
	T_OK(json_is_str(&js, 1) && !json_is_str(&js, -1) &&
	    !json_is_obj(&js, 99), "is_str, out of range");
	json_free(&js);
	T_EQ_INT(json_parse(&js, "\"null\"", 6), JSON_OK, "\"null\" parse");
	T_EQ_INT(json_is_null(&js, 0), 0, "string \"null\" is not null");
	json_free(&js);
}

static void
test_get_int_bool(void)
{
	static const struct {
		const char	*v;
		long long	 min, max;
		int		 rc;
		long long	 want;
	} c[] = {
		{ "42", 0, 100, 0, 42 },
		{ "-7", -10, 10, 0, -7 },
		{ "0", 0, 0, 0, 0 },
		{ "-0", 0, 0, 0, 0 },
		{ "\"66\"", 0, 100, 0, 66 },
		{ "\"-3\"", -10, 10, 0, -3 },
		{ "\"007\"", 0, 10, 0, 7 },
		{ "10", 0, 10, 0, 10 },
		{ "11", 0, 10, -1, 0 },
		{ "-1", 0, 10, -1, 0 },
		{ "\"11\"", 0, 10, -1, 0 },
		{ "9223372036854775807", LLONG_MIN, LLONG_MAX, 0, LLONG_MAX },
		{ "-9223372036854775808", LLONG_MIN, LLONG_MAX, 0, LLONG_MIN },
		{ "9223372036854775808", LLONG_MIN, LLONG_MAX, -1, 0 },
		{ "-9223372036854775809", LLONG_MIN, LLONG_MAX, -1, 0 },
		{ "99999999999999999999", LLONG_MIN, LLONG_MAX, -1, 0 },
		{ "\"99999999999999999999\"", LLONG_MIN, LLONG_MAX, -1, 0 },
		{ "1.5", 0, 100, -1, 0 },
		{ "1.0", 0, 100, -1, 0 },
		{ "1e3", 0, 10000, -1, 0 },
		{ "\"1.5\"", 0, 100, -1, 0 },
		{ "\"\"", 0, 100, -1, 0 },
		{ "\"-\"", 0, 100, -1, 0 },
		{ "\" 1\"", 0, 100, -1, 0 },
		{ "\"1 \"", 0, 100, -1, 0 },
		{ "\"+1\"", 0, 100, -1, 0 },
		{ "\"0x10\"", 0, 100, -1, 0 },
		{ "\"\\u0031\"", 0, 100, -1, 0 },
		{ "true", 0, 100, -1, 0 },
		{ "null", 0, 100, -1, 0 },
		{ "[1]", 0, 100, -1, 0 },
		{ "{}", 0, 100, -1, 0 },
	};
	static const struct {
		const char	*v;
		int		 rc, want;
	} bc[] = {
		{ "true", 0, 1 },
		{ "false", 0, 0 },
		{ "\"true\"", -1, 0 },
		{ "null", -1, 0 },
		{ "1", -1, 0 },
		{ "[]", -1, 0 },
	};
	struct json js;
	char doc[128];
	long long v;
	size_t i;
	int b, r;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(doc, sizeof(doc), "{\"v\":%s}", c[i].v);
		if (json_parse(&js, doc, strlen(doc)) != JSON_OK) {
			T_OK(0, "get_int %s: parse", c[i].v);
			continue;
		}
		v = 12345;
		r = json_get_int(&js, json_obj_get(&js, 0, "v"), c[i].min,
		    c[i].max, &v);
		T_OK(r == c[i].rc, "get_int %s: rc %d", c[i].v, r);
		if (c[i].rc == 0)
			T_OK(v == c[i].want, "get_int %s: %lld", c[i].v, v);
		else
			T_OK(v == 12345, "get_int %s: out written", c[i].v);
		json_free(&js);
	}
	T_EQ_INT(json_parse(&js, "[1]", 3), JSON_OK, "int parse");
	T_EQ_INT(json_get_int(&js, -1, 0, 1, &v), -1, "get_int -1");
	T_EQ_INT(json_get_int(&js, 2, 0, 1, &v), -1, "get_int 2");
	json_free(&js);

	for (i = 0; i < sizeof(bc) / sizeof(bc[0]); i++) {
		snprintf(doc, sizeof(doc), "[%s]", bc[i].v);
		if (json_parse(&js, doc, strlen(doc)) != JSON_OK) {
			T_OK(0, "get_bool %s: parse", bc[i].v);
			continue;
		}
		b = 7;
		r = json_get_bool(&js, 1, &b);
		T_OK(r == bc[i].rc, "get_bool %s: rc %d", bc[i].v, r);
		T_OK(b == (bc[i].rc == 0 ? bc[i].want : 7), "get_bool %s: %d",
		    bc[i].v, b);
		T_EQ_INT(json_get_bool(&js, -1, &b), -1, "get_bool -1");
		json_free(&js);
	}
}

static void
test_utf8(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
		size_t		 n;
		unsigned	 cp;
	} c[] = {
		{ "A", 1, 1, 'A' },
		{ "\xc2\x80", 2, 2, 0x80 },
		{ "\xdf\xbf", 2, 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 3, 0x800 },
		{ "\xe2\x80\xa8", 3, 3, 0x2028 },
		{ "\xef\xbf\xbd", 3, 3, 0xfffd },
		{ "\xf0\x90\x80\x80", 4, 4, 0x10000 },
		{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
		{ "\xc2\x80", 1, 1, 0xfffd },		/* cut by len */
		{ "\xf0\x9f\x98\x80", 3, 1, 0xfffd },
		{ "\xc0\x80", 2, 1, 0xfffd },
		{ "\xed\xa0\x80", 3, 1, 0xfffd },
		{ "\xf4\x90\x80\x80", 4, 1, 0xfffd },
		{ "\xe2\x28\xa1", 3, 1, 0xfffd },
		{ "\xe2\x82\x28", 3, 1, 0xfffd },
		{ "\xfe", 1, 1, 0xfffd },
		{ "", 0, 0, 0xfffd },
	};
	static const struct {
		unsigned	 cp;
		const char	*out;
	} p[] = {
		{ 0x41, "A" },
		{ 0xe9, "\xc3\xa9" },
		{ 0x20ac, "\xe2\x82\xac" },
		{ 0x1f600, "\xf0\x9f\x98\x80" },
		{ 0x10ffff, "\xf4\x8f\xbf\xbf" },
		{ 0xd800, FFFD },
		{ 0xdfff, FFFD },
		{ 0x110000, FFFD },
	};
	struct buf b;
	char out[16];
	unsigned cp;
	size_t i, n;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cp = 1;
		n = utf8_next(c[i].s, c[i].len, &cp);
		T_OK(n == c[i].n && cp == c[i].cp,
		    "utf8_next #%zu: %zu U+%04X, want %zu U+%04X", i, n, cp,
		    c[i].n, c[i].cp);
	}
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		buf_init(&b, out, sizeof(out));
		utf8_put(&b, p[i].cp);
		T_EQ_STR(out, p[i].out, "utf8_put");
	}
}

/* Escape s[0..len) through jw_escape and jw_strn; compare with want. */
static void
check_escape(const char *s, size_t len, const char *want, const char *what)
{
	struct buf b;
	struct jw w;
	char out[256], q[300];

	buf_init(&b, out, sizeof(out));
	jw_escape(&b, s, len);
	T_EQ_MEM(b.p, b.len, want, strlen(want), what);
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_strn(&w, s, len);
	snprintf(q, sizeof(q), "\"%s\"", want);
	T_OK(jw_ok(&w), "%s: jw_ok", what);
	T_EQ_MEM(b.p, b.len, q, strlen(q), what);
	T_EQ_INT(json_validate(b.p, b.len, NULL), JSON_OK, what);
}

static void
test_escape(void)
{
	static const char *const ctl[32] = {
		FFFD, "\\u0001", "\\u0002", "\\u0003", "\\u0004",
		"\\u0005", "\\u0006", "\\u0007", "\\b", "\\t", "\\n",
		"\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010",
		"\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015",
		"\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a",
		"\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
	};
	static const struct {
		const char	*in;
		const char	*out;
	} c[] = {
		{ "\x7f", "\\u007f" },
		{ "\"", "\\\"" },
		{ "\\", "\\\\" },
		{ "/", "/" },
		{ "plain text 123 ~", "plain text 123 ~" },
		{ "a\"b\\c\nd", "a\\\"b\\\\c\\nd" },
		{ "\xe2\x80\xa8", "\\u2028" },
		{ "\xe2\x80\xa9", "\\u2029" },
		{ "x\xe2\x80\xa8y\xe2\x80\xa9z", "x\\u2028y\\u2029z" },
		{ "\xe2\x80\xa7\xe2\x80\xaa", "\xe2\x80\xa7\xe2\x80\xaa" },
		{ "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
		{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
		{ "\xef\xbf\xbd", FFFD },
		{ "\xff", FFFD },
		{ "a\xffz", "a" FFFD "z" },
		{ "\xc0\xaf", FFFD FFFD },
		{ "\xed\xa0\x80", FFFD FFFD FFFD },
		{ "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },
		{ "a\xe2\x82", "a" FFFD FFFD },
		{ "\xe2\x82\n", FFFD FFFD "\\n" },
		{ "\x80\x80", FFFD FFFD },
		{ "", "" },
	};
	char ch, what[32];
	size_t i;

	for (i = 0; i < 32; i++) {
		ch = (char)i;
		snprintf(what, sizeof(what), "escape 0x%02zx", i);
		check_escape(&ch, 1, ctl[i], what);
	}
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		check_escape(c[i].in, strlen(c[i].in), c[i].out, c[i].in);
	check_escape("a\0b", 3, "a" FFFD "b", "embedded NUL");
}

/* The same small document through a compact and a pretty writer. */
static void
write_sample(struct jw *w)
{
	jw_obj(w);
	jw_key(w, "a");
	jw_int(w, 1);
	jw_key(w, "b");
	jw_arr(w);
	jw_int(w, -1);
	jw_str(w, "x");
	jw_obj(w);
	jw_end(w);
	jw_arr(w);
	jw_end(w);
	jw_null(w);
	jw_bool(w, 1);
	jw_arr(w);
	jw_arr(w);
	jw_bool(w, 0);
	jw_end(w);
	jw_end(w);
	jw_end(w);
	jw_key(w, "c\"");
	jw_obj(w);
	jw_key(w, "d");
	jw_bool(w, 0);
	jw_key(w, "e");
	jw_strn(w, "\n", 1);
	jw_end(w);
	jw_end(w);
}

static void
test_writer(void)
{
	const char *compact = "{\"a\":1,\"b\":[-1,\"x\",{},[],null,true,"
	    "[[false]]],\"c\\\"\":{\"d\":false,\"e\":\"\\n\"}}";
	const char *pretty =
	    "{\n"
	    "  \"a\": 1,\n"
	    "  \"b\": [\n"
	    "    -1,\n"
	    "    \"x\",\n"
	    "    {},\n"
	    "    [],\n"
	    "    null,\n"
	    "    true,\n"
	    "    [\n"
	    "      [\n"
	    "        false\n"
	    "      ]\n"
	    "    ]\n"
	    "  ],\n"
	    "  \"c\\\"\": {\n"
	    "    \"d\": false,\n"
	    "    \"e\": \"\\n\"\n"
	    "  }\n"
	    "}";
	struct buf b;
	struct jw w;
	char out[1024], tiny[8];
	int i;

	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	write_sample(&w);
	T_OK(jw_ok(&w), "compact ok");
	T_EQ_INT(w.depth, 0, "compact depth");
	T_EQ_STR(out, compact, "compact");
	T_EQ_INT(json_validate(b.p, b.len, NULL), JSON_OK, "compact valid");

	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 2);
	write_sample(&w);
	T_OK(jw_ok(&w), "pretty ok");
	T_EQ_STR(out, pretty, "pretty");
	T_EQ_INT(json_validate(b.p, b.len, NULL), JSON_OK, "pretty valid");

	/* empty root containers, scalars as roots, integer extremes */
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 4);
	jw_obj(&w);
	jw_end(&w);
	T_EQ_STR(out, "{}", "pretty empty object");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_arr(&w);
	jw_int(&w, LLONG_MIN);
	jw_int(&w, LLONG_MAX);
	jw_int(&w, 0);
	jw_end(&w);
	T_EQ_STR(out, "[-9223372036854775808,9223372036854775807,0]",
	    "ints");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_str(&w, "s");
	T_OK(jw_ok(&w), "string root");
	T_EQ_STR(out, "\"s\"", "string root text");

	/* misuse */
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_int(&w, 1);
	T_OK(!jw_ok(&w), "value without key");
	T_EQ_STR(out, "{", "nothing written after misuse");
	jw_key(&w, "a");
	jw_int(&w, 1);
	jw_end(&w);
	T_EQ_STR(out, "{", "misuse is sticky");

	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_arr(&w);
	jw_key(&w, "a");
	T_OK(!jw_ok(&w), "key in array");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_key(&w, "a");
	T_OK(!jw_ok(&w), "key at root");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_key(&w, "a");
	jw_key(&w, "b");
	T_OK(!jw_ok(&w), "key after key");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_key(&w, "a");
	jw_end(&w);
	T_OK(!jw_ok(&w), "end after key");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_end(&w);
	T_OK(!jw_ok(&w), "end at depth 0");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_end(&w);
	jw_obj(&w);
	T_OK(!jw_ok(&w), "second root");
	T_EQ_STR(out, "{}", "second root not written");

	/*
	 * depth: a whole alert as deep as the reader takes (64), inside a
	 * template as deep as options may be (64), inside our own levels:
	 * JW_MAX_DEPTH levels fine, one more sets err.
	 */
	T_OK(JW_MAX_DEPTH >= 2 * JSON_MAX_DEPTH + 2, "writer room for an "
	    "alert inside a template inside a body");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	for (i = 0; i < JW_MAX_DEPTH; i++)
		jw_arr(&w);
	for (i = 0; i < JW_MAX_DEPTH; i++)
		jw_end(&w);
	T_OK(jw_ok(&w), "writer depth JW_MAX_DEPTH");
	T_EQ_INT(b.len, 2 * JW_MAX_DEPTH, "writer depth bytes");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	for (i = 0; i <= JW_MAX_DEPTH; i++)
		jw_arr(&w);
	T_OK(!jw_ok(&w) && w.err, "writer depth JW_MAX_DEPTH + 1");
	T_EQ_INT(w.depth, JW_MAX_DEPTH, "writer depth stays at the cap");

	/* buffer overflow is sticky in the buffer */
	buf_init(&b, tiny, sizeof(tiny));
	jw_init(&w, &b, 0);
	jw_str(&w, "0123456789");
	T_OK(!jw_ok(&w) && b.err && !w.err, "overflow in buffer");
}

/* Parse in, jw_token token tok with pretty p; compare with want. */
static void
check_token(const char *in, const char *path, int p, const char *want)
{
	struct json js;
	struct buf b;
	struct jw w;
	char out[512];

	if (json_parse(&js, in, strlen(in)) != JSON_OK) {
		T_OK(0, "jw_token: parse %s", in);
		return;
	}
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, p);
	jw_token(&w, &js, path == NULL ? -1 : json_path(&js, 0, path));
	T_OK(jw_ok(&w), "jw_token %s: ok", in);
	T_EQ_STR(out, want, in);
	T_EQ_INT(json_validate(b.p, b.len, NULL), JSON_OK, "jw_token valid");
	json_free(&js);
}

static void
test_jw_token(void)
{
	struct json js;
	struct buf b;
	struct jw w;
	const char *p;
	char out[256];

	check_token(" { \"a\" : [ 1 , \"x\\u0041\\ud83d\\ude00\\/\" , { } ,"
	    " [ ] ] , \"b\" : null , \"c\\u0000\\ud800\":\"\xff\x7f\\u001f\" } ",
	    "", 0, "{\"a\":[1,\"xA\xf0\x9f\x98\x80/\",{},[]],\"b\":null,"
	    "\"c" FFFD FFFD "\":\"" FFFD "\\u007f\\u001f\"}");
	check_token("{\"a\":{\"b\":[1,{\"c\":[]}]}}", "", 1,
	    "{\n \"a\": {\n  \"b\": [\n   1,\n   {\n    \"c\": []\n   }\n"
	    "  ]\n }\n}");
	check_token("{\"a\":{\"b\":[1,2.5e3,-0]}}", "a.b", 0, "[1,2.5e3,-0]");
	check_token("{\"a\":{\"b\":[1,{\"c\":[]}]}}", "a.b.1", 0,
	    "{\"c\":[]}");
	check_token("{\"a\":\"\\u2028\xe2\x80\xa9\"}", "a", 0,
	    "\"\\u2028\\u2029\"");
	check_token("{\"a\":1}", NULL, 0, "null");
	check_token("[[[[[]]]]]", "", 0, "[[[[[]]]]]");
	check_token("{\"\":{\"\":{}}}", "", 0, "{\"\":{\"\":{}}}");
	check_token("-1.5E+2", "", 0, "-1.5E+2");

	/* a subtree inside a document being written */
	p = "{\"k\":[true,{\"x\":\"y\"}]}";
	T_EQ_INT(json_parse(&js, p, strlen(p)), JSON_OK, "embed parse");
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_key(&w, "first");
	jw_int(&w, 1);
	jw_key(&w, "sub");
	jw_token(&w, &js, json_path(&js, 0, "k"));
	jw_key(&w, "missing");
	jw_token(&w, &js, json_path(&js, 0, "nope"));
	jw_end(&w);
	T_OK(jw_ok(&w), "embed ok");
	T_EQ_STR(out, "{\"first\":1,\"sub\":[true,{\"x\":\"y\"}],"
	    "\"missing\":null}", "embed");
	/* jw_token where no value may go: misuse */
	buf_init(&b, out, sizeof(out));
	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_token(&w, &js, 0);
	T_OK(!jw_ok(&w), "jw_token without key");
	json_free(&js);
}

/* Read path whole; returns malloc'd text (NUL-terminated) or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *p;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if ((p = malloc(BIG + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	n = fread(p, 1, BIG, f);
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

static void
test_alerts(void)
{
	struct dirent *de;
	struct json js, js2;
	struct buf b, b2;
	struct jw w;
	DIR *d;
	char path[512], *text, *out, *out2;
	size_t len, n, pos;
	int count = 0, line, col;

	if ((d = opendir(ALERT_DIR)) == NULL) {
		T_OK(0, "cannot open %s (run from the repository root)",
		    ALERT_DIR);
		return;
	}
	out = malloc(BIG);
	out2 = malloc(BIG);
	T_OK(out != NULL && out2 != NULL, "alloc");
	while (out != NULL && out2 != NULL && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", ALERT_DIR, de->d_name);
		if ((text = slurp(path, &len)) == NULL) {
			T_OK(0, "%s: read", path);
			continue;
		}
		count++;
		/* the files end with one \n, which the parser trims */
		T_OK(len > 0 && text[len - 1] == '\n', "%s: newline", path);
		if (json_parse_object(&js, text, len) != JSON_OK) {
			json_linecol(text, len, js.errpos, &line, &col);
			T_OK(0, "%s:%d:%d: parse", path, line, col);
			free(text);
			continue;
		}
		T_OK(json_path(&js, 0, "rule.level") > 0, "%s: rule.level",
		    path);
		T_OK(json_path(&js, 0, "rule.id") > 0, "%s: rule.id", path);

		/* compact: byte-identical to the cJSON/json.dumps original */
		buf_init(&b, out, BIG);
		jw_init(&w, &b, 0);
		jw_token(&w, &js, 0);
		T_OK(jw_ok(&w), "%s: jw_token", path);
		T_EQ_MEM(b.p, b.len, text, len - 1, path);
		T_EQ_INT(json_validate(b.p, b.len, &pos), JSON_OK, path);

		/* pretty, then compact again from the pretty text */
		buf_init(&b, out, BIG);
		jw_init(&w, &b, 2);
		jw_token(&w, &js, 0);
		T_OK(jw_ok(&w), "%s: pretty", path);
		T_EQ_INT(json_validate(b.p, b.len, &pos), JSON_OK, path);
		if (json_parse_object(&js2, b.p, b.len) == JSON_OK) {
			T_EQ_INT(js2.n, js.n, "pretty token count");
			buf_init(&b2, out2, BIG);
			jw_init(&w, &b2, 0);
			jw_token(&w, &js2, 0);
			T_EQ_MEM(b2.p, b2.len, text, len - 1, path);
			json_free(&js2);
		} else
			T_OK(0, "%s: pretty reparse", path);
		json_free(&js);
		free(text);
	}
	closedir(d);
	free(out);
	free(out2);
	T_OK(count >= 6, "only %d sample alerts", count);
}

static void
test_validate(void)
{
	static const struct {
		const char	*in;
		size_t		 len;
		int		 err;
		long		 errpos;
	} c[] = {
		{ "{\"a\":\"b\"}", 0, JSON_OK, 0 },
		{ "{\"a\":\"\\ud83d\\ude00\\u00e9\xc3\xa9\\n\"}", 0, JSON_OK,
		    0 },
		{ "[\"\\u0001\\u001f\\u007f\\u2028\"]", 0, JSON_OK, 0 },
		{ "{\"\\uDBFF\\uDFFF\":1}", 0, JSON_OK, 0 },
		/* everything parse rejects */
		{ "{\"a\":\"\x01\"}", 0, JSON_E_CTRL, 6 },
		{ "{\"a\":\"\t\"}", 0, JSON_E_CTRL, 6 },
		{ "{}{}", 0, JSON_E_TRAILING, 2 },
		{ "{\"a\":1} {\"b\":2}", 0, JSON_E_TRAILING, 8 },
		{ "{\"a\":1,}", 0, JSON_E_SYNTAX, 7 },
		{ "{\"a\":\0}", 7, JSON_E_NUL, 5 },
		{ "", 0, JSON_E_EMPTY, 0 },
		/* invalid UTF-8, inside and outside strings */
		{ "{\"a\":\"x\xff\"}", 0, JSON_E_SYNTAX, 7 },
		{ "{\"\xc3\":1}", 0, JSON_E_SYNTAX, 2 },
		{ "{\"a\":\"\xc0\xaf\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"\xed\xa0\x80\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"\xf4\x90\x80\x80\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"\xe2\x82\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\xff}", 0, JSON_E_SYNTAX, 5 },
		{ "\xff{}", 0, JSON_E_SYNTAX, 0 },
		/* surrogates and \u0000 */
		{ "{\"a\":\"\\ud800\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"xy\\udc00\"}", 0, JSON_E_SYNTAX, 8 },
		{ "{\"a\":\"\\ud800\\u0041\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"\\ud800\\ud800\\udc00\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"\\ud800x\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"a\":\"\\u0000\"}", 0, JSON_E_SYNTAX, 6 },
		{ "{\"\\u0000\":1}", 0, JSON_E_SYNTAX, 2 },
	};
	size_t i, len, pos;
	int r;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		len = c[i].len ? c[i].len : strlen(c[i].in);
		pos = 999;
		r = json_validate(c[i].in, len, &pos);
		T_OK(r == c[i].err, "validate #%zu \"%s\": %d, want %d", i,
		    c[i].in, r, c[i].err);
		T_OK(pos == (size_t)c[i].errpos,
		    "validate #%zu \"%s\": errpos %zu, want %ld", i, c[i].in,
		    pos, c[i].errpos);
	}
	T_EQ_INT(json_validate("[1]", 3, NULL), JSON_OK, "NULL errpos");
	T_EQ_INT(json_validate("[1", 2, NULL), JSON_E_TRUNCATED,
	    "NULL errpos, error");
}

int
main(void)
{
	test_parse_table();
	test_parse_tokens();
	test_limits();
	test_parse_object();
	test_strerror_linecol();
	test_skip();
	test_obj_get();
	test_path();
	test_get_str();
	test_get_int_bool();
	test_utf8();
	test_escape();
	test_writer();
	test_jw_token();
	test_alerts();
	test_validate();
	return t_done();
}
