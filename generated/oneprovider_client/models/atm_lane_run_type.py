from enum import StrEnum


class AtmLaneRunType(StrEnum):
    REGULAR = "regular"
    RERUN = "rerun"
    RETRY = "retry"

    def __str__(self) -> str:
        return str(self.value)
