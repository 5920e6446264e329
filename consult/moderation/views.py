"""Routes of the moderation area."""
from flask import Blueprint

bp = Blueprint("moderation", __name__)
