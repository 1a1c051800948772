"""RallyDesk: the timing desk for cross-country rallies."""

from .api import new_event, open_event
from .domain.errors import RallyDeskError
from .paths import version

__all__ = ["open_event", "new_event", "RallyDeskError"]
__version__ = version()
