"""OpenAPI fragment of the record area: the full export of a regulation's public record."""
from consult.api.openapi_common import SLUG, error_response

TAGS = [{"name": "catatan", "description": "Catatan publik: ekspor lengkap untuk arsip dan "
                                           "peneliti"}]

SCHEMAS = {}

PATHS = {
    "/api/v1/regulations/{slug}/export.zip": {
        "get": {
            "tags": ["catatan"],
            "summary": "Ekspor lengkap catatan publik sebuah regulasi (ZIP berisi JSON dan CSV)",
            "description": (
                "Arsip ZIP dengan satu folder timbang-<slug>/ berisi: regulation.json, "
                "versions/<n>.json dan inputs.json (persis sama dengan jawaban endpoint API "
                "masing-masing), units.csv, inputs.csv, dim.csv (matriks masukan dan "
                "tanggapan), events.json (peristiwa publik dari log audit dengan semua kolom "
                "yang di-hash), chain.csv (nomor dan hash seluruh rantai sampai kepala rantai), "
                "manifest.json (kepala rantai dan SHA-256 setiap berkas) dan README.txt (cara "
                "memeriksa). CSV berkodekan UTF-8 dengan BOM."),
            "parameters": [SLUG],
            "responses": {
                "200": {"description": "Arsip ZIP",
                        "content": {"application/zip": {
                            "schema": {"type": "string", "format": "binary"}}}},
                "404": error_response("Regulasi tidak ditemukan atau belum diterbitkan"),
            },
        },
    },
}
