"""A synthetic demo partnership, built only through the service functions."""
