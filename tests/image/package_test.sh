#!/usr/bin/env bash
# The Debian packages: built by debhelper from this tree, checked by lintian, their contents and
# version as promised, and their units' sandboxing scored by systemd-analyze security.
#   tests/image/package_test.sh SOURCE_DIR OUT_DIR
set -euo pipefail
src=$1
out=$2
fail() { echo "FAILED: $*" >&2; exit 1; }
start=$(date +%s)
if [ -n "${GIAITRINH_REUSE_DEBS:-}" ] && ls "$out"/giaitrinh-kiosk_*.deb >/dev/null 2>&1; then
  echo "package_test: checking the packages already in $out"  # a developer's quick re-check
else
  "$src/image/build-debs" "$out" >/dev/null
  echo "deb_build_s: $(( $(date +%s) - start ))"
fi
kiosk=$(ls "$out"/giaitrinh-kiosk_*_amd64.deb)
portal=$(ls "$out"/giaitrinh-portal_*_amd64.deb)
for deb in "$kiosk" "$portal"; do echo "$(basename "$deb")_kb: $(( $(stat -c %s "$deb") / 1024 ))"; done

# One version: debian/changelog's, in the file names and printed by both programs.
want=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
[[ $kiosk == *"_${want}_"* ]] || fail "kiosk package version is not $want"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -x "$kiosk" "$scratch/k"
dpkg-deb -x "$portal" "$scratch/p"
got=$("$scratch/k/usr/bin/giaitrinh-kiosk" --version)
[ "$got" = "giaitrinh-kiosk ${want%-*}" ] || fail "kiosk --version says '$got', not ${want%-*}"
got=$("$scratch/p/usr/bin/giaitrinh-portal" --version)
[ "$got" = "giaitrinh-portal ${want%-*}" ] || fail "portal --version says '$got'"
echo "ok: both programs print version ${want%-*}"

# What the kiosk package installs.
for f in usr/bin/giaitrinh-kiosk usr/share/giaitrinh-kiosk/demo/catalog.json \
         usr/lib/sysusers.d/giaitrinh-kiosk.conf usr/lib/tmpfiles.d/giaitrinh-kiosk.conf \
         lib/udev/rules.d/60-giaitrinh-kiosk.rules lib/systemd/system/giaitrinh-kiosk.service \
         etc/giaitrinh-kiosk/kiosk.json; do
  [ -e "$scratch/k/$f" ] || fail "giaitrinh-kiosk does not install /$f"
done
[ -x "$scratch/k/usr/libexec/giaitrinh-kiosk/session" ] ||
  fail "giaitrinh-kiosk does not install its session script"
sh -n "$scratch/k/usr/libexec/giaitrinh-kiosk/session" || fail "the session script does not parse"
for font in NotoSans-Regular.ttf NotoSans-Bold.ttf; do
  link=$(readlink "$scratch/k/usr/share/giaitrinh-kiosk/fonts/$font") ||
    fail "$font is not a link to Debian's font"
  # dh_link makes it relative, as Debian's policy wants: resolve it inside the package's tree.
  target=$(realpath -m "/usr/share/giaitrinh-kiosk/fonts/$link")
  [ "$target" = "/usr/share/fonts/truetype/noto/$font" ] || fail "$font links to $link"
done
dpkg-deb -f "$kiosk" Depends | grep -q fonts-noto-core || fail "no dependency on fonts-noto-core"
grep -q "0700 giaitrinh-kiosk" "$scratch/k/usr/lib/tmpfiles.d/giaitrinh-kiosk.conf" ||
  fail "the state folder is not 0700"
for f in usr/bin/giaitrinh-portal lib/systemd/system/giaitrinh-portal.service \
         usr/lib/sysusers.d/giaitrinh-portal.conf; do
  [ -e "$scratch/p/$f" ] || fail "giaitrinh-portal does not install /$f"
done
for deb in "$kiosk" "$portal"; do  # the maintainer scripts parse, and make the user first
  dpkg-deb -e "$deb" "$scratch/ctrl"
  sh -n "$scratch/ctrl/postinst" || fail "$(basename "$deb"): the postinst does not parse"
  first=$(grep -nE 'systemd-(sysusers|tmpfiles)' "$scratch/ctrl/postinst" | head -1)
  [[ $first == *systemd-sysusers* ]] || fail "$(basename "$deb"): tmpfiles run before sysusers"
  rm -rf "$scratch/ctrl"
done
echo "ok: the packages hold the programs, units, sysusers, tmpfiles, udev rules, session script"

# lintian: no error; what it still says is printed (and explained in the packaging notes).
lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "$out"/*.changes \
  >"$scratch/lintian.txt" 2>&1 || { cat "$scratch/lintian.txt"; fail "lintian found errors"; }
grep -E "^[EWI]:" "$scratch/lintian.txt" | sed 's/^/lintian: /' || true
echo "lintian_tags: $(grep -cE '^[EW]:' "$scratch/lintian.txt" || true)"

# The units' exposure (lower is safer): the kiosk must stay "OK" (below 2.0).
for unit in giaitrinh-kiosk giaitrinh-portal; do
  score=$(cd "$scratch" && systemd-analyze security --offline=yes --no-pager \
    "$src/debian/$unit.service" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  [ -n "$score" ] || fail "systemd-analyze security gave no score for $unit"
  echo "unit_exposure_${unit#giaitrinh-}: $score"
  awk -v s="$score" 'BEGIN { exit !(s < 2.0) }' || fail "$unit's exposure $score is not below 2.0"
done
