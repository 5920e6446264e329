"""The participation area: comments, proposals, replies, endorsements and answers.

The blueprint lives here so the route modules (views, input_views, answer_views) share it
without importing each other.
"""
from flask import Blueprint

bp = Blueprint("participation", __name__)
