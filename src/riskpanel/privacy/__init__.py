"""Privacy: redaction of free text, small-number suppression, k-anonymity, pseudonyms.

Pure code (no web framework, no database) so that every rule can be unit-tested and the
scrutiny pack builder can rely on one implementation.
"""

from riskpanel.privacy.kanon import KAnonResult, QuasiRecord, ReleasedRecord, k_anonymise
from riskpanel.privacy.people import KnownPerson, Role
from riskpanel.privacy.pseudonym import Pseudonymiser, age_band, pseudonym
from riskpanel.privacy.redactor import RedactionResult, redact
from riskpanel.privacy.spans import Span
from riskpanel.privacy.suppression import (
    SuppressedCrossTab,
    SuppressedTable,
    suppress_crosstab,
    suppress_table,
)

__all__ = [
    "KAnonResult",
    "KnownPerson",
    "Pseudonymiser",
    "QuasiRecord",
    "RedactionResult",
    "ReleasedRecord",
    "Role",
    "Span",
    "SuppressedCrossTab",
    "SuppressedTable",
    "age_band",
    "k_anonymise",
    "pseudonym",
    "redact",
    "suppress_crosstab",
    "suppress_table",
]
