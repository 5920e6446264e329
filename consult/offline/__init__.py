"""Inputs received offline: letters, hearings, FGDs, recorded by a drafter (issue 16)."""
