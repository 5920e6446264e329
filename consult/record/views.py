"""Routes of the record area."""
from flask import Blueprint

bp = Blueprint("record", __name__)
