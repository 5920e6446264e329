"""The drafter workspace (/penyusun): one blueprint, its routes in views.py and the *_views.py
modules beside it (the app factory imports each of them)."""
from flask import Blueprint

bp = Blueprint("drafting", __name__, url_prefix="/penyusun")
