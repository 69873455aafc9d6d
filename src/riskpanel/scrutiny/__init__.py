"""Community scrutiny: anonymised summaries of closed cases, safe figures, and feedback.

Summaries are built from a fixed set of structured projections and a redacted narrative,
reviewed by the coordinator, k-anonymised and released once; figures follow the ONS 10-5 rule.

Sub-domains, each with the roles it needs (api, pages, service, repository, schemas,
projections): ``packs`` (drawing, the release checks, release, the PDF), ``summaries`` (the
redacted content, the coordinator's review of one summary, the deny list and spans),
``statistics`` (counting and publishing the figures), ``feedback`` (members' ratings and the
panel's answers) and ``members`` (the pages scrutiny members read). Shared here: ``access``
(who sees which pack, named access dependencies, the audit entries), ``repository`` (the case
facts every summary and figure is built from), ``facts`` and ``labels``.
"""
