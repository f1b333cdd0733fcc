#!/usr/bin/env python3
"""Structure figures of the terminal's code (issue 14), one `name: value` per line.

Run from a checkout's root (or pass it): the largest struct of the flow's state by fields, the
longest function in the terminal's rooms, the fan-in of the most included project header, and the
app's wake codes and mutexes. Heuristic C++ reading (braces at column 0, one declaration a line, as
clang-format leaves the code); good for comparing two versions of this tree, not for other code.
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
rooms = ["kiosk", "ui", "device", "offline"]
sources = [p for r in rooms for p in (root / r).rglob("*") if p.suffix in (".cpp", ".hpp")]


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def struct_fields():
    """(fields, name) of every struct/class: data members at the body's own depth."""
    out = []
    for path in sources:
        text = strip_comments(path.read_text())
        for m in re.finditer(r"\b(?:struct|class)\s+(\w+)[^;{()]*\{", text):
            depth, i, fields, stmt = 1, m.end(), 0, ""
            while i < len(text) and depth > 0:
                c = text[i]
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 1:
                        stmt = ""  # a member function's body or a nested type ended
                elif depth == 1:
                    if c == ";":
                        s = " ".join(stmt.split())
                        if s and "(" not in s.split("=")[0] and not re.match(
                            r"(using|friend|static|typedef|enum|public|private|protected|template)\b",
                            s) and not s.startswith("}"):
                            fields += 1
                        stmt = ""
                    elif c == ":" and re.fullmatch(r"\s*(public|private|protected)\s*", stmt):
                        stmt = ""
                    else:
                        stmt += c
                i += 1
            out.append((fields, f"{path.relative_to(root)}:{m.group(1)}"))
    return out


def function_lengths():
    out = []
    for path in sources:
        if path.suffix != ".cpp":
            continue
        lines = path.read_text().splitlines()
        start = None
        for n, line in enumerate(lines):
            if start is None and line and not line[0].isspace() and line.rstrip().endswith("{") \
                    and not re.match(r"(namespace|struct|class|enum|extern|template)\b", line) \
                    and re.search(r"\)\s*(const\s*)?(noexcept\s*)?(->[^{]*)?\{$", line.rstrip()):
                start = n
            elif start is not None and line.startswith("}"):
                name = re.search(r"([\w:~]+)\s*\(", " ".join(lines[max(0, start - 3):start + 1]))
                out.append((n - start + 1,
                            f"{path.relative_to(root)}:{name.group(1) if name else start + 1}"))
                start = None
    return out


def fan_in():
    counts = {}
    every = sources + [p for p in (root / "tests").rglob("*") if p.suffix in (".cpp", ".hpp")
                       and "node_modules" not in p.parts]
    for path in every:
        for inc in re.findall(r'#include\s+"([^"]+)"', path.read_text()):
            name = Path(inc).name
            counts[name] = counts.get(name, 0) + 1
    return sorted(((n, h) for h, n in counts.items()), reverse=True)


all_fields = struct_fields()
fields = max(all_fields)
flow_fields = max(f for f in all_fields if "/domain/" in f[1])
length = max(function_lengths())
top = fan_in()[0]
app = "".join((root / "kiosk" / "app" / n).read_text()
              for n in ("app.hpp", "app.cpp", "app_paper.cpp", "app_technician.cpp",
                        "ui_queue.hpp", "wake_events.hpp") if (root / "kiosk" / "app" / n).exists())
wake_codes = len(set(re.findall(r"\bk\w+Code\b\s*=", app))) or len(re.findall(r"SDL_PushEvent", app))
mutexes = len(re.findall(r"std::mutex\s+\w+", app))  # the App's and its queue's
print(f"largest_struct_fields: {fields[0]}  # {fields[1]}")
print(f"longest_function_lines: {length[0]}  # {length[1]}")
print(f"largest_domain_struct_fields: {flow_fields[0]}  # {flow_fields[1]}")
print(f"top_header_fan_in: {top[0]}  # {top[1]}")
print(f"flow_hpp_fan_in: {dict((h, n) for n, h in fan_in()).get('flow.hpp', 0)}")
print(f"app_wake_codes: {wake_codes}")
print(f"app_mutexes: {mutexes}")
