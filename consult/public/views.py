"""Routes of the public area."""
from flask import Blueprint

bp = Blueprint("public", __name__)
