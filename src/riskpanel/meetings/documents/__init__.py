"""The meeting documents (agenda, minutes, agency extract) as PDF disclosures.

The generic rendering lives in :mod:`riskpanel.documents`; this sub-domain decides who may
have which document and turns meeting rows into its view model.
"""
