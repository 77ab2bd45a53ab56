"""The errors of a refused write on a case; the message of each is for the user.

Apart from ``services.py`` so that ``acts.py`` (act dates) raises the same family without
importing the services; ``cases.services`` re-exports them under their usual names.
"""


class CaseError(Exception):
    """A write that the case's state or the input does not allow; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransitionError(CaseError):
    pass


class StaleCaseError(CaseError):
    """The case changed between the moment the user saw it and their click."""


class ActDateError(CaseError):
    """The date given for an act is not one it can have (``cases.acts.check_act_date``).

    Views put its message on the form's date field (the form's ``act_field``).
    """
