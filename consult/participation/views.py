"""Routes of the participation area."""
from flask import Blueprint

bp = Blueprint("participation", __name__)
