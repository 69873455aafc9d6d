"""Drawing a pack of anonymised summaries, the checks before release (progress,
k-anonymity), release to named recipients, and the released pack as JSON and PDF."""
