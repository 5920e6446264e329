"""Public reading pages: no login, stable readable URLs that journalists can link to.

    /r/                                   regulations by status, with a title search
    /r/<slug>                             the current (latest published) version
    /r/<slug>/v/<n>                       any published version
    /r/<slug>/v/<n>/pasal/<ref>           one Pasal (ref: its label when unique, else its key)
    /r/<slug>/v/<n>.docx | .md            downloads
    /r/<slug>/compare/<a>/<b>             word-level comparison (?view=inline|side, ?all=1)
    /r/<slug>/riwayat                     every published version with its changelog

Drafts are never public: an unpublished version number answers 404 like an unknown one.
"""
from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from jinja2 import TemplateNotFound
from markupsafe import Markup

from consult import clock, fragments
from consult.compare import comparison
from consult.drafting.enactment import enactment_of
from consult.errors import abort_with
from consult.extensions import db
from consult.models import RegulationStatus
from consult.participation.pasal_page import pasal_page_context
from consult.public import memo, services, text_tree
from consult.paging import page_arg
from consult.unit_rows import load_document
import drafts

bp = Blueprint("public", __name__, url_prefix="/r")


@bp.context_processor
def public_helpers():
    return {"status_label": services.status_label, "kind_label": services.kind_label,
            "count_mark": text_tree.count_mark}


# Partials of the participation area, shown when that area provides them.
PASAL_INPUTS_TEMPLATE = "participation/_pasal_inputs.html"  # the Pasal page's inputs and form
SUMMARY_TEMPLATE = "participation/_regulation_summary.html"  # the regulation's inputs, counted


def _optional_template(name):
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return None
    return name


def _load(slug, with_publisher=False):
    regulation, versions = services.get_public_regulation(slug, with_publisher)
    if regulation is None:
        abort_with(404, _("Regulasi tidak ditemukan atau belum diterbitkan."))
    return regulation, versions


def _load_version(slug, number):
    regulation, versions = _load(slug)
    version = services.find_version(versions, number)
    if version is None:
        abort_with(404, _("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=number))
    return regulation, versions, version


@bp.get("/")
def index():
    status = request.args.get("status") or None
    if status is not None:
        try:
            status = RegulationStatus(status)
        except ValueError:
            status = None
    page = page_arg()
    data = services.regulation_index(request.args.get("q", ""), status, max(page, 1))
    return render_template("public/regulation_index.html", **data)


@bp.get("/<slug>")
@fragments.shared_page
def regulation(slug):
    """The current text: the enacted final version once promulgated, else the newest."""
    regulation, versions = _load(slug)
    enactment = enactment_of(regulation)
    shown = services.find_version(versions, enactment.final_version.number) if enactment else None
    return _render_version(regulation, versions, shown or versions[-1], is_current=True)


@bp.get("/<slug>/v/<int:number>")
@fragments.shared_page
def version(slug, number):
    regulation, versions, version = _load_version(slug, number)
    return _render_version(regulation, versions, version,
                           is_current=version.number == versions[-1].number)


def _pasal_url(regulation, version):
    """Builds Pasal page URLs without a url_for call per Pasal (hundreds on one page)."""
    base = url_for("public.pasal", slug=regulation.slug, number=version.number, ref="-")[:-1]
    return lambda ref: base + quote(ref, safe="")


def _render_version(regulation, versions, version, is_current):
    asked = request.args.get("bab", "")
    asked = asked if asked == text_tree.WHOLE else str(int(asked)) if asked.isdigit() else ""

    def render_text():
        tree = text_tree.version_text(version, {}, _pasal_url(regulation, version))
        shown, babs = text_tree.bab_choice(tree, asked)
        lead, tail = text_tree.around_babs(tree, babs)
        page = url_for(request.endpoint, **request.view_args)
        # Where each BAB of the table of contents is read: here ("") or on its own page.
        bab_urls = ["" if shown in (None, i) else f"{page}?bab={i}"
                    for i in range(1, len(babs) + 1)]
        return Markup(render_template(
            "public/_version_text.html", text=tree, regulation=regulation, version=version,
            shown=shown, babs=babs, bab_urls=bab_urls, whole_url=f"{page}?bab={text_tree.WHOLE}",
            lead=lead, tail=tail))

    def text_with_counts():
        counts = services.input_counts(version)
        # A published text never changes: rendered once per process and language, the input
        # counts filled in.
        html = text_tree.cached_fragment(
            (version.id, version.sha256, str(get_locale()), request.endpoint, asked), render_text)
        return text_tree.fill_counts(html, counts, ngettext("masukan", "masukan", 1),
                                     ngettext("masukan", "masukan", 2))

    # The text with its input counts is the same for every reader until the next write.
    text_html = fragments.shared(("version-text", version.id, request.endpoint, asked),
                                 text_with_counts)
    summary = _optional_template(SUMMARY_TEMPLATE)
    context = dict(
        regulation=regulation, versions=versions, version=version, is_current=is_current,
        text_html=text_html,
        summary_html=fragments.shared(
            ("regulation-summary", regulation.id),
            lambda: render_template(summary, regulation=regulation)) if summary else "",
        consultation=services.consultation_info(services.current_period(regulation),
                                                clock.now()),
        timeline=services.timeline(regulation, versions),
        previous=services.find_version(versions, version.number - 1),
    )
    return render_template("public/regulation_show.html", **context)


@bp.get("/<slug>/v/<int:number>/pasal/<ref>")
@fragments.shared_page
def pasal(slug, number, ref):
    regulation, versions, version = _load_version(slug, number)
    # The inputs are listed under the text (pasal_page_context), not counted beside it.
    tree, node = text_tree.pasal_text(version, ref, {})
    if node is None:
        abort_with(404, _("Pasal %(ref)s tidak ada di versi %(n)s.", ref=ref, n=number))
    own = tree.pasals
    index = own.index(node) if node in own else None
    extra = pasal_page_context(regulation, version, node)
    context = dict(
        regulation=regulation, versions=versions, version=version, node=node,
        is_current=version.number == versions[-1].number,
        prev_pasal=own[index - 1] if index else None,
        next_pasal=own[index + 1] if index is not None and index + 1 < len(own) else None,
        consultation=services.consultation_info(services.current_period(regulation)),
        pasal_inputs_template=_optional_template(PASAL_INPUTS_TEMPLATE),
    )
    context.update(extra)
    return render_template("public/pasal_show.html", **context)


@bp.get("/<slug>/v/<int:number>.docx")
def download_docx(slug, number):
    regulation, _versions, version = _load_version(slug, number)
    body = memo.remember("docx", (version.id, version.sha256),
                         lambda: drafts.render_docx(load_document(version)), size=8)
    return _download(body, services.download_name(regulation, version, "docx"),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     version)


@bp.get("/<slug>/v/<int:number>.md")
def download_markdown(slug, number):
    regulation, _versions, version = _load_version(slug, number)
    body = memo.remember("md", (version.id, version.sha256),
                         lambda: drafts.render_markdown(load_document(version)).encode("utf-8"),
                         size=8)
    return _download(body, services.download_name(regulation, version, "md"),
                     "text/markdown", version)  # werkzeug adds the charset to text/*


def _download(body, filename, mimetype, version):
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A published version never changes: its SHA-256 is a perfect validator.
    response.set_etag(f"{version.sha256}-{filename.rsplit('.', 1)[-1]}")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response.make_conditional(request)


@bp.get("/<slug>/compare")
def compare_form(slug):
    """The version pickers are a plain GET form; this sends them to the canonical URL."""
    regulation, versions = _load(slug)
    a = request.args.get("from", type=int)
    b = request.args.get("to", type=int)
    if a is None or b is None:
        if len(versions) < 2:
            abort_with(404, _("Regulasi ini baru memiliki satu versi; belum ada yang dapat "
                              "dibandingkan."))
        a, b = versions[-2].number, versions[-1].number
    args = {k: v for k, v in (("view", request.args.get("view")),
                              ("all", request.args.get("all"))) if v}
    return redirect(url_for("public.compare", slug=slug, a=a, b=b, **args))


@bp.get("/<slug>/compare/<int:a>/<int:b>")
@fragments.shared_page
def compare(slug, a, b):
    regulation, versions = _load(slug)
    from_version = services.find_version(versions, a)
    to_version = services.find_version(versions, b)
    if from_version is None or to_version is None:
        missing = a if from_version is None else b
        abort_with(404, _("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=missing))
    view = request.args.get("view", "inline")
    if view not in ("inline", "side"):
        view = "inline"
    show_all = request.args.get("all") == "1"
    page = dict(regulation=regulation, versions=versions, from_version=from_version,
                to_version=to_version, view=view, show_all=show_all, same_version=a == b)

    def render_body():
        shaped = {}
        if a != b:  # else nothing to show: the body says so instead of an empty "comparison"
            data = comparison(from_version, to_version)
            shaped = services.compare_view_data(data, services.anchors_by_key(to_version),
                                                show_all)
        return render_template("public/_compare_body.html", **page, **shaped)

    # The same for every reader (members too): rendered once per page generation.
    body = fragments.shared(("compare", regulation.id, a, b, view, show_all), render_body)
    html = render_template("public/compare_show.html", body_html=body, **page)
    # Keeps the comparison cache row written on a first request; after rendering, since a
    # commit expires every loaded object and the page would load each version again.
    db.session.commit()
    return html


@bp.get("/<slug>/riwayat")
def history(slug):
    regulation, versions = _load(slug, with_publisher=True)
    return render_template("public/regulation_history.html", regulation=regulation,
                           versions=list(reversed(versions)),
                           timeline=services.timeline(regulation, versions))
