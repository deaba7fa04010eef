# Run in the guest (guest-exec /bin/sh -c) to leave org.qemu.guest_agent.1 without an agent, as in
# a guest that runs only one qemu-ga: stop init's restart loop for that port, then its qemu-ga.
# busybox here has no pgrep, and qemu-ga writes no pid file unless it daemonizes: read /proc.
for dir in /proc/[0-9]*; do
    case "$(tr '\0' ' ' < "$dir/cmdline" 2>/dev/null)" in
        "qemu-ga "*"/org.qemu.guest_agent.1 "*) agent=${dir#/proc/} ;;
    esac
done
[ -n "$agent" ] || { echo "no qemu-ga on org.qemu.guest_agent.1" >&2; exit 1; }
loop=$(cut -d' ' -f4 "/proc/$agent/stat")
[ "$loop" != 1 ] || { echo "qemu-ga on org.qemu.guest_agent.1 is init's own child" >&2; exit 1; }
kill -9 "$loop" && kill "$agent"
