#!/usr/bin/env bash
# The kiosk full screen inside cage, as on the terminal: cage's headless output (1280×720), and
# the same output rotated (cage -r: 720×1280). The kiosk must take the layout of the output's
# shape at the output's size and draw frames. cage refuses root: the test runs it as nobody.
#   tests/ui/cage_test.sh KIOSK SHARE_DIR
set -euo pipefail
kiosk=$1
share=$2
run=$(mktemp -d /tmp/kiosk-cage.XXXXXX)
trap 'rm -rf "$run"' EXIT
chown nobody "$run"
chmod 0700 "$run"
check() {  # check ROTATE EXPECTED_LINE
  local log=$run/kiosk-$1.log
  timeout 120 setpriv --reuid=nobody --regid=nogroup --clear-groups \
    env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
    WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman SDL_VIDEODRIVER=wayland \
    cage $1 -- "$kiosk" --fullscreen --assets "$share" --state-dir "$run/state$1" \
      --exit-after-ms 6000 --scanner-port off --camera off --printer off >"$log" 2>&1 ||
    { cat "$log"; echo "FAILED: the kiosk did not run in cage ($1)"; exit 1; }
  grep -q "$2" "$log" || { cat "$log"; echo "FAILED: expected '$2' in cage ($1)"; exit 1; }
  grep -q "first frame on screen" "$log" || { cat "$log"; echo "FAILED: no frame"; exit 1; }
  echo "ok: cage $1: $2"
}
check "-d" "display: output 1280×720, laid out as 1920×1080 landscape"
check "-r" "display: output 720×1280, laid out as 1080×1920 portrait"
