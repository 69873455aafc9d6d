"""Intelligence links: perpetrators, places and accounts that recur across a panel's cases."""
