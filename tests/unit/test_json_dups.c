/* Duplicate JSON members are read as JSON.parse and Python's json read them
 * (the first one's place, the last one's value); "\u0000" in a member name
 * is refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"

static cJSON *parse(const char *text)
{
    struct diag d;
    diag_clear(&d);
    cJSON *j = json_parse(text, strlen(text), "t.json", &d);
    cr_assert_not_null(j, "%s: %u:%u %s", text, d.line, d.col, d.msg);
    return j;
}

/* Members in order, "k=v" joined by spaces (numbers only). */
static void members(const cJSON *obj, char *out, size_t cap)
{
    out[0] = '\0';
    const cJSON *c;
    cJSON_ArrayForEach(c, obj) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s=%d", n ? " " : "", c->string, c->valueint);
    }
}

Test(json_dups, last_value_in_the_first_place)
{
    static const struct { const char *text, *want; } cases[] = {
        {"{\"a\":1,\"b\":2,\"a\":3}", "a=3 b=2"},
        {"{\"a\":1,\"a\":2,\"a\":3}", "a=3"},
        {"{\"a\":1,\"b\":2,\"b\":4,\"a\":3,\"c\":5}", "a=3 b=4 c=5"},
        {"{\"a\":1,\"\\u0061\":2}", "a=2"},       /* the same name, escaped */
        {"{\"a\":1,\"A\":2}", "a=1 A=2"},         /* names are case-sensitive */
        {"{\"a\":1,\"b\":2}", "a=1 b=2"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        cJSON *j = parse(cases[i].text);
        char got[128];
        members(j, got, sizeof(got));
        cr_expect_str_eq(got, cases[i].want, "%s", cases[i].text);
        cJSON_Delete(j);
    }
}

Test(json_dups, nested_and_large_objects)
{
    cJSON *j = parse("{\"x\":[{\"k\":1,\"k\":2}],\"y\":{\"v\":\"4.17.20\",\"v\":\"4.17.21\"},"
                     "\"x\":[{\"k\":3,\"k\":4}]}");
    cr_assert_eq(cJSON_GetArraySize(j), 2);
    const cJSON *x = cJSON_GetArrayItem(json_arr(j, "x"), 0);
    cr_assert_eq(cJSON_GetArraySize(x), 1);
    cr_assert_eq(json_num(x, "k", 0), 4);
    cr_assert_str_eq(json_str(json_obj(j, "y"), "v"), "4.17.21");
    cJSON_Delete(j);
    /* Past the pairwise size: the hash set finds the repeat at the end. */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{");
    for (int i = 0; i < 500; i++)
        strbuf_printf(&sb, "\"k%d\":%d,", i, i);
    strbuf_puts(&sb, "\"k7\":1000}");
    j = parse(strbuf_str(&sb));
    cr_assert_eq(cJSON_GetArraySize(j), 500);
    cr_assert_eq(cJSON_GetArrayItem(j, 7)->valueint, 1000);
    cr_assert_eq(json_num(j, "k7", 0), 1000);
    cJSON_Delete(j);
    strbuf_fini(&sb);
}

Test(json_dups, positions_of_both_occurrences)
{
    const char *text = "{\n  \"packages\": {\n    \"node_modules/a/b\": {\n"
                       "      \"version\": \"1.0.0\",\n      \"version\" : \"2.0.0\"\n    }\n  },\n"
                       "  \"x\": 1, \"x\": 2\n}\n";
    struct diag d;
    diag_clear(&d);
    bool maybe;
    cJSON *j = json_parse_all(text, strlen(text), "t", &maybe, &d);
    cr_assert_not_null(j, "%s", d.msg);
    cr_assert(maybe);
    const cJSON *e = json_obj(json_obj(j, "packages"), "node_modules/a/b");
    cr_assert_str_eq(json_str(e, "version"), "1.0.0", "json_parse_all keeps duplicates");
    struct json_dups dups;
    json_merge_dups(j, text, strlen(text), &dups);
    cr_assert_eq(dups.total, 2);
    cr_assert_eq(dups.len, 2);
    cr_assert_str_eq(dups.items[0].ptr, "/packages/node_modules~1a~1b/version");
    cr_assert_eq(dups.items[0].line, 4);
    cr_assert_eq(dups.items[0].col, 7);
    cr_assert_eq(dups.items[0].again_line, 5);
    cr_assert_eq(dups.items[0].again_col, 7);
    cr_assert_str_eq(dups.items[1].ptr, "/x");
    cr_assert_eq(dups.items[1].line, 8);
    cr_assert_eq(dups.items[1].col, 3);
    cr_assert_eq(dups.items[1].again_col, 11);
    cr_assert_str_eq(json_str(json_obj(json_obj(j, "packages"), "node_modules/a/b"), "version"),
                     "2.0.0");
    cr_assert_eq(json_num(j, "x", 0), 2);
    cJSON_Delete(j);
}

Test(json_dups, many_are_counted_a_few_kept)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "[");
    for (int i = 0; i < 40; i++)
        strbuf_printf(&sb, "%s{\"a\":1,\"a\":2}", i ? "," : "");
    strbuf_puts(&sb, "]");
    struct diag d;
    diag_clear(&d);
    bool maybe;
    cJSON *j = json_parse_all(sb.buf, sb.len, "t", &maybe, &d);
    cr_assert_not_null(j);
    cr_assert(maybe);
    struct json_dups dups;
    json_merge_dups(j, sb.buf, sb.len, &dups);
    cr_assert_eq(dups.total, 40);
    cr_assert_eq(dups.len, JSON_DUPS_KEEP);
    cr_assert_str_eq(dups.items[3].ptr, "/3/a");
    cr_assert_eq(dups.items[3].col, 2 + 3 * 14 + 1);
    cJSON_Delete(j);
    strbuf_fini(&sb);
}

/* cJSON ends a string at U+0000: "version\u0000x" would read as
 * "version" and could stand in for it. */
Test(json_dups, nul_in_a_member_name_is_refused)
{
    static const struct { const char *text; unsigned line, col; } bad[] = {
        {"{\"version\\u0000x\": \"9.9.9\"}", 1, 10},
        {"{\n  \"a\": {\"b\\u0000\" : 1}\n}", 2, 11},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct diag d;
        diag_clear(&d);
        cr_assert_null(json_parse(bad[i].text, strlen(bad[i].text), "t.json", &d), "case %zu", i);
        cr_expect_eq(d.line, bad[i].line, "case %zu: %u:%u", i, d.line, d.col);
        cr_expect_eq(d.col, bad[i].col, "case %zu: %u:%u", i, d.line, d.col);
        cr_expect(strstr(d.msg, "\\u0000 in a member name"), "%s", d.msg);
    }
    /* In a value, or an escaped backslash before "u0000": not a name cut. */
    cJSON *j = parse("{\"a\": \"x\\u0000y\", \"b\\\\u0000\": 1}");
    cr_assert_eq(json_num(j, "b\\u0000", 0), 1);
    cJSON_Delete(j);
    cr_assert_null(json_nul_escape("\"\\\\u0000\"", 9, false));
    cr_assert_not_null(json_nul_escape("\"\\\\\\u0000\"", 10, false));
}

/* The pass over the text says "maybe" for every repeat (and for escaped
 * names, whose bytes may differ), never for distinct plain names. */
Test(json_dups, text_scan_filter)
{
    static const struct { const char *text; bool maybe; } cases[] = {
        {"{\"a\":1,\"b\":{\"a\":2},\"c\":[{\"a\":3},{\"a\":4}]}", false},
        {"{\"a\":1,\"b\":{\"x\":2,\"x\":3}}", true},
        {"{\"a\":1,\"\\u0062\":2}", true},
        {"[\"a\",\"a\",{\"a\":\"a\"}]", false},
        {"{\"k\" : 1, \"k\"\n:2}", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct diag d;
        diag_clear(&d);
        bool maybe = !cases[i].maybe;
        cJSON *j = json_parse_all(cases[i].text, strlen(cases[i].text), "t", &maybe, &d);
        cr_assert_not_null(j, "case %zu: %s", i, d.msg);
        cr_expect_eq(maybe, cases[i].maybe, "case %zu", i);
        cJSON_Delete(j);
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{");
    for (int i = 0; i < 3000; i++)
        strbuf_printf(&sb, "%s\"node_modules/p%d\":{\"version\":\"1.0.%d\"}", i ? "," : "", i, i);
    strbuf_puts(&sb, "}");
    struct diag d;
    diag_clear(&d);
    bool maybe = true;
    cJSON *j = json_parse_all(sb.buf, sb.len, "t", &maybe, &d);
    cr_assert_not_null(j);
    cr_assert_not(maybe, "3000 distinct names");
    cJSON_Delete(j);
    strbuf_fini(&sb);
}
