"""Actions agreed at panel meetings and owned by partner agencies."""
