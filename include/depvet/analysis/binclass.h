/* What a file's bytes are: a native binary (ELF, Mach-O, PE), compiled
 * bytecode (.beam, .pyc), other binary data, or text.  The scanner reads
 * text and reports binaries by class instead. */
#ifndef DEPVET_ANALYSIS_BINCLASS_H
#define DEPVET_ANALYSIS_BINCLASS_H

#include <stdbool.h>
#include <stddef.h>

enum binclass {
    BINCLASS_TEXT,
    BINCLASS_ELF_EXEC,     /* ET_EXEC, or ET_DYN with an interpreter (PIE) */
    BINCLASS_ELF_SHARED,   /* ET_DYN without an interpreter: a .so / NIF */
    BINCLASS_ELF_OTHER,    /* relocatable object, core dump */
    BINCLASS_MACHO,        /* thin or fat */
    BINCLASS_PE,           /* MZ with a PE header: .exe, .dll */
    BINCLASS_BEAM,         /* FOR1....BEAM */
    BINCLASS_PYC,          /* a known CPython magic number */
    BINCLASS_BINARY,       /* anything else that is not text */
    BINCLASS_COUNT
};

/* Classifies len bytes.  Text tolerates a few stray NUL or invalid UTF-8
 * bytes (under 1% NUL, 10% bad bytes in all), so one planted NUL cannot hide
 * source code from the scanner. */
enum binclass binclass_of(const void *data, size_t len);
/* "text", "elf-exec", "elf-shared", ... */
const char *binclass_name(enum binclass c);
/* Native machine code (ELF, Mach-O, PE). */
bool binclass_is_native(enum binclass c);

#endif
