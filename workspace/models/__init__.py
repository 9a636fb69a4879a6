from .activities import (
    MAX_FILES_PER_ACTIVITY,
    Activity,
    ActivityFile,
    ActivityKind,
    Referral,
)
from .premises import PremisesRequest
from .returns import DUE_DAY, MonthlyReturn

__all__ = [
    "DUE_DAY",
    "MAX_FILES_PER_ACTIVITY",
    "Activity",
    "ActivityFile",
    "ActivityKind",
    "MonthlyReturn",
    "PremisesRequest",
    "Referral",
]
