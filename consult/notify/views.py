"""Routes of the notify area."""
from flask import Blueprint

bp = Blueprint("notify", __name__)
