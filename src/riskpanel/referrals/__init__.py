"""Referral intake and screening: the victim, the incidents and their strands, the flag
check, repeat detection, routes into the panel and the Victims' Code clock."""
