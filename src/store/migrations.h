/* Private to src/store: the numbered schema migrations. */
#ifndef DEPVET_STORE_MIGRATIONS_H
#define DEPVET_STORE_MIGRATIONS_H

unsigned migrations_count(void);
/* SQL of migration n (1-based), or NULL. */
const char *migrations_sql(unsigned n);

#endif
