"""Errors the command line reports as one clear line and a non-zero exit."""

from starmap.settings import SettingsError
from starmap.warehouse import WarehouseError


class StarmapError(Exception):
    """A failure a user can act on; its message names the problem."""


# Settings and warehouse failures are user-facing too.
USER_ERRORS = (StarmapError, SettingsError, WarehouseError)
