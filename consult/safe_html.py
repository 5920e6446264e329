"""The one place that turns user Markdown into safe HTML (sanitised at render time)."""
import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "blockquote", "code", "pre",
    "ul", "ol", "li", "a", "h3", "h4", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def markdown_to_html(source):
    """Markdown → sanitised HTML. Raw HTML in the source is escaped by nh3's allow-list."""
    if not source:
        return Markup("")
    html = md.markdown(source, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(clean)
