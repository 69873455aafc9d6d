"""Redacting third parties from free text in a subject access response.

The subject is entitled to their own data, not to other people's: every name and detail
the privacy redactor finds is replaced, except where it is the subject's own. Known third
parties become their role in the case ("[perpetrator]", "[witness]"); anyone else the
redactor spots becomes "[another person]", and details keep the redactor's labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from riskpanel.models import Person
from riskpanel.privacy import KnownPerson, redact
from riskpanel.privacy import Role as PrivacyRole
from riskpanel.privacy.people import find_known
from riskpanel.privacy.spans import KIND_LABELS, PERSON

ROLE_LABELS = {
    "victim": "the victim",
    "perpetrator": "perpetrator",
    "witness": "witness",
    "household_member": "household member",
}
PRIVACY_ROLES = {
    "victim": "victim",
    "perpetrator": "perpetrator",
    "witness": "witness",
    "household_member": "household",
}


def known_person(person: Person, role: str) -> KnownPerson | None:
    """The redactor's view of a person from the structured record (None without a name)."""
    name = " ".join(p for p in (person.given_name, person.family_name) if p)
    if not any(c.isalpha() for c in name):
        return None
    return KnownPerson(
        name=name,
        role=PrivacyRole(PRIVACY_ROLES.get(role, "other")),
        aliases=tuple(a for a in person.aliases if any(c.isalpha() for c in a)),
        addresses=tuple(a for a in (person.address_line, person.postcode) if a),
        date_of_birth=person.date_of_birth,
        phones=(person.phone,) if person.phone else (),
        emails=(person.email,) if person.email else (),
    )


@dataclass
class ThirdPartyRedactor:
    """Redacts one case's free text for one subject; counts what it removed."""

    subject: KnownPerson | None
    others: list[tuple[KnownPerson, str]] = field(default_factory=list)
    removed: int = 0

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        people = [p for p in (self.subject, *(kp for kp, _ in self.others)) if p]
        result = redact(text, known_people=people)
        own = self._own_spans(text)
        parts: list[str] = []
        pos = 0
        for span in result.spans:
            parts.append(text[pos : span.start])
            if any(s <= span.start and span.end <= e for s, e in own):
                parts.append(text[span.start : span.end])
            else:
                parts.append(self._label(text, span.start, span.end, span.kind))
                self.removed += 1
            pos = span.end
        parts.append(text[pos:])
        return "".join(parts)

    def _own_spans(self, text: str) -> list[tuple[int, int]]:
        if self.subject is None:
            return []
        return [(c.start, c.end) for c in find_known(text, (self.subject,))]

    def _label(self, text: str, start: int, end: int, kind: str) -> str:
        if kind != PERSON:
            return KIND_LABELS.get(kind, "[REDACTED]")
        for person, role in self.others:
            for found in find_known(text, (person,)):
                if found.kind == PERSON and found.start < end and start < found.end:
                    return f"[{ROLE_LABELS.get(role, role.replace('_', ' '))}]"
        return "[another person]"
