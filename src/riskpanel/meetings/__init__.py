"""Panel meetings: agenda building, attendance, minutes and the documents sent out after."""
