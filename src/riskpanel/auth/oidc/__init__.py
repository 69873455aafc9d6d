"""Single sign-on with each agency's identity provider (OpenID Connect); see service.py."""
