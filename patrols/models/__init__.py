"""Models of the patrols app, one module per area; import them from ``patrols.models``."""

from .patrol import (
    FindingCount,
    FindingStatus,
    PatrolDay,
    PatrolEvent,
    PatrolFinding,
    PatrolLog,
    PatrolPhoto,
    PatrolPlan,
    PatrolResult,
    PlanKind,
    PlanPeriod,
    StagedFor,
    Urgency,
    Weather,
)
from .pledges import (
    ASSESSMENT_CRITERIA,
    ASSESSMENT_MAX_TOTAL,
    AssessmentResult,
    FarmlandPledge,
    PledgeAssessment,
    result_for_total,
)
from .projects import ConstructionStatus, LandProject, ProjectInspection

__all__ = [
    "ASSESSMENT_CRITERIA",
    "ASSESSMENT_MAX_TOTAL",
    "AssessmentResult",
    "ConstructionStatus",
    "FarmlandPledge",
    "FindingCount",
    "FindingStatus",
    "LandProject",
    "PatrolDay",
    "PatrolEvent",
    "PatrolFinding",
    "PatrolLog",
    "PatrolPhoto",
    "PatrolPlan",
    "PatrolResult",
    "PlanKind",
    "PlanPeriod",
    "PledgeAssessment",
    "ProjectInspection",
    "StagedFor",
    "Urgency",
    "Weather",
    "result_for_total",
]
