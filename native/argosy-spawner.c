/*
 * argosy-spawner: a small long-lived helper that starts host steps for Argosy's host runtime.
 *
 * Forking the big Node process per step costs milliseconds; forking this one costs microseconds.
 * It reads spawn and kill requests on stdin and writes events on stdout, both as length-prefixed
 * frames (so argv, env and paths may hold any byte), and for each step does
 *   fork -> setpgid -> [unshare(CLONE_NEWNS [|CLONE_NEWUSER]) -> mount(2) the pod's view]
 *        -> chdir -> execvp
 * or, for a view Node marks reusable, setns(2) into a namespace made once for that view and kept
 * (namespace-cache.c) instead of the unshare and the mounts.
 * relaying the step's stdout/stderr as they arrive and then its exit status. After a step's main
 * process ends, whatever is left in its process group is killed (as a container's processes die with
 * it). When stdin closes (Node went away), every running step's group is killed and the spawner exits.
 *
 * Frame: u32 little-endian length of what follows, u8 type, body. A string is a u32 length + bytes.
 * Requests:
 *   'S' id:u32 flags:u32 (1 isolate, 2 user namespace, 4 the view may be reused) home:str workdir:str
 *       argc:u32 argv:str* envc:u32 env:str* ("K=V") mounts:u32 {kind:u8 mkdir:u8 source:str
 *       target:str data:str}*   (kind 1 bind, 2 recursive bind, 3 overlay with data as options)
 *       pidfile:str pidtail:str (pidfile empty for none: see write_pid_file in step-setup.c)
 *   'K' id:u32 signal:u32       signal the step's process group (ignored once the step ended)
 * Events:
 *   'P' id:u32 pid:u32          the step's process exists (it is its own process group leader)
 *   'O' id:u32 bytes            stdout chunk        'E' id:u32 bytes   stderr chunk
 *   'X' id:u32 code:i32 signal:i32 status:str
 *                               the step ended; code -1 when killed by `signal`; status is non-empty
 *                               when setup or exec failed ("notfound NAME" or a message), and then
 *                               the code is meaningless. Every 'O'/'E' of a step comes before its 'X'.
 * Build: cc -O2 -o argosy-spawner *.c (scripts/build-native.mjs does it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "namespace-cache.h"
#include "step-setup.h"

extern char **environ;

#define MAX_FRAME (64u * 1024u * 1024u)
#define CHUNK 65536
#define DRAIN_MS 2000


typedef struct {
  uint32_t id;
  pid_t pid;
  int out, err, status; /* our ends of the pipes; -1 once closed */
  int reaped;
  int code, sig;
  long long drain_deadline; /* ms; set once reaped */
  char status_buf[STATUS_MAX];
  size_t status_len;
  char *pidfile; /* blanked once the step is reaped; NULL for none */
} step_t;

static step_t *steps;
static size_t nsteps, capsteps;
sigset_t oldmask; /* the signal mask we started with, which steps get back (step-setup.c) */

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void kill_all_and_exit(int code) {
  for (size_t i = 0; i < nsteps; i++)
    if (steps[i].pid > 0) kill(-steps[i].pid, SIGKILL);
  _exit(code);
}

/* ---- writing events ---- */

static void write_all(const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(1, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      kill_all_and_exit(3); /* Node is gone */
    }
    p += n;
    len -= (size_t)n;
  }
}

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static void send_event(char type, uint32_t id, const void *a, size_t alen, const void *b, size_t blen) {
  unsigned char head[9];
  put_u32(head, (uint32_t)(1 + 4 + alen + blen));
  head[4] = (unsigned char)type;
  put_u32(head + 5, id);
  write_all(head, sizeof head);
  if (alen) write_all(a, alen);
  if (blen) write_all(b, blen);
}

static void send_exit(step_t *s) {
  unsigned char body[12];
  put_u32(body, (uint32_t)s->code);
  put_u32(body + 4, (uint32_t)s->sig);
  put_u32(body + 8, (uint32_t)s->status_len);
  send_event('X', s->id, body, sizeof body, s->status_buf, s->status_len);
}

/* ---- reading requests ---- */

typedef struct {
  const unsigned char *p, *end;
  int bad;
} reader_t;

static uint32_t get_u32(reader_t *r) {
  if (r->end - r->p < 4) {
    r->bad = 1;
    return 0;
  }
  uint32_t v = r->p[0] | (r->p[1] << 8) | (r->p[2] << 16) | ((uint32_t)r->p[3] << 24);
  r->p += 4;
  return v;
}

static uint8_t get_u8(reader_t *r) {
  if (r->end - r->p < 1) {
    r->bad = 1;
    return 0;
  }
  return *r->p++;
}

/* A NUL-terminated copy of the next string; *has_nul set if it held a NUL byte (unusable for exec). */
static char *get_str(reader_t *r, int *has_nul) {
  uint32_t len = get_u32(r);
  if (r->bad || (size_t)(r->end - r->p) < len) {
    r->bad = 1;
    return NULL;
  }
  char *s = malloc((size_t)len + 1);
  if (!s) kill_all_and_exit(4);
  memcpy(s, r->p, len);
  s[len] = 0;
  if (memchr(s, 0, len)) *has_nul = 1;
  r->p += len;
  return s;
}

/* A blank pid file records no step (written in place: no new inode, no truncation). */
static void blank_pid_file(const char *path) {
  char blank[PID_FILE_SIZE];
  memset(blank, ' ', sizeof blank);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (pwrite(fd, blank, sizeof blank, 0) < 0) {
    /* the next controller finds the group gone and drops the record */
  }
  close(fd);
}

/* ---- the parent side ---- */

static int pipe_pair(int fds[2]) {
  return pipe2(fds, O_CLOEXEC);
}

static step_t *find_step(uint32_t id) {
  for (size_t i = 0; i < nsteps; i++)
    if (steps[i].id == id) return &steps[i];
  return NULL;
}

/*
 * Where execvp would find a command, remembered for a second per (PATH, name): execvp tries every
 * PATH entry in turn, and a step's child paid ~8 failed execve calls for `true` on a usual PATH. Only
 * absolute PATH entries are searched here (a relative one depends on the step's working directory);
 * anything else, or nothing found, leaves the search to execvp in the step. Returns a new string.
 */
#define RESOLVE_TTL_MS 1000
#define RESOLVE_SLOTS 32

static struct {
  char *path, *name, *resolved;
  long long at;
} resolve_cache[RESOLVE_SLOTS];
static unsigned resolve_next;

/* Whether a or b is the other or lies inside it (as paths: "/usr/bin" holds "/usr/bin/x"). */
static int nested(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  while (blen > 1 && b[blen - 1] == '/') blen--;
  size_t n = alen < blen ? alen : blen;
  if (strncmp(a, b, n) != 0) return 0;
  return alen == blen || (alen > blen ? a[blen] == '/' : b[alen] == '/');
}

static char *resolve_command(const char *name, char **env, const mount_t *mounts, uint32_t nmounts) {
  if (!name[0] || strchr(name, '/')) return NULL;
  const char *path = NULL;
  for (char **e = env; e && *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
  if (!path || !path[0]) return NULL;
  /* The step's own view may put files on its PATH (an input artifact at /bin/x): search there. */
  for (const char *p = path;; p += strcspn(p, ":") + 1) {
    for (uint32_t i = 0; i < nmounts; i++)
      if (nested(p, strcspn(p, ":"), mounts[i].target)) return NULL;
    if (!p[strcspn(p, ":")]) break;
  }
  long long now = now_ms();
  for (unsigned i = 0; i < RESOLVE_SLOTS; i++) {
    if (!resolve_cache[i].name || now - resolve_cache[i].at > RESOLVE_TTL_MS) continue;
    if (strcmp(resolve_cache[i].name, name) == 0 && strcmp(resolve_cache[i].path, path) == 0)
      return strdup(resolve_cache[i].resolved);
  }
  char buf[4096];
  const char *p = path;
  char *found = NULL;
  for (;;) {
    size_t len = strcspn(p, ":");
    if (len == 0 || p[0] != '/') return NULL; /* relative or empty entry: execvp's business */
    if (len + 1 + strlen(name) < sizeof buf) {
      memcpy(buf, p, len);
      buf[len] = '/';
      strcpy(buf + len + 1, name);
      struct stat sb;
      if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) && access(buf, X_OK) == 0) {
        found = buf;
        break;
      }
    }
    if (!p[len]) break;
    p += len + 1;
  }
  if (!found) return NULL;
  unsigned slot = resolve_next++ % RESOLVE_SLOTS;
  free(resolve_cache[slot].path);
  free(resolve_cache[slot].name);
  free(resolve_cache[slot].resolved);
  resolve_cache[slot].path = strdup(path);
  resolve_cache[slot].name = strdup(name);
  resolve_cache[slot].resolved = strdup(found);
  resolve_cache[slot].at = now;
  return strdup(found);
}

static void free_request(request_t *q, uint32_t argc, uint32_t envc) {
  free(q->home);
  free(q->resolved);
  free(q->workdir);
  free(q->pidfile);
  free(q->pidtail);
  for (uint32_t i = 0; i < argc && q->argv; i++) free(q->argv[i]);
  for (uint32_t i = 0; i < envc && q->env; i++) free(q->env[i]);
  free(q->argv);
  free(q->env);
  for (uint32_t i = 0; i < q->nmounts && q->mounts; i++) {
    free(q->mounts[i].source);
    free(q->mounts[i].target);
    free(q->mounts[i].data);
  }
  free(q->mounts);
}

static void ended_without_running(uint32_t id, const char *message) {
  step_t s = {.id = id, .code = -1, .sig = 0};
  s.status_len = strlen(message);
  memcpy(s.status_buf, message, s.status_len);
  send_exit(&s);
}

/*
 * Forks (or vforks) the step's process, which runs child(). A function of its own, so a vforked
 * child, which runs on our stack until it execs, has a frame of its own to clobber, not
 * handle_spawn's.
 */
static __attribute__((noinline)) pid_t start_step(const request_t *q, const int out[2], const int err[2],
                                                  const int st[2], uid_t uid, gid_t gid, int shared) {
  pid_t pid = shared ? vfork() : fork();
  if (pid == 0) {
    close(out[0]);
    close(err[0]);
    close(st[0]);
    child(q, out[1], err[1], st[1], uid, gid);
  }
  return pid;
}

static void handle_spawn(reader_t *r, uid_t uid, gid_t gid) {
  request_t q = {0};
  uint32_t id = get_u32(r), argc = 0, envc = 0;
  q.flags = get_u32(r);
  q.home = get_str(r, &q.has_nul);
  q.workdir = get_str(r, &q.has_nul);
  argc = get_u32(r);
  if (!r->bad && argc > 0 && argc < (uint32_t)(r->end - r->p)) {
    q.argv = calloc((size_t)argc + 1, sizeof *q.argv);
    for (uint32_t i = 0; i < argc && !r->bad; i++) q.argv[i] = get_str(r, &q.has_nul);
  } else r->bad = 1;
  envc = r->bad ? 0 : get_u32(r);
  if (!r->bad && envc <= (uint32_t)(r->end - r->p)) {
    q.env = calloc((size_t)envc + 1, sizeof *q.env);
    for (uint32_t i = 0; i < envc && !r->bad; i++) q.env[i] = get_str(r, &q.has_nul);
  } else r->bad = 1;
  q.nmounts = r->bad ? 0 : get_u32(r);
  if (!r->bad && q.nmounts <= (uint32_t)(r->end - r->p)) {
    q.mounts = calloc((size_t)q.nmounts + 1, sizeof *q.mounts);
    for (uint32_t i = 0; i < q.nmounts && !r->bad; i++) {
      q.mounts[i].kind = get_u8(r);
      q.mounts[i].mkdir = get_u8(r);
      q.mounts[i].source = get_str(r, &q.has_nul);
      q.mounts[i].target = get_str(r, &q.has_nul);
      q.mounts[i].data = get_str(r, &q.has_nul);
    }
  } else {
    r->bad = 1;
    q.nmounts = 0;
  }
  q.pidfile = r->bad ? NULL : get_str(r, &q.has_nul);
  q.pidtail = r->bad ? NULL : get_str(r, &q.has_nul);
  if (r->bad) {
    /* A malformed request is a bug on the Node side: report it, do not guess. */
    ended_without_running(id, "setup: malformed spawn request");
    free_request(&q, argc, envc);
    return;
  }
  if (!q.has_nul) q.resolved = resolve_command(q.argv[0], q.env, q.mounts, q.nmounts);
  q.ns.mnt = q.ns.user = -1;
  size_t keylen = 0;
  char *key = view_key(&q, &keylen);
  if (key) {
    view_t view = {&q, uid, gid};
    if (ns_cache_get(key, keylen, (q.flags & F_USERNS) != 0, setup_view, &view, &q.ns) < 0) q.ns.mnt = -1;
    free(key);
  }
  int out[2], err[2], st[2];
  if (pipe_pair(out) < 0 || pipe_pair(err) < 0 || pipe_pair(st) < 0) {
    char msg[256];
    snprintf(msg, sizeof msg, "setup: cannot create pipes: %s", strerror(errno));
    ended_without_running(id, msg);
    free_request(&q, argc, envc);
    return;
  }
  /*
   * vfork when the step only enters a kept namespace, or none: nothing of ours is copied and torn
   * down again at its exec (measured: ~0.14 ms less CPU per step than fork), and we wait only for
   * its few setup calls. child() writes nothing we read but `environ`, put back below. Not when the
   * step makes its own namespace: unshare(CLONE_NEWUSER) refuses a process sharing its memory, and
   * a view with overlays would keep us waiting for all its mounts.
   */
  int shared = !(q.flags & F_ISOLATE) || q.ns.mnt >= 0;
  char **our_environ = environ;
  pid_t pid = start_step(&q, out, err, st, uid, gid, shared);
  environ = our_environ;
  close(out[1]);
  close(err[1]);
  close(st[1]);
  if (pid < 0) {
    char msg[256];
    snprintf(msg, sizeof msg, "setup: cannot fork: %s", strerror(errno));
    close(out[0]);
    close(err[0]);
    close(st[0]);
    ended_without_running(id, msg);
    free_request(&q, argc, envc);
    return;
  }
  setpgid(pid, pid); /* also in the child: whichever runs first wins the race */
  char *pidfile = q.pidfile[0] ? q.pidfile : NULL; /* kept by the step until it is forgotten */
  if (pidfile) q.pidfile = NULL;
  free_request(&q, argc, envc);
  if (nsteps == capsteps) {
    capsteps = capsteps ? capsteps * 2 : 16;
    steps = realloc(steps, capsteps * sizeof *steps);
    if (!steps) kill_all_and_exit(4);
  }
  step_t *s = &steps[nsteps++];
  memset(s, 0, sizeof *s);
  s->id = id;
  s->pid = pid;
  s->out = out[0];
  s->err = err[0];
  s->status = st[0];
  s->code = -1;
  s->pidfile = pidfile;
  unsigned char pidbuf[4];
  put_u32(pidbuf, (uint32_t)pid);
  send_event('P', id, pidbuf, 4, NULL, 0);
}

static void handle_kill(reader_t *r) {
  uint32_t id = get_u32(r), sig = get_u32(r);
  if (r->bad) return;
  step_t *s = find_step(id);
  if (s && s->pid > 0 && !s->reaped) kill(-s->pid, (int)sig);
}

static void handle_frame(const unsigned char *p, size_t len, uid_t uid, gid_t gid) {
  reader_t r = {p + 1, p + len, 0};
  if (len < 1) return;
  if (p[0] == 'S') handle_spawn(&r, uid, gid);
  else if (p[0] == 'K') handle_kill(&r);
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* Sends the exit event and forgets the step once it was reaped and its pipes are drained. */
static void maybe_finish(size_t i) {
  step_t *s = &steps[i];
  if (!s->reaped || s->out >= 0 || s->err >= 0 || s->status >= 0) return;
  send_exit(s);
  free(s->pidfile);
  steps[i] = steps[--nsteps];
}

static void reap(void) {
  for (;;) {
    int wstatus;
    pid_t pid = waitpid(-1, &wstatus, WNOHANG);
    if (pid <= 0) return;
    for (size_t i = 0; i < nsteps; i++) {
      step_t *s = &steps[i];
      if (s->pid != pid) continue;
      s->reaped = 1;
      if (WIFSIGNALED(wstatus)) {
        s->code = -1;
        s->sig = WTERMSIG(wstatus);
      } else {
        s->code = WEXITSTATUS(wstatus);
        s->sig = 0;
      }
      kill(-pid, SIGKILL); /* what the step left in its group dies with it */
      if (s->pidfile) blank_pid_file(s->pidfile);
      s->drain_deadline = now_ms() + DRAIN_MS;
      break;
    }
  }
}

static void pump(step_t *s, int *fd, char type) {
  static char buf[CHUNK];
  ssize_t n = read(*fd, buf, sizeof buf);
  if (n > 0) {
    if (type == 's') {
      size_t room = STATUS_MAX - 1 - s->status_len;
      size_t take = (size_t)n < room ? (size_t)n : room;
      memcpy(s->status_buf + s->status_len, buf, take);
      s->status_len += take;
    } else send_event(type, s->id, buf, (size_t)n, NULL, 0);
    return;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  close_fd(fd);
}

int main(void) {
  /* Defaults everywhere, whatever we inherited, so a step only has to undo the four below. */
  for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
  signal(SIGPIPE, SIG_IGN);
  /*
   * SCHED_BATCH: a request wakes us without preempting the controller that wrote it. Writes to a
   * pipe or socket are "sync" wake-ups, which put the reader on the writer's core and let it run
   * at once, so our fork ran on the controller's core while the controller, which goes on working
   * after a write, waited (measured: a 1,000-step DAG's spawn writes took 0.5-0.7 ms on average,
   * p50 60 us, where the same write to a `cat` takes 6 us). Unprivileged processes may choose
   * SCHED_BATCH and go back to SCHED_OTHER, as every step does before it runs.
   */
  struct sched_param batch = {0};
  sched_setscheduler(0, SCHED_BATCH, &batch);
  /* Terminal signals are for the controller: it decides what happens to its steps, and we follow
   * when it closes our stdin. (Steps get default dispositions back before exec.) */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &mask, &oldmask);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) return 5;
  fcntl(0, F_SETFD, FD_CLOEXEC);
  fcntl(1, F_SETFD, FD_CLOEXEC);
  uid_t uid = getuid();
  gid_t gid = getgid();

  size_t incap = 1 << 16, inlen = 0;
  unsigned char *in = malloc(incap);
  struct pollfd *pfds = NULL;
  size_t pcap = 0;
  int stdin_open = 1;
  if (!in) return 4;

  for (;;) {
    size_t need = 2 + nsteps * 3;
    if (need > pcap) {
      pcap = need * 2;
      pfds = realloc(pfds, pcap * sizeof *pfds);
      if (!pfds) kill_all_and_exit(4);
    }
    size_t n = 0;
    pfds[n++] = (struct pollfd){.fd = stdin_open ? 0 : -1, .events = POLLIN};
    pfds[n++] = (struct pollfd){.fd = sfd, .events = POLLIN};
    long long now = now_ms(), timeout = -1;
    for (size_t i = 0; i < nsteps; i++) {
      step_t *s = &steps[i];
      pfds[n++] = (struct pollfd){.fd = s->out, .events = POLLIN};
      pfds[n++] = (struct pollfd){.fd = s->err, .events = POLLIN};
      pfds[n++] = (struct pollfd){.fd = s->status, .events = POLLIN};
      if (s->reaped) {
        long long left = s->drain_deadline - now;
        if (left < 0) left = 0;
        if (timeout < 0 || left < timeout) timeout = left;
      }
    }
    int rc = poll(pfds, n, (int)timeout);
    if (rc < 0 && errno != EINTR) kill_all_and_exit(6);

    if (pfds[1].revents) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {
      }
      reap();
    }
    /* Output before exits: pump every ready pipe, then finish steps. Indices match pfds. */
    size_t count = nsteps;
    for (size_t i = 0; i < count; i++) {
      step_t *s = &steps[i];
      struct pollfd *p = &pfds[2 + i * 3];
      if (p[0].revents) pump(s, &s->out, 'O');
      if (p[1].revents) pump(s, &s->err, 'E');
      if (p[2].revents) pump(s, &s->status, 's');
    }
    now = now_ms();
    for (size_t i = nsteps; i-- > 0;) {
      step_t *s = &steps[i];
      if (s->reaped && now >= s->drain_deadline) {
        /* A process that escaped the group (setsid) still holds the pipes: stop waiting for it. */
        close_fd(&s->out);
        close_fd(&s->err);
        close_fd(&s->status);
      }
      maybe_finish(i);
    }

    if (pfds[0].revents) {
      if (incap - inlen < CHUNK) {
        incap *= 2;
        in = realloc(in, incap);
        if (!in) kill_all_and_exit(4);
      }
      ssize_t got = read(0, in + inlen, incap - inlen);
      if (got == 0) kill_all_and_exit(0); /* Node closed the pipe or died: no step outlives it */
      if (got < 0 && errno != EINTR && errno != EAGAIN) kill_all_and_exit(7);
      if (got > 0) inlen += (size_t)got;
      size_t off = 0;
      while (inlen - off >= 4) {
        const unsigned char *h = in + off;
        uint32_t len = h[0] | (h[1] << 8) | (h[2] << 16) | ((uint32_t)h[3] << 24);
        if (len > MAX_FRAME) kill_all_and_exit(8);
        if (inlen - off - 4 < len) {
          if (4 + (size_t)len > incap) {
            incap = 4 + (size_t)len;
            in = realloc(in, incap);
            if (!in) kill_all_and_exit(4);
          }
          break;
        }
        handle_frame(in + off + 4, len, uid, gid);
        off += 4 + (size_t)len;
      }
      memmove(in, in + off, inlen - off);
      inlen -= off;
    }
  }
}
