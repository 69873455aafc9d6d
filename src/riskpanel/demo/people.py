"""Synthetic referral bodies: Faker people of many origins, hate incidents before each referral.

Everything is drawn from one seeded generator, so the same demo comes out on every run; the
dates are relative to the moment the referral is received in the replayed history.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
# Only what the demo draws (names, addresses, handles, dates): loading every provider for
# fifteen locales took seconds.
PROVIDERS = [f"faker.providers.{p}" for p in ("person", "address", "internet", "date_time")]
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
# How often each strand is referred (race most, as in the Home Office's hate crime figures),
# and how often a referral arrives incomplete or flagged wrongly (HMICFRS 2018).
STRAND_WEIGHTS = {
    "race": 38,
    "sexual_orientation": 20,
    "disability": 15,
    "religion": 15,
    "transgender": 12,
}
ALSO = {"religion": "race", "race": "religion", "transgender": "sexual_orientation"}
TWO_STRANDS = 0.12  # of the stories that can carry two: racist and religious abuse together
MISFLAGGED = 0.18  # the referrer flagged the wrong strand; the coordinator corrects it
NO_DATE_OF_BIRTH = 0.12
NO_SEX = 0.05
REPEAT_STORY = (
    "A further incident since the panel's review: the same group returned to the victim's "
    "street, shouted abuse and kicked the front door."
)
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

    def __init__(self, timezone: str, seed: int = SEED) -> None:
        Faker.seed(seed)
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.fakes = {loc: Faker(loc, providers=PROVIDERS) for loc in LOCALES}
        self.gb = self.fakes["en_GB"]
        self.zone = ZoneInfo(timezone)

    def name(self) -> tuple[str, str]:
        fake = self.fakes[self.rng.choice(LOCALES)]
        return fake.first_name(), fake.last_name()

    def _reported(self, day: date) -> str:
        evening = time(self.rng.randint(9, 21), self.rng.choice([0, 15, 30, 45]))
        return datetime.combine(day, evening, tzinfo=self.zone).isoformat()

    def _incident(self, day: date, strand: str, district: str, ward: str) -> dict[str, Any]:
        crime = self.rng.random() < 0.75
        data: dict[str, Any] = {
            "kind": "crime" if crime else "non_crime_hate_incident",
            "occurred_on": day.isoformat(),
            "reported_at": self._reported(day),
            "district": district,
            "ward": ward,
            "place": self.gb.street_name(),
            "strands": [strand],
            "perceived_by": self.rng.choice(["victim", "victim", "witness", "officer"]),
            "crime_reference": f"NS/{self.rng.randint(10000, 99999)}/{day:%y}" if crime else None,
            "description": STORIES[strand][2],
        }
        if self.rng.random() < 0.15:
            data.update(online=True, platform="facebook", handle=f"@{self.gb.user_name()}")
        return data

    def _incident_days(self, received: datetime) -> list[date]:
        """One to three incidents; the last one to four days before the referral."""
        last = received.astimezone(self.zone).date() - timedelta(days=self.rng.randint(1, 4))
        earlier = {last - timedelta(days=self.rng.randint(7, 60)) for _ in range(2)}
        count = self.rng.choice([0, 0, 1, 2])
        return [*sorted(earlier)[:count], last]

    def _household(self, family: str) -> dict[str, Any]:
        if self.rng.random() >= 0.3:
            return {"children_present": False, "members": []}
        child = {
            "given_name": self.name()[0],
            "family_name": family,
            "date_of_birth": self.gb.date_of_birth(minimum_age=3, maximum_age=15).isoformat(),
            "relationship_to_victim": self.rng.choice(["son", "daughter"]),
            "is_child": True,
        }
        return {"children_present": True, "members": [child]}

    def _perpetrator(self, incidents: list[dict[str, Any]]) -> dict[str, Any]:
        if all(i["kind"] == "crime" for i in incidents) and self.rng.random() < 0.5:
            given, family = self.name()
            return {
                "known": True,
                "given_name": given,
                "family_name": family,
                "relationship_to_victim": "neighbour",
                "lives_nearby": True,
            }
        return {
            "known": False,
            "is_group": True,
            "group_description": f"A group of {self.rng.randint(2, 5)} young people",
            "lives_nearby": self.rng.random() < 0.5,
        }

    def _victim(self, district: str, ward: str) -> dict[str, Any]:
        given, family = self.name()
        born = self.gb.date_of_birth(minimum_age=18, maximum_age=85)
        return {
            "given_name": given,
            "family_name": family,
            "date_of_birth": None if self.rng.random() < NO_DATE_OF_BIRTH else born.isoformat(),
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
            "demographics": {}
            if self.rng.random() < NO_SEX
            else {"sex": self.rng.choice(["female", "male"])},
            "lawful_basis": "law_enforcement",
        }

    def strands(self) -> tuple[str, list[str], list[str] | None]:
        """(the story's strand, the strands it carries, the strands the coordinator puts right
        at screening when the referrer flagged others: None when flagged correctly)."""
        strand = self.rng.choices(list(STRAND_WEIGHTS), weights=list(STRAND_WEIGHTS.values()))[0]
        strands = [strand]
        if strand in ALSO and self.rng.random() < TWO_STRANDS:
            strands.append(ALSO[strand])
        if self.rng.random() >= MISFLAGGED:
            return strand, strands, None
        wrong = self.rng.choice([s for s in STORIES if s not in strands])
        flagged = [wrong] if len(strands) == 1 else strands[:1]  # a wrong or a missed strand
        return strand, flagged, strands

    def referral(
        self, panel_id: int, received: datetime
    ) -> tuple[ReferralCreate, list[str] | None]:
        """A referral body, and the strands screening corrects it to (None: flagged right)."""
        strand, flagged, corrected = self.strands()
        district = self.rng.choice(list(DISTRICTS))
        ward = self.rng.choice(DISTRICTS[district])
        victim = self._victim(district, ward)
        if strand == "transgender":  # the gender she gives ("I am a trans woman"), not a guess
            victim["demographics"] = {"gender_identity": "trans woman"}
            victim["special_category_basis"] = "DPA 2018 Sch 1 para 10: preventing crime"
        incidents = [
            self._incident(d, strand, district, ward) | {"strands": flagged}
            for d in self._incident_days(received)
        ]
        body: dict[str, Any] = {
            "panel_id": panel_id,
            "victim": victim,
            "household": self._household(victim["family_name"]),
            "incidents": incidents,
            "perpetrators": [self._perpetrator(incidents)],
            "narrative": STORIES[strand][0],
            "why_answer": STORIES[strand][1],
            "consent": {"victim_aware": True, "victim_consents": True},
        }
        if self.rng.random() < 0.6:
            body["assessment"] = {"answers": HIGH_RISK_ANSWERS}
        return ReferralCreate.model_validate(body), corrected

    def repeat_referral(self, earlier: ReferralCreate, received: datetime) -> ReferralCreate:
        """The same victim referred again, spelt as the referrer has them on record."""
        victim = earlier.victim
        strands = earlier.incidents[-1].strands
        strand = strands[0] if strands and strands[0] in STORIES else "race"
        district = victim.district or next(iter(DISTRICTS))
        ward = victim.ward or DISTRICTS.get(district, ["Castle"])[0]
        day = received.astimezone(self.zone).date() - timedelta(days=2)
        incident = self._incident(day, strand, district, ward)
        incident.update(kind="crime", description=REPEAT_STORY, online=False)
        incident.pop("platform", None)
        incident.pop("handle", None)
        body = earlier.model_dump(mode="json", include={"panel_id", "victim", "consent"})
        body.update(
            household={"children_present": False, "members": []},
            incidents=[incident],
            perpetrators=[self._perpetrator([incident])],
            narrative=REPEAT_STORY,
            why_answer=STORIES[strand][1],
        )
        return ReferralCreate.model_validate(body)
