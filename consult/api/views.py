"""Routes of the api area."""
from flask import Blueprint

bp = Blueprint("api", __name__)
