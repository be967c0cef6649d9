/* out_ci: the escapings of GitHub workflow commands and Markdown, on the
 * characters that would end a command, start another, or become markup. */
#include <criterion/criterion.h>

#include "depvet/cli/out_ci.h"

static void check(void (*fn)(struct strbuf *, const char *), const char *in, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    fn(&sb, in);
    cr_assert_str_eq(strbuf_str(&sb), want, "%s", in);
    strbuf_fini(&sb);
}

Test(out_ci, github_data)
{
    /* As actions/toolkit's escapeData: % first, then CR and LF. */
    check(out_github_data, "100% done", "100%25 done");
    check(out_github_data, "a:b,c", "a:b,c");
    check(out_github_data, "%0A::error::x", "%250A::error::x");
    /* termsafe runs first: a raw newline or ESC is shown, not sent. */
    check(out_github_data, "x\n::error::y\r\x1b[31m", "x\\x0a::error::y\\x0d\\x1b[31m");
}

Test(out_ci, github_property)
{
    check(out_github_property, "a,b:c/package-lock.json", "a%2Cb%3Ac/package-lock.json");
    check(out_github_property, "50%", "50%25");
    check(out_github_property, "t\u202e", "t<U+202E>");
}

Test(out_ci, markdown)
{
    check(out_markdown_text, "db_connection 1.2.3", "db&#95;connection 1.2.3");
    check(out_markdown_text, "<img src=x>|@all [a](b) `c` #1 :+1: $x$ &amp; *e* ~s~ \\",
          "&#60;img src=x&#62;&#124;&#64;all &#91;a&#93;(b) &#96;c&#96; &#35;1 &#58;+1&#58; "
          "&#36;x&#36; &#38;amp; &#42;e&#42; &#126;s&#126; &#92;&#92;");
    check(out_markdown_text, "line\nbreak", "line&#92;x0abreak");
}
