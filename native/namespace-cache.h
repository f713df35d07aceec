/*
 * Reusable mount namespaces for argosy-spawner (see namespace-cache.c).
 */
#ifndef ARGOSY_NAMESPACE_CACHE_H
#define ARGOSY_NAMESPACE_CACHE_H

#include <stddef.h>

/* A cached namespace a step can enter with setns(2). user is -1 when there is no user namespace. */
typedef struct {
  int mnt, user;
} ns_handle_t;

/*
 * Builds the view in the calling process (a fresh child): unshare, mounts. Returns 0, or -1 with a
 * message in err. The same code a step runs when it sets up its own namespace.
 */
typedef int (*ns_setup_fn)(const void *ctx, char *err, size_t errlen);

/*
 * The namespace for `key` (the view's mounts, naming each source by device and inode), made by a
 * short-lived holder process on a miss; `userns` when the view includes a user namespace. Returns 0 and fills *out, or -1 when none could be made
 * (the step then builds its own, and reports whatever went wrong).
 */
int ns_cache_get(const char *key, size_t keylen, int userns, ns_setup_fn setup, const void *ctx,
                 ns_handle_t *out);

#endif
