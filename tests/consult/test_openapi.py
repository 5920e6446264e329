"""The OpenAPI document: valid JSON, OpenAPI 3.1, and every /api/v1 route documented."""
import json
import re

import pytest

from consult.api import openapi

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def _openapi_path(rule):
    return re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", rule)


def test_is_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["paths"]


def test_every_api_route_is_documented(app, document):
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = _openapi_path(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method.lower() not in document["paths"].get(path, {}):
                missing.append(f"{method} {path}")
    assert not missing, f"undocumented API routes: {missing}"


def test_documented_paths_exist(app, document):
    routes = {_openapi_path(r.rule) for r in app.url_map.iter_rules()}
    assert set(document["paths"]) <= routes


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_reference_resolves(document):
    schemas = document["components"]["schemas"]
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref


def test_operations_are_complete(document):
    operation_ids = []
    for path, item in document["paths"].items():
        params_in_path = set(re.findall(r"{([a-z_]+)}", path))
        for method, operation in item.items():
            assert method in METHODS, (path, method)
            assert operation.get("summary"), (path, method)
            assert operation.get("responses"), (path, method)
            assert any(code.startswith("2") for code in operation["responses"])
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == params_in_path, (path, method)
            if operation.get("operationId"):
                operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))


def test_fragments_of_other_areas_are_merged(monkeypatch):
    class Fragment:
        PATHS = {"/api/v1/contoh": {"get": {"summary": "Contoh", "operationId": "contoh",
                                            "responses": {"200": {"description": "ok"}}}}}
        SCHEMAS = {"Contoh": {"type": "object"}}
        TAGS = [{"name": "contoh"}]

    monkeypatch.setattr(openapi, "fragments", lambda: [Fragment])
    doc = openapi.document()
    assert "/api/v1/contoh" in doc["paths"] and "/api/v1/regulations" in doc["paths"]
    assert "Contoh" in doc["components"]["schemas"]
    assert {"name": "contoh"} in doc["tags"]
    # The module-level tables are not changed by merging.
    assert "/api/v1/contoh" not in openapi.PATHS
