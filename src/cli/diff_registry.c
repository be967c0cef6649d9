/* The registry side of a version diff, printed: text and the JSON
 * "registry" object (diff_print.h). */
#include "depvet/cli/diff_print.h"

#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"

static void put(struct strbuf *sb, const char *s)
{
    termsafe_append(sb, s ? s : "(none)", strlen(s ? s : "(none)"), 0);
}

static void flush(FILE *out, struct strbuf *sb)
{
    fprintf(out, "%s\n", strbuf_str(sb));
    strbuf_reset(sb);
}

static void text_deps(FILE *out, struct strbuf *sb, const struct pkgdiff_meta *m)
{
    if (!m->have_deps) {
        strbuf_puts(sb, "  dependencies: unknown (");
        put(sb, m->deps_note);
        strbuf_putc(sb, ')');
        flush(out, sb);
        return;
    }
    if (!m->n_deps)
        fprintf(out, "  dependencies: no change\n");
    for (size_t i = 0; i < m->n_deps; i++) {
        const struct pkgdiff_dep_change *c = &m->deps[i];
        strbuf_printf(sb, "  dependency %c ", c->op);
        put(sb, c->name);
        strbuf_putc(sb, ' ');
        if (c->op == '~') {
            put(sb, c->old_req);
            strbuf_puts(sb, " -> ");
        }
        put(sb, c->op == '-' ? c->old_req : c->new_req);
        if (c->optional)
            strbuf_puts(sb, " (optional)");
        flush(out, sb);
    }
}

static void text_people(FILE *out, struct strbuf *sb, const struct pkgdiff_meta *m)
{
    if (m->old_publisher || m->new_publisher) {
        strbuf_puts(sb, m->publisher_changed ? "  publisher CHANGED: " : "  publisher: ");
        put(sb, m->old_publisher);
        strbuf_puts(sb, " -> ");
        put(sb, m->new_publisher);
        flush(out, sb);
    }
    char date[32];
    for (size_t i = 0; i < m->n_owners; i++) {
        timeutil_format_date(m->owners[i].when, "?", date, sizeof(date));
        strbuf_printf(sb, "  owner %s %s ", m->owners[i].added ? "added" : "removed", date);
        put(sb, m->owners[i].name ? m->owners[i].name : m->owners[i].email);
        flush(out, sb);
    }
    if (!m->n_owners)
        fprintf(out, "  owners: %s\n", m->owners_known ? "no change in between"
                                                       : "no history (it starts at the first refresh)");
    for (size_t i = 0; i < m->n_scripts; i++) {
        strbuf_printf(sb, "  %s%s: ", m->scripts[i].new_value ? "INSTALL-TIME " : "",
                      m->scripts[i].what);
        put(sb, m->scripts[i].old_value);
        strbuf_puts(sb, " -> ");
        put(sb, m->scripts[i].new_value);
        flush(out, sb);
    }
}

static void text_advisories(FILE *out, struct strbuf *sb, const char *label,
                            const struct pkgdiff_advisory *v, size_t n)
{
    if (!n)
        fprintf(out, "  %s: none\n", label);
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(sb, "  %s: ", label);
        put(sb, v[i].id);
        if (v[i].severity)
            strbuf_printf(sb, " (%s)", v[i].severity);
        if (v[i].summary) {
            strbuf_puts(sb, " ");
            put(sb, v[i].summary);
        }
        flush(out, sb);
    }
}

static void text_cooldown(FILE *out, const struct pkgdiff_meta *m, const char *to)
{
    char date[32];
    timeutil_format_date(m->to_published, "an unknown date", date, sizeof(date));
    if (!m->min_release_age)
        fprintf(out, "  cooldown: none set (%s published %s)\n", to, date);
    else
        fprintf(out, "  cooldown: %s published %s is %s the policy's %lld-day cooldown\n", to,
                date, m->to_cooling ? "INSIDE" : "out of",
                (long long)(m->min_release_age / 86400));
}

void diff_print_registry_text(FILE *out, const struct diff_heading *h)
{
    const struct pkgdiff_meta *m = h->meta;
    if (!m)
        return;
    struct strbuf sb = STRBUF_INIT;
    fprintf(out, "registry records:\n");
    text_deps(out, &sb, m);
    text_people(out, &sb, m);
    if (m->have_advisories) {
        text_advisories(out, &sb, "advisories fixed", m->fixed, m->n_fixed);
        text_advisories(out, &sb, "advisories introduced", m->introduced, m->n_introduced);
    }
    strbuf_fini(&sb);
    text_cooldown(out, m, h->to ? h->to : "the later release");
}

static void json_advisories(struct strbuf *sb, const char *key, const struct pkgdiff_advisory *v,
                            size_t n, bool known)
{
    strbuf_printf(sb, ",\"%s\":", key);
    if (!known) {
        strbuf_puts(sb, "null");
        return;
    }
    strbuf_putc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(sb, i ? ",{" : "{");
        json_put_member(sb, "id", v[i].id, false);
        json_put_member(sb, "severity", v[i].severity, true);
        json_put_member(sb, "summary", v[i].summary, true);
        json_put_member(sb, "fixed_in", v[i].fixed_in, true);
        strbuf_putc(sb, '}');
    }
    strbuf_putc(sb, ']');
}

static void json_deps(struct strbuf *sb, const struct pkgdiff_meta *m)
{
    strbuf_puts(sb, "\"dependencies\":");
    if (!m->have_deps) {
        strbuf_puts(sb, "null");
        json_put_member(sb, "dependencies_note", m->deps_note, true);
        return;
    }
    strbuf_putc(sb, '[');
    for (size_t i = 0; i < m->n_deps; i++) {
        const struct pkgdiff_dep_change *c = &m->deps[i];
        strbuf_printf(sb, "%s{\"change\":\"%s\"", i ? "," : "",
                      c->op == '+' ? "added" : c->op == '-' ? "removed" : "changed");
        json_put_member(sb, "name", c->name, true);
        json_put_member(sb, "old", c->old_req, true);
        json_put_member(sb, "new", c->new_req, true);
        strbuf_printf(sb, ",\"optional\":%s}", c->optional ? "true" : "false");
    }
    strbuf_putc(sb, ']');
}

void diff_print_registry_json(struct strbuf *sb, const struct diff_heading *h)
{
    const struct pkgdiff_meta *m = h->meta;
    strbuf_puts(sb, ",\"registry\":");
    if (!m) {
        strbuf_puts(sb, "null");
        return;
    }
    strbuf_putc(sb, '{');
    json_deps(sb, m);
    json_put_member(sb, "old_publisher", m->old_publisher, true);
    json_put_member(sb, "new_publisher", m->new_publisher, true);
    strbuf_printf(sb, ",\"publisher_changed\":%s,\"owner_changes\":[",
                  m->publisher_changed ? "true" : "false");
    for (size_t i = 0; i < m->n_owners; i++) {
        strbuf_printf(sb, "%s{\"added\":%s,\"when\":%lld", i ? "," : "",
                      m->owners[i].added ? "true" : "false", (long long)m->owners[i].when);
        json_put_member(sb, "name", m->owners[i].name ? m->owners[i].name : m->owners[i].email,
                        true);
        strbuf_putc(sb, '}');
    }
    strbuf_puts(sb, "],\"install_changes\":[");
    for (size_t i = 0; i < m->n_scripts; i++) {
        strbuf_puts(sb, i ? ",{" : "{");
        json_put_member(sb, "what", m->scripts[i].what, false);
        json_put_member(sb, "old", m->scripts[i].old_value, true);
        json_put_member(sb, "new", m->scripts[i].new_value, true);
        strbuf_putc(sb, '}');
    }
    strbuf_putc(sb, ']');
    json_advisories(sb, "advisories_fixed", m->fixed, m->n_fixed, m->have_advisories);
    json_advisories(sb, "advisories_introduced", m->introduced, m->n_introduced,
                    m->have_advisories);
    strbuf_printf(sb, ",\"to_published\":%lld,\"min_release_age\":%lld,\"in_cooldown\":%s}",
                  (long long)m->to_published, (long long)m->min_release_age,
                  m->to_cooling ? "true" : "false");
}
