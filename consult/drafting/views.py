"""Routes of the drafting area."""
from flask import Blueprint

bp = Blueprint("drafting", __name__)
