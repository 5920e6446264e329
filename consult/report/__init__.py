"""The end of the road: the laporan hasil konsultasi publik, the handoff package and the
Akoma Ntoso export (routes in views.py)."""
