"""Random trigger sequences through the service layer keep the invariants."""

from __future__ import annotations

from hypothesis import HealthCheck
from hypothesis import settings as run_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func
from sqlmodel import Session, col, select

from riskpanel.cases.transitions.service import fire_transition
from riskpanel.config import Settings
from riskpanel.kit.errors import RiskPanelError
from riskpanel.kit.principal import Principal
from riskpanel.models import Action, AgendaItem, AuditEvent, Case, CaseHistory, Meeting, utcnow
from riskpanel.workflow.registry import get_workflows
from tests.factories import make_case, refresh_view
from tests.fixtures import World, build_world

TRIGGERS = sorted(
    {t.trigger for t in get_workflows(Settings()).get("hate_crime_panel").transitions}
)


def run_machine(session: Session, settings: Settings) -> None:
    world = build_world(session, settings)
    workflows = get_workflows(settings)
    defn = workflows.get("hate_crime_panel")
    people = {
        "coordinator": Principal(
            role="coordinator",
            label="C",
            panel_id=world.panel.id,
            user_id=world.users["coordinator"].id,
        ),
        "chair": Principal(
            role="chair", label="Ch", panel_id=world.panel.id, user_id=world.users["chair"].id
        ),
    }

    class Lifecycle(RuleBasedStateMachine):
        @initialize(children=st.booleans(), ready=st.booleans())
        def open(self, children: bool, ready: bool) -> None:
            self.case = make_case(
                session,
                world,
                settings,
                state=None,
                children=children,
                strands_confirmed=ready,
                consents=ready,
            )
            self.expected_state = self.case.state
            self.transitions = 0

        @rule(
            trigger=st.sampled_from(TRIGGERS),
            who=st.sampled_from(sorted(people)),
            route=st.sampled_from(["high_risk", "repeat"]),
            with_reason=st.booleans(),
        )
        def fire(self, trigger: str, who: str, route: str, with_reason: bool) -> None:
            before = session.get(Case, self.case.id)
            assert before is not None
            version = before.row_version
            try:
                result = fire_transition(
                    session=session,
                    principal=people[who],
                    case_id=self.case.id or 0,
                    trigger=trigger,
                    expected_version=version,
                    workflows=workflows,
                    reason="because" if with_reason else None,
                    fields={"route": route},
                )
            except RiskPanelError:
                session.rollback()
                return
            declared = defn.transition(trigger, self.expected_state)
            assert declared is not None and result.case.state == declared.dest
            session.commit()
            self.expected_state = result.case.state
            self.transitions += 1

        @rule()
        def put_on_agenda_with_an_action(self) -> None:
            meeting = Meeting(
                panel_id=world.panel.id or 0,
                starts_at=utcnow().replace(year=utcnow().year + 1),
                referral_cutoff_at=utcnow(),
            )
            session.add(meeting)
            session.flush()
            session.add(
                AgendaItem(
                    meeting_id=meeting.id or 0,
                    section="new_case",
                    case_id=self.case.id,
                    position=1,
                    title="case",
                )
            )
            session.add(
                Action(
                    reference=f"A-{meeting.id}-{self.case.id}",
                    case_id=self.case.id or 0,
                    agency_id=world.agencies["housing"].id or 0,
                    description="visit",
                    due_on=utcnow().date(),
                )
            )
            session.commit()

        @invariant()
        def history_and_audit_match_the_transitions(self) -> None:
            if not hasattr(self, "case"):
                return
            refresh_view(session)
            case = session.get(Case, self.case.id)
            assert case is not None and case.state == self.expected_state
            moves = session.exec(
                select(func.count())
                .select_from(CaseHistory)
                .where(CaseHistory.case_id == case.id, col(CaseHistory.trigger) != "open")
            ).one()
            alterations = session.exec(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.case_id == case.id, AuditEvent.action == "alteration")
            ).one()
            assert moves == alterations == self.transitions == case.row_version - 1

    Lifecycle.TestCase.settings = run_settings(
        max_examples=12,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Lifecycle.TestCase().runTest()


def test_lifecycle_invariants(session: Session, settings: Settings) -> None:
    run_machine(session, settings)


def test_terminal_states_stay_terminal(session: Session, settings: Settings, world: World) -> None:
    defn = get_workflows(settings).get("hate_crime_panel")
    for name, state in defn.states.items():
        assert not state.terminal or defn.transitions_from(name) == []
