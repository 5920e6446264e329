"""consult.i18n.request_context: a request context for translating outside a request, and none
added inside one."""
from flask import has_request_context, request
from flask_babel import gettext

from consult.i18n import request_context


def test_outside_a_request_it_gives_one_that_translates(app):
    assert not has_request_context()
    with request_context():
        assert has_request_context()
        assert gettext("Dibuka") == "Dibuka"  # Indonesian: no language chosen
    assert not has_request_context()


def test_inside_a_request_it_keeps_that_request(app):
    with app.test_request_context("/r/?lang=en"):
        outer = request._get_current_object()
        with request_context():
            assert request._get_current_object() is outer
