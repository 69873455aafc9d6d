"""riskpanel: the workflow engine for multi-agency hate crime risk panels."""

__version__ = "0.1.0"
