"""OpenAPI fragment of the participation area: the inputs (comments, proposals) and answers."""
from consult.api.openapi_common import ISO_TIME, NUMBER, SLUG, error_response, json_response, ref

TAGS = [{"name": "masukan", "description": "Komentar, usulan rumusan, dan tanggapan penyusun"}]

_NULLABLE_STRING = {"type": ["string", "null"]}

SCHEMAS = {
    "Disposition": {
        "type": "object",
        "description": "Tanggapan penyusun yang sudah diterbitkan.",
        "required": ["status", "explanation", "decided_at", "result_version",
                     "result_unit_label"],
        "properties": {
            "status": {"type": "string", "enum": ["diterima", "diterima_sebagian", "ditolak",
                                                  "ditunda", "di_luar_lingkup"]},
            "explanation": {**_NULLABLE_STRING,
                            "description": "Penjelasan (wajib kecuali untuk diterima)."},
            "decided_at": ISO_TIME,
            "result_version": {"type": ["integer", "null"],
                               "description": "Versi yang memuat rumusan hasil."},
            "result_unit_label": {**_NULLABLE_STRING,
                                  "description": "Unit yang memuat rumusan hasil."},
        },
    },
    "Rebase": {
        "type": "object",
        "description": "Usulan rumusan yang diterapkan ulang pada versi terbaru.",
        "required": ["status", "version", "text"],
        "properties": {
            "status": {"type": "string", "enum": ["clean", "fuzz", "conflict"],
                       "description": "clean = diterapkan utuh; fuzz = diterapkan, konteks "
                                      "sekitarnya berubah (perlu dikonfirmasi penyusun); "
                                      "conflict = versi baru mengubah kata yang sama."},
            "version": {"type": "integer", "description": "Versi tempat usulan diterapkan."},
            "text": {**_NULLABLE_STRING,
                     "description": "Rumusan usulan pada versi itu; null bila konflik."},
        },
    },
    "Input": {
        "type": "object",
        "required": ["id", "url", "type", "unit_key", "unit_label", "version", "organisation",
                     "author", "channel", "received_on", "category", "body", "proposed_text",
                     "rebase", "created_at", "status", "disposition"],
        "properties": {
            "id": {"type": "integer", "description": "Nomor masukan yang tetap (No. di DIM)."},
            "url": {"type": "string", "description": "Alamat publik masukan di situs, "
                                                     "/r/{slug}/masukan/{nomor}."},
            "type": {"type": "string", "enum": ["comment", "proposal"]},
            "unit_key": {**_NULLABLE_STRING,
                         "description": "Kunci unit yang stabil antarversi; null = Umum."},
            "unit_label": {"type": "string",
                           "description": "Label unit saat masukan diberikan, mis. "
                                          "\"Pasal 5 ayat (2)\" atau \"Umum\"."},
            "version": {"type": "integer", "description": "Versi tempat masukan diberikan."},
            "organisation": {**_NULLABLE_STRING,
                             "description": "Organisasi pengirim; untuk masukan luring seperti "
                                            "yang dipilih penyusun untuk dipublikasikan."},
            "author": {"type": "string",
                       "description": "Pengirim. Untuk masukan luring: nama pengirim, atau "
                                      "\"Warga\" bila namanya tidak dipublikasikan; bukan "
                                      "penyusun yang mencatatnya."},
            "channel": {"type": "string", "enum": ["daring", "luring", "surat", "rdp", "fgd"],
                        "description": "Saluran masukan: daring (situs ini), luring (tatap "
                                       "muka), surat, rdp (rapat dengar pendapat), fgd."},
            "received_on": {**_NULLABLE_STRING, "format": "date",
                            "description": "Tanggal masukan luring diterima; null untuk "
                                           "masukan daring."},
            "category": {"type": ["string", "null"],
                         "enum": ["dukungan", "keberatan", "pertanyaan", "usulan", None]},
            "body": {**_NULLABLE_STRING,
                     "description": "Markdown; null bila disembunyikan moderator."},
            "proposed_text": {**_NULLABLE_STRING,
                              "description": "Rumusan usulan; null untuk komentar atau bila "
                                             "disembunyikan."},
            "rebase": {"oneOf": [{"type": "null"}, ref("Rebase")]},
            "created_at": ISO_TIME,
            "status": {"type": "string", "enum": ["open", "withdrawn", "hidden"]},
            "disposition": {"oneOf": [{"type": "null"}, ref("Disposition")]},
        },
    },
    "InputCounts": {
        "type": "object",
        "description": "Jumlah masukan menurut bagian; setiap masukan tepat di satu bagian "
                       "(tanggapan terbit, lalu disembunyikan, ditarik, atau belum), jadi "
                       "jumlah bagian sama dengan total.",
        "required": ["diterima", "diterima_sebagian", "ditolak", "ditunda", "di_luar_lingkup",
                     "belum", "ditarik", "disembunyikan", "answered", "total"],
        "properties": {name: {"type": "integer"} for name in (
            "diterima", "diterima_sebagian", "ditolak", "ditunda", "di_luar_lingkup", "belum",
            "ditarik", "disembunyikan", "answered", "total")},
    },
}

PATHS = {
    "/api/v1/regulations/{slug}/versions/{number}/pasal/{ref}": {
        "get": {
            "tags": ["masukan"], "operationId": "getPasalInputs",
            "summary": "Masukan atas satu pasal pada versi ini, dan riwayatnya: masukan atas "
                       "pasal ini pada versi sebelumnya (mengikuti penomoran ulang, pemecahan, "
                       "dan penggabungan)",
            "parameters": [SLUG, NUMBER, {
                "name": "ref", "in": "path", "required": True, "schema": {"type": "string"},
                "description": "Nomor pasal pada versi ini, mis. 6 atau 5A"}],
            "responses": {
                "200": json_response("Masukan pasal", {
                    "type": "object",
                    "required": ["pasal", "key", "inputs", "earlier_inputs"],
                    "properties": {
                        "pasal": {"type": "string"}, "key": {"type": "string"},
                        "inputs": {"type": "array", "items": ref("Input")},
                        "earlier_inputs": {"type": "array", "items": ref("Input"),
                                           "description": "Masukan pada versi sebelumnya, "
                                                          "dihitung terpisah"}}}),
                "404": error_response("Regulasi, versi, atau pasal tidak ditemukan"),
            },
        },
    },
    "/api/v1/regulations/{slug}/inputs": {
        "get": {
            "tags": ["masukan"],
            "summary": "Semua komentar dan usulan rumusan atas regulasi, dengan tanggapannya",
            "parameters": [SLUG],
            "responses": {
                "200": json_response("Masukan menurut nomor", {
                    "type": "object", "required": ["counts", "inputs"],
                    "properties": {"counts": ref("InputCounts"),
                                   "inputs": {"type": "array", "items": ref("Input")}},
                }),
                "404": error_response("Regulasi tidak ditemukan atau belum diterbitkan"),
            },
        },
    },
}
