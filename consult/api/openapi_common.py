"""The pieces every part of the OpenAPI description is built from."""
ISO_TIME = {"type": "string", "format": "date-time",
            "description": "ISO 8601 dengan offset zona waktu daerah, mis. 2026-12-17T16:00:00+08:00"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_response(description):
    return json_response(description, ref("Error"))


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
        "description": "Slug regulasi, mis. perbup-pengelolaan-media-komunikasi-publik"}
NUMBER = {"name": "number", "in": "path", "required": True,
          "schema": {"type": "integer", "minimum": 1}, "description": "Nomor versi yang diterbitkan"}
