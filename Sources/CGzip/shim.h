#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a macro over inflateInit2_; Swift cannot import function-like macros. */
static inline int cz_inflate_init_gzip(z_streamp stream) { return inflateInit2(stream, 15 + 32); }
/* inflateInit too: one zlib stream (a git object in a pack). */
static inline int cz_inflate_init(z_streamp stream) { return inflateInit(stream); }
/* deflateInit is a macro over deflateInit_ too: a zlib stream (git's object format) at `level`. */
static inline int cz_deflate_init(z_streamp stream, int level) { return deflateInit(stream, level); }
/* Raw deflate (no zlib header or checksum), 15-bit window: the index's records, each against a dictionary.
   A hash of 2^11 heads (memLevel 4) is plenty for a record and its dictionary, and is cleared at every reset. */
static inline int cz_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 4, Z_DEFAULT_STRATEGY);
}
static inline int cz_inflate_init_raw(z_streamp stream) { return inflateInit2(stream, -15); }
#endif
