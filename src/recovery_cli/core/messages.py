"""User-facing words that more than one module uses. Kind, plain, never scolding."""

from __future__ import annotations

DISCLAIMER = (
    "recovery helps you keep notes and questionnaires to discuss with a professional. "
    "It does not diagnose or treat any condition, and nobody monitors what you write. "
    "If you might act on thoughts of harming yourself, call your local emergency number now, "
    "or in the US call or text 988, in the UK and Ireland call Samaritans on 116 123, "
    "elsewhere see findahelpline.com."
)

# Shown in `recovery --help`. Kept in step with data/crisis.toml by a test.
HELP_EPILOG = (
    "In crisis right now? Run 'recovery crisis', or call your local emergency number. "
    "US & Canada: call or text 988. UK & Ireland: Samaritans 116 123. Australia: Lifeline "
    "13 11 14. Elsewhere: findahelpline.com."
)

INTERRUPTED = "Interrupted; nothing was saved."
CHECKIN_CANCELLED = "Check-in cancelled; nothing was saved."

BAND_FRAMING = "the questionnaire's published interpretation, to discuss with a clinician"
