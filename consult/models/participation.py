"""Participation: comments, proposed wording, endorsements, answers, reports. (area: participation)"""
__all__ = []
