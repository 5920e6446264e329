"""Timbang audit chain: the hash recipe and an export checker, with only the standard library.

This file is copied, unchanged, into every export ZIP as verify.py, and the application computes
its hashes with the same functions, so what anyone runs is what the site runs:

    python3 verify.py timbang-perbup-x-20261204.zip            # or the unpacked folder
    python3 verify.py timbang-perbup-x-20261204.zip --head 812:3f5c...   # a head you noted

Epoch 2 (every event written since salted commitments were introduced):
    commitment = SHA-256 of canon({"salt", "at", "actor", "action", "type", "id",
                                   "regulation", "data"})
    hash       = SHA-256 of canon({"prev", "seq", "commitment"})
The salt is 256 random bits kept secret until the event is public, so a private event shows only
its commitment, which links the chain and reveals nothing; erasing a person's data deletes the
payload and the salt and keeps the commitment, so the chain still verifies.
Epoch 1 (events written before; kept unchanged so heads noted earlier still verify):
    hash = SHA-256 of canon({"prev", "seq", "at", "actor", "action", "type", "id",
                             "regulation", "data"})
canon = JSON with sorted keys, separators "," and ":", non-ASCII as UTF-8; "data" is the event's
canonical JSON text, "at" ISO 8601 UTC to the second, "prev" the previous hash (64 zeros first).
Exit status: 0 when the export is whole, 1 with the first broken link named, 2 on bad usage.
"""
import csv
import hashlib
import io
import json
import os
import sys
import zipfile

GENESIS = "0" * 64
PAYLOAD_KEYS = ("at", "actor", "action", "type", "id", "regulation", "data")


def canon(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(salt, payload):
    """payload: dict with PAYLOAD_KEYS (str/int/None values)."""
    return sha256(canon(dict(payload, salt=salt)))


def link(prev, seq, commit):
    return sha256(canon({"prev": prev, "seq": seq, "commitment": commit}))


def legacy_hash(prev, seq, payload):
    return sha256(canon(dict(payload, prev=prev, seq=seq)))


def payload_of(event):
    """The hashed payload of an exported event (events.json row)."""
    return {"at": event["at"], "actor": event["actor_id"], "action": event["action"],
            "type": event["object_type"], "id": event["object_id"],
            "regulation": event["regulation_id"], "data": event["data"]}


class Broken(Exception):
    """The export fails verification; the message names the first broken link."""


# What a damaged or foreign file can raise while being checked.
FAILURES = (Broken, KeyError, TypeError, ValueError, zipfile.BadZipFile, OSError)


def _reader(source):
    """name -> bytes for an export given as a ZIP file or an unpacked folder ("versions/1.json"
    is found under the archive's top folder as well)."""
    if os.path.isdir(source):
        if not os.path.exists(os.path.join(source, "manifest.json")):
            inner = [d for d in os.listdir(source)
                     if os.path.exists(os.path.join(source, d, "manifest.json"))]
            source = os.path.join(source, inner[0]) if len(inner) == 1 else source

        def read(name):
            try:
                with open(os.path.join(source, *name.split("/")), "rb") as handle:
                    return handle.read()
            except FileNotFoundError:
                raise Broken(f"berkas {name} tidak ada dalam ekspor") from None
        return read
    archive = zipfile.ZipFile(source)
    names = archive.namelist()

    def read(name):
        for entry in names:
            if entry == name or (entry.endswith("/" + name)
                                 and entry.count("/") == name.count("/") + 1):
                return archive.read(entry)
        raise Broken(f"berkas {name} tidak ada dalam ekspor")
    return read


def _check_chain(rows, anchor):
    """chain.csv rows (dicts) link from the anchor to the end; returns {seq: row}."""
    prev, expected, by_seq = anchor["hash"], anchor["seq"] + 1, {}
    for row in rows:
        seq = int(row["seq"])
        if seq != expected:
            raise Broken(f"peristiwa #{expected} hilang dari chain.csv (urutan melompat ke #{seq})")
        if row["prev_hash"] != prev:
            raise Broken(f"peristiwa #{seq} tidak menyambung ke hash peristiwa sebelumnya")
        if link(prev, seq, row["commitment"]) != row["hash"]:
            raise Broken(f"peristiwa #{seq}: hash tidak cocok dengan komitmennya")
        prev, expected, by_seq[seq] = row["hash"], seq + 1, row
    return by_seq


def _check_event(event, by_seq):
    seq = event["seq"]
    if event.get("epoch", 2) == 1:
        if legacy_hash(event["prev_hash"], seq, payload_of(event)) != event["hash"]:
            raise Broken(f"peristiwa #{seq} ({event['action']}) telah diubah (hash tidak cocok)")
        return
    row = by_seq.get(seq)
    if row is None:
        raise Broken(f"peristiwa #{seq} ada di events.json tetapi tidak di chain.csv")
    if commitment(event["salt"], payload_of(event)) != row["commitment"]:
        raise Broken(f"peristiwa #{seq} ({event['action']}) telah diubah "
                     f"(isi tidak cocok dengan komitmen di chain.csv)")
    if event["hash"] != row["hash"]:
        raise Broken(f"peristiwa #{seq}: hash di events.json berbeda dari chain.csv")


def verify_export(source, head=None):
    """Check an export (ZIP path or folder). Returns a one-line summary; raises Broken.
    `head` = (seq, hash) noted elsewhere, which must appear in the export's chain."""
    read = _reader(source)
    manifest = json.loads(read("manifest.json"))
    for name, digest in manifest.get("files", {}).items():
        if hashlib.sha256(read(name)).hexdigest() != digest:
            raise Broken(f"berkas {name} tidak cocok dengan SHA-256 di manifest.json")
    text = read("chain.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    anchor = manifest["epoch_anchor"]
    by_seq = _check_chain(rows, anchor)
    last = rows[-1] if rows else {"seq": anchor["seq"], "hash": anchor["hash"]}
    claimed = manifest["chain_head"]
    if int(last["seq"]) != claimed["seq"] or last["hash"] != claimed["hash"]:
        raise Broken(f"chain.csv berakhir di #{last['seq']}, bukan di kepala rantai "
                     f"#{claimed['seq']} yang tercantum di manifest.json")
    events = json.loads(read("events.json"))["events"]
    for event in events:
        _check_event(event, by_seq)
    if head is not None:
        seq, digest = head
        known = by_seq.get(seq, {}).get("hash") or (anchor["hash"] if seq == anchor["seq"]
                                                     else None)
        if known is None:
            raise Broken(f"kepala rantai yang dicatat (#{seq}) tidak ada di ekspor ini")
        if known != digest:
            raise Broken(f"hash peristiwa #{seq} berbeda dari yang dicatat")
    return (f"UTUH: {len(rows)} mata rantai dari #{anchor['seq'] + 1} sampai "
            f"#{claimed['seq']} ({claimed['hash']}), {len(events)} peristiwa publik diperiksa")


def parse_head(text):
    """'SEQ:HASH' -> (seq, hash); ValueError when malformed."""
    seq, sep, digest = (text or "").strip().partition(":")
    digest = digest.strip().lower()
    if not sep or not seq.strip().isdigit() or len(digest) != 64 or \
            any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("Format kepala rantai harus NOMOR:HASH (hash 64 karakter heksadesimal).")
    return int(seq), digest


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    head = None
    if "--head" in args:
        at = args.index("--head")
        try:
            head = parse_head(args[at + 1] if at + 1 < len(args) else "")
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        del args[at:at + 2]
    source = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    try:
        print(verify_export(source, head))
    except FAILURES as exc:
        print(f"RUSAK: {exc}", file=sys.stderr)
        return 1
    if head is None:
        print("Catatan: tanpa --head NOMOR:HASH yang Anda catat dari sumber lain, pemeriksaan ini "
              "tidak dapat membuktikan bahwa peristiwa terbaru tidak dihapus atau diganti.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
