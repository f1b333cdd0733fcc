#!/usr/bin/env python3
"""Boots the terminal's disk image in QEMU (UEFI, TCG) as a province's technician would meet it:

1. first boot: the kiosk's first frame on the serial console, the screen (QMP screendump) is the
   provisioning screen, as the kiosk itself draws it for that output;
2. lockdown: Ctrl+Alt+F2, Ctrl+Alt+F3, Alt+F4, Ctrl+Alt+Del, Ctrl+Alt+Backspace change nothing:
   the screen stays the kiosk (a login prompt on another VT would show), the kiosk is not
   restarted, the machine does not reboot;
3. provisioning against the reference portal on the host (QEMU's user network reaches it at
   10.0.2.2) with the portal's enrolment QR (through QEMU's fw_cfg), as the kiosk's user;
4. a boot of the provisioned terminal: the home screen, straight away; SSH: nothing listened on
   port 22 before a technician's key was added (at provisioning), now the key opens a root
   shell and nothing but a key is accepted;
5. power cuts during submissions inside the guest: nothing lost, nothing twice.
Without a display the screen checks (1, 2, 4) can be left out with --no-gui.

usage: boot_test.py --image IMG --kiosk KIOSK --portal PORTAL --source SRC --work DIR
Prints figures as `name: value` lines (boot_to_first_frame_s, ...)."""

import argparse
import re
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from vm import Vm, read_png_rgb  # noqa: E402

FIRST_FRAME = "first frame on screen"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def differing(shot, ref, threshold=48):
    """The share of the screen's pixels that match no reference pixel at the same place (within
    one pixel: the kiosk's screenshot is at its layout's size, the screen at the output's, the
    same shape scaled, so edges land a pixel apart) to within `threshold` in every channel."""
    (ws, hs, ps), (wr, hr, pr) = shot, ref
    if abs(ws / hs - wr / hr) > 0.01:
        return 1.0

    def near(i, j):
        return (abs(ps[i] - pr[j]) <= threshold and abs(ps[i + 1] - pr[j + 1]) <= threshold
                and abs(ps[i + 2] - pr[j + 2]) <= threshold)

    n = bad = 0
    for y in range(3, hs - 3, 7):  # a grid of every 7th pixel: enough to tell screens apart
        ry = y * hr // hs
        for x in range(3, ws - 3, 7):
            i, rx = 3 * (y * ws + x), x * wr // ws
            n += 1
            if not any(near(i, 3 * ((ry + dy) * wr + rx + dx))
                       for dy in (0, -1, 1) for dx in (0, -1, 1)):
                bad += 1
    return bad / max(n, 1)


def reference(args, screen, size, out_png, state):
    """The kiosk's own drawing of `screen` for an output of `size`, from the same tree."""
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    cmd = [args.kiosk, "--output", f"{size[0]}x{size[1]}", "--screen", screen, "--screenshot",
           out_png, "--state-dir", state, "--config", os.path.join(args.source, "debian", "conf",
                                                                  "kiosk.json")]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return read_png_rgb(out_png)


def check(ok, what):
    print(("ok: " if ok else "FAILED: ") + what, flush=True)
    if not ok:
        raise SystemExit(1)


def kernel_boot(work, image):
    """The image's own kernel and initrd, read off its ESP with mtools, for a direct kernel boot
    that can add to the kernel's command line (UEFI's systemd-boot lets no one edit it)."""
    out = subprocess.run(["sfdisk", "-J", image], check=True, capture_output=True, text=True).stdout
    import json
    esp = json.loads(out)["partitiontable"]["partitions"][0]
    offset = int(esp["start"]) * 512
    files = {}
    for name in ("vmlinuz", "initrd.img"):
        files[name] = os.path.join(work, name)
        subprocess.run(["mcopy", "-o", "-i", f"{image}@@{offset}", f"::/{name}", files[name]],
                       check=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    with open(os.path.join(work, "entry.conf"), "wb") as f:
        subprocess.run(["mcopy", "-i", f"{image}@@{offset}", "::/loader/entries/giaitrinh.conf",
                        "-"], check=True, stdout=f, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    with open(os.path.join(work, "entry.conf")) as f:
        cmdline = next(line.split(" ", 1)[1].strip() for line in f if line.startswith("options "))
    return files["vmlinuz"], files["initrd.img"], cmdline


def gui_checks(args, vm, work):
    """The screen: the first frame is the provisioning screen as the kiosk itself draws it for
    this output, and keys that leave a desktop or a console change nothing."""
    t = vm.wait_serial(FIRST_FRAME, 900)
    print(f"boot_to_first_frame_s: {t:.1f}", flush=True)
    time.sleep(15)  # the first frames under TCG's software GL; let it settle
    shot = vm.screendump(os.path.join(work, "first-boot.png"))
    size = shot[:2]
    ref_state = os.path.join(work, "ref-state")
    prov = reference(args, "provisioning", size, os.path.join(work, "ref-provisioning.png"),
                     ref_state)
    home = reference(args, "home", size, os.path.join(work, "ref-home.png"), ref_state)
    d_prov, d_home = differing(shot, prov), differing(shot, home)
    print(f"first_boot_vs_provisioning: {d_prov:.3f}\nfirst_boot_vs_home: {d_home:.3f}")
    check(d_prov < 0.03 and d_home > 0.10, "first boot shows the provisioning screen")
    # The keyboard reaches the kiosk through cage: a burst typed as a wedge scanner types (ten
    # characters, then Enter) is read as a scan, and the provisioning screen says under its form
    # that this is not a provisioning QR. Without it the lockdown keys below could be lost on
    # the way and prove nothing.
    vm.type_burst(["z"] * 10 + ["ret"])
    time.sleep(8)
    scanned = vm.screendump(os.path.join(work, "after-scan.png"))
    d_scan = differing(scanned, shot)  # exactly 0 when nothing changed; the message is a line
    print(f"scan_changed_screen: {d_scan:.4f}", flush=True)
    check(0.0005 < d_scan < 0.05, "a scan typed on the keyboard reaches the kiosk (its message shows)")
    frames_before = vm.serial().count(FIRST_FRAME)
    for keys in (["ctrl", "alt", "f2"], ["ctrl", "alt", "f3"], ["alt", "f4"],
                 ["ctrl", "alt", "delete"], ["ctrl", "alt", "backspace"]):
        vm.send_keys(*keys)
        time.sleep(3)
    time.sleep(10)
    after = vm.screendump(os.path.join(work, "after-keys.png"))
    check(differing(after, scanned) < 0.01, "after the keys: still the kiosk, as it was")
    check(vm.proc.poll() is None, "the machine did not reboot")
    check(vm.serial().count(FIRST_FRAME) == frames_before, "the kiosk was not restarted")
    # The kiosk logs its own and cage's resident memory once, 45 s after it starts.
    vm.wait_serial("memory: kiosk", 300)
    m = re.search(r"memory: kiosk (\d+) MB, parent cage (\d+) MB", vm.serial())
    check(m is not None, "the kiosk reported its memory and cage's")
    print(f"kiosk_rss_mb_in_guest: {m.group(1)}\ncage_rss_mb_in_guest: {m.group(2)}", flush=True)


def home_after_reboot(args, vm, work, key):
    """A provisioned terminal boots (UEFI, as it will every morning) straight to the home
    screen, not the provisioning screen."""
    vm.uefi = True
    vm.extra = []
    vm.start()
    t = vm.wait_serial(FIRST_FRAME, 900)
    print(f"provisioned_boot_to_first_frame_s: {t:.1f}", flush=True)
    time.sleep(15)
    shot = vm.screendump(os.path.join(work, "provisioned-boot.png"))
    ref_state = os.path.join(work, "ref-state")
    prov = reference(args, "provisioning", shot[:2], os.path.join(work, "ref-provisioning.png"),
                     ref_state)
    home = reference(args, "home", shot[:2], os.path.join(work, "ref-home.png"), ref_state)
    d_prov, d_home = differing(shot, prov), differing(shot, home)
    print(f"provisioned_boot_vs_provisioning: {d_prov:.3f}\nprovisioned_boot_vs_home: {d_home:.3f}")
    check(d_home < 0.10 and d_prov > 0.30, "a provisioned terminal boots to the home screen")
    ssh_checks(vm, key)
    vm.power_cut()


def ssh_checks(vm, key):
    """With a technician's key on the terminal: sshd answers, the key opens a root shell, and
    nothing but a key is offered (no password, no keyboard-interactive)."""
    banner = vm.ssh_banner(timeout_s=120)
    check(banner.startswith("SSH-2.0-"), "sshd answers once the terminal has a technician's key")
    ssh = ["ssh", "-p", str(vm.ssh_port), "-o", "StrictHostKeyChecking=no",
           "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=60"]
    got = subprocess.run(ssh + ["-i", key, "root@127.0.0.1",
                                "id -u; systemctl is-active giaitrinh-kiosk.service; "
                                "systemctl show -p NRestarts --value giaitrinh-kiosk.service"],
                         capture_output=True, text=True, timeout=180)
    print(f"(over ssh: {got.stdout.split()})", flush=True)
    check(got.stdout.split()[:1] == ["0"], "the technician's key opens a root shell")
    # Minutes after boot: the kiosk's unit is active (its READY reached systemd) and was never
    # restarted (the watchdog's pings reach it too).
    check(got.stdout.split()[1:] == ["active", "0"],
          "the kiosk's unit is active and was never restarted")
    refused = subprocess.run(ssh + ["-o", "PubkeyAuthentication=no", "-o", "IdentitiesOnly=yes",
                                    "root@127.0.0.1", "true"],
                             capture_output=True, text=True, timeout=180)
    offered = re.search(r"Permission denied \(([^)]*)\)", refused.stderr)
    check(refused.returncode != 0 and offered and offered.group(1) == "publickey",
          "without the key: refused, and only a key is offered")


def power_cuts(args, vm, work, portal_db, kernel, initrd, cmdline):
    """Burn-in submissions inside the guest (the terminal's own headless path, as its user), the
    power cut at random moments; after every boot SQLite's integrity_check; at the end every
    receipt shown is in the terminal's outbox and at the portal exactly once."""
    import random
    import re
    rng = random.Random(int(os.environ.get("POWER_CUT_SEED", "15")))
    soak = ("exec >/dev/ttyS0 2>&1; exec setpriv --reuid=giaitrinh-kiosk --regid=giaitrinh-kiosk "
            "--init-groups /usr/bin/giaitrinh-kiosk --headless {extra} "
            "--config /etc/giaitrinh-kiosk/kiosk.json --state-dir /var/lib/giaitrinh-kiosk")

    def boot(extra, then=""):
        run = soak.format(extra=extra)
        vm.uefi = False  # QEMU loads the kernel itself: the BIOS path, nothing to choose
        vm.extra = ["-kernel", kernel, "-initrd", initrd, "-append",
                    f'{cmdline} systemd.run="/bin/sh -c \'{run}\'" {then} '
                    # systemd.run boots into its own target: the network is asked for by name.
                    "systemd.wants=systemd-networkd.service"]
        vm.start()

    shown = []
    cuts = 0
    for cycle in range(args.power_cuts):
        boot("--soak-every-ms 400")
        vm.wait_serial("store integrity_check:", 600)
        text = vm.serial()
        m = re.search(r"store integrity_check: (.*)", text)
        check(m and m.group(1).strip() == "ok", f"boot {cycle + 1}: integrity_check ok")
        want = rng.randint(1, 6)
        deadline = time.monotonic() + 300
        while len(re.findall(r"request queued: (\S+)", vm.serial())) < want:
            if time.monotonic() > deadline:
                raise SystemExit("FAILED: no burn-in submissions in the guest")
            time.sleep(0.2)
        time.sleep(rng.uniform(0, 1.5))
        vm.power_cut()
        cuts += 1
        shown += re.findall(r"request queued: (\S+)", vm.serial())
    # One more boot, no new submissions: the queue drains to the portal, then a clean power-off.
    boot("--until-drained", "systemd.run_success_action=poweroff")
    vm.wait_serial("store integrity_check:", 600)
    m = re.search(r"store integrity_check: (.*)", vm.serial())
    check(m and m.group(1).strip() == "ok", "last boot: integrity_check ok")
    try:
        vm.proc.wait(timeout=600)  # drained, then powered off by systemd
    except subprocess.TimeoutExpired:
        raise SystemExit("FAILED: the guest did not drain its queue and power off")
    import sqlite3
    con = sqlite3.connect(portal_db)
    at_portal = [r[0] for r in con.execute("SELECT code FROM requests")]
    con.close()
    lost = [c for c in shown if c not in at_portal]
    doubled = len(at_portal) - len(set(at_portal)) + len(shown) - len(set(shown))
    print(f"power_cuts: {cuts}\nreceipts_shown: {len(shown)}\nat_portal: {len(at_portal)}\n"
          f"power_cut_lost: {len(lost)}\npower_cut_doubled: {doubled}", flush=True)
    check(not lost, "every receipt shown reached the portal")
    check(doubled == 0, "no receipt twice")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--image", required=True)
    p.add_argument("--kiosk", required=True)
    p.add_argument("--portal", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--power-cuts", type=int, default=10)
    p.add_argument("--no-gui", dest="gui", action="store_false",
                   help="skip the screen checks (first frame, screendumps, lockdown keys, memory)")
    args = p.parse_args()
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    disk = os.path.join(work, "disk.qcow2")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
                    os.path.abspath(args.image), disk], check=True)
    vm = Vm(work, disk, ssh_port=free_port())
    # A technician's SSH key, added to the terminal at provisioning (below).
    key = os.path.join(work, "technician")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "technician", "-f", key],
                   check=True)
    portal = None
    try:
        # 1. The image as a terminal boots it: UEFI, systemd-boot, the squashfs root, the state
        #    partition checked and mounted at /var, the kiosk's session started; no login prompt.
        vm.start()
        t = vm.wait_serial("Starting giaitrinh-kiosk.service", 900)
        print(f"boot_to_kiosk_session_s: {t:.1f}", flush=True)
        # "Started": systemd took the kiosk's READY (sent from inside cage, after its first
        # frame) as the unit's own.
        t = vm.wait_serial("Started giaitrinh-kiosk.service", 600)
        print(f"boot_to_kiosk_ready_s: {t:.1f}", flush=True)
        text = vm.serial()
        check("gt-state: clean" in text, "the state partition was checked at boot (fsck)")
        check("Mounted var.mount" in text, "the state partition is mounted at /var")
        check(re.search(r"Started (serial-|console-|container-)?getty", text) is None,
              "no getty was started (no login prompt on any console)")
        check("login:" not in text, "no login prompt on the serial console")
        if args.gui:
            gui_checks(args, vm, work)
        check(vm.ssh_banner(timeout_s=5) == "",
              "no SSH server on a terminal without a technician's key")
        vm.power_cut()

        # 2. Provisioning against the reference portal on the host (QEMU's user network reaches
        #    it at 10.0.2.2), by the portal's QR, as the kiosk's user (the same library as the
        #    provisioning screen: `giaitrinh-kiosk provision`).
        ca = os.path.join(work, "ca")
        subprocess.run([os.path.join(args.source, "portal", "make-demo-ca"), ca, "10.0.2.2"],
                       check=True)
        port = free_port()
        db = os.path.join(work, "portal.db")
        secret = os.path.join(args.source, "portal", "demo", "portal_secret_key.b64")
        catalog = os.path.join(args.source, "assets", "demo", "catalog.json")
        common = ["--db", db, "--secret-key", secret, "--catalog", catalog]
        portal = subprocess.Popen([args.portal, "serve"] + common + [
            "--cert", os.path.join(ca, "server.pem"), "--key", os.path.join(ca, "server.key"),
            "--ca", os.path.join(ca, "ca.pem"), "--port", str(port), "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        made = subprocess.run([args.portal, "admin", "enroll-code", "VL01"] + common + [
            "--portal", f"https://10.0.2.2:{port}", "--ca", os.path.join(ca, "ca.pem")],
            check=True, capture_output=True, text=True).stdout.split()
        qr = made[-1]
        kernel, initrd, cmdline = kernel_boot(work, os.path.abspath(args.image))
        # ($$: systemd would expand $ in the unit's command line itself.)
        # The QR reaches the guest through QEMU's fw_cfg (a file in /sys), not the kernel line.
        # The technician's key goes on the state partition, root's (the kiosk's own user cannot
        # grant shells: see docs/terminal.md), as a province's technician adds one.
        provision = ("modprobe qemu_fw_cfg; install -d -m 0700 /var/lib/giaitrinh-ssh; "
                     "install -m 0600 /sys/firmware/qemu_fw_cfg/by_name/opt/giaitrinh/ssh/raw "
                     "/var/lib/giaitrinh-ssh/authorized_keys; "
                     "/lib/systemd/systemd-networkd-wait-online --timeout=120; "
                     "qr=$$(cat /sys/firmware/qemu_fw_cfg/by_name/opt/giaitrinh/qr/raw); "
                     "exec >/dev/ttyS0 2>&1; "
                     "setpriv --reuid=giaitrinh-kiosk --regid=giaitrinh-kiosk --init-groups "
                     "/usr/bin/giaitrinh-kiosk provision --qr $$qr --state-dir "
                     "/var/lib/giaitrinh-kiosk; echo provision-exit=$$?")
        vm.uefi = False
        vm.extra = ["-kernel", kernel, "-initrd", initrd, "-append",
                    f'{cmdline} systemd.run="/bin/sh -c \'{provision}\'" '
                    "systemd.run_success_action=poweroff systemd.wants=systemd-networkd.service",
                    "-fw_cfg", f"name=opt/giaitrinh/qr,string={qr.replace(',', ',,')}",
                    "-fw_cfg", f"name=opt/giaitrinh/ssh,file={key}.pub"]
        t0 = time.monotonic()
        vm.start()
        vm.wait_serial("provision-exit=", 900)
        check("provision-exit=0" in vm.serial(), "the terminal enrolled with the portal")
        print(f"provisioning_boot_s: {time.monotonic() - t0:.1f}", flush=True)
        vm.proc.wait(timeout=300)
        if args.gui:
            home_after_reboot(args, vm, work, key)
        if args.power_cuts > 0:
            power_cuts(args, vm, work, db, kernel, initrd, cmdline)
    finally:
        vm.stop()
        if portal:
            portal.terminate()
            portal.wait()


if __name__ == "__main__":
    main()
