"""Which numbers can take an SMS: mobiles only.

The care team's numbers come from care-plan files and the CLI, and many are not
mobiles: a GP's practice, a hospital ward (the demo GPs have landlines, "+32 81 00 03
01"). An SMS to a landline is refused by the provider (or, worse, read out by a robot
voice hours later), and the console used to say "sent" while the error sat in the
outbound table. So escalation and paging SMS go to mobile numbers only, and a landline
is shown to the nurse as a number to call.

Mobile or not is decided by Google's libphonenumber metadata (the `phonenumbers`
package): Belgian mobiles are +32 4xx (456, 46x, 47x, 48x, 49x), and every other
country has its own ranges, which no hand-written prefix list keeps up with. A number
the metadata cannot tell apart (FIXED_LINE_OR_MOBILE: the United States, Canada) is
given the benefit of the doubt: the provider's answer then decides, and a failure
raises a flag (bot/escalation.flag_failed_sms).
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

DEFAULT_REGION = "BE"  # a number typed without +32 ("0470 12 34 56") is Belgian
_SMS_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def is_mobile(number: str | None) -> bool:
    """Whether an SMS to ``number`` can reach a phone: a valid mobile number (or one
    the metadata cannot tell from a landline)."""
    parsed = _parse(number or "")
    return parsed is not None and phonenumbers.number_type(parsed) in _SMS_TYPES


def for_display(number: str | None) -> str:
    """The number as a person dials it from abroad: "+32 81 00 03 01"; as given when
    it does not parse."""
    parsed = _parse(number or "")
    if parsed is None:
        return number or ""
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
