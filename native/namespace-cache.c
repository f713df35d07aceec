/*
 * Reusable mount namespaces for argosy-spawner.
 *
 * A step in a private mount namespace used to unshare(2) one, make it private and bind its pod's
 * /tmp and /argo, and tear it all down again when it exited. Measured on the development VM (2
 * cores, 2,000 `true` steps): ~0.12 ms more CPU per step than entering an existing namespace with
 * setns(2), the kernel's RCU work for every namespace torn down on top, and slower path lookups in
 * every other process while mount tables churn.
 *
 * So a view's namespace is made once and entered by every later step with the same view. The key
 * names each bind source by device and inode, which the namespace pins (a mounted directory cannot
 * be freed, so its inode number cannot come to name another directory while the entry lives). The
 * host runtime hands a finished pod's scratch directory to a later pod (scratch-pool.ts): same
 * inodes, so the same key, whatever the directory is called by then.
 *
 * A holder process builds the view, says so, and is killed once descriptors hold the namespace
 * (ns/mnt, ns/user when there is a user namespace, and its mounts file to watch). An entry is dropped
 *   - when its mount table changed since it was made (a step may mount; the next one must not see
 *     that): poll(2) on the entry's mounts file says so, before each step enters it;
 *   - when the host's mount table changed (a namespace made now would see the new mounts, so the
 *     steps must too): every entry goes;
 *   - least recently used first, past NS_MAX entries.
 */
#define _GNU_SOURCE
#include "namespace-cache.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NS_MAX 64

typedef struct {
  char *key;
  size_t keylen;
  int mnt, user, mounts;
  unsigned long long used;
} entry_t;

static entry_t entries[NS_MAX];
static size_t nentries;
static unsigned long long ticks;
static int host_mounts = -2; /* -2: not opened yet; -1: cannot be watched, so nothing is reused */

static void close_entry(entry_t *e) {
  if (e->mnt >= 0) close(e->mnt);
  if (e->user >= 0) close(e->user);
  if (e->mounts >= 0) close(e->mounts);
  free(e->key);
}

static void drop(size_t i) {
  close_entry(&entries[i]);
  entries[i] = entries[--nentries];
}

/* Whether the mount table behind a mounts file changed since the last look (or since it was opened). */
static int changed(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLPRI};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLPRI | POLLERR | POLLNVAL)) != 0;
}

static int open_proc(pid_t pid, const char *what) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
  return open(path, O_RDONLY | O_CLOEXEC);
}

/* Makes the namespace in a holder process and keeps descriptors on it. */
static int make(ns_setup_fn setup, const void *ctx, int userns, entry_t *e) {
  int sync[2];
  if (pipe2(sync, O_CLOEXEC) < 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    char err[512];
    close(sync[0]);
    char ok = setup(ctx, err, sizeof err) == 0 ? 'y' : 'n';
    if (write(sync[1], &ok, 1) != 1 || ok != 'y') _exit(1);
    for (;;) pause(); /* until killed below */
  }
  close(sync[1]);
  if (pid < 0) {
    close(sync[0]);
    return -1;
  }
  char ok = 0;
  ssize_t n;
  do n = read(sync[0], &ok, 1);
  while (n < 0 && errno == EINTR);
  close(sync[0]);
  e->mnt = e->user = e->mounts = -1;
  e->key = NULL;
  int rc = -1;
  if (n == 1 && ok == 'y') {
    e->mnt = open_proc(pid, "ns/mnt");
    e->mounts = open_proc(pid, "mounts");
    if (userns) e->user = open_proc(pid, "ns/user");
    rc = e->mnt >= 0 && e->mounts >= 0 && (!userns || e->user >= 0) ? 0 : -1;
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
  if (rc < 0) close_entry(e);
  return rc;
}

int ns_cache_get(const char *key, size_t keylen, int userns, ns_setup_fn setup, const void *ctx,
                 ns_handle_t *out) {
  if (host_mounts == -2) host_mounts = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);
  if (host_mounts < 0) return -1;
  if (changed(host_mounts))
    while (nentries > 0) drop(nentries - 1);
  entry_t *found = NULL;
  for (size_t i = 0; i < nentries && !found; i++) {
    if (entries[i].keylen != keylen || memcmp(entries[i].key, key, keylen) != 0) continue;
    if (changed(entries[i].mounts)) drop(i);
    else found = &entries[i];
    break;
  }
  if (!found) {
    entry_t made;
    if (make(setup, ctx, userns, &made) < 0) return -1;
    made.key = malloc(keylen ? keylen : 1);
    if (!made.key) {
      close_entry(&made);
      return -1;
    }
    memcpy(made.key, key, keylen);
    made.keylen = keylen;
    if (nentries == NS_MAX) {
      size_t oldest = 0;
      for (size_t i = 1; i < nentries; i++)
        if (entries[i].used < entries[oldest].used) oldest = i;
      drop(oldest);
    }
    entries[nentries] = made;
    found = &entries[nentries++];
  }
  found->used = ++ticks;
  out->mnt = found->mnt;
  out->user = found->user;
  return 0;
}
