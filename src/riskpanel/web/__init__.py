"""Server-rendered pages (Jinja2 + GOV.UK Frontend + htmx) for the people who run a panel."""
