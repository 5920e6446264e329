"""The generated regulation used by benchmarks parses cleanly and mutates as promised."""
from drafts import compare, parse_text
from drafts.sample import generate_regulation, mutate


def test_generated_regulation_parses_without_warnings():
    doc = parse_text(generate_regulation(60, seed=3))
    assert [p.label for p in doc.pasals()] == [str(i) for i in range(1, 61)]
    assert doc.warnings == []
    assert {u.kind for u in doc.iter_units()} >= {"judul", "menimbang", "mengingat", "bab",
                                                  "pasal", "ayat", "huruf", "penutup"}


def test_generation_is_deterministic():
    assert generate_regulation(20, seed=1) == generate_regulation(20, seed=1)
    assert generate_regulation(20, seed=1) != generate_regulation(20, seed=2)


def test_mutate_changes_words_not_structure():
    text = generate_regulation(40, seed=0)
    changed = mutate(text, 0.1, seed=5)
    old, new = parse_text(text), parse_text(changed)
    assert [p.label for p in new.pasals()] == [p.label for p in old.pasals()]
    summary = compare(old, new).summary
    assert summary["changed"] > 0 and summary["added"] == summary["removed"] == 0
    assert mutate(text, 0.0, seed=5) == text
