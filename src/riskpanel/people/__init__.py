"""People known to a panel: finding the same victim referred twice, merging on a
coordinator's word, and linking perpetrators, places and accounts across cases."""
