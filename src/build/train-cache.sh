#!/bin/sh
# train-cache.sh [--every-java] JAR [QGA-SHELL-LAUNCHER]
# Writes qga's class caches for JAR, where bin/qga looks for them (beside the jar; in /var/cache/qga
# for the Debian package's /usr/share/qga/qga.jar), for the Java bin/qga runs: the one QGA_JAVA
# names, else JAVA_HOME's, else java on PATH. On Java 17 to 24 that is a class-data-sharing
# archive; on 25 and later two AOT caches, one for the shell and one for everything else (an AOT
# cache loads all its classes at start, and the one-shot path has no use for JLine's).
# --every-java (the package, at install and when a Java under /usr/lib/jvm changes): first removes
# the caches there, then trains for every Java under /usr/lib/jvm, the default one last, so that it
# wins over another of the same version.
# The launcher does the training itself (QGA_TRAIN=1): a shell session in a pseudo-terminal (script
# from util-linux) that sends a request, and for 25 and later a run of qga.cli.AotTraining through
# the one-shot, pipe and help paths. Both talk to a private local: agent when qemu-ga is installed,
# and otherwise to nothing (the caches then lack only the protocol's few classes). A missing or
# stale cache is simply not used: this script never fails its caller.
every=""
if [ "${1:-}" = --every-java ]; then every=1; shift; fi
jar=$1
launcher=${2:-$(dirname "$0")/../../bin/qga-shell}
case $jar in /usr/share/qga/qga.jar) dir=/var/cache/qga ;; *) dir=$(dirname "$jar") ;; esac
if ! command -v script >/dev/null 2>&1; then
  echo "train-cache: no 'script' (util-linux): no class cache" >&2
  exit 0
fi
address=unix:/nonexistent/qga.sock
if [ -x /usr/sbin/qemu-ga ] || command -v qemu-ga >/dev/null 2>&1; then address=local:; fi
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT

# train JAVA: both runs for one Java (empty: the launcher's own choice)
train() {
  touch "$state/mark"
  ( printf 'guest-get-osinfo\n'; sleep 3; printf '\004' ) |
    QGA_JAVA=$1 QGA_JAR=$jar QGA_TRAIN=1 TERM=xterm NO_COLOR=1 XDG_STATE_HOME=$state \
    XDG_CONFIG_HOME=$state timeout 60 script -qfec "stty cols 120 rows 40; $launcher $address" /dev/null \
    > /dev/null 2>&1
  QGA_JAVA=$1 QGA_JAR=$jar QGA_TRAIN=1 XDG_STATE_HOME=$state XDG_CONFIG_HOME=$state \
    timeout 60 "$launcher" "$address" < /dev/null > /dev/null 2>&1
  written=$(find "$dir" -maxdepth 1 -newer "$state/mark" \( -name '*.java*.jsa' -o -name '*.java*.aot' \) | sort)
  if [ -n "$written" ]; then
    echo "$written" | while IFS= read -r file; do
      echo "train-cache: wrote $file ($(wc -c < "$file") bytes, for ${1:-the default java}, trained against $address)"
    done
  else
    echo "train-cache: no cache written for ${1:-the default java}; qga runs without one" >&2
  fi
}

if [ -n "$every" ]; then
  rm -f "$dir"/*.java*.jsa "$dir"/*.java*.aot
  default=$(readlink -f "$(command -v java)" 2>/dev/null)
  seen=" $default "
  for candidate in /usr/lib/jvm/*/bin/java; do
    real=$(readlink -f "$candidate") || continue
    case $seen in *" $real "*) continue ;; esac
    seen="$seen$real "
    [ -x "$real" ] && train "$real"
  done
  [ -n "$default" ] && train "$default"
else
  train "${QGA_JAVA:-}"
fi
exit 0
