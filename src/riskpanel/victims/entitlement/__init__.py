"""Reading and setting a case's Victims' Code entitlement, and the panel's overdue list."""
