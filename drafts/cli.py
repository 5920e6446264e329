"""Command line: `python -m drafts parse|diff|consolidate|render`.  Errors: one line on stderr, exit 1."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import DraftsError


def _print_tree(doc, out) -> None:
    from .render import label_path
    print(doc.title or "(tanpa judul)", file=out)
    for unit, ancestors in doc.walk():
        if unit.kind in ("ayat", "huruf", "angka"):
            continue
        indent = "  " * len(ancestors)
        print(f"{indent}{label_path(unit, ancestors)} [{unit.key}]", file=out)
    for w in doc.warnings:
        kind = "galat" if w.level == "error" else "peringatan"
        print(f"{kind} baris {w.line}: {w.message}", file=out)


def _cmd_parse(args, out) -> None:
    from .files import parse_file
    doc = parse_file(args.file)
    if args.json:
        json.dump(doc.to_dict(), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        _print_tree(doc, out)


def _cmd_diff(args, out) -> None:
    from .align import assign_keys
    from .diff import compare
    from .files import parse_file
    old = parse_file(args.old)
    new = assign_keys(parse_file(args.new), old)
    result = compare(old, new)
    if args.json:
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    s = result.summary
    print(", ".join(f"{k}: {s[k]}" for k in s), file=out)
    for u in result.units:
        if u.status == "unchanged":
            continue
        label = u.new_label if u.old_label in (None, u.new_label) else (
            f"{u.old_label} -> {u.new_label}" if u.new_label else u.old_label)
        print(f"[{u.status}] {u.kind} {label}", file=out)
        if u.split_from:
            print(f"   dipecah dari Pasal {u.split_from} versi lama", file=out)
        if u.merged_into:
            print(f"   digabung ke Pasal {u.merged_into} versi baru", file=out)
        if u.status == "changed":
            for op, text in u.ops:
                if op:
                    print(f"   {'+' if op > 0 else '-'} {text.strip()[:100]}", file=out)
    for ref in result.broken_references:
        print(f"rujukan: {ref.message}", file=out)


def _cmd_consolidate(args, out) -> None:
    from .amend import consolidate
    from .files import parse_file
    doc = consolidate(parse_file(args.base), parse_file(args.amending))
    if args.json:
        json.dump(doc.to_dict(), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        _print_tree(doc, out)


def _cmd_render(args, out) -> None:
    from .docx_io import render_docx
    from .files import parse_file
    from .render import render_html, render_markdown
    doc = parse_file(args.file)
    target = Path(args.output)
    try:
        if args.to == "docx":
            target.write_bytes(render_docx(doc))
        else:
            text = render_html(doc) if args.to == "html" else render_markdown(doc)
            target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DraftsError(f"Tidak dapat menulis {target}: {exc.strerror}") from exc


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage dump
        raise DraftsError(f"argumen tidak sah: {message}")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m drafts", description="Timbang legal-text engine")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse a regulation (.md .txt .docx .pdf)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    d = sub.add_parser("diff", help="compare two versions")
    d.add_argument("old")
    d.add_argument("new")
    d.add_argument("--json", action="store_true")
    c = sub.add_parser("consolidate", help="apply an amending act to the act it amends")
    c.add_argument("base")
    c.add_argument("amending")
    c.add_argument("--json", action="store_true")
    r = sub.add_parser("render", help="render to html, md or docx")
    r.add_argument("file")
    r.add_argument("--to", choices=("html", "md", "docx"), required=True)
    r.add_argument("-o", "--output", required=True)
    out = sys.stdout
    try:
        args = parser.parse_args(argv)
        {"parse": _cmd_parse, "diff": _cmd_diff, "consolidate": _cmd_consolidate,
         "render": _cmd_render}[args.command](args, out)
    except DraftsError as exc:
        print(f"galat: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`
        sys.stderr.close()
        return 0
    return 0
