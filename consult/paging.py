"""Lists a person pages through and filters: the one place that reads a ?page= argument (always
an int between 1 and MAX_PAGE) and that makes free text safe inside a LIKE pattern."""
from flask import request

MAX_PAGE = 100_000  # far beyond any real list; keeps OFFSET within every database's range


def page_arg(name="page"):
    try:
        value = int(request.args.get(name, 1))
    except (TypeError, ValueError):
        return 1
    return min(max(value, 1), MAX_PAGE)


def escape_like(text):
    """`text` matched literally inside a LIKE pattern (with escape="\\")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
