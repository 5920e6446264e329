"""How often the engine gets the Pasal structure of real texts it has never seen.

Usage: .venv/bin/python bench/bench_real_texts.py FILE... (texts of acts that are not amending
acts, e.g. a sample of pp/ and uu/ of the mblonyox/data-peraturan dataset; see the issue 15
notes for the sample used).

Without a hand-written answer for every text, a text counts as read right when its Pasal are
numbered 1..N without gap or repeat (inserted 5A allowed) and the last one holds the closing
formula ("... berlaku ..."). It prints each miss, then the count; no text makes it crash.
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafts import parse_text  # noqa: E402 - after the path of the checkout is known


def read_right(doc) -> bool:
    labels = [u.label for u in doc.pasals()]
    numbers = [label for label in labels if re.fullmatch(r"\d+", label or "")]
    if not numbers or numbers != [str(i) for i in range(1, len(numbers) + 1)]:
        return False
    last = doc.pasals()[-1]
    return any("berlaku" in unit.text for unit, _ in last.walk())


def main(paths: list[str]) -> int:
    right = crashed = 0
    for path in paths:
        try:
            doc = parse_text(Path(path).read_text(encoding="utf-8", errors="replace"))
        except Exception as exc:  # noqa: BLE001 - a crash is a finding to print, not to stop at
            crashed += 1
            print(f"CRASH {path}: {exc!r}")
            continue
        if read_right(doc):
            right += 1
        else:
            labels = [u.label for u in doc.pasals()]
            print(f"miss  {path}: {len(labels)} Pasal, {labels[:4]} ... {labels[-4:]}")
    print(f"{right}/{len(paths)} read right, {crashed} crashed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
