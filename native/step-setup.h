/*
 * What argosy-spawner and the step's side of it (step-setup.c) share: a spawn request as parsed,
 * and the calls the step makes between fork and exec.
 */
#ifndef ARGOSY_STEP_SETUP_H
#define ARGOSY_STEP_SETUP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "namespace-cache.h"

#define STATUS_MAX 4096
/* The pod's pid file is written in place at this size (src/runtime/host/orphans.ts). */
#define PID_FILE_SIZE 256

enum { F_ISOLATE = 1, F_USERNS = 2, F_REUSE = 4 };
enum { M_BIND = 1, M_RBIND = 2, M_OVERLAY = 3 };

typedef struct {
  uint8_t kind, mkdir;
  char *source, *target, *data;
} mount_t;

typedef struct {
  uint32_t flags;
  char *home, *workdir, *pidfile, *pidtail;
  char *resolved; /* argv[0] found on the step's PATH by the spawner (see resolve_command), or NULL */
  char **argv, **env;
  mount_t *mounts;
  uint32_t nmounts;
  int has_nul;
  ns_handle_t ns; /* a namespace to enter (ns.mnt >= 0) instead of making one */
} request_t;

typedef struct {
  const request_t *q;
  uid_t uid;
  gid_t gid;
} view_t;

/* The spawner's signal mask before it blocked SIGCHLD: each step gets it back. */
extern sigset_t oldmask;

/*
 * The step's side, after fork or vfork: sets up stdio, its pid file and its view, then execs; on
 * failure reports on `st` and exits. Never returns.
 */
void child(const request_t *q, int out, int err, int st, uid_t uid, gid_t gid);

/* Builds the view (ctx: a view_t) in the calling process; 0, or -1 with the reason in err. */
int setup_view(const void *ctx, char *err, size_t errlen);

/* The key of a reusable view for namespace-cache.c, or NULL when it is not to be reused. */
char *view_key(const request_t *q, size_t *len);

#endif
