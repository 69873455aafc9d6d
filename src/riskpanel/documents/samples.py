"""Synthetic documents (Faker en_GB) for tests, the benchmark, the demo and docs images.

Seeded, so the same call gives the same document (and the same cache key). Nobody in here is
real: names come from Faker, references are made up, narratives are generic.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from faker import Faker

from riskpanel import documents as doc

STRANDS = ("Race", "Religion or belief", "Sexual orientation", "Disability", "Transgender identity")
AGENCIES = (
    "Police",
    "Adult Social Care",
    "Children's Services",
    "Housing",
    "Victim Support",
    "Mental Health Trust",
    "Probation",
    "Community Safety",
    "Education",
)
ROUTES = ("High risk on the checklist", "Professional judgement", "Potential escalation", "Repeat")
RISKS = ("standard", "medium", "high")
MINUTES_PER_CASE = 12
CONFIDENTIALITY_STATEMENT = (
    "Information shared at this meeting is confidential. It is shared only to keep the people "
    "discussed safe, and only the agencies present may use it, for that purpose alone.\n\n"
    "Do not copy, forward or disclose it, or take it outside your agency, without the chair's "
    "agreement. Record in your own agency's systems only what you need to act."
)
MEETING_DATE = date(2025, 3, 4)
# The panel's notes on reviewed actions, as the demo writes them: short words in a narrow
# column, which is where a squeezed table used to split them ("Confirme d").
REVIEW_NOTES = (
    "Confirmed at review.",
    "Circumstances changed; no longer needed.",
    "Not done; the agency will explain at the next meeting.",
)


def _faker(seed: int) -> Faker:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return fake


def _initials(fake: Faker) -> str:
    return fake.first_name()[0] + fake.last_name()[0]


def sample_meeting(seed: int = 1) -> doc.MeetingDetails:
    fake = _faker(seed)
    return doc.MeetingDetails(
        panel_name=f"{fake.city()} Hate Crime Risk Panel",
        meeting_date=MEETING_DATE,
        start_time=time(10, 0),
        venue=f"Committee Room 2, {fake.city()} Civic Centre",
        chair=f"Insp. {fake.first_name()} {fake.last_name()}, Police",
    )


def _slot(index: int) -> time:
    start = datetime.combine(MEETING_DATE, time(10, 20))
    return (start + timedelta(minutes=MINUTES_PER_CASE * index)).time()


def _agenda_case(fake: Faker, index: int) -> doc.AgendaCase:
    return doc.AgendaCase(
        case_ref=f"HC-2025-{1000 + index:04d}",
        victim_initials=_initials(fake),
        strands=tuple(fake.random_elements(STRANDS, length=1 + index % 2, unique=True)),
        risk_level=fake.random_element(RISKS),
        route=fake.random_element(ROUTES),
        referring_agency=fake.random_element(AGENCIES),
        time_slot=_slot(index),
        children_in_household=index % 3 == 1,
        repeat=index % 4 == 0,
    )


def sample_agenda(cases: int = 12, *, reviews: int = 2, seed: int = 1) -> doc.AgendaDocument:
    """An agenda with ``cases`` new/repeat cases, mixed so children-first ordering shows."""
    fake = _faker(seed)
    drafted = [_agenda_case(fake, i) for i in range(cases)]
    # Slots follow the printed order (children first); the input order stays mixed on purpose.
    printed = sorted(drafted, key=lambda c: not c.children_in_household)
    slot = {c.case_ref: _slot(n) for n, c in enumerate(printed)}
    listed = tuple(c.model_copy(update={"time_slot": slot[c.case_ref]}) for c in drafted)
    reviews_due = tuple(
        doc.ReviewDue(
            case_ref=f"HC-2024-{500 + i:04d}",
            victim_initials=_initials(fake),
            strands=(fake.random_element(STRANDS),),
            risk_level="medium",
            last_heard=MEETING_DATE - timedelta(weeks=6),
            open_actions=1 + i % 3,
            time_slot=_slot(cases + i),
        )
        for i in range(reviews)
    )
    return doc.AgendaDocument(
        meeting=sample_meeting(seed),
        confidentiality_statement=CONFIDENTIALITY_STATEMENT,
        unfinished_actions=tuple(_unfinished(fake, i) for i in range(3)),
        cases=listed,
        reviews_due=reviews_due,
        twelve_month_notices=(
            doc.TwelveMonthNotice(case_ref="HC-2024-0107", last_heard=date(2024, 2, 27)),
        ),
        any_other_business=("Dates of the next three meetings.",),
        expected_length_minutes=20 + MINUTES_PER_CASE * (cases + reviews) + 10,
    )


def _unfinished(fake: Faker, index: int) -> doc.UnfinishedAction:
    due = MEETING_DATE - timedelta(days=7 * index)
    return doc.UnfinishedAction(
        action_ref=f"A-{200 + index}",
        case_ref=f"HC-2024-{900 + index:04d}",
        owner_agency=AGENCIES[index % len(AGENCIES)],
        description=fake.sentence(nb_words=10),
        due_date=due,
        status=("In progress", "Acknowledged", "Open")[index % 3],
        overdue=due < MEETING_DATE,
    )


def sample_actions(case_ref: str, seed: int, count: int = 3) -> tuple[doc.ActionItem, ...]:
    fake = _faker(seed)
    return tuple(
        doc.ActionItem(
            action_ref=f"A-{seed * 10 + i}",
            case_ref=case_ref,
            owner_agency=AGENCIES[(seed + i) % len(AGENCIES)],
            description=fake.sentence(nb_words=9),
            due_date=MEETING_DATE + timedelta(days=14 + 7 * i),
        )
        for i in range(count)
    )


def _minutes_case(fake: Faker, index: int) -> doc.MinutesCase:
    ref = f"HC-2025-{1000 + index:04d}"
    return doc.MinutesCase(
        case_ref=ref,
        victim_initials=_initials(fake),
        strands=(STRANDS[index % len(STRANDS)],),
        risk_level="high",
        children_in_household=index == 0,
        information=(
            doc.SharedInformation(agency="Police", kind="fact", text=fake.paragraph(3)),
            doc.SharedInformation(agency="Housing", kind="fact", text=fake.paragraph(2)),
            doc.SharedInformation(agency="Victim Support", kind="opinion", text=fake.paragraph(2)),
            doc.SharedInformation(
                agency="Mental Health Trust", kind="withheld", text="Clinical confidentiality."
            ),
        ),
        decision=fake.paragraph(2),
        actions=sample_actions(ref, seed=index + 1),
        risk_review=doc.RiskReview(
            at_referral="high",
            at_hearing="high",
            now=("medium", "high")[index % 2],
            panel_view=(
                "The panel judged that the risk has fallen since referral.",
                "The panel judged that the risk has not yet fallen; the actions continue.",
            )[index % 2],
        ),
    )


def sample_minutes(cases: int = 3, *, seed: int = 1, approved: bool = False) -> doc.MinutesDocument:
    fake = _faker(seed)
    return doc.MinutesDocument(
        meeting=sample_meeting(seed),
        confidentiality_statement=CONFIDENTIALITY_STATEMENT,
        version=2,
        approved_on=MEETING_DATE + timedelta(days=2) if approved else None,
        attendance=tuple(
            doc.Attendance(
                agency=agency,
                representative=fake.name(),
                role=fake.job()[:60],
                confidentiality_signed=i != 3,
            )
            for i, agency in enumerate(AGENCIES[:6])
        ),
        observers=(
            doc.Observer(
                name=fake.name(), organisation="Student social worker", confidentiality_signed=True
            ),
        ),
        apologies=(doc.Apology(agency="Probation", representative=fake.name()),),
        absent_agency_information=(
            doc.AbsentAgencyInformation(
                agency="Probation", sent_at=datetime(2025, 3, 3, 16, 40), summary=fake.paragraph(2)
            ),
        ),
        cases=tuple(_minutes_case(fake, i) for i in range(cases)),
        carried_forward=tuple(
            doc.CarriedForwardAction(
                **_unfinished(fake, i).model_dump(exclude={"status", "overdue"}),
                outcome=("completed", "not_possible_circumstances_changed", "not_done_by_agency")[
                    i % 3
                ],
                note=REVIEW_NOTES[i % 3],
            )
            for i in range(4)
        ),
    )


def sample_extract(agency: str = "Housing", *, seed: int = 1) -> doc.AgencyExtractDocument:
    """Built from every action of the sample minutes, as the meetings service would."""
    minutes = sample_minutes(seed=seed)
    fake = _faker(seed)
    return doc.AgencyExtractDocument.for_agency(
        meeting=minutes.meeting,
        confidentiality_statement=CONFIDENTIALITY_STATEMENT,
        agency_name=agency,
        actions=[a for case in minutes.cases for a in case.actions],
        coordinator=doc.CoordinatorContact(
            name=fake.name(), email="panel.coordinator@example.gov.uk", phone="0161 496 0000"
        ),
    )


def _summary(fake: Faker, index: int) -> doc.ScrutinySummary:
    return doc.ScrutinySummary(
        pseudonym=f"C{index + 1:02d}",
        facts=tuple(
            doc.Fact(label=k, value=v)
            for k, v in (
                ("Strands", f"{STRANDS[index % 5]}, {STRANDS[(index + 3) % 5]}"),
                ("Route into the panel", ROUTES[index % len(ROUTES)]),
                ("Age band", ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")[index % 6]),
                ("District or area", ("North", "Central", "South")[index % 3]),
                ("Referred in", ("January 2025", "February 2025", "March 2025")[index % 3]),
                ("Risk at referral", "High"),
                ("Risk at closure", ("Standard", "Medium")[index % 2]),
                ("Days from referral to closure", str(40 + 17 * index)),
            )
        ),
        generalised=("date of birth shown as a 10-year age band at referral",),
        timeline=(
            doc.TimelineEntry(day=0, event="Referral received"),
            doc.TimelineEntry(day=3, event="Screening"),
            doc.TimelineEntry(day=40 + 17 * index, event="Closed"),
        ),
        actions=(
            doc.ScrutinyAction(
                agency_type="Police",
                action="Crime reviewed; patrols increased.",
                outcome="Completed",
            ),
            doc.ScrutinyAction(
                agency_type="Housing provider",
                action="Security works to the home.",
                outcome="Completed",
            ),
            doc.ScrutinyAction(
                agency_type="Voluntary sector",
                action="Weekly support calls.",
                outcome="Not done by the agency",
            ),
        ),
        victims_code=(
            doc.ComplianceCheck(requirement="Referred to support within 2 working days", met=True),
            doc.ComplianceCheck(requirement="Updates within 1 working day", met=index % 2 == 0),
            doc.ComplianceCheck(requirement="Needs assessment recorded", met=None),
        ),
        narrative=(
            "[PERSON-1] reported repeated abuse near the mosque and damage to the front door. "
            "Neighbours said the group had targeted others on the street. " + fake.paragraph(2)
        ),
    )


def sample_scrutiny_pack(summaries: int = 3, *, seed: int = 1) -> doc.ScrutinyPackDocument:
    fake = _faker(seed)
    by_strand = (
        ("Race", 85),
        ("Religion or belief", 25),
        ("Sexual orientation", 15),
        ("Disability", 10),
        ("Transgender identity", None),
    )
    return doc.ScrutinyPackDocument(
        panel_name=sample_meeting(seed).panel_name,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        released_at=datetime(2025, 4, 14, 9, 30),
        confidentiality_statement=(
            "Anonymised for community scrutiny. Do not try to identify anyone, and do not "
            "combine these figures with other sources to do so."
        ),
        summaries=tuple(_summary(fake, i) for i in range(summaries)),
        summary_count="fewer than 10",
        tables=(
            doc.StatTable(
                title="Cases by strand and outcome",
                row_header="Strand",
                columns=("Referred", "Closed", "Repeat"),
                rows=tuple(
                    doc.StatRow(
                        label=s, cells=(n, None if n is None else n - 5 if n > 10 else None, None)
                    )
                    for s, n in by_strand
                ),
            ),
        ),
        charts=(
            doc.BarChart(
                title="Referrals by strand",
                bars=tuple(doc.Bar(label=s, value=n) for s, n in by_strand),
            ),
        ),
    )
