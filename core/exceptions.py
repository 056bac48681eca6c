"""Domain errors. Each subclass means one thing and maps to one HTTP status."""


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class BadRequest(ApplicationError):
    status_code = 400


class AuthenticationFailed(ApplicationError):
    status_code = 401


class ValidationFailed(ApplicationError):
    """Input that is well-formed but breaks a business rule; `extra["fields"]` names fields."""

    status_code = 422


class InvalidTransition(ApplicationError):
    status_code = 409


class CapacityExceeded(ApplicationError):
    status_code = 409


class AlreadyExists(ApplicationError):
    status_code = 409


class DeadlinePassed(ApplicationError):
    status_code = 409


class NotPermitted(ApplicationError):
    status_code = 403


class TryAgain(ApplicationError):
    """A lock could not be taken in time; nothing was changed."""

    status_code = 503


class RateLimited(ApplicationError):
    """Too many attempts of something from one client or account in a while; try later."""

    status_code = 429
