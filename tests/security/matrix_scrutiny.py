"""Access-matrix entries for the scrutiny routes (packs, review, release, outputs, feedback).

Merged into ``tests/security/matrix_spec.ROUTES`` by ``_register_domain_entries``.

Objects. A handful of closed cases of the test panel with identical characteristics (so
k-anonymity, k=3, withholds none of them) closed in one month (``PERIOD``) feed small packs
drawn through the service, as the coordinator would. "Related" is a pack of the test panel:
released for the routes a scrutiny member reads, a fresh draft for the coordinator's changes.
"Unrelated" is out of the actor's reach: for a scrutiny member, a draft of the test panel
(members see released packs only); for everyone else, a released pack of another panel.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from riskpanel.auth import service as auth
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.models import (
    ScrutinyAssessment,
    ScrutinyFeedback,
    ScrutinyPack,
    ScrutinySummary,
    utcnow,
)
from riskpanel.scrutiny.packs import release as releases
from riskpanel.scrutiny.packs import service as packs
from riskpanel.scrutiny.packs.schemas import PackCreate
from riskpanel.scrutiny.summaries.projections import summary_etag
from riskpanel.scrutiny.summaries.repository import summaries_of
from tests.scrutiny.factories import ScrutinyFactory
from tests.security import builders
from tests.security.matrix import Call, Ctx, Route

PANEL = frozenset({"coordinator", "chair"})
READER = PANEL | {"scrutiny"}
COORDINATOR = frozenset({"coordinator"})
MEMBER = frozenset({"scrutiny"})
#: One month no other domain closes cases in, so a pack draws exactly our cases.
PERIOD = (date(2025, 3, 1), date(2025, 3, 31))
CASES = 3
PERIOD_QUERY = {"from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}


class _State:
    """Per-Ctx cache of the shared scrutiny objects."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.cases_made = False
        self.released: ScrutinyPack | None = None
        self.draft: ScrutinyPack | None = None
        self.foreign: ScrutinyPack | None = None

    @property
    def coordinator(self) -> Principal:
        user = self.ctx.world.users["coordinator"]
        return Principal(
            role="coordinator",
            label=user.display_name,
            user_id=user.id,
            panel_id=self.ctx.world.panel.id,
        )

    def ensure_cases(self) -> None:
        if self.cases_made:
            return
        self.fresh_snapshot()
        factory = ScrutinyFactory(self.ctx.session, self.ctx.world, seed=41)
        for day in range(CASES):
            made = factory.closed_case(
                strands=("race",),
                district="Northgate",
                age=34,
                sex="female",
                closed_on=date(2025, 3, 10 + day),
            )
            self.ctx.secrets.update({made.reference, *(p.family_name or "" for p in made.people)})
        self.cases_made = True

    def new_draft(self) -> ScrutinyPack:
        self.ensure_cases()
        self.fresh_snapshot()
        pack = packs.create_pack(
            session=self.ctx.session,
            caller=Caller(self.coordinator, self.ctx.settings),
            data=PackCreate(
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                sample_size=CASES,
                seed=3,
                k=3,
                title=builders.unique("Probe pack"),
            ),
        )
        self.ctx.session.commit()
        return pack

    def fresh_snapshot(self) -> None:
        """End the test session's read transaction before writing: under SQLite WAL a stale
        read snapshot cannot become a write transaction once the app has written."""
        self.ctx.session.commit()

    def mark_all_reviewed(self, pack: ScrutinyPack) -> None:
        self.fresh_snapshot()
        for s in summaries_of(self.ctx.session, pack):
            s.reviewed = True
            self.ctx.session.add(s)
        self.ctx.session.commit()

    def new_released(self) -> ScrutinyPack:
        pack = self.new_draft()
        self.mark_all_reviewed(pack)
        releases.release_pack(
            session=self.ctx.session,
            caller=Caller(self.coordinator, self.ctx.settings),
            pack=pack,
            recipients=["Scrutiny panel"],
        )
        self.ctx.session.commit()
        return pack

    def shared_released(self) -> ScrutinyPack:
        if self.released is None:
            self.released = self.new_released()
            visible = [s for s in self.summaries(self.released) if not s.withheld]
            assert visible, "the shared released pack must have a visible summary"
        return self.released

    def shared_draft(self) -> ScrutinyPack:
        if self.draft is None:
            self.draft = self.new_draft()
        return self.draft

    def foreign_pack(self) -> ScrutinyPack:
        """A released pack of another panel (copied rows: no other panel's cases needed)."""
        if self.foreign is None:
            session, model = self.ctx.session, self.shared_released()
            self.fresh_snapshot()
            panel = builders.other_panel(session, self.ctx.world.agencies["outsider"])
            pack = ScrutinyPack(
                panel_id=panel.id or 0,
                title=builders.unique("Foreign pack"),
                period_start=model.period_start,
                period_end=model.period_end,
                sample_size=model.sample_size,
                k=model.k,
                status="released",
                statistics=dict(model.statistics),
                kanon_report=dict(model.kanon_report),
                recipients=["Other scrutiny panel"],
                content_sha256=model.content_sha256,
                released_at=utcnow(),
            )
            session.add(pack)
            session.flush()
            for s in self.summaries(model):
                session.add(
                    ScrutinySummary(
                        pack_id=pack.id or 0,
                        label=s.label,
                        pseudonym=s.pseudonym,
                        attributes=dict(s.attributes),
                        narrative=s.narrative,
                        removed_spans=list(s.removed_spans),
                        withheld=False,
                        reviewed=True,
                    )
                )
            session.commit()
            self.foreign = pack
        return self.foreign

    def summaries(self, pack: ScrutinyPack) -> list[ScrutinySummary]:
        return summaries_of(self.ctx.session, pack)

    def summary(self, pack: ScrutinyPack) -> ScrutinySummary:
        return next(s for s in self.summaries(pack) if not s.withheld)

    def feedback(self, summary: ScrutinySummary) -> ScrutinyFeedback:
        self.fresh_snapshot()
        row = ScrutinyFeedback(
            summary_id=summary.id or 0,
            user_id=self.ctx.world.users["scrutiny"].id or 0,
            rating="amber",
            comment="Probe feedback.",
        )
        self.ctx.session.add(row)
        self.ctx.session.commit()
        return row

    def assessment(self, summary: ScrutinySummary, *, fresh_member: bool) -> ScrutinyAssessment:
        """The test member's assessment of ``summary`` (made once), or one by a new member
        (for an answer, which would end the test member's right to edit theirs)."""
        self.fresh_snapshot()
        session = self.ctx.session
        user_id = self.ctx.world.users["scrutiny"].id or 0
        if fresh_member:
            self.members = getattr(self, "members", 0) + 1
            user_id = (
                auth.create_user(
                    session=session,
                    email=f"probe-member-{self.members}@example.org",
                    display_name="Probe Member",
                    role="scrutiny",
                    password="correct horse battery staple",
                ).id
                or 0
            )
        else:
            found = session.exec(
                select(ScrutinyAssessment).where(
                    col(ScrutinyAssessment.summary_id) == summary.id,
                    col(ScrutinyAssessment.user_id) == user_id,
                )
            ).first()
            if found is not None:
                return found
        row = ScrutinyAssessment.model_validate(
            {"summary_id": summary.id, "user_id": user_id, **ASSESSMENT, "comment": ""}
        )
        session.add(row)
        session.commit()
        return row


def state(ctx: Ctx) -> _State:
    found: _State | None = getattr(ctx, "_scrutiny_state", None)
    if found is None:
        found = _State(ctx)
        ctx._scrutiny_state = found  # type: ignore[attr-defined]
    return found


def out_of_reach(st: _State, role: str) -> ScrutinyPack:
    """A scrutiny member cannot see drafts; the panel roles cannot see other panels' packs."""
    return st.shared_draft() if role == "scrutiny" else st.foreign_pack()


# --- builders -------------------------------------------------------------------------


def new_pack_body(ctx: Ctx, role: str, related: bool) -> Call:
    state(ctx).ensure_cases()
    body: dict[str, Any] = {
        "period_start": PERIOD[0].isoformat(),
        "period_end": PERIOD[1].isoformat(),
        "sample_size": 1,
        "seed": 5,
    }
    return Call(json=body)


def period_query(ctx: Ctx, role: str, related: bool) -> Call:
    state(ctx).ensure_cases()
    return Call(query=dict(PERIOD_QUERY))


def released_pack_path(ctx: Ctx, role: str, related: bool) -> Call:
    st = state(ctx)
    pack = st.shared_released() if related else out_of_reach(st, role)
    return Call(path={"pack_id": pack.id})


def discard_path(ctx: Ctx, role: str, related: bool) -> Call:
    st = state(ctx)
    pack = st.new_draft() if related else st.foreign_pack()
    return Call(path={"pack_id": pack.id})


def release_call(ctx: Ctx, role: str, related: bool) -> Call:
    st = state(ctx)
    if related:
        pack = st.new_draft()
        st.mark_all_reviewed(pack)
    else:
        pack = st.foreign_pack()
    return Call(path={"pack_id": pack.id}, json={"recipients": ["Scrutiny panel"]})


def _summary_call(
    ctx: Ctx, related: bool, *, fresh: bool, json: Any = None, if_match: bool = False
) -> Call:
    st = state(ctx)
    pack = st.foreign_pack()
    if related:
        pack = st.new_draft() if fresh else st.shared_draft()
    summary = st.summary(pack)
    headers = {"If-Match": summary_etag(summary)} if if_match else {}
    return Call(path={"pack_id": pack.id, "summary_id": summary.id}, json=json, headers=headers)


def summary_path(ctx: Ctx, role: str, related: bool) -> Call:
    return _summary_call(ctx, related, fresh=False)


def redaction_call(ctx: Ctx, role: str, related: bool) -> Call:
    body = {"field": "narrative", "start": 0, "end": 3, "kind": "other"}
    return _summary_call(ctx, related, fresh=True, json=body, if_match=True)


def reviewed_call(ctx: Ctx, role: str, related: bool) -> Call:
    return _summary_call(ctx, related, fresh=True, json={"reviewed": True}, if_match=True)


def withhold_call(ctx: Ctx, role: str, related: bool) -> Call:
    body = {"withheld": True, "reason": "Probe withholding"}
    return _summary_call(ctx, related, fresh=True, json=body, if_match=True)


def feedback_call(ctx: Ctx, role: str, related: bool) -> Call:
    """Related: a visible summary of a released pack; unrelated: a summary of a draft."""
    st = state(ctx)
    pack = st.shared_released() if related else st.shared_draft()
    return Call(
        path={"summary_id": st.summary(pack).id},
        json={"rating": "green", "comment": "Probe comment."},
    )


def response_call(ctx: Ctx, role: str, related: bool) -> Call:
    """A fresh, unanswered comment on the test panel's pack, or on another panel's."""
    st = state(ctx)
    pack = st.shared_released() if related else st.foreign_pack()
    row = st.feedback(st.summary(pack))
    return Call(path={"feedback_id": row.id}, json={"response": "Probe answer."})


ASSESSMENT = {
    "kept_informed": "yes",
    "referred_to_support": "no",
    "flagged_correctly": "yes",
    "response_timely": "cannot_tell",
    "overall": "adequate",
}


def assess_call(ctx: Ctx, role: str, related: bool) -> Call:
    """Related: a visible summary of a released pack; unrelated: a summary of a draft."""
    st = state(ctx)
    pack = st.shared_released() if related else st.shared_draft()
    return Call(path={"summary_id": st.summary(pack).id}, json={**ASSESSMENT, "comment": "Probe."})


def own_assessment_call(ctx: Ctx, role: str, related: bool) -> Call:
    st = state(ctx)
    if not related:
        return Call(path={"summary_id": st.summary(st.shared_draft()).id})
    summary = st.summary(st.shared_released())
    st.assessment(summary, fresh_member=False)
    return Call(path={"summary_id": summary.id})


def assessment_response_call(ctx: Ctx, role: str, related: bool) -> Call:
    """A fresh, unanswered assessment on the test panel's pack, or on another panel's."""
    st = state(ctx)
    pack = st.shared_released() if related else st.foreign_pack()
    row = st.assessment(st.summary(pack), fresh_member=True)
    return Call(path={"assessment_id": row.id}, json={"response": "Probe answer."})


# --- the entries ----------------------------------------------------------------------

PACK = "/api/v1/scrutiny/packs/{pack_id}"
SUMMARY = PACK + "/summaries/{summary_id}"

ENTRIES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/scrutiny/packs"): Route(allowed=READER),
    ("POST", "/api/v1/scrutiny/packs"): Route(
        allowed=COORDINATOR, build=new_pack_body, ok=frozenset({201})
    ),
    ("GET", PACK): Route(allowed=READER, build=released_pack_path, scoped=True),
    ("DELETE", PACK): Route(
        allowed=COORDINATOR, build=discard_path, scoped=True, ok=frozenset({204})
    ),
    ("GET", PACK + "/feedback-report"): Route(
        allowed=READER, build=released_pack_path, scoped=True
    ),
    ("GET", PACK + "/pack.pdf"): Route(allowed=READER, build=released_pack_path, scoped=True),
    ("GET", PACK + "/statistics"): Route(allowed=READER, build=released_pack_path, scoped=True),
    ("GET", PACK + "/statistics.csv"): Route(allowed=READER, build=released_pack_path, scoped=True),
    ("POST", PACK + "/release"): Route(allowed=COORDINATOR, build=release_call, scoped=True),
    ("GET", SUMMARY): Route(allowed=PANEL, build=summary_path, scoped=True),
    ("POST", SUMMARY + "/redactions"): Route(
        allowed=COORDINATOR, build=redaction_call, scoped=True
    ),
    ("POST", SUMMARY + "/reviewed"): Route(allowed=COORDINATOR, build=reviewed_call, scoped=True),
    ("POST", SUMMARY + "/withhold"): Route(allowed=COORDINATOR, build=withhold_call, scoped=True),
    ("GET", "/api/v1/scrutiny/feedback"): Route(allowed=READER),
    ("POST", "/api/v1/scrutiny/feedback/{feedback_id}/response"): Route(
        allowed=COORDINATOR, build=response_call, scoped=True
    ),
    ("POST", "/api/v1/scrutiny/summaries/{summary_id}/feedback"): Route(
        allowed=MEMBER, build=feedback_call, scoped=True, ok=frozenset({201})
    ),
    ("PUT", "/api/v1/scrutiny/summaries/{summary_id}/assessment"): Route(
        allowed=MEMBER, build=assess_call, scoped=True, ok=frozenset({200, 201})
    ),
    ("GET", "/api/v1/scrutiny/summaries/{summary_id}/assessment"): Route(
        allowed=MEMBER, build=own_assessment_call, scoped=True
    ),
    ("GET", "/api/v1/scrutiny/assessments"): Route(allowed=READER),
    ("POST", "/api/v1/scrutiny/assessments/{assessment_id}/response"): Route(
        allowed=COORDINATOR, build=assessment_response_call, scoped=True
    ),
    ("GET", PACK + "/assessment-figures"): Route(
        allowed=READER, build=released_pack_path, scoped=True
    ),
    ("GET", "/api/v1/scrutiny/you-said-we-did"): Route(allowed=READER),
    ("GET", "/api/v1/scrutiny/statistics"): Route(allowed=READER, build=period_query),
    ("GET", "/api/v1/scrutiny/statistics.csv"): Route(allowed=PANEL, build=period_query),
}
