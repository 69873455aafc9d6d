"""Partner agencies and their information-sharing agreements."""
