"""Framework-free pieces every domain shares: errors, the caller, ids, concurrency tokens,
pagination cursors, base schemas, roles, the clock and text rules.

Nothing here imports FastAPI, the database or any domain package, so every layer may depend
on it and no package cycle can run through it (tests/foundation/test_layers.py).
"""
