#!/bin/sh
# train-cds.sh JAR ARCHIVE [QGA-LAUNCHER]
# Writes a class-data-sharing archive for qga: one shell session in a pseudo-terminal (script from
# util-linux) that also sends a request, so the archive holds the classes of the shell and of the
# one-shot path alike. It talks to a private local: agent when qemu-ga is installed, and otherwise
# to nothing (the archive then lacks only the protocol's few classes). The launcher uses the
# archive when it is there; a missing or stale one is simply not used. Never fails the caller.
jar=$1
archive=$2
launcher=${3:-$(dirname "$0")/../../bin/qga-shell}
rm -f "$archive"
if ! command -v script >/dev/null 2>&1; then
  echo "train-cds: no 'script' (util-linux): no class-data-sharing archive" >&2
  exit 0
fi
address=unix:/nonexistent/qga.sock
if [ -x /usr/sbin/qemu-ga ] || command -v qemu-ga >/dev/null 2>&1; then address=local:; fi
state=$(mktemp -d)
( printf 'guest-get-osinfo\n'; sleep 3; printf '\004' ) |
  QGA_JAR=$jar QGA_CDS=0 QGA_JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive -Xlog:disable" TERM=xterm NO_COLOR=1 \
  XDG_STATE_HOME=$state XDG_CONFIG_HOME=$state timeout 60 script -qfec "stty cols 120 rows 40; $launcher $address" /dev/null \
  > /dev/null 2>&1
rm -rf "$state"
if [ -s "$archive" ]; then
  echo "train-cds: wrote $archive ($(wc -c < "$archive") bytes, trained against $address)"
else
  echo "train-cds: could not write $archive; qga runs without it" >&2
fi
exit 0
