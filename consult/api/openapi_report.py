"""OpenAPI fragment of the end of the road: a version in Akoma Ntoso 3.0."""
from consult.api.openapi_common import NUMBER, SLUG, error_response

TAGS = [{"name": "standar", "description": "Teks dalam format standar legislatif (Akoma Ntoso)"}]

SCHEMAS = {}

PATHS = {
    "/api/v1/regulations/{slug}/versions/{number}/akn": {
        "get": {
            "tags": ["standar"], "operationId": "getVersionAkomaNtoso",
            "summary": "Satu versi terbit dalam Akoma Ntoso 3.0 (XML)",
            "description": (
                "Dokumen akomaNtoso dengan identitas FRBR regulasi daerah "
                "(/akn/<daerah>/bill|act/<jenis>/<tahun>/<nomor>). Draf adalah bill; teks final "
                "regulasi yang sudah diundangkan adalah act dengan nomor dan tahunnya. BAB, "
                "Bagian, Paragraf, Pasal, ayat, huruf dan angka menjadi chapter, section, "
                "subsection, article, paragraph dan point; eId setiap unsur sama dengan jangkar "
                "unit di halaman versi (#pasal-5-ayat-2). Sama dengan /r/<slug>/v/<n>.akn.xml."),
            "parameters": [SLUG, NUMBER],
            "responses": {
                "200": {"description": "Dokumen Akoma Ntoso 3.0",
                        "content": {"application/akn+xml": {"schema": {"type": "string"}}}},
                "404": error_response("Regulasi atau versi tidak ditemukan atau belum terbit"),
            },
        },
    },
}
