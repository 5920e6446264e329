"""The one place that reads a ?page= argument: always an int between 1 and MAX_PAGE."""
from flask import request

MAX_PAGE = 100_000  # far beyond any real list; keeps OFFSET within every database's range


def page_arg(name="page"):
    try:
        value = int(request.args.get(name, 1))
    except (TypeError, ValueError):
        return 1
    return min(max(value, 1), MAX_PAGE)
