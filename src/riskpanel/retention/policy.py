"""The retention policy, read from ``workflows/retention/policy.yaml``.

Periods are data, not constants: each partnership sets its own. Without the file the
defaults below apply (6 years after closure for cases, as police records normally are).
A broken file is refused with a message naming the record type at fault.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from riskpanel.kit.errors import InvalidInput

POLICY_FILE = Path("retention") / "policy.yaml"
RecordType = Literal["case", "referral_not_accepted", "unlinked_person"]


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keep_years: int = Field(ge=1, le=100)
    counted_from: str
    description: str = ""


class RetentionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    record_types: dict[RecordType, Period]

    def period(self, record_type: RecordType) -> Period:
        return self.record_types.get(record_type) or DEFAULT_POLICY.record_types[record_type]


DEFAULT_POLICY = RetentionPolicy(
    record_types={
        "case": Period(keep_years=6, counted_from="closed_at"),
        "referral_not_accepted": Period(keep_years=2, counted_from="received_at"),
        "unlinked_person": Period(keep_years=1, counted_from="created_at"),
    }
)


def load_policy(workflows_dir: Path) -> RetentionPolicy:
    path = workflows_dir / POLICY_FILE
    if not path.exists():
        return DEFAULT_POLICY
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return RetentionPolicy.model_validate(raw)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise InvalidInput(f"{path}: {where}") from None


def cutoff(now: datetime, years: int) -> datetime:
    """``now`` minus whole calendar years (29 February becomes 28 February)."""
    target = now.year - years
    try:
        return now.replace(year=target)
    except ValueError:
        return now.replace(year=target, day=28)
