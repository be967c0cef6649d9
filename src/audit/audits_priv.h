/* What audits.c shares with the other tables of the reviews file
 * (audit_tables.c): text checks, dates, quoting, and the tables' storage. */
#ifndef DEPVET_AUDIT_AUDITS_PRIV_H
#define DEPVET_AUDIT_AUDITS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/audit/audits.h"
#include "depvet/core/diag.h"
#include "depvet/core/strbuf.h"
#include "depvet/lock/toml.h"

/* NULL when s is acceptable text for a field, else why not. */
const char *audits_text_problem(const char *s, size_t max, bool one_line);
/* A real "YYYY-MM-DD" date. */
bool audits_date_ok(const char *s);
/* s as a TOML basic string, invisible characters escaped. */
void audits_put_string(struct strbuf *sb, const char *s);
/* Key i of a TOML table; "" for a key holding a NUL. */
const char *audits_key_at(const struct toml_value *t, size_t i, const struct toml_value **v);

/* The [[exemption]], [[trusted]] and [[ack]] tables (audit_tables.c). */
struct audit_tables;
struct audit_tables *audit_tables_new(void);
struct audit_tables *audits_tables_of(const struct audits *set);
void audit_tables_free(struct audit_tables *t);
/* True when key names one of these tables; then reads its array into t
 * (false with d set at the offending value). */
bool audit_tables_is_key(const char *key);
bool audit_tables_read(struct audit_tables *t, const char *key, const struct toml_value *v,
                       const char *where, struct diag *d);
/* Sorts what was read; different entries with one key are an error. */
bool audit_tables_settle(struct audit_tables *t, const char *where, struct diag *d);
void audit_tables_serialize(const struct audit_tables *t, struct strbuf *sb);

#endif
