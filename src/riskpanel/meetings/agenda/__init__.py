"""A meeting's agenda: the proposal from the cases waiting and the coordinator's saved edit."""
