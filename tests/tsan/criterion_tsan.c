/* Lets Criterion's runner start under ThreadSanitizer (linked into the
 * TSan unit binary only).
 *
 * Criterion's sandbox library (BoxFort) places its shared arena at a
 * random address 0x2000'0000'0000 + r * 16 MiB, r = rand_r() & 0x3fffff,
 * and gives up after a few addresses that are taken.  ThreadSanitizer
 * reserves nearly all of that range for its shadow memory, so the runner
 * aborts ("Could not initialize inheritable arena", Criterion issue 274).
 * The only application memory TSan leaves there is its "mid app" range,
 * 0x5500'0000'0000 to 0x5680'0000'0000, where Linux also loads PIE
 * programs: from 0x5555'5555'4000 on, so the 340 GiB below that are free.
 *
 * This rand_r hands BoxFort, and only BoxFort (called from libcriterion),
 * offsets into those 340 GiB; every other caller gets the C library's.
 * Nothing of depvet's is hidden from TSan: only Criterion's address
 * choice changes. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BASE 0x200000000000ull   /* BoxFort's mmap_base */
#define ARENA_STEP (1ull << 24)        /* BoxFort's mmap_off */
#define FREE_LO    0x550000000000ull   /* TSan's mid app range starts */
#define FREE_HI    0x555500000000ull   /* the kernel's PIE base */
#define SLOTS      ((FREE_HI - FREE_LO) / ARENA_STEP)

static bool called_from_criterion(const void *caller)
{
    Dl_info info;
    return dladdr(caller, &info) && info.dli_fname &&
           strstr(info.dli_fname, "libcriterion") != NULL;
}

int rand_r(unsigned *seed)
{
    if (called_from_criterion(__builtin_return_address(0))) {
        /* Spread the arenas of one run 1 GiB apart; each holds at least
         * 128 KiB and grows in place. */
        static unsigned next;
        unsigned long long k = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
        return (int)((FREE_LO - ARENA_BASE) / ARENA_STEP + (k * 64) % SLOTS);
    }
    void *sym = dlsym(RTLD_NEXT, "rand_r");
    int (*libc_rand_r)(unsigned *);
    memcpy(&libc_rand_r, &sym, sizeof(sym));   /* POSIX: a function's address */
    return libc_rand_r ? libc_rand_r(seed) : 0;
}
