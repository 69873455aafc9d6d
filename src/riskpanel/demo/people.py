"""Synthetic referral bodies: Faker people of many origins, hate incidents over six months."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from faker import Faker

from riskpanel.referrals.schemas import ReferralCreate

SEED = 2026
# Latin-script locales only, so names read naturally in an English-language panel.
LOCALES = [
    "en_GB",
    "en_IN",
    "en_PK",
    "en_NG",
    "en_KE",
    "pl_PL",
    "ro_RO",
    "tr_TR",
    "lt_LT",
    "sk_SK",
    "it_IT",
    "pt_PT",
    "es_ES",
    "ga_IE",
    "yo_NG",
]
DISTRICTS = {
    "Northshire Central": ["Castle", "Market", "Riverside"],
    "Northshire East": ["Eastfield", "Holme", "Mill Lane"],
    "Northshire West": ["Westgate", "Oakwood", "Brookside"],
}
STORIES: dict[str, tuple[str, str, str]] = {
    "race": (
        "Racist abuse shouted at the victim outside their home; told to go back home.",
        "Because of the colour of my skin.",
        "Verbal abuse and eggs thrown at the front door.",
    ),
    "religion": (
        "The victim's headscarf was pulled and religious slurs were shouted on the bus.",
        "Because I am Muslim and wear a hijab.",
        "Slurs about the victim's faith on the way to the mosque.",
    ),
    "sexual_orientation": (
        "Homophobic graffiti sprayed on the victim's car and threats made by neighbours.",
        "Because they know I am gay.",
        "Homophobic slurs shouted from a passing group.",
    ),
    "transgender": (
        "Transphobic abuse and threats posted online and repeated in the street.",
        "Because I am a trans woman.",
        "Followed home and called transphobic names.",
    ),
    "disability": (
        "The victim, who uses a wheelchair, was mocked and had money taken by local youths.",
        "Because I am disabled and they think I cannot fight back.",
        "Mocked about their disability and pushed at the shop.",
    ),
}
HIGH_RISK_ANSWERS = [
    {"question_id": q, "answer": "yes", "source": s}
    for q, s in (
        ("getting_worse", "victim"),
        ("threatened_with_harm", "victim"),
        ("home_attacked", "police"),
        ("weapon", "police"),
        ("perpetrator_nearby", "agency_record"),
    )
]


class DemoPeople:
    """Deterministic (fixed seed) referral bodies for the demo panel."""

    def __init__(self, today: date, seed: int = SEED) -> None:
        Faker.seed(seed)
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.fakes = {loc: Faker(loc) for loc in LOCALES}
        self.gb = self.fakes["en_GB"]
        self.today = today

    def _name(self) -> tuple[str, str, str]:
        locale = self.rng.choice(LOCALES)
        fake = self.fakes[locale]
        return fake.first_name(), fake.last_name(), locale

    def _reported(self, day: date) -> str:
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        return min(noon, datetime.now(UTC) - timedelta(minutes=5)).isoformat()

    def _incident(self, day: date, strand: str, district: str, ward: str) -> dict[str, Any]:
        crime = self.rng.random() < 0.75
        online = self.rng.random() < 0.15
        data: dict[str, Any] = {
            "kind": "crime" if crime else "non_crime_hate_incident",
            "occurred_on": day.isoformat(),
            "reported_at": self._reported(day),
            "district": district,
            "ward": ward,
            "place": self.gb.street_name(),
            "strands": [strand],
            "perceived_by": self.rng.choice(["victim", "victim", "witness", "officer"]),
            "crime_reference": f"NS/{self.rng.randint(10000, 99999)}/26" if crime else None,
            "description": STORIES[strand][2],
        }
        if online:
            data.update(online=True, platform="facebook", handle=f"@{self.gb.user_name()}")
        return data

    def referral(self, index: int, panel_id: int) -> ReferralCreate:
        strand = list(STORIES)[index % len(STORIES)]
        given, family, _ = self._name()
        district = self.rng.choice(list(DISTRICTS))
        ward = self.rng.choice(DISTRICTS[district])
        first_days_ago = self.rng.randint(3, 180)
        count = self.rng.choice([1, 1, 2, 3])
        days = sorted(
            {
                max(1, first_days_ago - self.rng.randint(0, min(first_days_ago - 1, 30)))
                for _ in range(count)
            }
            | {first_days_ago},
            reverse=True,
        )
        incidents = [
            self._incident(self.today - timedelta(days=d), strand, district, ward) for d in days
        ]
        children = self.rng.random() < 0.3
        members: list[dict[str, Any]] = []
        if children:
            members.append(
                {
                    "given_name": self._name()[0],
                    "family_name": family,
                    "date_of_birth": self.gb.date_of_birth(
                        minimum_age=3, maximum_age=15
                    ).isoformat(),
                    "relationship_to_victim": self.rng.choice(["son", "daughter"]),
                    "is_child": True,
                }
            )
        all_crime = all(i["kind"] == "crime" for i in incidents)
        if all_crime and self.rng.random() < 0.5:
            pg, pf, _ = self._name()
            perpetrator: dict[str, Any] = {
                "known": True,
                "given_name": pg,
                "family_name": pf,
                "relationship_to_victim": "neighbour",
                "lives_nearby": True,
            }
        else:
            perpetrator = {
                "known": False,
                "is_group": True,
                "group_description": f"A group of {self.rng.randint(2, 5)} young people",
                "lives_nearby": self.rng.random() < 0.5,
            }
        body: dict[str, Any] = {
            "panel_id": panel_id,
            "victim": {
                "given_name": given,
                "family_name": family,
                "date_of_birth": self.gb.date_of_birth(minimum_age=18, maximum_age=85).isoformat(),
                "address_line": self.gb.street_address(),
                "postcode": self.gb.postcode(),
                "district": district,
                "ward": ward,
                "contact": {
                    "phone": f"07700 900{self.rng.randint(100, 999)}",
                    "safe_to_contact": True,
                    "preferences": {"method": "phone", "times": "after 6pm"},
                },
                "communication": {
                    "language": "English",
                    "interpreter_needed": self.rng.random() < 0.15,
                },
                "lawful_basis": "law_enforcement",
            },
            "household": {"children_present": children, "members": members},
            "incidents": incidents,
            "perpetrators": [perpetrator],
            "narrative": STORIES[strand][0],
            "why_answer": STORIES[strand][1],
            "consent": {"victim_aware": True, "victim_consents": True},
        }
        if self.rng.random() < 0.6:
            body["assessment"] = {"answers": HIGH_RISK_ANSWERS}
        return ReferralCreate.model_validate(body)
