"""The OpenAPI 3.1 description of the public JSON API, served at /api/v1/openapi.json.

To document a new endpoint, add a module `consult/api/openapi_<area>.py` that defines `PATHS`
(OpenAPI path items keyed by path, e.g. "/api/v1/regulations/{slug}/inputs") and, if needed,
`SCHEMAS` (components.schemas entries) and `TAGS`, built with the pieces of
`consult/api/openapi_common.py`, and add it to `fragments()` below.
tests/consult/test_openapi.py fails when an /api/v1 route is not documented.
"""
import copy

from consult.api import openapi_participation, openapi_record, openapi_report
from consult.api.openapi_common import ISO_TIME, NUMBER, SLUG, error_response, json_response, ref


SCHEMAS = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "integer"},
                           "message": {"type": "string", "description": "Pesan dalam bahasa Indonesia"}},
        }},
    },
    "Consultation": {
        "type": ["object", "null"], "required": ["opens_at", "closes_at"],
        "description": "Masa konsultasi publik yang berlaku (dibuka, atau yang akan dibuka, atau "
                       "yang terakhir ditutup); null bila belum pernah ada.",
        "properties": {"opens_at": ISO_TIME, "closes_at": ISO_TIME},
    },
    "RegulationSummary": {
        "type": "object",
        "required": ["slug", "title", "kind", "status", "versions", "consultation"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": ["perbup", "perwali", "pergub", "perda"]},
            "status": {"type": "string", "enum": ["penyusunan", "konsultasi", "pembahasan",
                                                  "ditetapkan", "dibatalkan"]},
            "versions": {"type": "array", "items": {"type": "integer"},
                         "description": "Nomor versi yang sudah diterbitkan, urut naik"},
            "consultation": ref("Consultation"),
        },
    },
    "StatusChange": {
        "type": "object", "required": ["from", "to", "at", "reason"],
        "properties": {
            "from": {"type": ["string", "null"]},
            "to": {"type": "string"},
            "at": ISO_TIME,
            "reason": {"type": ["string", "null"]},
        },
    },
    "Regulation": {
        "allOf": [ref("RegulationSummary"), {
            "type": "object", "required": ["status_history"],
            "properties": {"status_history": {"type": "array", "items": ref("StatusChange")}},
        }],
    },
    "Unit": {
        "type": "object", "required": ["kind", "label", "heading", "text", "key", "children"],
        "description": "Satu unit teks, sama dengan keluaran `python -m drafts parse --json`.",
        "properties": {
            "kind": {"type": "string", "enum": [
                "judul", "menimbang", "mengingat", "menetapkan", "bab", "bagian", "paragraf",
                "pasal", "ayat", "huruf", "angka", "penutup", "penjelasan", "lampiran"]},
            "label": {"type": ["string", "null"]},
            "heading": {"type": ["string", "null"]},
            "text": {"type": "string"},
            "key": {"type": "string", "description": "Kunci stabil antarversi"},
            "children": {"type": "array", "items": ref("Unit")},
        },
    },
    "Version": {
        "type": "object", "required": ["number", "published_at", "sha256", "changelog", "units"],
        "properties": {
            "number": {"type": "integer"},
            "published_at": ISO_TIME,
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                       "description": "SHA-256 dari teks kanonik (Markdown) versi ini"},
            "changelog": {"type": ["string", "null"]},
            "units": {"type": "array", "items": ref("Unit")},
        },
    },
    "UnitDiff": {
        "type": "object", "required": ["status", "kind", "old_label", "new_label", "ops"],
        "properties": {
            "status": {"type": "string",
                       "description": "added, removed, changed, moved, renumbered, unchanged"},
            "kind": {"type": "string"},
            "old_label": {"type": ["string", "null"]},
            "new_label": {"type": ["string", "null"]},
            "old_key": {"type": ["string", "null"], "description": "Kunci stabil di versi asal"},
            "new_key": {"type": ["string", "null"], "description": "Kunci stabil di versi tujuan"},
            "ops": {"type": "array", "description": "Diff kata: [-1 dihapus | 0 sama | 1 ditambah, teks]",
                    "items": {"type": "array", "prefixItems": [
                        {"type": "integer", "enum": [-1, 0, 1]}, {"type": "string"}],
                        "minItems": 2, "maxItems": 2}},
        },
    },
    "BrokenReference": {
        "type": "object",
        "properties": {
            "pasal_label": {"type": "string"}, "pasal_key": {"type": "string"},
            "target": {"type": "string"},
            "status": {"type": "string", "enum": ["renumbered", "removed", "missing"]},
            "now": {"type": ["string", "null"]}, "message": {"type": "string"},
        },
    },
    "Comparison": {
        "type": "object", "required": ["summary", "units"],
        "description": "Sama dengan keluaran `python -m drafts diff --json`, ditambah "
                       "broken_references.",
        "properties": {
            "summary": {"type": "object",
                        "required": ["added", "removed", "changed", "moved", "renumbered",
                                     "unchanged"],
                        "properties": {k: {"type": "integer"} for k in (
                            "added", "removed", "changed", "moved", "renumbered", "unchanged")}},
            "units": {"type": "array", "items": ref("UnitDiff")},
            "broken_references": {"type": "array", "items": ref("BrokenReference")},
        },
    },
}

PATHS = {
    "/api/v1/openapi.json": {"get": {
        "tags": ["meta"], "operationId": "getOpenApi", "summary": "Dokumen OpenAPI ini",
        "responses": {"200": {"description": "Dokumen OpenAPI 3.1",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
    "/api/v1/regulations": {"get": {
        "tags": ["regulasi"], "operationId": "listRegulations",
        "summary": "Daftar regulasi yang memiliki versi terbit",
        "responses": {"200": json_response("Daftar regulasi", {
            "type": "object", "required": ["regulations"],
            "properties": {"regulations": {"type": "array", "items": ref("RegulationSummary")}},
        })},
    }},
    "/api/v1/regulations/{slug}": {"get": {
        "tags": ["regulasi"], "operationId": "getRegulation",
        "summary": "Satu regulasi beserta riwayat statusnya", "parameters": [SLUG],
        "responses": {"200": json_response("Regulasi", ref("Regulation")),
                      "404": error_response("Regulasi tidak ditemukan atau belum diterbitkan")},
    }},
    "/api/v1/regulations/{slug}/versions/{number}": {"get": {
        "tags": ["regulasi"], "operationId": "getVersion",
        "summary": "Teks satu versi terbit, unit demi unit", "parameters": [SLUG, NUMBER],
        "responses": {"200": json_response("Versi", ref("Version")),
                      "304": {"description": "Tidak berubah (ETag = SHA-256)"},
                      "404": error_response("Versi tidak ditemukan atau belum diterbitkan")},
    }},
    "/api/v1/regulations/{slug}/compare": {"get": {
        "tags": ["regulasi"], "operationId": "compareVersions",
        "summary": "Perbandingan kata demi kata antara dua versi terbit",
        "parameters": [
            SLUG,
            {"name": "from", "in": "query", "required": True,
             "schema": {"type": "integer", "minimum": 1}, "description": "Versi asal"},
            {"name": "to", "in": "query", "required": True,
             "schema": {"type": "integer", "minimum": 1}, "description": "Versi tujuan"},
        ],
        "responses": {"200": json_response("Perbandingan", ref("Comparison")),
                      "400": error_response("Parameter from/to tidak ada atau bukan bilangan"),
                      "404": error_response("Regulasi atau versi tidak ditemukan")},
    }},
}

TAGS = [
    {"name": "regulasi", "description": "Regulasi, versi terbit dan perbandingannya"},
    {"name": "meta", "description": "Tentang API ini"},
]


def document():
    """The full document: this module's paths plus every consult/api/openapi_<area>.py."""
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "Timbang API",
            "version": "1.0.0",
            "description": "API publik hanya-baca Timbang: regulasi, versi terbit, perbandingan "
                           "versi, dan (dari area lain) masukan serta tanggapan. Semua waktu "
                           "dalam ISO 8601 dengan offset zona waktu daerah. Galat dijawab sebagai "
                           "JSON {\"error\": {\"code\", \"message\"}} dengan pesan berbahasa "
                           "Indonesia.",
        },
        "tags": copy.deepcopy(TAGS),
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }
    for module in fragments():
        for path, item in getattr(module, "PATHS", {}).items():
            doc["paths"].setdefault(path, {}).update(copy.deepcopy(item))
        doc["components"]["schemas"].update(copy.deepcopy(getattr(module, "SCHEMAS", {})))
        known = {t["name"] for t in doc["tags"]}
        doc["tags"] += [copy.deepcopy(t) for t in getattr(module, "TAGS", [])
                        if t["name"] not in known]
    return doc


def fragments():
    """The areas' parts of the description, merged into it."""
    return [openapi_participation, openapi_record, openapi_report]
