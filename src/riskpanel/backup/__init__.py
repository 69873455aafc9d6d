"""Backups and restores: SQLite's online backup API for the embedded default, pg_dump for
PostgreSQL. No FastAPI here: these run from the command line, beside a live server."""
