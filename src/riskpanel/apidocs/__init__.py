"""The API's own documentation pages (/docs, /redoc), served from riskpanel alone.

A package of its own, above the web layer: the pages use the web infrastructure, which
itself sits above the HTTP layer (``riskpanel.api``).
"""
