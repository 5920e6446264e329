"""Areas react to each other through signals (consult/signals.py): participation and drafting
send them, notify and carry-forward receive them in their own packages, connected when the app
is created; participation and drafting import nothing of notify but its links."""
import ast
import pathlib

import pytest

from consult import signals
from consult.participation import services as participation

ROOT = pathlib.Path(__file__).resolve().parents[2] / "consult"


def _imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


@pytest.mark.parametrize("area", ["participation", "drafting"])
def test_the_sending_areas_do_not_import_notify(area):
    for path in sorted((ROOT / area).glob("*.py")):
        reached = {m for m in _imported_modules(path)
                   if m.startswith("consult.notify") and not m.startswith("consult.notify.links")}
        assert not reached, f"{path.name} imports {sorted(reached)}"


@pytest.mark.parametrize("signal", [signals.input_created, signals.reply_created,
                                    signals.answers_published, signals.version_publishing,
                                    signals.version_published, signals.consultation_changed])
def test_every_signal_has_its_receivers_once_the_app_exists(app, signal):
    assert signal.receivers


@pytest.fixture
def heard():
    """What each signal was sent with, while the test runs."""
    calls = []

    def listen(signal):
        def receiver(sender, **kwargs):
            calls.append((signal.name, sender, kwargs))
        signal.connect(receiver)
        return receiver

    receivers = [(s, listen(s)) for s in (signals.input_created, signals.reply_created,
                                          signals.answers_published, signals.version_publishing,
                                          signals.version_published)]
    yield calls
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def test_writing_an_input_and_a_reply_sends_their_signals(app, make, heard):
    item = make.comment()
    drafter = make.user(role="drafter")  # drafters may reply at any time
    reply = participation.create_reply(drafter, item, "Terima kasih, kami tinjau.")
    assert ("input-created", item, {"actor": item.author}) in heard
    assert ("reply-created", reply, {"actor": drafter}) in heard


def test_publishing_a_version_sends_publishing_then_published(app, make, heard):
    drafter = make.user(role="drafter")
    version = make.published_version(actor=drafter)
    assert [(name, sender) for name, sender, _ in heard] == [
        ("version-publishing", version), ("version-published", version)]
    assert heard[0][2] == {"actor": drafter, "previous": None}
