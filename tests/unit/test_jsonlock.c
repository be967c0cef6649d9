/* jsonlock: container lines, JSON pointers, typed getters, sniff helpers. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/lock/jsonlock.h"

Test(jsonlock, stamps_lines_past_tricky_strings)
{
    const char *text =
        "{\n"
        "  \"a\": \"x{[\\\"]}\\\\\",\n"
        "  \"b\": {\n"
        "    \"c\": [1, {\"d\": []}],\n"
        "    \"e\\\"{\": {}\n"
        "  },\n"
        "  \"f\": \"\\\\\"\n"
        ", \"g\": {}}\n";
    struct diag d;
    diag_clear(&d);
    cJSON *doc = json_parse(text, strlen(text), "t", &d);
    cr_assert_not_null(doc, "%s", d.msg);
    jsonlock_stamp(doc, text, strlen(text));
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(doc, "b");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(b, "c");
    cr_expect_eq(jsonlock_line(b), 3);
    cr_expect_eq(jsonlock_line(c), 4);
    cr_expect_eq(jsonlock_line(cJSON_GetArrayItem(c, 1)), 4);
    cr_expect_eq(jsonlock_line(cJSON_GetObjectItemCaseSensitive(b, "e\"{")), 5);
    cr_expect_eq(jsonlock_line(cJSON_GetObjectItemCaseSensitive(doc, "g")), 8);
    cr_expect_eq(jsonlock_line(cJSON_GetObjectItemCaseSensitive(doc, "a")), 0,
                 "strings carry no line");
    cr_expect_eq(jsonlock_line(NULL), 0);
    cJSON_Delete(doc);
}

Test(jsonlock, pointers_escape_and_truncate)
{
    char ptr[24] = "/packages";
    jsonlock_pointer_add(ptr, sizeof(ptr), "a/~b");
    cr_expect_str_eq(ptr, "/packages/a~1~0b");
    jsonlock_pointer_add(ptr, sizeof(ptr), "overflowing/key");
    cr_expect_eq(strlen(ptr), sizeof(ptr) - 1);
    char empty[8] = "";
    jsonlock_pointer_add(empty, sizeof(empty), "");
    cr_expect_str_eq(empty, "/");
}

Test(jsonlock, typed_getters_report_the_pointer)
{
    struct diag d;
    diag_clear(&d);
    cJSON *doc = cJSON_Parse("{\"s\": \"x\", \"n\": 1, \"b\": true, \"z\": null, \"o\": {}}");
    struct jsonlock_at at = { "f.json", "/top", 7, &d };
    cr_expect_str_eq(jsonlock_str(&at, doc, "s"), "x");
    cr_expect(jsonlock_bool(&at, doc, "b"));
    cr_expect_null(jsonlock_str(&at, doc, "z"));
    cr_expect_null(jsonlock_obj(&at, doc, "missing"));
    cr_expect_not(diag_failed(&d));
    cr_expect_null(jsonlock_arr(&at, doc, "o"));
    cr_expect(diag_failed(&d));
    cr_expect_str_eq(d.pointer, "/top/o");
    cr_expect_eq(d.line, 7);
    cr_expect_str_eq(d.msg, "expected an array");
    jsonlock_str(&at, doc, "n");
    cr_expect_str_eq(d.pointer, "/top/o", "the first error wins");
    cJSON_Delete(doc);
}

Test(jsonlock, sniff_helpers)
{
    cr_expect(jsonlock_is_object(" \n{", 3));
    cr_expect(jsonlock_is_object("\xEF\xBB\xBF{}", 5));
    cr_expect_not(jsonlock_is_object("[{}]", 4));
    cr_expect_not(jsonlock_is_object("", 0));
    cr_expect(jsonlock_blank(" \t\r\n", 4));
    cr_expect(jsonlock_blank("", 0));
    cr_expect_not(jsonlock_blank(" x", 2));
    cr_expect(jsonlock_head_has("abc\"key\"", 8, "\"key\""));
    cr_expect_not(jsonlock_head_has("abc\"ke", 6, "\"key\""));
    cr_expect_not(jsonlock_head_has("ab", 2, "abc"));
}
