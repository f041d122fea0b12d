#ifndef CGIT2_SHIM_H
#define CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one named wrapper per option Vigil sets. */
static inline int cgit2_enable_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}
/* How much of pack files libgit2 maps at once: windows of `window` bytes, at most `limit` mapped. */
static inline int cgit2_limit_pack_windows(size_t window, size_t limit) {
    int failed = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return failed ? failed : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}
/* How many bytes of parsed objects (trees, commits) libgit2 keeps cached for reuse. */
static inline int cgit2_limit_object_cache(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/* A custom object backend and the Swift object serving it: libgit2 hands callbacks the backend
   pointer, and `parent` first makes it this struct's address too. */
typedef struct {
    git_odb_backend parent;
    void *owner;
} cgit2_owned_backend;
#endif
