"""Moving a case through its workflow: opening it, firing a trigger, and applying the
outcome with its history, timers and notices."""
