"""Property-based fuzzing: the parser never raises on any text, and no input endpoint answers
any form with a server error."""
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

import drafts

LEGAL_WORDS = ["Pasal", "BAB", "Bagian", "Paragraf", "ayat", "huruf", "Menimbang", "Mengingat",
               "MEMUTUSKAN", "Menetapkan", "PENJELASAN", "LAMPIRAN", "Dihapus.", "(1)", "(2)",
               "a.", "b.", "1.", "I", "IV", "5A", "Ditetapkan di", "BUPATI", "\n", "\n\n", " ",
               ":", ";", "-", "\f", "\t", "\u00ad", "\u200b", "ﬁ", "Pasal 1", "Pasal 2"]

legal_text = st.lists(st.one_of(st.sampled_from(LEGAL_WORDS), st.text(max_size=20)),
                      max_size=120).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=2000), legal_text))
def test_parse_text_never_raises(text):
    doc = drafts.parse_text(text)
    assert isinstance(doc, drafts.Document)
    for warning in doc.warnings:
        assert isinstance(warning.message, str)
    doc.to_dict()  # and the result is plain data all the way down


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=legal_text)
def test_assign_keys_and_compare_never_raise(text):
    base = drafts.parse_text("Pasal 1\nSetiap media wajib terdaftar.\n\nPasal 2\nCukup jelas.")
    doc = drafts.assign_keys(drafts.parse_text(text), drafts.assign_keys(base, None))
    drafts.compare(base, doc)


FORM_TEXT = st.one_of(st.text(max_size=300), st.sampled_from(
    ["", " ", "\x00", "<script>alert(1)</script>", "A" * 25000, "'; DROP TABLE input; --",
     "%s%n", "\ud7ff", "🙂" * 100, "**tebal** [t](javascript:x)"]))
ID_TEXT = st.one_of(st.integers(min_value=-2**63, max_value=2**63).map(str), FORM_TEXT)


def _post(world_file, role, url, data):
    world = world_file.world
    world_file.dirty = True
    response = world.client(role).post(url, data=data)
    assert response.status_code < 500, f"{role} POST {url} {data!r}: {response.status_code}"
    return response


FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(organisation=ID_TEXT, category=FORM_TEXT, body=FORM_TEXT, quote=FORM_TEXT, unit=ID_TEXT)
def test_comment_form_never_fails(world_file, organisation, category, body, quote, unit):
    v = world_file.world.values
    _post(world_file, "member", f"/r/{v['slug']}/v/{v['number']}/komentar?unit={v['key']}",
          {"organisation": organisation, "category": category, "body": body, "quote": quote,
           "unit": unit})


@FUZZ
@given(organisation=ID_TEXT, proposed=FORM_TEXT, justification=FORM_TEXT, unit=ID_TEXT,
       preview=st.sampled_from(["", "1", "y"]))
def test_proposal_form_never_fails(world_file, organisation, proposed, justification, unit,
                                   preview):
    v = world_file.world.values
    data = {"organisation": organisation, "proposed_text": proposed,
            "justification": justification, "unit": unit}
    if preview:
        data["preview"] = preview
    _post(world_file, "org_admin", f"/r/{v['slug']}/v/{v['number']}/usulan?unit={v['key']}", data)
    _post(world_file, "org_admin", f"/r/{v['slug']}/v/{v['number']}/usulan/pratinjau",
          {"unit": unit, "proposed_text": proposed})


@FUZZ
@given(body=FORM_TEXT, organisation=ID_TEXT, disposition=FORM_TEXT, explanation=FORM_TEXT,
       reason=FORM_TEXT, result_version=ID_TEXT)
@example(body="\x00", organisation="\x00", disposition="\x00", explanation="\x00",
         reason="\x00", result_version="\x00")  # a NUL-only reason once passed DataRequired
def test_reply_answer_report_and_moderation_never_fail(world_file, body, organisation,
                                                       disposition, explanation, reason,
                                                       result_version):
    v = world_file.world.values
    item = v["input_id"]
    _post(world_file, "org_admin", f"/masukan/{item}/balas",
          {"body": body, "organisation": organisation})
    _post(world_file, "drafter", f"/masukan/{item}/tanggapan",
          {"disposition": disposition, "explanation": explanation,
           "result_version": result_version, "result_unit": body[:64]})
    _post(world_file, "org_admin", f"/masukan/{item}/laporkan", {"reason": reason})
    _post(world_file, "moderator", f"/moderasi/masukan/{item}",
          {"action": disposition, "reason": reason})
    _post(world_file, "member", f"/masukan/{item}/ubah",
          {"body": body, "quote": reason, "category": disposition})


@FUZZ
@given(q=FORM_TEXT, page=ID_TEXT, status=FORM_TEXT)
@example(q="", page=str(2**62), status="")  # an OFFSET beyond 64 bits once gave a 500
@example(q="", page="-1", status="")
def test_search_and_filters_never_fail(world_file, q, page, status):
    world = world_file.world
    client = world.client("anonymous")
    slug = world.values["slug"]
    for path in ("/cari", "/r/", "/organisasi", f"/r/{slug}/masukan", f"/r/{slug}/dim",
                 f"/r/{slug}/linimasa", "/audit"):
        response = client.get(path, query_string={"q": q, "page": page, "status": status,
                                                  "kategori": status, "jenis": status})
        assert response.status_code < 500, f"GET {path} q={q!r} page={page!r}"


@pytest.mark.parametrize("path", ["/api/v1/regulations/{slug}/compare",
                                  "/api/v1/regulations/{slug}/inputs"])
@FUZZ
@given(a=ID_TEXT, b=ID_TEXT)
def test_api_parameters_never_fail(world_file, path, a, b):
    world = world_file.world
    response = world.client("anonymous").get(path.format(slug=world.values["slug"]),
                                             query_string={"from": a, "to": b, "page": a,
                                                           "per_page": b, "unit": a})
    assert response.status_code < 500
    assert response.mimetype == "application/json"
