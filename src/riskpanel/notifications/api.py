"""The notifications domain's HTTP face: today only agencies' own webhook endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from riskpanel.notifications.webhooks.api import router as webhooks_router

router = APIRouter()
router.include_router(webhooks_router)
