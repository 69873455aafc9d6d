"""What the demo's people write: actions, research, minutes, outcomes and feedback.

Kept free of names and addresses, as real panel text should be where it can: the scrutiny
redactor still runs over it, but there is nothing here that identifies anyone.
"""

from __future__ import annotations

from riskpanel.models.enums import AgencyKind

K = AgencyKind

ACTIONS: dict[AgencyKind, tuple[str, ...]] = {
    K.POLICE: (
        "Carry out a crime prevention visit and fit target-hardening measures at the home.",
        "Review CCTV from the area and identify the group responsible.",
        "Flag the address for an urgent response to any call for the next three months.",
        "Speak to the named suspect and consider a community protection warning.",
    ),
    K.HOUSING: (
        "Visit the neighbour and issue a tenancy warning for anti-social behaviour.",
        "Assess the victim's request for a management move.",
        "Remove the graffiti and fit a doorbell camera.",
    ),
    K.ADULT_SOCIAL_CARE: (
        "Complete a Care Act needs assessment with the victim.",
        "Review the victim's care and support plan in the light of the incidents.",
    ),
    K.CHILDRENS_SERVICES: (
        "Check whether the children are known and share any concerns with their school.",
        "Offer the family an early help assessment.",
    ),
    K.HEALTH: (
        "Ask the GP practice to offer the victim a mental health review.",
        "Refer the victim to the talking therapies service.",
    ),
    K.EDUCATION: (
        "Put a support plan in place for the children at school and watch for bullying.",
        "Deliver a hate crime awareness assembly at the local secondary school.",
    ),
    K.VICTIM_SUPPORT: (
        "Contact the victim weekly and complete a needs assessment.",
        "Support the victim to write a victim personal statement.",
    ),
    K.COMMUNITY_ORGANISATION: (
        "Introduce the victim to the local community support group.",
        "Arrange a community reassurance walk on the estate with the neighbourhood team.",
    ),
    K.PROBATION: (
        "Check whether the suspect is under supervision and review the licence conditions.",
        "Address the hostility in supervision sessions with the perpetrator.",
    ),
}
OUTCOMES = (
    "Done: visit made and the victim is happy with the measures in place.",
    "Completed; the victim reports feeling safer at home.",
    "Completed and recorded on our system; no further concerns raised.",
)
NOT_POSSIBLE = (
    "The victim moved out of the area before this could be done.",
    "The victim declined this offer and asked us not to call again.",
)
REOPEN = "The victim reports the problem has started again; please look at this once more."
RESEARCH: dict[AgencyKind, tuple[str, str]] = {
    K.POLICE: (
        "Two earlier reports from the same street in the last year; no arrests so far.",
        "Officers think the abuse is escalating and organised by the same small group.",
    ),
    K.HOUSING: (
        "The victim's tenancy is in good standing; one earlier complaint about the neighbour.",
        "The housing officer thinks a move would be welcomed if the abuse continues.",
    ),
    K.ADULT_SOCIAL_CARE: (
        "The victim has a care package of two visits a week.",
        "The carer believes the victim is isolated and frightened to go out.",
    ),
    K.CHILDRENS_SERVICES: (
        "The children are not open to children's social care.",
        "The school nurse thinks the eldest child is anxious about the walk home.",
    ),
    K.HEALTH: (
        "The victim saw the GP twice in the last month about anxiety and sleeplessness.",
        "The practice thinks the incidents are affecting the victim's health.",
    ),
    K.EDUCATION: (
        "Attendance has dropped to 82% this term.",
        "Staff think the pupils involved may attend the same school.",
    ),
    K.VICTIM_SUPPORT: (
        "The victim accepted support and has weekly calls with a caseworker.",
        "The caseworker thinks the victim is close to giving up reporting.",
    ),
    K.COMMUNITY_ORGANISATION: (
        "Other residents on the estate have reported similar abuse to the community centre.",
        "Community leaders believe tension in the area is rising.",
    ),
    K.PROBATION: (
        "The named suspect finished a community order last year.",
        "The probation officer thinks the suspect's attitudes have not changed.",
    ),
}
WITHHELD = (
    "Details of a live investigation",
    "Disclosure now could prejudice the investigation; the chair has been briefed.",
)
CLOSE_NO_ACTION = (
    "Risk is managed by single-agency support already in place; no multi-agency actions needed."
)
CLOSE_MONITORING = (
    "No further incidents since the review and the victim feels safe; closed early by agreement."
)
REJECT = (
    "No route into the panel is evidenced (standard risk, a single incident); referred back to "
    "single-agency support."
)
# why a case referred after a meeting's cut-off cannot wait for the next one
LATE_LISTING = (
    "Threats escalated at the weekend and the perpetrator lives two doors away; six weeks is "
    "too long to wait for a plan.",
    "The victim's tenancy ends this month and housing need the panel's view before then.",
    "A third incident since the referral, now with a weapon mentioned; the police ask for it "
    "to be heard this month.",
)
REQUEST_INFO = "Please confirm the date of the most recent incident and the victim's consent."
WITHDRAW = "The victim withdrew consent to multi-agency sharing."
REVIEW_NOTES = {
    "completed": "Confirmed at review.",
    "not_possible_circumstances_changed": "Circumstances changed; no longer needed.",
    "not_done_by_agency": "Not done; the agency will explain at the next meeting.",
}
SUPPORT_SERVICE = "Northshire Victim Support"
# the victim's voice, as the advocate in contact with them reports it, and the safety plan
VICTIM_VIEWS = (
    "Wants to stay in the home and to be told before anyone visits; prefers contact by text.",
    "Asks that officers visit in plain clothes; does not want the neighbours told.",
    "Wants the harassment to stop more than a prosecution; would speak to a mediator.",
    "Feels unsafe walking to work; asks for a different route home to be looked at.",
)
SAFETY_PLANS = (
    "Door camera and letterbox guard fitted; a named housing officer to call; police marker "
    "on the address.",
    "Weekly call from the advocate; a bus pass for a safer route; a marker on the address.",
    "Panic alarm; neighbours' doorbell footage requested; the school told who to call.",
)
FIRST_UPDATE = "Told the crime is recorded and who the investigating officer is."
FLAGS_CONFIRMED = "Strands checked against the narrative at screening."
FLAGS_CORRECTED = (
    "Strands corrected at screening: the narrative and the victim's own words show the "
    "hostility the referral did not flag."
)
SUPPORT_DECLINED = "The victim already has support through family and a faith group."
FEEDBACK = (
    ("green", "A joined-up response: the housing move and the police visit came quickly."),
    ("amber", "Five weeks passed before the first action started. Why was it so long?"),
    ("red", "Was the victim offered a support referral within two working days?"),
)
RESPONSE = (
    "Thank you. The delay came from the referral cut-off; we now hold an extra triage call "
    "between meetings so urgent actions start sooner."
)
# The scrutiny member's dip-sample assessments (kept informed, referred to support, flagged
# correctly, timely; overall; comment) and the coordinator's answers, by overall grade.
ASSESSMENTS = (
    ("yes", "yes", "yes", "yes", "good", "Clear updates and a quick support referral."),
    (
        "no",
        "yes",
        "yes",
        "no",
        "needs_improvement",
        "No update is recorded for weeks after the hearing, and the first action started late.",
    ),
    (
        "yes",
        "no",
        "yes",
        "cannot_tell",
        "adequate",
        "The support referral came after the two working days the Victims' Code allows.",
    ),
    (
        "yes",
        "yes",
        "no",
        "yes",
        "adequate",
        "The referral missed the strand the victim described; screening put it right.",
    ),
    ("cannot_tell", "yes", "yes", "yes", "good", ""),
    (
        "no",
        "no",
        "yes",
        "no",
        "needs_improvement",
        "Nothing shows the victim was told the outcome of the panel.",
    ),
)
ASSESSMENT_RESPONSES = {
    "needs_improvement": (
        "Agreed. Each case now has a named lead who calls the victim within a week of the "
        "hearing, and the coordinator checks the updates at every review."
    ),
    "adequate": (
        "Thank you. Screening now checks the strands and the support referral together, and "
        "the police case system prompts for the referral on the day the crime is recorded."
    ),
}
