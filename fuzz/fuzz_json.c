/* fuzz_json: parse, walk every token, re-emit compact and pretty, validate, re-parse: same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

static char out1[1 << 20], out2[1 << 20];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json js, js2;
	struct buf b, b2;
	struct jw w;
	char tmp[64];
	int i, r, line, col;
	long long v;
	size_t pos;

	r = json_parse(&js, (const char *)data, size);
	json_linecol((const char *)data, size, js.errpos, &line, &col);
	if (r != JSON_OK) {
		if (js.t != NULL || js.n != 0) abort();
		if (js.errpos > size) abort();
		return 0;
	}
	if (json_skip(&js, 0) != js.n) abort();
	for (i = 0; i < js.n; i++) {
		buf_init(&b, tmp, sizeof(tmp));
		json_get_text(&js, i, &b);
		json_get_int(&js, i, -100, 100, &v);
		json_str_eq(&js, i, "abc");
		json_obj_get(&js, i, "a");
		json_arr_get(&js, i, 1);
		json_skip(&js, i);
	}
	json_path(&js, 0, "a.0.b");
	json_path(&js, 0, "1.a");
	for (i = 0; i < 2; i++) {
		buf_init(&b, out1, sizeof(out1));
		jw_init(&w, &b, i);
		jw_token(&w, &js, 0);
		if (!jw_ok(&w)) abort();
		if (json_validate(b.p, b.len, &pos) != JSON_OK) abort();
		if (json_parse(&js2, b.p, b.len) != JSON_OK) abort();
		if (js2.n != js.n) abort();
		buf_init(&b2, out2, sizeof(out2));
		jw_init(&w, &b2, i);
		jw_token(&w, &js2, 0);
		if (b2.len != b.len || memcmp(b.p, b2.p, b.len) != 0) abort();
		json_free(&js2);
	}
	/* validate agrees with parse on acceptance (it may reject more) */
	r = json_validate((const char *)data, size, &pos);
	if (r != JSON_OK && r != JSON_E_SYNTAX) abort();
	json_free(&js);
	return 0;
}
