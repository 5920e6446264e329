"""Routes of the admin area."""
from flask import Blueprint

bp = Blueprint("admin", __name__)
