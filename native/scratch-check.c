/*
 * Whether a step left its pod's scratch directory as it found it: nothing but home/, tmp/, argo/ and
 * pid.json in it, and the three directories empty. The host runtime reuses such a directory for a
 * later pod (src/runtime/host/scratch-pool.ts) and deletes any other. The spawner looks as it reaps
 * the step, so the controller's event loop does not (four directory reads per step).
 */
#define _GNU_SOURCE
#include "scratch-check.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>

static int empty_dir(const char *dir, const char *sub) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, sub) >= (int)sizeof path) return 0;
  DIR *d = opendir(path);
  if (!d) return 0;
  struct dirent *e;
  int empty = 1;
  while (empty && (e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = 0;
  closedir(d);
  return empty;
}

int scratch_state(const char *pod_dir) {
  DIR *d = opendir(pod_dir);
  if (!d) return 0;
  int bits = 0, other = 0;
  struct dirent *e;
  while (!other && (e = readdir(d)) != NULL) {
    const char *n = e->d_name;
    if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0) continue;
    if (strcmp(n, "home") == 0) bits |= SCRATCH_HOME;
    else if (strcmp(n, "tmp") == 0) bits |= SCRATCH_TMP;
    else if (strcmp(n, "argo") == 0) bits |= SCRATCH_ARGO;
    else if (strcmp(n, "pid.json") == 0) bits |= SCRATCH_PIDFILE;
    else other = 1;
  }
  closedir(d);
  if (other) return SCRATCH_TOUCHED;
  if ((bits & SCRATCH_HOME) && !empty_dir(pod_dir, "home")) return SCRATCH_TOUCHED;
  if ((bits & SCRATCH_TMP) && !empty_dir(pod_dir, "tmp")) return SCRATCH_TOUCHED;
  if ((bits & SCRATCH_ARGO) && !empty_dir(pod_dir, "argo")) return SCRATCH_TOUCHED;
  return SCRATCH_UNTOUCHED | bits;
}
