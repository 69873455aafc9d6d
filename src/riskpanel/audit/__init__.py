"""The access log (DPA 2018 s.62)."""
