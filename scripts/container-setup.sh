#!/usr/bin/env bash
# container-setup.sh: make Argosy's container runtime work with podman on a Debian 12 machine
# whose cgroups may be in hybrid (v1 + v2) mode, whose root may lack CAP_SYS_RESOURCE, and which
# may not reach any container registry (CI). Idempotent: a second run only checks (~2 s).
# Adapted from the project's shared container-runtime-setup.sh recipe; it shares that recipe's
# lock and image labels, so either script recognises the other's images.
# On a laptop with a working Docker or podman (and a registry) you do not need it: images are pulled.
#
#   1. installs podman, runc, busybox-static, iptables, curl (+ debootstrap for the python image)
#   2. writes /etc/containers/containers.conf (runc, cgroupfs, rlimits within the hard limits)
#   3. starts the Docker-compatible API at unix:///run/podman/podman.sock unless it answers
#   4. builds local images under the names public examples use, unless present:
#        docker.io/library/busybox:latest     busybox-static, applets at their usual paths
#        docker.io/library/alpine:3.23        the same root + /etc/os-release (no apk)
#        docker.io/library/python:alpine3.23  Debian bookworm minbase + python3 (3.11)
#        docker.io/argoproj/argosay:v2        busybox + /argosay (images/argosay/argosay: the verbs
#                                             Argo's examples use), also :v1
#      plus the alias tags listed in ALIASES below
#   5. smoke-tests `podman run` and create/start/wait/logs through the API
#
# Usage: scripts/container-setup.sh [--no-python] [--rebuild]
#   --no-python  skip the python image (saves ~35 s and the debootstrap download)
#   --rebuild    rebuild the images even if present
# Environment: PODMAN_SOCK (default /run/podman/podman.sock),
#              DEBIAN_MIRROR (default http://deb.debian.org/debian)
set -Eeuo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

RECIPE=v1                                   # bump to force a rebuild of the images below
LABEL=org.local.stand-in                    # images built here carry LABEL=container-runtime-setup/$RECIPE
SOCK=${PODMAN_SOCK:-/run/podman/podman.sock}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CONF=/etc/containers/containers.conf
PIDFILE=$(dirname "$SOCK")/podman-service.pid
SVCLOG=/var/log/podman-service.log
CACHE=/var/cache/container-runtime-setup     # keeps the python root tarball for cheap re-imports
BB=docker.io/library/busybox:latest
ALPINE=docker.io/library/alpine:3.23
PY=docker.io/library/python:alpine3.23
ARGOSAY=docker.io/argoproj/argosay:v2
ALIASES=(  # "IMAGE ALIAS": extra names (older examples); python:3.10/3.12 also run Python 3.11
  "$ALPINE docker.io/library/alpine:latest" "$ALPINE docker.io/library/alpine:3.7"
  "$PY docker.io/library/python:3.11" "$PY docker.io/library/python:3.10" "$PY docker.io/library/python:3.12"
  "$PY docker.io/library/python:alpine3.6" "$PY docker.io/library/python:latest"
  "$PY docker.io/library/debian:bookworm" "$PY docker.io/library/debian:latest"
  "$ARGOSAY docker.io/argoproj/argosay:v1"
)

want_python=1; rebuild=0
for a in "$@"; do
  case $a in
    --no-python) want_python=0 ;;
    --rebuild) rebuild=1 ;;
    *) echo "usage: $0 [--no-python] [--rebuild]" >&2; exit 2 ;;
  esac
done

t0=$(date +%s)
say() { echo "[container-setup] $*"; }
[ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1 \
  || { echo "[container-setup] this script sets up podman on Debian/Ubuntu; elsewhere install Docker or podman yourself (see docs/runtimes.md)" >&2; exit 1; }
die() { echo "[container-setup] FAILED: $*" >&2; exit 1; }
trap 'rc=$?; echo "[container-setup] FAILED (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR
work=$(mktemp -d /var/tmp/container-setup.XXXXXX)
trap 'rm -rf "$work"' EXIT

[ "$(id -u)" = 0 ] || die "run as root"
mkdir -p /run/lock; exec 9>/run/lock/container-runtime-setup.lock
flock -w 600 9 || die "another container-runtime-setup.sh is still running"

# --- 1. packages --------------------------------------------------------------------------------
pkgs=(podman runc busybox-static iptables curl ca-certificates)
[ $want_python = 1 ] && pkgs+=(debootstrap)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; die "apt-get update failed"; }
  apt-get install -y -qq "${missing[@]}" >>"$work/apt.log" 2>&1 \
    || { tail -20 "$work/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
else
  say "ok: packages present (${pkgs[*]})"
fi

# --- 2. engine configuration --------------------------------------------------------------------
# Without CAP_SYS_RESOURCE the runtime cannot raise a hard rlimit, and podman's default asks for
# 1048576 open files and processes, so every start fails with "setrlimit ... not permitted".
# Use the hard limits instead: nofile = this shell's hard limit; nproc = at most pid_max, because
# podman lowers its own RLIMIT_NPROC to kernel.pid_max when it starts (and conmon/runc inherit it).
# crun refuses hybrid cgroups; runc handles them. cgroups = "disabled" is not an option either:
# runc rejects it ("not compatible with NoCgroups").
min() { local m=$1 v; shift; for v; do [ "$v" -lt "$m" ] && m=$v; done; echo "$m"; }
lim() { local v; v=$(ulimit -H "$1"); [ "$v" = unlimited ] && v=1048576; echo "$v"; }
nofile=$(min 1048576 "$(lim -n)")
nproc=$(min 1048576 "$(lim -u)" "$(cat /proc/sys/kernel/pid_max)")
want=$(cat <<EOF
# Written by container-runtime-setup.sh (Debian 12, hybrid cgroups, no CAP_SYS_RESOURCE).
[containers]
# rlimits may not exceed the machine's hard limits (no CAP_SYS_RESOURCE to raise them)
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
cgroups = "enabled"
log_driver = "k8s-file"

[engine]
# crun refuses hybrid v1/v2 cgroups; runc works, and --memory/--cpus are enforced (cgroup v1)
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
)
conf_changed=0
if [ "$(cat "$CONF" 2>/dev/null)" != "$want" ]; then
  mkdir -p "$(dirname "$CONF")"
  if [ -s "$CONF" ] && ! grep -q 'container-runtime-setup.sh' "$CONF"; then
    cp "$CONF" "$CONF.orig"; say "saved the previous $CONF as $CONF.orig"
  fi
  printf '%s\n' "$want" >"$CONF"; conf_changed=1
  say "wrote $CONF (runc, cgroupfs, nofile=$nofile nproc=$nproc)"
else
  say "ok: $CONF up to date"
fi
[ "$(podman info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null)" = runc ] \
  || die "podman does not pick up runc from $CONF; check 'podman info'"

# --- 3. Docker-compatible API service -----------------------------------------------------------
ping_api() { [ "$(curl -s --max-time 5 --unix-socket "$SOCK" http://d/_ping 2>/dev/null)" = OK ]; }
our_pid() {  # the pid of a service this script started, if it is still running
  local p; p=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$p" ] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "podman system service.*$SOCK" && echo "$p"
}
if [ $conf_changed = 1 ] && p=$(our_pid); then
  say "restarting the API service (pid $p) to apply the new configuration"
  kill "$p"; for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
fi
if ping_api; then
  say "ok: API answering at unix://$SOCK"
  if [ $conf_changed = 1 ] && ! our_pid >/dev/null; then
    say "WARNING: the service on $SOCK was not started by this script; restart it to apply $CONF"
  fi
else
  mkdir -p "$(dirname "$SOCK")"; rm -f "$SOCK"
  # setsid + nohup: the service must outlive this script and its terminal/CI step
  setsid nohup sh -c 'echo $$ >"$1"; exec podman system service --time=0 "unix://$2"' sh "$PIDFILE" "$SOCK" \
    >>"$SVCLOG" 2>&1 </dev/null 9>&- &
  for _ in $(seq 100); do ping_api && break; sleep 0.1; done
  ping_api || { tail -20 "$SVCLOG" >&2; die "API service did not come up on $SOCK (log: $SVCLOG)"; }
  say "started the API service (pid $(cat "$PIDFILE")) at unix://$SOCK, log $SVCLOG"
fi

# --- 4. images ----------------------------------------------------------------------------------
label_of() { podman image inspect --format "{{index .Labels \"$LABEL\"}}" "$1" 2>/dev/null || echo missing; }
need_build() {  # build when missing, when built by an older recipe, or on --rebuild
  local l; l=$(label_of "$1")
  [ "$l" = missing ] && return 0
  [ $rebuild = 1 ] && return 0
  [ "$l" = "container-runtime-setup/$RECIPE" ] && { say "ok: $1 present"; return 1; }
  case $l in container-runtime-setup/*) return 0 ;; esac
  say "ok: $1 present (not built by this script; kept)"; return 1
}
stale=()
import() {  # import TARBALL NAME CMD [more --change args]
  local tarball=$1 name=$2 cmd=$3 old; shift 3
  old=$(podman image inspect --format '{{.Id}}' "$name" 2>/dev/null) && stale+=("$old")
  podman import -q --change "CMD $cmd" --change "LABEL $LABEL=container-runtime-setup/$RECIPE" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$@" \
    "$tarball" "$name" >/dev/null || die "podman import of $name failed"
}
busybox_root() {  # busybox-static with every applet linked at its usual path, as in busybox/alpine
  local r=$1
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,root,home,tmp,var/tmp,proc,sys,dev}
  cp /bin/busybox "$r/bin/busybox"
  for p in $(/bin/busybox --list-full); do
    case $p in */*) [ -e "$r/$p" ] || ln -s /bin/busybox "$r/$p" ;; esac
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  chmod 1777 "$r/tmp" "$r/var/tmp"
}
if need_build $BB; then
  busybox_root "$work/bb"
  tar --numeric-owner -C "$work/bb" -cf "$work/bb.tar" .
  import "$work/bb.tar" $BB '["sh"]'
  say "built $BB ($(podman image inspect --format '{{.Size}}' $BB) bytes)"
fi
if need_build $ALPINE; then
  [ -d "$work/bb" ] || busybox_root "$work/bb"
  printf '%s\n' 'NAME="BusyBox"' 'ID=busybox' 'ID_LIKE=alpine' 'VERSION_ID=3.23' \
    'PRETTY_NAME="BusyBox (local stand-in for alpine:3.23, no apk)"' >"$work/bb/etc/os-release"
  tar --numeric-owner -C "$work/bb" -cf "$work/alpine.tar" .
  import "$work/alpine.tar" $ALPINE '["/bin/sh"]'
  say "built $ALPINE"
fi
if need_build $ARGOSAY; then  # argoproj/argosay's entrypoint is /argosay
  [ -d "$work/bb" ] || busybox_root "$work/bb"
  install -m 0755 "$HERE/../images/argosay/argosay" "$work/bb/argosay"
  tar --numeric-owner -C "$work/bb" -cf "$work/argosay.tar" .
  rm -f "$work/bb/argosay"
  import "$work/argosay.tar" $ARGOSAY '[]' --change 'ENTRYPOINT ["/argosay"]'
  say "built $ARGOSAY"
fi
if [ $want_python = 1 ] && need_build $PY; then
  tarball=$CACHE/python-bookworm-$RECIPE.tar
  if [ ! -s "$tarball" ] || [ $rebuild = 1 ]; then
    say "debootstrapping a bookworm minbase root with python3 (about 35 s)"
    r=$work/py; t1=$(date +%s)
    debootstrap --variant=minbase --include=python3 bookworm "$r" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap from $MIRROR failed"; }
    ln -sf python3 "$r/usr/bin/python"
    rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* \
           "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/*
    mkdir -p "$CACHE"
    tar --numeric-owner --exclude='./dev/*' -C "$r" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    say "python root ready in $(( $(date +%s) - t1 )) s, cached as $tarball"
  else
    say "re-importing the python root from $tarball"
  fi
  import "$tarball" $PY '["python3"]' --change 'ENV LANG=C.UTF-8'
  say "built $PY ($(podman image inspect --format '{{.Size}}' $PY) bytes)"
fi
img() { podman image inspect --format "{{.Id}} {{index .Labels \"$LABEL\"}}" "$1" 2>/dev/null || echo missing; }
declare -A src_img=()
for pair in "${ALIASES[@]}"; do  # add an alias if missing; move it if it points at an older build of ours
  src=${pair% *}; t=${pair#* }
  [ -n "${src_img[$src]:-}" ] || src_img[$src]=$(img "$src")
  case ${src_img[$src]} in *" container-runtime-setup/"*) ;; *) continue ;; esac   # not built here
  cur=$(img "$t")
  case $cur in
    missing) ;;
    "${src_img[$src]}") continue ;;                     # already the current image
    *" container-runtime-setup/"*) ;;                   # an older build of ours: move the tag
    *) continue ;;                                      # someone else's image: keep it
  esac
  podman tag "$src" "$t"; say "tagged $t"
done
for i in "${stale[@]}"; do  # images replaced by a rebuild, once no tag points at them
  if [ "$(podman image inspect --format '{{len .RepoTags}}' "$i" 2>/dev/null)" = 0 ]; then
    podman rmi "$i" >/dev/null 2>&1 || true
  fi
done

# --- 5. smoke tests -----------------------------------------------------------------------------
out=$(podman run --rm --memory 64m --cpus 0.5 $BB sh -c 'echo cli-ok' 2>&1) || die "podman run failed: $out"
[ "$out" = cli-ok ] || die "podman run printed: $out"
if [ $want_python = 1 ]; then
  out=$(podman run --rm $PY python -c 'import json; print(json.dumps("py-ok"))' 2>&1) || die "python image failed: $out"
  [ "$out" = '"py-ok"' ] || die "python image printed: $out"
fi
api() { curl -s --max-time 30 --unix-socket "$SOCK" "$@"; }
id=$(api -X POST -H 'Content-Type: application/json' http://d/v1.41/containers/create \
       -d '{"Image":"busybox","Cmd":["sh","-c","echo api-ok; exit 3"]}' | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$id" ] || die "API create failed"
api -X POST "http://d/v1.41/containers/$id/start" >/dev/null
code=$(api -X POST "http://d/v1.41/containers/$id/wait" | sed -n 's/.*"StatusCode":\([-0-9]*\).*/\1/p')
logs=$(api "http://d/v1.41/containers/$id/logs?stdout=1&stderr=1" | tail -c +9)  # 8-byte frame header
api -X DELETE "http://d/v1.41/containers/$id?force=1" >/dev/null
[ "$code" = 3 ] && [ "$logs" = api-ok ] || die "API create/start/wait/logs: exit '$code', logs '$logs'"
out=$(podman run --rm $ARGOSAY echo argosay-ok 2>&1) || die "argosay image failed: $out"
[ "$out" = argosay-ok ] || die "argosay image printed: $out"
say "smoke tests passed (podman run, $([ $want_python = 1 ] && echo 'python, ')API create/start/wait/logs)"

say "done in $(( $(date +%s) - t0 )) s. API: unix://$SOCK (DOCKER_HOST=unix://$SOCK)"
say "images: $(podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '/(busybox|alpine|python|debian|argosay):' | sort | tr '\n' ' ')"
