"""Text people type that others see: names must show as they are.

Invisible formatting characters (bidi overrides and isolates such as U+202E, zero-width
spaces and joiners, the byte-order mark: Unicode category Cf) and control characters
(Cc) can make one name display as another ("display spoofing"), so names refuse them.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Unicode categories refused in names: format (invisible) and control characters.
HIDDEN_CATEGORIES = ("Cf", "Cc")


def hidden_characters(value: str) -> list[str]:
    """The code points (U+XXXX) in ``value`` that do not show."""
    return [
        f"U+{ord(char):04X}"
        for char in str(value)
        if unicodedata.category(char) in HIDDEN_CATEGORIES
    ]


def visible_text(value) -> None:
    """A field validator: refuse invisible and control characters."""
    found = hidden_characters(value)
    if found:
        raise ValidationError(
            _("Remove the invisible characters (%(chars)s): names must show as typed."),
            code="hidden_characters",
            params={"chars": ", ".join(dict.fromkeys(found))},
        )
