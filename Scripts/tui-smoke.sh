#!/usr/bin/env bash
# Smoke test of the real ncurses adapter under tmux: start `vigil tui` detached on the shipped demo,
# send keys, capture the pane, resize, quit, and check the exit status and the restored terminal.
#   Scripts/tui-smoke.sh [VIGIL_BINARY]      (skipped, exit 0, when tmux is not installed)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
vigil=$(realpath "${1:-$repo/.build/debug/vigil}")
command -v tmux >/dev/null || { echo "tui-smoke: tmux is not installed: skipped"; exit 0; }

work=$(mktemp -d)
session=vigil-smoke
# A private tmux server (its own socket): never touches the user's sessions, always killed at the end.
tmux() { command tmux -S "$work/tmux.socket" "$@"; }
server=""
cleanup() {
    tmux kill-server >/dev/null 2>&1 || true
    [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

cd "$repo"
"$vigil" audit --at 2026-11-29T12:00:00Z --home "$work/ws" --quiet >/dev/null 2>&1 || [ $? -le 1 ]

fail() { echo "tui-smoke: $1"; tmux capture-pane -p -t "$session" 2>/dev/null || true; ps -o pid,stat,wchan:24,args -C vigil || true; exit 1; }
wait_for() {
    for _ in $(seq 100); do
        tmux capture-pane -p -t "$session" | grep -q -- "$1" && return 0
        sleep 0.1
    done
    fail "timed out waiting for '$1'"
}

# The shell around vigil writes its exit status to a file: tmux's own pane status is not always
# collected in time (it may see the pane's pty close before it reaps the process).
wait_exit_status() {
    for _ in $(seq 100); do
        [ -s "$work/exit-status" ] && break
        sleep 0.1
    done
    [ "$(cat "$work/exit-status" 2>/dev/null)" = "$1" ] \
        || fail "after $2: exit status '$(cat "$work/exit-status" 2>/dev/null)', expected $1"
}

tmux new-session -d -s "$session" -x 100 -y 30 \
    "env TERM=xterm-256color LANG=C.UTF-8 '$vigil' tui --home '$work/ws' --at 2026-11-29T12:00:00Z; echo \$? > '$work/exit-status'"
tmux set-option -t "$session" remain-on-exit on
server=$(tmux display -p -t "$session" '#{pid}')

wait_for "\[Controls\]"
wait_for "✗ FAIL     FW-01"                                   # UTF-8 symbols drawn by ncursesw
tmux capture-pane -p -e -t "$session" | grep -q $'\e\[' || fail "no attributes (colour/reverse) in the pane"

tmux send-keys -t "$session" j j Enter                        # open FW-02 (DOC-01 and FW-01 above it)
wait_for "host:build-01"
wait_for "fresh within 7d"

tmux resize-window -t "$session" -x 60 -y 20
wait_for "\[1/6\]"
width=$(tmux capture-pane -p -t "$session" | LC_ALL=C.UTF-8 wc -L)
[ "$width" -le 60 ] || fail "lines wider than the resized pane ($width > 60)"

tmux resize-window -t "$session" -x 100 -y 30
wait_for "host:build-01"

tmux send-keys -t "$session" Escape Tab
wait_for "\[Scope gaps\]"
tmux send-keys -t "$session" q
wait_exit_status 0 "q"

# SIGTERM restores the terminal too: the handler calls endwin and exits 128 + 15.
rm -f "$work/exit-status"
tmux respawn-pane -k -t "$session" \
    "env TERM=xterm-256color LANG=C.UTF-8 '$vigil' tui --home '$work/ws' --at 2026-11-29T12:00:00Z; echo \$? > '$work/exit-status'"
wait_for "\[Controls\]"
pid=$(pgrep -P "$(tmux display -p -t "$session" '#{pane_pid}')" -f "tui --home")
kill -TERM "$pid"
wait_exit_status 143 "SIGTERM (the handler calls endwin and exits 128 + 15)"
echo "tui-smoke: ok"
