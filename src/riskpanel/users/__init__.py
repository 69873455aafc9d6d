"""People who use riskpanel, administered by admins: create, disable, change role."""
