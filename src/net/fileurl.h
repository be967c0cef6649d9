/* Private to src/net: which local file a file:// URL with a query reads. */
#ifndef DEPVET_NET_FILEURL_H
#define DEPVET_NET_FILEURL_H

/* The file a folder's own answer is recorded in. */
#define FILEURL_FOLDER_FILE "index.json"

/* How a recorded snapshot keeps answers whose URLs clash as paths, for
 * "file://[localhost]/dir/name?query": the file "/dir/name?query" (the
 * query exactly as the URL writes it, a '/' in it written "%2F") when it
 * exists; else, when "/dir/name" is a folder, the file FILEURL_FOLDER_FILE
 * in it (missing or not: the read then fails naming the URL asked).  The
 * file:// URL to read instead (heap, caller frees), or NULL: read the URL
 * as curl does (query ignored). */
char *fileurl_resolve(const char *url);

#endif
