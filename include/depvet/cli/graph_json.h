/* The dependency graph as JSON (schema "depvet.graph/1", see depvet(1)). */
#ifndef DEPVET_CLI_GRAPH_JSON_H
#define DEPVET_CLI_GRAPH_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "depvet/lock/graph.h"

/* Writes g to out; dev nodes and edges touching them are left out when
 * no_dev.  False on a write error. */
bool graph_json_print(FILE *out, const struct dep_graph *g, bool no_dev);

#endif
