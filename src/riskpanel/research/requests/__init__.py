"""Research requests: the coordinator asks member agencies for research on a listed case."""
