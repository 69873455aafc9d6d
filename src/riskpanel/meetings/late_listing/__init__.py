"""Late listing: a case referred after the cut-off, heard with a reason and the chair's
agreement."""
