"""The words a store may hold in its choice fields. No imports: the `okrtui log` path reads this."""

OBJECTIVE_KINDS = ("committed", "aspirational")
OBJECTIVE_STATUSES = ("draft", "active", "achieved", "missed", "carried", "dropped")
KR_KINDS = ("number", "percent", "currency", "boolean", "milestone")
BINARY_KR_KINDS = ("boolean", "milestone")
INITIATIVE_STATUSES = ("todo", "doing", "done")
DIRECTIONS = ("up", "down")
CADENCES = ("daily", "weekly", "monthly")
CADENCE_DAYS = {"daily": 1, "weekly": 7, "monthly": 31}
CHECKIN_CADENCES = {"weekly": 7, "fortnightly": 14, "monthly": 31}  # how often an objective's key results want a check-in
ROLLUPS = ("krs", "children", "both")  # an objective's progress: from its key results, its aligned children, or both
KR_TYPES = ("reach", "above", "below")  # reach a target; stay at or above a level; stay at or below it

# A frozen plan (plan.py): what a freeze keeps of each key result, and a change's field when a key
# result was added to (from null) or removed from (to null) an objective after the freeze.
FROZEN_FIELDS = ("start", "target", "type", "weight", "due", "hold")  # hold: a stay key result's error budget
KR_FIELD = "key result"
