"""Absolute links for mail, feeds and canonical links, built without a request (the CLI sends
mail too) and only from PUBLIC_BASE_URL."""
from flask import current_app
from werkzeug.routing import BuildError


def path_for(endpoint, fallback=None, **values):
    """The site-relative path of an endpoint; `fallback` when the route does not exist (yet)."""
    try:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        return fallback


def absolute(path):
    """PUBLIC_BASE_URL + path: every absolute link (mail, feeds, canonical links), never built
    from the request's Host header."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{path or '/'}"


def external_url(endpoint, **values):
    return absolute(current_app.url_map.bind("localhost").build(endpoint, values))


def regulation_path(regulation):
    return path_for("public.regulation", fallback=f"/r/{regulation.slug}", slug=regulation.slug)


def input_path(item):
    """The public address of an input: /r/<slug>/masukan/<number>, the number people see (unique
    within the regulation). A reply has its own address under its thread's input,
    /r/<slug>/masukan/<number>/balasan/<id>, which no input can have."""
    regulation = item.regulation
    root = item.root
    if root is item:
        return path_for("participation.input_detail", slug=regulation.slug, number=item.number)
    return path_for("participation.reply_detail", slug=regulation.slug, number=root.number,
                    reply_id=item.id)
