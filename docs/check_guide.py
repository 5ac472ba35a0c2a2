#!/usr/bin/env python3
"""Checks that docs/porting-from-python.md quotes real code, so it cannot drift.

usage: check_guide.py PROJECT_ROOT

The guide marks each quoted code block with an HTML comment on the line before its fence:

    <!-- cpp: examples/tcp_upper_echo.cpp -->
    ```cpp
    ...
    ```

    <!-- python: 001_410effeb6a39e88c.txt -->
    ```python
    ...
    ```

- A `cpp:` block must be lines of that file, in order, exactly (trailing spaces aside). A line
  `// ...` in the block stands for lines left out; each run between such lines must be
  consecutive lines of the file.
- A `python:` block must be in that reference document (/work/shared/reference/ or
  $SOCKETSERVER_REFERENCE_DIR, else docs/reference/ in the project) once all whitespace is
  removed from both: the documents lost their line breaks and indentation, and the guide puts
  them back, but not one other character may differ. When no reference folder exists the
  Python blocks are reported as skipped, not passed.
- Every example program listed in examples/CMakeLists.txt is quoted at least once.
- Every public header that states a difference from Python ("Differences from Python",
  "Unlike Python", "beyond Python") is named in the guide.

Standard library only. Exit status 0 when everything holds, 1 otherwise, naming each problem.
"""
import os
import re
import sys

GUIDE = os.path.join("docs", "porting-from-python.md")
MARKER = re.compile(r"^<!--\s*(cpp|python):\s*(\S+)\s*-->\s*$")
FENCE = re.compile(r"^```")
ELISION = "// ..."
DIFFERENCE_WORDS = re.compile(r"differences from python|unlike python|beyond python", re.I)


def quoted_blocks(lines):
    """Yields (line number of the marker, kind, source, block lines) for each marked block."""
    index = 0
    while index < len(lines):
        match = MARKER.match(lines[index])
        if not match:
            index += 1
            continue
        marker_line = index + 1
        index += 1
        if index >= len(lines) or not FENCE.match(lines[index]):
            yield marker_line, match.group(1), match.group(2), None
            continue
        index += 1
        block = []
        while index < len(lines) and not FENCE.match(lines[index]):
            block.append(lines[index])
            index += 1
        index += 1  # the closing fence
        yield marker_line, match.group(1), match.group(2), block


def runs_of(block):
    """The block split at elision lines into runs of consecutive lines."""
    runs, current = [], []
    for line in block:
        if line.strip() == ELISION:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(line.rstrip())
    if current:
        runs.append(current)
    return runs


def find_run(file_lines, run, start):
    """Index in file_lines at or after start where run begins, or -1."""
    for i in range(start, len(file_lines) - len(run) + 1):
        if file_lines[i:i + len(run)] == run:
            return i
    return -1


def check_cpp(root, source, block):
    path = os.path.join(root, source)
    if not os.path.isfile(path):
        return [f"{source} does not exist"]
    with open(path, encoding="utf-8") as file:
        file_lines = [line.rstrip() for line in file.read().split("\n")]
    position = 0
    for run in runs_of(block):
        found = find_run(file_lines, run, position)
        if found < 0:
            first = next((line for line in run if line.strip()), run[0])
            return [f"lines starting {first.strip()!r} are not in {source} as quoted "
                    f"(in this order, consecutive); copy them again from the file"]
        position = found + len(run)
    return []


def without_whitespace(text):
    return re.sub(r"\s+", "", text)


def reference_directory(root):
    for candidate in (os.environ.get("SOCKETSERVER_REFERENCE_DIR"),
                      "/work/shared/reference",
                      os.path.join(root, "docs", "reference")):
        if candidate and os.path.isdir(candidate):
            return candidate
    return None


def check_python(reference_dir, source, block):
    path = os.path.join(reference_dir, source)
    if not os.path.isfile(path):
        return [f"reference document {source} not found in {reference_dir}"]
    with open(path, encoding="utf-8") as file:
        document = without_whitespace(file.read())
    quoted = without_whitespace("\n".join(block))
    if not quoted:
        return ["empty Python block"]
    if quoted in document:
        return []
    # Say where the quote stops matching: the longest prefix found in the document.
    low, high = 0, len(quoted)
    while low < high:
        middle = (low + high + 1) // 2
        if quoted[:middle] in document:
            low = middle
        else:
            high = middle - 1
    return [f"not quoted faithfully from {source}: differs after "
            f"{quoted[max(0, low - 30):low]!r}, at {quoted[low:low + 30]!r}"]


def listed_examples(root):
    with open(os.path.join(root, "examples", "CMakeLists.txt"), encoding="utf-8") as file:
        text = file.read()
    match = re.search(r"set\(socketserver_examples(.*?)\)", text, re.S)
    if not match:
        return []
    names = []
    for line in match.group(1).split("\n"):
        words = line.split("#", 1)[0].split()
        names.extend(words)
    return names


def headers_with_differences(root):
    folder = os.path.join(root, "engine", "include", "socketserver")
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".hpp") and os.path.isfile(path):
            with open(path, encoding="utf-8") as file:
                # Comment markers and line breaks out, so words split across lines match.
                text = re.sub(r"\s*//+!?<?\s*|\s+", " ", file.read())
                if DIFFERENCE_WORDS.search(text):
                    found.append(name)
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = argv[1]
    with open(os.path.join(root, GUIDE), encoding="utf-8") as file:
        guide = file.read()
    lines = guide.split("\n")

    reference_dir = reference_directory(root)
    problems, quoted_sources = [], set()
    checked = {"cpp": 0, "python": 0}
    skipped = 0
    for marker_line, kind, source, block in quoted_blocks(lines):
        where = f"{GUIDE}:{marker_line}"
        if block is None:
            problems.append(f"{where}: the marker is not followed by a ``` code block")
            continue
        if kind == "cpp":
            errors = check_cpp(root, source, block)
            quoted_sources.add(source)
        elif reference_dir is None:
            skipped += 1
            continue
        else:
            errors = check_python(reference_dir, source, block)
        checked[kind] += 1
        problems.extend(f"{where}: {error}" for error in errors)

    for name in listed_examples(root):
        if f"examples/{name}.cpp" not in quoted_sources:
            problems.append(f"{GUIDE}: examples/{name}.cpp is never quoted (add a cpp: block)")
    for header in headers_with_differences(root):
        if header not in guide:
            problems.append(f"{GUIDE}: {header} states differences from Python; the guide "
                            f"never names it")

    for problem in problems:
        print(problem)
    print(f"check_guide: {checked['cpp']} C++ blocks and {checked['python']} Python blocks "
          f"checked, {skipped} Python blocks skipped (no reference folder), "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
