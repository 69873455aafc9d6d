"""The scrutiny domain's one router, mounted under /api/v1/scrutiny: each sub-domain (packs,
summaries, figures, feedback) declares its own endpoints and is included here, so the app's
router discovery finds a single ``router`` for the domain."""

from __future__ import annotations

from fastapi import APIRouter

from riskpanel.scrutiny.feedback.api import router as feedback_router
from riskpanel.scrutiny.packs.api import router as packs_router
from riskpanel.scrutiny.statistics.api import router as statistics_router
from riskpanel.scrutiny.summaries.api import router as summaries_router

router = APIRouter(prefix="/scrutiny", tags=["scrutiny"])
for _sub in (packs_router, summaries_router, statistics_router, feedback_router):
    router.include_router(_sub)
