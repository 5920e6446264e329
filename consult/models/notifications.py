"""Follows and in-app notifications. (area: notifications)"""
__all__ = []
