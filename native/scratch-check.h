/*
 * Whether a step left its pod's scratch directory as it found it (see scratch-check.c).
 */
#ifndef ARGOSY_SCRATCH_CHECK_H
#define ARGOSY_SCRATCH_CHECK_H

/* scratch_state's answer: 0 when it could not look, else one of these with the entries present. */
enum {
  SCRATCH_HOME = 1,
  SCRATCH_TMP = 2,
  SCRATCH_ARGO = 4,
  SCRATCH_PIDFILE = 8,
  SCRATCH_TOUCHED = 0x40,
  SCRATCH_UNTOUCHED = 0x80
};

int scratch_state(const char *pod_dir);

#endif
