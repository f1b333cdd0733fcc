#!/usr/bin/env bash
# The terminal's image, measured (root: debootstrap, chroot; QEMU under TCG, no KVM):
#   tests/bench/image.sh        (from the source tree, after ./dev test built build/)
# Prints one figure a line: image_mb, image_build_s (with Debian's downloads cached),
# boot_to_first_frame_s (TCG), kiosk_rss_mb_in_guest, cage_rss_mb_in_guest, unit_exposure,
# power_cuts, power_cut_lost, power_cut_doubled, and the others the boot test prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/bench-image
mkdir -p "$out"
[ -e build/debs ] || image/build-debs build/debs >/dev/null
start=$(date +%s)
GIAITRINH_DEBS=build/debs image/build-image "$out" >"$out/build.log"
echo "image_build_s: $(( $(date +%s) - start ))"
echo "image_mb: $(( $(stat -c %s "$out/giaitrinh-kiosk.img") / 1048576 ))"
echo "image_allocated_mb: $(( $(du -k "$out/giaitrinh-kiosk.img" | cut -f1) / 1024 ))"
score=$(cd "$out" && systemd-analyze security --offline=yes --no-pager \
  "$PWD/../../debian/giaitrinh-kiosk.service" 2>/dev/null |
  sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "unit_exposure: $score"
python3 tests/image/boot_test.py --image "$out/giaitrinh-kiosk.img" --kiosk build/bin/kiosk \
  --portal build/bin/giaitrinh-portal --source . --work "$out/boot" | grep -E '^[a-z_0-9]+: '
