"""The wording candidates agree to. Each stored consent records CONSENT_TEXT_VERSION:
bump the version in models.py whenever a text here changes."""

from django.utils.translation import gettext_lazy as _

TALENT_DB_CONSENT_TEXT = _(
    "Keep my profile in the Jämtland Calling talent database, so that the organisers can "
    "contact me about future trips and jobs in Jämtland that match my sectors. I can withdraw "
    "this consent at any time and my profile is then no longer used for this purpose."
)
INTEREST_CONSENT_TEXT = _(
    "Store my email address and sectors in the Jämtland Calling talent database and email me "
    "when a trip for my sectors is published. Every email has a link to unsubscribe."
)
SHARE_PROFILE_CONSENT_TEXT = _(
    "Share my profile (name, headline, sectors, experience, skills, languages, earliest move "
    "date and CV) with the employers taking part in the trips I am accepted on."
)
SHARE_HOUSEHOLD_CONSENT_TEXT = _(
    "Also share my household's needs (my partner's job search, my children's school and "
    "preschool) with those employers."
)
SHARE_CONTACT_CONSENT_TEXT = _("Also share my email address and phone number with those employers.")
RESIDENCE_PERMIT_CONSENT_TEXT = _(
    "Store my residence permit status, so that organisers can help with the conditions of "
    "employment. It is shared with employers only if I also share my profile."
)
