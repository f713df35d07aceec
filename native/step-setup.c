/*
 * The step's side of argosy-spawner: what a forked (or vforked) step does before it execs its
 * command — stdio, its pid record, its process group, its private view of the filesystem (made
 * here, or entered when the spawner keeps it: namespace-cache.c) — and the key a reusable view is
 * kept under.
 */
#define _GNU_SOURCE
#include "step-setup.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* Reports a setup failure on the status pipe and exits; the step never ran. */
static void fail(int fd, const char *fmt, ...) {
  char buf[STATUS_MAX];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
  if (n > 0 && write(fd, buf, (size_t)n) < 0) {
    /* nothing more to do */
  }
  _exit(127);
}

static int mkdir_p(const char *path) {
  char buf[4096];
  size_t len = strlen(path);
  if (len == 0 || len >= sizeof buf) return -1;
  memcpy(buf, path, len + 1);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(buf, 0755) < 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(buf, 0755) < 0 && errno != EEXIST) return -1;
  return 0;
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * The pod's pid file (src/runtime/host/orphans.ts): {"pid":N,"startTime":"T" + the tail Node sent
 * (the controller's pid and start time, and the closing brace), padded with spaces to PID_FILE_SIZE
 * bytes and written in place, so a controller that restarts after a kill -9 finds and reaps the
 * step. The step writes it itself, before it can run anything, off the spawner's path.
 */

static void write_pid_file(const char *path, const char *tail) {
  char stat[1024], start[32] = "", rec[PID_FILE_SIZE];
  int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = read(fd, stat, sizeof stat - 1);
    close(fd);
    char *p = n > 0 ? (stat[n] = 0, strrchr(stat, ')')) : NULL;
    for (int field = 2; p && field < 22; field++) p = strchr(p + 1, ' ');
    if (p) snprintf(start, sizeof start, "%.*s", (int)strcspn(p + 1, " "), p + 1);
  }
  int len = snprintf(rec, sizeof rec, "{\"pid\":%d,\"startTime\":\"%s\"%s\n", (int)getpid(), start, tail);
  if (len < 0 || len >= (int)sizeof rec) return;
  memset(rec + len, ' ', sizeof rec - (size_t)len);
  fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  if (pwrite(fd, rec, sizeof rec, 0) < 0) {
    /* no record: a controller that dies now leaves this step to run out */
  }
  close(fd);
}

#define SETUP_FAIL(...) \
  do { \
    snprintf(err, errlen, __VA_ARGS__); \
    return -1; \
  } while (0)

/*
 * The pod's view in the calling process: a private mount namespace (and user namespace) when
 * isolated, HOME entered, the mounts made. Returns 0, or -1 with the reason in err. Run by a step
 * that builds its own view, and by the holder of a reusable one (namespace-cache.c).
 */
int setup_view(const void *ctx, char *err, size_t errlen) {
  const view_t *v = ctx;
  const request_t *q = v->q;
  if (q->flags & F_ISOLATE) {
    int flags = CLONE_NEWNS | ((q->flags & F_USERNS) ? CLONE_NEWUSER : 0);
    if (unshare(flags) < 0) SETUP_FAIL("setup: cannot create a mount namespace: %s", strerror(errno));
    if (q->flags & F_USERNS) {
      char map[64];
      if (write_file("/proc/self/setgroups", "deny") < 0)
        SETUP_FAIL("setup: cannot write setgroups: %s", strerror(errno));
      snprintf(map, sizeof map, "0 %u 1", (unsigned)v->uid);
      if (write_file("/proc/self/uid_map", map) < 0)
        SETUP_FAIL("setup: cannot write uid_map: %s", strerror(errno));
      snprintf(map, sizeof map, "0 %u 1", (unsigned)v->gid);
      if (write_file("/proc/self/gid_map", map) < 0)
        SETUP_FAIL("setup: cannot write gid_map: %s", strerror(errno));
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
      SETUP_FAIL("setup: cannot make mounts private: %s", strerror(errno));
  }
  if (chdir(q->home) < 0) SETUP_FAIL("setup: cannot enter the pod directory");
  for (uint32_t i = 0; i < q->nmounts; i++) {
    const mount_t *m = &q->mounts[i];
    if (m->mkdir && mkdir_p(m->target) < 0)
      SETUP_FAIL("setup: cannot mount the pod filesystem view (mkdir %s: %s)", m->target, strerror(errno));
    int rc;
    if (m->kind == M_OVERLAY) rc = mount("overlay", m->target, "overlay", 0, m->data);
    else rc = mount(m->source, m->target, NULL, MS_BIND | (m->kind == M_RBIND ? MS_REC : 0), NULL);
    if (rc < 0)
      SETUP_FAIL("setup: cannot mount the pod filesystem view (%s: %s)", m->target, strerror(errno));
  }
  return 0;
}

/* Enters a reused namespace (user namespace first: the mount namespace belongs to it). */
static int enter_view(const request_t *q, char *err, size_t errlen) {
  if (q->ns.user >= 0 && setns(q->ns.user, CLONE_NEWUSER) < 0)
    SETUP_FAIL("setup: cannot enter the user namespace: %s", strerror(errno));
  if (setns(q->ns.mnt, CLONE_NEWNS) < 0)
    SETUP_FAIL("setup: cannot enter the mount namespace: %s", strerror(errno));
  if (chdir(q->home) < 0) SETUP_FAIL("setup: cannot enter the pod directory");
  return 0;
}

/*
 * The step's side, after fork or vfork: it must never return, and writes no memory the spawner
 * reads afterwards (with vfork the memory is the spawner's own) but `environ`, which the spawner
 * puts back.
 */
void child(const request_t *q, int out, int err, int st, uid_t uid, gid_t gid) {
  setpgid(0, 0);
  struct sched_param normal = {0};
  sched_setscheduler(0, SCHED_OTHER, &normal); /* the step is an ordinary process (see main) */
  if (q->pidfile[0]) write_pid_file(q->pidfile, q->pidtail);
  /* main() left every disposition at its default but these (handlers never: exec resets those). */
  signal(SIGPIPE, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGQUIT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  sigprocmask(SIG_SETMASK, &oldmask, NULL);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
    fail(st, "setup: cannot set up stdio: %s", strerror(errno));
  /* Every other descriptor of ours is close-on-exec. */
  if (q->has_nul) fail(st, "setup: argv, env or a path holds a NUL byte");
  char why[STATUS_MAX];
  view_t view = {q, uid, gid};
  if ((q->ns.mnt >= 0 ? enter_view(q, why, sizeof why) : setup_view(&view, why, sizeof why)) < 0)
    fail(st, "%s", why);
  if (q->workdir[0]) {
    struct stat sb;
    if ((stat(q->workdir, &sb) < 0 || !S_ISDIR(sb.st_mode)) && mkdir_p(q->workdir) < 0)
      fail(st, "setup: cannot enter workingDir %s", q->workdir);
    if (chdir(q->workdir) < 0) fail(st, "setup: cannot enter workingDir %s", q->workdir);
  }
  environ = q->env; /* execvp searches the step's PATH, as a shell in the step would */
  if (q->resolved) execv(q->resolved, q->argv); /* gone since it was found: search again */
  execvp(q->argv[0], q->argv);
  if (errno == ENOENT || errno == ENOTDIR) fail(st, "notfound %s", q->argv[0]);
  fail(st, "failed to start %s: %s", q->argv[0], strerror(errno));
}

/*
 * The key of a reusable view (namespace-cache.c): the user-namespace flag, then per mount its kind,
 * mkdir flag, source device and inode, target and data, length-prefixed. NULL when the view is not
 * to be reused or a source cannot be found (the step then reports that itself).
 */
char *view_key(const request_t *q, size_t *len) {
  if ((q->flags & (F_ISOLATE | F_REUSE)) != (F_ISOLATE | F_REUSE) || q->has_nul) return NULL;
  size_t cap = 8;
  for (uint32_t i = 0; i < q->nmounts; i++)
    cap += 2 + 2 * sizeof(unsigned long long) + 2 * sizeof(size_t) + strlen(q->mounts[i].target) +
           strlen(q->mounts[i].data);
  char *key = malloc(cap), *p = key;
  if (!key) return NULL;
  *p++ = (q->flags & F_USERNS) ? 'u' : 'n';
  for (uint32_t i = 0; i < q->nmounts; i++) {
    const mount_t *m = &q->mounts[i];
    struct stat sb;
    if (m->kind == M_OVERLAY || stat(m->source, &sb) < 0) {
      free(key);
      return NULL;
    }
    unsigned long long dev = sb.st_dev, ino = sb.st_ino;
    size_t tlen = strlen(m->target), dlen = strlen(m->data);
    *p++ = (char)m->kind;
    *p++ = (char)m->mkdir;
    memcpy(p, &dev, sizeof dev), p += sizeof dev;
    memcpy(p, &ino, sizeof ino), p += sizeof ino;
    memcpy(p, &tlen, sizeof tlen), p += sizeof tlen;
    memcpy(p, m->target, tlen), p += tlen;
    memcpy(p, &dlen, sizeof dlen), p += sizeof dlen;
    memcpy(p, m->data, dlen), p += dlen;
  }
  *len = (size_t)(p - key);
  return key;
}

