"""Who attended a meeting, for which agency, and who sent apologies or information."""
