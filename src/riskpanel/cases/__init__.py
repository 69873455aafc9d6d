"""Cases: the victim-keyed record a panel hears, and its lifecycle."""
