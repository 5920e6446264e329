"""Akoma Ntoso 3.0 export of a published version, for the legislative tools that read the standard.

Every unit becomes the AKN element of its kind (BAB → chapter, Bagian → section, Paragraf →
subsection, Pasal → article, ayat → paragraph, huruf and angka → point) with Timbang's own
anchor as its eId, so `/r/<slug>/v/<n>#pasal-5-ayat-2` and the eId `pasal-5-ayat-2` name the
same thing. A draft version is a `bill`; the final text of an enacted regulation is an `act`
with its number and year. The FRBR identity names the regency's regulation:
/akn/<place>/<bill|act>/<kind>/<year>/<number or slug>.
"""
import re

import sqlalchemy as sa
from flask import current_app
from lxml import etree

from consult.extensions import db
from consult.models import Unit

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
E = "{%s}" % NS
HIERARCHY = {"bab": "chapter", "bagian": "section", "paragraf": "subsection", "pasal": "article",
             "ayat": "paragraph", "huruf": "point", "angka": "point"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def place():
    """The AKN place code of the regency: 'id-kabupaten-paser'."""
    name = re.sub(r"[^a-z0-9]+", "-", current_app.config["REGENCY_NAME"].lower()).strip("-")
    return f"id-{name}"


def work_uri(regulation, version, enactment):
    final = enactment is not None and enactment.final_version_id == version.id
    doc_type = "act" if final else "bill"
    year = regulation.year if final and regulation.year else version.published_at.year
    number = regulation.number if final and regulation.number else regulation.slug
    number = re.sub(r"[^A-Za-z0-9-]+", "-", str(number)).strip("-") or "0"
    return doc_type, f"/akn/{place()}/{doc_type}/{regulation.kind}/{year}/{number}"


def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, E + tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _paragraphs(parent, text):
    lines = [line for line in (text or "").split("\n") if line.strip()] or [""]
    for line in lines:
        _sub(parent, "p", line.strip())


def _meta(root_doc, regulation, version, enactment, doc_type, uri):
    date = version.published_at.date().isoformat()
    meta = _sub(root_doc, "meta")
    ident = _sub(meta, "identification", source="#timbang")
    expression, manifestation = f"{uri}/ind@{date}", f"{uri}/ind@{date}.akn"
    for tag, this, value, extra in (
            ("FRBRWork", f"{uri}/!main", uri, "country"),
            ("FRBRExpression", f"{expression}/!main", expression, "language"),
            ("FRBRManifestation", f"{expression}/!main.xml", manifestation, None)):
        frbr = _sub(ident, tag)
        _sub(frbr, "FRBRthis", value=this)
        _sub(frbr, "FRBRuri", value=value)
        if tag == "FRBRWork":
            _sub(frbr, "FRBRalias", value=regulation.title, name="title")
        name = "Generation" if doc_type == "bill" else "Enactment"
        when = enactment.signed_on.isoformat() if doc_type == "act" else date
        _sub(frbr, "FRBRdate", date=when if tag == "FRBRWork" else date,
             name=name if tag == "FRBRWork" else "Publication")
        _sub(frbr, "FRBRauthor", href="#pemrakarsa" if tag != "FRBRManifestation" else "#timbang")
        if extra == "country":
            _sub(frbr, "FRBRcountry", value=place())
            _sub(frbr, "FRBRsubtype", value=str(regulation.kind))
            _sub(frbr, "FRBRnumber", value=uri.rsplit("/", 1)[1])
            _sub(frbr, "FRBRname", value=regulation.title)
        elif extra == "language":
            _sub(frbr, "FRBRversionNumber", value=str(version.number))
            _sub(frbr, "FRBRlanguage", language="ind")
    if doc_type == "act" and enactment is not None:
        _sub(meta, "publication", date=enactment.promulgated_on.isoformat(),
             name="Berita Daerah", showAs=f"Berita Daerah {current_app.config['REGENCY_NAME']}",
             number=enactment.berita_number)
    refs = _sub(meta, "references", source="#timbang")
    _sub(refs, "TLCOrganization", eId="timbang", href="/ontology/organization/timbang",
         showAs=current_app.config.get("SITE_NAME", "Timbang"))
    _sub(refs, "TLCOrganization", eId="pemrakarsa", href="/ontology/organization/pemrakarsa",
         showAs=regulation.office)


def _hier(parent, unit, children_of):
    element = _sub(parent, HIERARCHY[unit.kind], eId=unit.anchor or unit.key)
    kids = children_of.get(unit.id, [])
    if unit.label:
        number = unit.label if unit.kind in ("huruf", "angka", "ayat") else \
            f"{unit.kind.capitalize()} {unit.label}"
        _sub(element, "num", number)
    if unit.heading:
        _sub(element, "heading", unit.heading)
    hier_kids = [k for k in kids if k.kind in HIERARCHY]
    if not hier_kids:
        _paragraphs(_sub(element, "content"), unit.text)
        return
    if (unit.text or "").strip():
        _paragraphs(_sub(element, "intro"), unit.text)
    for kid in hier_kids:
        _hier(element, kid, children_of)


def _container(parent, tag, unit, children_of, name=None):
    """A preamble or conclusion part: its text, then its items as numbered paragraphs."""
    attrs = {"eId": unit.anchor or unit.key}
    if name:
        attrs["name"] = name
    element = _sub(parent, tag, **attrs)
    if unit.heading:
        _sub(element, "p", unit.heading)
    if (unit.text or "").strip() or not children_of.get(unit.id):
        _paragraphs(element, unit.text)
    for kid in children_of.get(unit.id, []):
        _sub(element, "p", f"{kid.label or ''} {kid.text or ''}".strip())
    return element


def to_xml(regulation, version, enactment=None):
    units = db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id).order_by(Unit.position)
    ).scalars().all()
    children_of = {}
    for unit in units:
        children_of.setdefault(unit.parent_id, []).append(unit)
    doc_type, uri = work_uri(regulation, version, enactment)
    root = etree.Element(E + "akomaNtoso", nsmap={None: NS})
    doc = _sub(root, doc_type, name=str(regulation.kind))
    _meta(doc, regulation, version, enactment, doc_type, uri)
    top = children_of.get(None, [])
    titles = [u for u in top if u.kind == "judul"]
    preface = _sub(doc, "preface")
    title_p = _sub(preface, "p", class_="title")
    _sub(title_p, "docTitle", " ".join(
        (u.text or u.heading or "").replace("\n", " ") for u in titles) or regulation.title)
    preamble_units = [u for u in top if u.kind in ("menimbang", "mengingat", "menetapkan")]
    if preamble_units:
        preamble = _sub(doc, "preamble")
        for unit in preamble_units:
            _container(preamble, "container", unit, children_of, name=unit.kind)
    body = _sub(doc, "body")
    body_units = [u for u in top if u.kind in HIERARCHY or u.kind in ("penjelasan", "lampiran")]
    for unit in body_units:
        if unit.kind in HIERARCHY:
            _hier(body, unit, children_of)
        else:
            hcontainer = _sub(body, "hcontainer", eId=unit.anchor or unit.key, name=unit.kind)
            _paragraphs(_sub(hcontainer, "content"), "\n".join(
                filter(None, [unit.heading, unit.text] + [
                    f"{k.label or ''} {k.text or ''}".strip()
                    for k in children_of.get(unit.id, [])])))
    if not body_units:
        _sub(_sub(_sub(body, "hcontainer", eId="kosong", name="kosong"), "content"), "p")
    closing = [u for u in top if u.kind == "penutup"]
    if closing:
        conclusions = _sub(doc, "conclusions")
        for unit in closing:
            _container(conclusions, "container", unit, children_of, name="penutup")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
