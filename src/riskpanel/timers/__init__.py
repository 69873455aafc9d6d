"""Timers stored as due dates in the database, fired by `riskpanel tick`."""
