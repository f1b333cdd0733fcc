"""The terminal's disk image in QEMU (UEFI through Debian's OVMF, no KVM here: TCG), driven the
way a technician or the power grid would: its serial console read line by line, the screen read
through QMP's screendump, keys pressed through QMP's send-key, the power cut with QMP's quit."""

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import time
import zlib

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"


class VmError(Exception):
    pass


class Vm:
    """One boot of a disk. The disk is a qcow2 overlay over the pristine image, so the image
    stays as built and a test's writes persist across its own boots (power cuts included)."""

    def __init__(self, workdir, disk, name="vm", memory_mb=1536, extra=(), uefi=True,
                 ssh_port=None):
        self.workdir = workdir
        self.disk = disk
        self.name = name
        self.memory_mb = memory_mb
        self.extra = list(extra)
        self.uefi = uefi  # False: the firmware's plain BIOS, for a direct kernel boot
        self.ssh_port = ssh_port  # a port on the host's loopback forwarded to the guest's 22
        self.proc = None
        self.qmp = None
        self.serial_path = os.path.join(workdir, f"{name}.serial.log")
        self.serial_offset = 0
        self.boots = 0
        vars_copy = os.path.join(workdir, "OVMF_VARS.fd")
        if not os.path.exists(vars_copy):
            shutil.copy(OVMF_VARS, vars_copy)
        self.vars = vars_copy

    def start(self):
        qmp_path = os.path.join(self.workdir, f"{self.name}.qmp")
        if os.path.exists(qmp_path):
            os.unlink(qmp_path)
        # The serial log is appended across boots; a boot reads from where it started.
        self.serial_offset = os.path.getsize(self.serial_path) if os.path.exists(self.serial_path) else 0
        cmd = [
            "qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", os.environ.get("QEMU_CPU", "Nehalem"),
            "-smp", "2", "-m", str(self.memory_mb),
        ]
        if self.uefi:
            cmd += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
                    "-drive", f"if=pflash,format=raw,unit=1,file={self.vars}"]
        cmd += [
            "-drive", f"file={self.disk},if=virtio,format=qcow2,cache=writeback",
            "-vga", "none", "-device", "virtio-gpu-pci", "-display", "none",
            "-chardev", f"file,id=ser0,path={self.serial_path},append=on",
            "-serial", "chardev:ser0",
            "-qmp", f"unix:{qmp_path},server=on,wait=off",
            "-netdev", "user,id=n0" + (f",hostfwd=tcp:127.0.0.1:{self.ssh_port}-:22"
                                       if self.ssh_port else ""),
            "-device", "virtio-net-pci,netdev=n0",
            "-no-reboot",
        ] + self.extra
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.boots += 1
        self.started_at = time.monotonic()
        deadline = time.monotonic() + 30
        while not os.path.exists(qmp_path):
            if self.proc.poll() is not None:
                raise VmError("qemu stopped: " + self.proc.stderr.read().decode(errors="replace"))
            if time.monotonic() > deadline:
                raise VmError("qemu's QMP socket did not appear")
            time.sleep(0.1)
        self.qmp = Qmp(qmp_path)

    def serial(self):
        with open(self.serial_path, "rb") as f:
            f.seek(self.serial_offset)
            return f.read().decode("utf-8", errors="replace")

    def wait_serial(self, needle, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            text = self.serial()
            if needle in text:
                return time.monotonic() - self.started_at
            if self.proc.poll() is not None:
                raise VmError(f"the machine stopped before '{needle}' (see {self.serial_path})")
            time.sleep(0.5)
        raise VmError(f"no '{needle}' on the serial console within {timeout_s} s "
                      f"(see {self.serial_path})")

    def screendump(self, png_path):
        ppm = png_path + ".ppm"
        self.qmp.command("screendump", filename=ppm)
        width, height, rgb = read_ppm(ppm)
        os.unlink(ppm)
        write_png(png_path, width, height, rgb)
        return width, height, rgb

    def send_keys(self, *keys):
        self.qmp.command("send-key", keys=[{"type": "qcode", "data": k} for k in keys])

    def type_burst(self, qcodes):
        """Keys pressed and released a few milliseconds apart, as a keyboard-wedge scanner types
        a code. One key a command: the emulated PS/2 keyboard's queue holds only 16 bytes, and
        a whole burst in one command would overflow it."""
        for key in qcodes:
            self.qmp.command("input-send-event", events=[
                {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": key}}}
                for down in (True, False)])
            time.sleep(0.005)

    def ssh_banner(self, timeout_s=20):
        """What the guest's port 22 says first: an SSH server's banner, or "" when nothing
        listens there (QEMU accepts the connection on the host and closes it)."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.ssh_port), timeout=5) as s:
                    s.settimeout(5)
                    banner = s.recv(256).decode(errors="replace")
                    if banner or time.monotonic() > deadline:
                        return banner
            except OSError:
                if time.monotonic() > deadline:
                    return ""
            time.sleep(1)

    def power_cut(self):
        """The plug pulled: QEMU stops at once, nothing is flushed from the guest's side."""
        try:
            self.qmp.command("quit")
        except (OSError, VmError):
            pass
        self.proc.wait(timeout=30)
        self.qmp.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.power_cut()


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb")
        self._read()  # the greeting
        self.command("qmp_capabilities")

    def _read(self):
        while True:
            line = self.file.readline()
            if not line:
                raise VmError("QMP closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def command(self, name, **args):
        self.file.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        self.file.flush()
        if name == "quit":
            return None
        reply = self._read()
        if "error" in reply:
            raise VmError(f"QMP {name}: {reply['error']}")
        return reply.get("return")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    # The header is four fields, then exactly one whitespace byte before the pixels (which may
    # themselves start with bytes that look like whitespace).
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m:
        raise VmError("screendump is not a P6 PPM")
    width, height = int(m.group(1)), int(m.group(2))
    rgb = data[m.end(): m.end() + width * height * 3]
    if len(rgb) != width * height * 3:
        raise VmError("screendump is cut short")
    return width, height, rgb


def write_png(path, width, height, rgb):
    raw = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def read_png_rgb(path):
    """Enough PNG to read back the kiosk's own screenshots (8-bit RGB/RGBA, any filter)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        kind = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        prev = line
        for x in range(width):
            out += line[x * channels:x * channels + 3]
    return width, height, bytes(out)
