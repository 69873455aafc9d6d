"""A subject access response as JSON or as PDF (the shared document layout and renderer).

The PDF goes through ``riskpanel.documents``: the same autoescaping Jinja2 environment,
the same print CSS (OFFICIAL-SENSITIVE and page x of y on every page) and the same
renderer that may read nothing outside the templates folder. Its template extends the
shared ``base.html`` and lives here, beside the only code that fills it.
"""

from __future__ import annotations

from pathlib import Path

from riskpanel.documents.render import html_to_pdf, make_environment
from riskpanel.subject_access.schemas import SubjectAccessReport

TEMPLATE = """{% extends "base.html" %}
{% block document_label %}Subject access: draft for review{% endblock %}
{% block heading %}Subject access response (draft){% endblock %}
{% block running_title %}Person {{ report.person_id }}{% endblock %}
{% block confidentiality_heading %}Before release{% endblock %}
{% block content %}
<p><strong>Status: {{ report.status }}</strong>. Prepared {{ report.generated_at.isoformat() }}.
{{ report.redactions }} name(s) or detail(s) of other people removed.</p>
<h2>Personal details held</h2>
<table>
{% for key, value in report.person.items() %}
<tr><th scope="row">{{ key }}</th><td>{{ value if value is not none else "" }}</td></tr>
{% endfor %}
</table>
{% for case in report.cases %}
<h2>Case {{ case.reference }}: {{ case.role }}</h2>
<p>State {{ case.state }}; opened {{ case.opened_at.date().isoformat() }}
{%- if case.closed_at %}; closed {{ case.closed_at.date().isoformat() }}{% endif %}.
Others in the case: {{ case.other_people | join(", ") or "none recorded" }}.</p>
{% for r in case.referrals %}
<h3>Referral {{ r.reference }} ({{ r.referring_agency or "unknown agency" }})</h3>
<p>{{ r.narrative or "" }}</p>
{% if r.why_answer %}<p>Why: {{ r.why_answer }}</p>{% endif %}
{% endfor %}
{% if case.incidents %}<h3>Incidents</h3><ul>
{% for i in case.incidents %}<li>{{ i.occurred_on.isoformat() }}: {{ i.kind }}
({{ i.strands | join(", ") }}){% if i.description %}: {{ i.description }}{% endif %}</li>
{% endfor %}
</ul>{% endif %}
{% if case.assessments %}<h3>Risk assessments</h3><ul>
{% for a in case.assessments %}<li>{{ a.assessed_at.date().isoformat() }}: {{ a.level }}
(score {{ a.score }}){% if a.judgement_reason %}: {{ a.judgement_reason }}{% endif %}</li>
{% endfor %}
</ul>{% endif %}
{% if case.actions %}<h3>Actions</h3><ul>
{% for a in case.actions %}<li>{{ a.reference }} ({{ a.agency }}), due {{ a.due_on.isoformat() }},
{{ a.progress }}: {{ a.description }}</li>{% endfor %}
</ul>{% endif %}
{% if case.victim_records %}<h3>Updates and support</h3><ul>
{% for v in case.victim_records %}<li>{{ v.at.date().isoformat() }}: {{ v.kind }}
{%- if v.detail %}: {{ v.detail }}{% endif %}</li>{% endfor %}
</ul>{% endif %}
{% if case.shared_at_meetings %}<h3>Shared at panel meetings</h3><ul>
{% for i in case.shared_at_meetings %}<li>{{ i.agency }} ({{ i.kind }}): {{ i.text }}</li>
{% endfor %}
</ul>{% endif %}
{% endfor %}
{% if report.referrals_without_case %}<h2>Referrals that did not become a case</h2>
{% for r in report.referrals_without_case %}
<h3>{{ r.reference }}</h3><p>{{ r.narrative }}</p>
{% endfor %}
{% endif %}
<h2>Who the information was disclosed to</h2>
<table>
<tr><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th>
<th scope="col">Recipients</th><th scope="col">Purpose</th></tr>
{% for d in report.disclosures %}
<tr><td>{{ d.at.date().isoformat() }}</td><td>{{ d.action }} ({{ d.about }})</td>
<td>{{ d.by_agency or d.by_role }}</td><td>{{ d.recipients | join(", ") }}</td>
<td>{{ d.purpose }}</td></tr>
{% endfor %}
</table>
{% endblock %}
"""


def to_json(report: SubjectAccessReport) -> str:
    return report.model_dump_json(indent=2)


def to_html(report: SubjectAccessReport, *, templates_dir: Path) -> str:
    template = make_environment(templates_dir).from_string(TEMPLATE)
    return template.render(
        report=report,
        view={"confidentiality_statement": report.notice},
        kind="subject_access",
        document_title="Subject access response (draft for review)",
    )


def to_pdf(report: SubjectAccessReport, *, templates_dir: Path) -> bytes:
    return html_to_pdf(to_html(report, templates_dir=templates_dir), templates_dir=templates_dir)
