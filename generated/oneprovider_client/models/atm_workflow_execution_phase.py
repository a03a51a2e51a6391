from enum import StrEnum


class AtmWorkflowExecutionPhase(StrEnum):
    ENDED = "ended"
    ONGOING = "ongoing"
    SUSPENDED = "suspended"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
