"""Scrutiny figures: counting closed cases, the 10-5 suppression rule, the rates read
from the suppressed tables, CSV, and the bar charts drawn from them."""
