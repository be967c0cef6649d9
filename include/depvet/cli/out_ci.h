/* `depvet check --format github` and `--format markdown`: what a CI job
 * shows.  github prints one workflow command per finding
 * ("::error file=F,line=N,title=T::MESSAGE") that GitHub Actions turns into
 * an annotation on the pin's lockfile line; markdown prints a summary for
 * a pull-request comment or $GITHUB_STEP_SUMMARY.  Untrusted text goes
 * through termsafe and then the format's own escaping, so a package name
 * can neither start another workflow command nor become markup, a link, a
 * mention or HTML. */
#ifndef DEPVET_CLI_OUT_CI_H
#define DEPVET_CLI_OUT_CI_H

#include <stdbool.h>
#include <stdio.h>

#include "depvet/cli/out_sarif.h"
#include "depvet/core/strbuf.h"

bool out_github_check(FILE *out, const struct out_check *r);
bool out_markdown_check(FILE *out, const struct out_check *r);

/* The escapings, for tests: a workflow command's message (% CR LF) and
 * property value (also : and ,), and Markdown text (ASCII punctuation that
 * Markdown, HTML or GitHub's autolinks and mentions read, as &#N;).  Each
 * runs termsafe first. */
void out_github_data(struct strbuf *out, const char *s);
void out_github_property(struct strbuf *out, const char *s);
void out_markdown_text(struct strbuf *out, const char *s);

#endif
