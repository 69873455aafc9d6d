"""Trigram indexes behind the lists' "contains" search (on PostgreSQL).

The case list finds a case by any part of its reference, and a victim by any part of their
name, in any letter case (``ILIKE '%words%'``). A B-tree cannot serve a pattern with a
leading ``%``, so without these the search read every case of the panel and every person.
A GIN index of trigrams (``pg_trgm``) serves ``LIKE`` and ``ILIKE`` on the plain columns;
names are held as plain text (not encrypted), so they can be indexed. The name index
covers both parts; ``people.repository.named`` asks each part for a word of the search,
which the index answers, before checking the whole "given family" text. On SQLite the
same names are plain B-tree indexes (the GIN options apply to PostgreSQL only), which a
"contains" search cannot use: SQLite is not the backend for a large partnership.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import col

from riskpanel.models.cases import Case
from riskpanel.models.people import Person

TRIGRAMS = "gin_trgm_ops"

Index(
    "ix_case_reference_trgm",
    col(Case.reference),
    postgresql_using="gin",
    postgresql_ops={"reference": TRIGRAMS},
)

Index(
    "ix_person_name_trgm",
    col(Person.given_name),
    col(Person.family_name),
    postgresql_using="gin",
    postgresql_ops={"given_name": TRIGRAMS, "family_name": TRIGRAMS},
)
