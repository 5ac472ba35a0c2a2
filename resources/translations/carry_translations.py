#!/usr/bin/env python3
"""Carries finished translations over to messages that lupdate now lists as unfinished.

When a tr() call moves to another class (a refactor that splits a window into panels), its
translation context changes and lupdate -no-obsolete drops the old message and adds the new
one unfinished, although the English text and its translation are the same. This script
fills each unfinished message from a catalog of before the move: first from the same context,
otherwise from any context where that exact source text has one translation. Messages whose
source is new, or ambiguous, stay unfinished and are listed.

    git show main:resources/translations/socketserver_zh_CN.ts > /tmp/before.ts
    cmake --build build --target socketserver_console_widgets_lupdate
    resources/translations/carry_translations.py /tmp/before.ts resources/translations/socketserver_zh_CN.ts

The catalog is edited as text, so lupdate's own layout and escaping stay as they are.
"""
import re
import sys

MESSAGE = re.compile(r"(<message(?: numerus=\"yes\")?>\s*<source>(.*?)</source>\s*)"
                     r"(<translation(?: type=\"unfinished\")?>(.*?)</translation>)", re.S)
CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.S)


def finished_translations(catalog):
    """{(context, source): translation element} and {source: {translation elements}}."""
    by_context, by_source = {}, {}
    for context, body in CONTEXT.findall(catalog):
        for match in MESSAGE.finditer(body):
            element = match.group(3)
            if 'type="unfinished"' in element:
                continue
            by_context[(context, match.group(2))] = element
            by_source.setdefault(match.group(2), set()).add(element)
    return by_context, by_source


def carry(before, after):
    by_context, by_source = finished_translations(before)
    left = []

    def fill_context(context_match):
        context = context_match.group(1)

        def fill(message):
            source, element = message.group(2), message.group(3)
            if 'type="unfinished"' not in element:
                return message.group(0)
            found = by_context.get((context, source))
            if found is None and len(by_source.get(source, ())) == 1:
                found = next(iter(by_source[source]))
            if found is None:
                left.append(f"{context}: {source}")
                return message.group(0)
            return message.group(1) + found

        return context_match.group(0).replace(
            context_match.group(2), MESSAGE.sub(fill, context_match.group(2)))

    return CONTEXT.sub(fill_context, after), left


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        before = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        after = f.read()
    carried, left = carry(before, after)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(carried)
    for message in left:
        print("still unfinished:", message)


if __name__ == "__main__":
    main()
