"""Who may see which case: the relationships of the access model."""
