/* Private to src/net: which local file a file:// URL with a query reads. */
#ifndef DEPVET_NET_FILEURL_H
#define DEPVET_NET_FILEURL_H

/* For "file://[localhost]/dir/name?query": the file:// URL (heap, caller
 * frees) of the file "/dir/name?query" (the query exactly as written in the
 * URL, a '/' in it written "%2F") when that file exists, or when "/dir/name"
 * is not a regular file (so the read fails naming the page it missed);
 * otherwise NULL, and the URL is read as curl reads it, query ignored.
 * Recorded snapshots keep one answer per page or search this way. */
char *fileurl_with_query(const char *url);

#endif
