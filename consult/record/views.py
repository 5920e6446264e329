"""Routes of the record area: timeline, DIM, statistics, feeds, search, audit, export.

Every page here is public and read-only; the only state it touches is the search index, which
search_index.py keeps in step with the content on every commit.
"""
from dataclasses import replace

import click
from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import format_number, gettext as _
from flask_babel import lazy_gettext as _l

from consult import audit
from consult.errors import abort_with
from consult.extensions import db
from consult.models import OrgStatus
from consult.record import dim, dim_files, dim_query, feeds, search, search_index, stats
from consult.record import export, services, timeline
from consult.paging import page_arg

bp = Blueprint("record", __name__)
search_index.install_sync()


def _regulation_or_404(slug):
    regulation, versions = services.load_public_regulation(slug)
    if regulation is None:
        abort_with(404, _("Regulasi tidak ditemukan atau belum diterbitkan."))
    return regulation, versions


def _int_arg(name):
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


# --- timeline -----------------------------------------------------------------------------------

@bp.get("/r/<slug>/linimasa")
def timeline_page(slug):
    regulation, versions = _regulation_or_404(slug)
    kind = request.args.get("jenis") or None
    if kind and kind not in timeline.KINDS:
        kind = None
    organisations = services.organisations_with_inputs(regulation)
    org_slug = request.args.get("organisasi") or None
    organisation = next((o for o in organisations if o.slug == org_slug), None)
    page = page_arg()
    total = timeline.count(regulation, kind, organisation.id if organisation else None)
    pager = search.Results([], total, page, timeline.PER_PAGE)
    if page > pager.pages:
        page = pager.page = pager.pages
    items = timeline.entries(regulation, kind, organisation.id if organisation else None, page,
                             timeline.PER_PAGE)
    return render_template("record/timeline_list.html", regulation=regulation,
                           versions=versions, entries=items, pager=pager, kind=kind,
                           kinds=timeline.kind_choices(), organisations=organisations,
                           organisation=organisation)


@bp.get("/r/<slug>/linimasa/<int:seq>")
def timeline_event(slug, seq):
    """Permalink of one event: shows it with its hash, and where it sits on the timeline."""
    regulation, versions = _regulation_or_404(slug)
    entry = next((e for e in timeline.describe(timeline.event_rows(regulation, seq))), None)
    if entry is None:
        abort_with(404, _("Peristiwa ini tidak ada pada linimasa regulasi ini."))
    page = timeline.position_of(regulation, seq) or 1
    return render_template("record/timeline_event.html", regulation=regulation, entry=entry,
                           page=page)


# --- search -------------------------------------------------------------------------------------

SEARCH_KINDS = (
    ("", _l("Semua")), ("regulation", _l("Regulasi")), ("version", _l("Versi")),
    ("unit", _l("Pasal dan ayat")), ("input", _l("Masukan")),
)


@bp.get("/cari")
def search_page():
    text = (request.args.get("q") or "").strip()[:300]
    kind = request.args.get("jenis") or ""
    if kind not in dict(SEARCH_KINDS):
        kind = ""
    regulations = services.public_regulations()
    reg_slug = request.args.get("regulasi") or ""
    regulation = next((r for r in regulations if r.slug == reg_slug), None)
    results = None
    error = None
    if text:
        parsed = search.parse_query(text)
        if parsed.empty:
            error = _("Tuliskan paling sedikit satu kata untuk dicari.")
        else:
            results = search.search(text, kind=kind or None,
                                          regulation_id=regulation.id if regulation else None,
                                          page=page_arg())
    return render_template("record/search_results.html", q=text, kind=kind,
                           kinds=SEARCH_KINDS, regulations=regulations, regulation=regulation,
                           results=results, error=error, hit_url=hit_url)


def hit_url(hit):
    """Stable, readable public URLs: the public area's /r/ pages and the input pages."""
    base = f"/r/{hit.regulation_slug}"
    if hit.kind == "regulation":
        return base
    if hit.kind == "version":
        return f"{base}/v/{hit.version_number}"
    if hit.kind == "unit":
        return f"{base}/v/{hit.version_number}" + (f"#{hit.anchor}" if hit.anchor else "")
    if hit.anchor:  # the input's public address (rows indexed before it carry none)
        return f"{base}/{hit.anchor}"
    return f"/masukan/{hit.ref_id}"


# --- audit --------------------------------------------------------------------------------------

@bp.get("/audit")
def audit_page():
    seq, digest = audit.chain_head()
    anchor_seq, anchor_hash = export.epoch_anchor()
    return render_template("record/audit_page.html", head_seq=seq, head_hash=digest,
                           count=audit.event_count(), anchor_seq=anchor_seq,
                           anchor_hash=anchor_hash)


# --- answer coverage (a partial the regulation page includes) ---------------------------------------

@bp.app_template_global("record_coverage")
def record_coverage(regulation):
    return stats.coverage(regulation)


# --- DIM ----------------------------------------------------------------------------------------

def _dim_scope(regulation, versions):
    number = _int_arg("versi")
    if request.args.get("versi") and number is None:
        abort_with(400, _("Nomor versi harus berupa bilangan bulat."))
    if number is None:
        return None
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        abort_with(404, _("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=number))
    return version


def _dim_filters(scope, units, organisations, individual):
    """The reader's filters from the query string: values that are not among the choices are
    ignored, as on the timeline. Returns (Filters, the query arguments that keep them)."""
    args, chosen = request.args, {}
    unit = args.get("unit") or ""
    if any(c.value == unit for c in units):
        chosen["unit"] = unit
    org_slug = args.get("organisasi") or ""
    organisation_id = next((org_id for org_id, c in organisations if c.value == org_slug), None)
    if organisation_id is not None or (org_slug == dim_query.INDIVIDUAL and individual):
        chosen["organisasi"] = org_slug
    for name, ok in (("status", dim_query.status_choice_ok),
                     ("kategori", dim_query.category_choice_ok),
                     ("jenis", dim_query.type_choice_ok)):
        if ok(args.get(name) or ""):
            chosen[name] = args[name]
    filters = replace(scope, unit=chosen.get("unit"), organisation_id=organisation_id,
                      individual=chosen.get("organisasi") == dim_query.INDIVIDUAL,
                      status=chosen.get("status"), category=chosen.get("kategori"),
                      type=chosen.get("jenis"))
    return filters, chosen


@bp.get("/r/<slug>/dim")
def dim_page(slug):
    """One page of the DIM, with filters; ?no=N opens the page that holds input N."""
    regulation, versions = _regulation_or_404(slug)
    version = _dim_scope(regulation, versions)
    scope = dim_query.Filters(version_id=version.id if version else None)
    organisations, individual = dim_query.organisation_choices(regulation, scope)
    units = dim_query.unit_choices(regulation, scope, {v.id: v.number for v in versions})
    filters, chosen = _dim_filters(scope, units, organisations, individual)
    if version is not None:
        chosen = {"versi": version.number, **chosen}
    total, answered = dim_query.counts(regulation, filters)
    page, notice = page_arg(), None
    number = _int_arg("no")
    if number is not None and "page" not in request.args:
        position = dim_query.position_of(regulation, filters, number)
        if position is not None:
            page = position // dim_query.PER_PAGE + 1
        elif chosen:  # not among the filtered rows: look for it in the whole DIM
            return redirect(url_for("record.dim_page", slug=slug, no=number,
                                    _anchor=f"no-{number}"))
        else:
            notice = _("Masukan No. %(n)s tidak ada dalam DIM ini.", n=number)
    pager = search.Results([], total, page, dim_query.PER_PAGE)
    if page > pager.pages:
        pager.page = pager.pages
    rows = dim.build_rows(regulation, versions, version, filters, pager.page) if total else []
    first = (pager.page - 1) * dim_query.PER_PAGE + 1
    return render_template(
        "record/dim_show.html", regulation=regulation, versions=versions, version=version,
        rows=rows, columns=dim_files.column_titles(), pager=pager, chosen=chosen, filters=filters,
        notice=notice, units=units, organisations=[c for _id, c in organisations],
        individual=individual, statuses=dim_query.STATUS_CHOICES,
        categories=[(k, v) for k, v in services.CATEGORY_LABELS.items()],
        types=dim_query.TYPE_CHOICES,
        shown={"first": format_number(first), "last": format_number(first + len(rows) - 1),
               "total": format_number(total), "answered": format_number(answered)})


@bp.get("/r/<slug>/dim.<any(csv, xlsx, docx):ext>")
def dim_download(slug, ext):
    """The full DIM of the scope (one version or the whole regulation): every input, every
    column, whatever page or filter the HTML shows."""
    regulation, versions = _regulation_or_404(slug)
    version = _dim_scope(regulation, versions)
    rows = dim.build_rows(regulation, versions, version)
    if ext == "csv":
        body, mimetype = dim_files.csv_chunks(rows), "text/csv"  # Flask adds the charset
    elif ext == "xlsx":
        body = dim_files.to_xlsx(rows, regulation, version)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = dim_files.to_docx(rows, regulation, version)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{dim.filename(regulation, version, ext)}"'})


# --- statistics ---------------------------------------------------------------------------------

@bp.get("/r/<slug>/statistik")
def stats_page(slug):
    regulation, versions = _regulation_or_404(slug)
    number = _int_arg("versi")
    version = next((v for v in versions if v.number == number), versions[-1])
    cov = stats.coverage(regulation)
    groups = stats.heatmap(regulation, version)
    days = stats.over_time(regulation)
    categories = stats.by_category(regulation)
    charts = {}
    if cov.total:
        charts["heatmap"] = stats.heatmap_chart(
            "grafik-peta", _("Sebaran masukan per pasal, versi %(n)s", n=version.number),
            _("Peta panas daftar isi: makin gelap kotak sebuah pasal, makin banyak masukan "
              "yang diterimanya. Angka di bawah nomor pasal adalah jumlah masukan."), groups)
        charts["time"] = stats.column_chart(
            "grafik-waktu", _("Masukan dari waktu ke waktu"),
            _("Jumlah masukan per hari, dari masukan pertama sampai terakhir."), days)
        charts["orgs"] = stats.hbar_chart(
            "grafik-organisasi", _("Masukan per organisasi"),
            _("Jumlah masukan setiap organisasi, dibagi atas yang sudah dan belum dijawab."),
            [(name, [(a, stats.ANSWERED), (w, stats.UNANSWERED), (t - a - w, "#9aa5b1")])
             for name, _slug, a, w, t in cov.by_organisation],
            legend=[(_("dijawab"), stats.ANSWERED), (_("belum dijawab"), stats.UNANSWERED),
                    (_("ditarik/disembunyikan"), "#9aa5b1")])
        charts["categories"] = stats.hbar_chart(
            "grafik-kategori", _("Masukan per kategori"),
            _("Jumlah masukan menurut kategori yang dipilih pengusul."),
            [(label, [(n, stats.BRAND)]) for label, n in categories])
        charts["dispositions"] = stats.hbar_chart(
            "grafik-tanggapan", _("Tanggapan menurut status"),
            _("Jumlah masukan yang sudah dijawab menurut status tanggapan, dan yang belum."),
            [(services.disposition_label(k), [(n, stats.ANSWERED)])
             for k, n in cov.by_disposition.items()]
            + [(_("belum dijawab"), [(cov.unanswered, stats.UNANSWERED)])])
    return render_template("record/stats_show.html", regulation=regulation, versions=versions,
                           version=version, cov=cov, groups=groups, days=days,
                           categories=categories, charts=charts)


# --- feeds --------------------------------------------------------------------------------------

ATOM_TYPE = "application/atom+xml; charset=utf-8"


@bp.get("/feeds/regulations.atom")
def regulations_feed():
    return Response(feeds.regulations_feed(), mimetype=ATOM_TYPE)


@bp.get("/feeds/r/<slug>.atom")
def regulation_feed(slug):
    regulation, versions = _regulation_or_404(slug)
    return Response(feeds.regulation_feed(regulation, versions), mimetype=ATOM_TYPE)


@bp.get("/feeds/organisasi/<slug>.atom")
def organisation_feed(slug):
    organisation = feeds.organisation_by_slug(slug)
    if organisation is None or organisation.status != OrgStatus.VERIFIED:
        abort_with(404, _("Organisasi tidak ditemukan."))
    return Response(feeds.organisation_feed(organisation), mimetype=ATOM_TYPE)


# --- full export ----------------------------------------------------------------------------------

def _zip_response(slug):

    regulation, versions = _regulation_or_404(slug)
    return Response(export.build_zip(regulation, versions), mimetype="application/zip",
                    headers={"Content-Disposition":
                             f'attachment; filename="{export.zip_filename(regulation)}"'})


@bp.get("/r/<slug>/ekspor.zip")
def export_zip(slug):
    return _zip_response(slug)


@bp.get("/api/v1/regulations/<slug>/export.zip")
def api_export_zip(slug):
    return _zip_response(slug)


# --- command line: flask --app wsgi record reindex ---------------------------------------------

@bp.cli.command("reindex")
def reindex_command():
    """Bangun ulang indeks pencarian dari tabel (regulasi, versi terbit, unit, masukan)."""
    count = search_index.reindex_all()
    db.session.commit()
    click.echo(f"Indeks pencarian dibangun ulang untuk {count} regulasi.")
