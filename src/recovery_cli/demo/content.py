"""The words of the demo home (pure data): the check-in notes, the journal entries and the
relapse-prevention plan, in the made-up person's voice (split from demo.py, which tells the
story with them)."""

from __future__ import annotations

from typing import Any

NOTES_LOW = (
    "Heavy day. Stayed in most of it.",
    "Hard to get going this morning.",
    "Tired and flat, but I did the check-in.",
    "Felt on edge after the argument.",
)
NOTES_MID = (
    "An ordinary day, which is fine.",
    "Work was busy; evening was quieter.",
    "Bit of a slow start, better by the afternoon.",
)
NOTES_HIGH = (
    "Good walk by the river after work.",
    "Lunch with Sam, lots of laughing.",
    "Finished the shelf project. Proud of that.",
    "Slept well and it showed.",
)

ENTRIES_LOW: tuple[tuple[str | None, str, tuple[str, ...]], ...] = (
    (None, "Didn't want to get out of bed today. I made tea and sat by the window for a "
     "while, and that was about it. Tomorrow I'll try a short walk.", ("mood", "tired")),
    ("After the argument", "Still replaying what was said. I know I was tired. Writing it "
     "down helps me see it wasn't all me.", ("family", "conflict")),
    (None, "Work felt like too much. I told my manager I needed to leave on time, which is "
     "new for me.", ("work",)),
    (None, "Quiet day. I didn't answer the phone. Sam brought soup and didn't push, "
     "which helped.", ("family", "mood")),
    ("Heavy", "Everything takes twice as long at the moment. I did the dishes and counted "
     "that as enough.", ("mood",)),
)
ENTRIES_MID: tuple[tuple[str | None, str, tuple[str, ...]], ...] = (
    (None, "An ordinary day. Some worry in the afternoon; it passed.", ("anxiety",)),
    ("Session notes", "Therapy today: we talked about noticing early signs. Homework is to "
     "write my plan down.", ("therapy",)),
    (None, "Slept badly, but got through the day by pacing myself.", ("sleep",)),
    (None, "Busy at work, but I took a proper lunch break outside.", ("work", "walk")),
    ("Plan", "Wrote down my warning signs. Strange to see them on paper, but it feels "
     "useful.", ("therapy", "plan")),
)
ENTRIES_HIGH: tuple[tuple[str | None, str, tuple[str, ...]], ...] = (
    ("A good one", "Walked the long way home and noticed the trees turning. Called Mum; we "
     "laughed about the dog.", ("gratitude", "walk")),
    (None, "Three things today: a proper breakfast, finishing the report, a film with Sam.",
     ("gratitude",)),
    ("Small win", "Used the breathing exercise before the meeting and it went fine.",
     ("skills", "work")),
    (None, "Fixed the wobbly chair in the shed. It smelled of sawdust and I forgot the time.",
     ("making", "gratitude")),
    ("Day out", "Long walk with Sam, coffee at the corner café, early night.",
     ("walk", "family")),
)
PRIVATE_ENTRY = ("Just for me", "Some things I'm not ready to say to anyone yet. It helps to "
                 "write them here and close the page.", ("private-thoughts",))
STARRED = ("A good one", "Small win", "Plan")


def demo_plan() -> dict[str, Any]:
    """A relapse-prevention plan in the person's voice, with early-warning rules."""
    return {
        "when_well": "I get up without a fight, I walk most days, I text friends back, and "
                     "I enjoy making things in the shed.",
        "toolbox": ["Went for a walk", "Breathing exercise", "Called or texted someone",
                    "Making things in the shed", "A hot shower and an early night"],
        "daily": ["Take my medication with breakfast", "Get outside for 20 minutes",
                  "Evening check-in"],
        "as_needed": ["Tidy one corner", "Plan something to look forward to"],
        "triggers": [
            {"text": "Conflict with someone", "response": "Take a break, breathe, come back to "
             "it tomorrow."},
            {"text": "Work or study stress", "response": "Write a short list and leave on "
             "time."},
            {"text": "Poor sleep", "response": "No screens after ten; a walk the next day."},
        ],
        "warning_signs": [
            {"text": "Low mood that doesn't lift", "response": "Call Sam and book a GP "
             "appointment.", "rule": "mood <= 3 for 3 days"},
            {"text": "Sleeping badly", "response": "Wind-down routine; tell my therapist.",
             "rule": "sleep_hours < 5 on 2 of 3 days"},
            {"text": "Arguing a lot", "response": "Step back and use the breathing exercise.",
             "rule": "triggers:conflict 3 times in 7 days"},
            {"text": "Going quiet on everyone", "response": "Text one person, even just "
             "an emoji.", "rule": "no checkin for 4 days"},
            {"text": "Questionnaire scores getting worse", "response": "Bring the export to "
             "my next appointment.", "rule": "phq9 deterioration"},
            {"text": "Missing my tablets", "response": "Keep them by the kettle; tell my GP "
             "if it keeps happening.", "rule": "missed medication on 2 of 7 days"},
        ],
        "breaking_down": [
            {"text": "Not leaving the house for days", "response": "Ask Sam to come over; "
             "call my therapist's office."},
        ],
        "crisis.supporters": ["Sam (partner)", "Mum"],
        "crisis.takes_over_when": "I stop eating or stop answering the phone for days.",
        "crisis.helps": ["Someone staying with me", "Quiet, dim room"],
        "crisis.avoid": ["Being left alone"],
        "crisis.not_involved": ["My old flatmate"],
        "crisis.treatment_preferences.preferred": ["The medication that helped last time, "
                                                   "at the dose my GP knows"],
        "crisis.treatment_preferences.not_accepted": ["Being admitted far from home if a "
                                                      "local bed is free"],
        "crisis.inactivation": ["I have eaten regular meals and slept most nights for a week",
                                "I am answering messages again"],
        "post_crisis": "Half days at work for a week; short walks with Sam.",
        "safety.warning_signs": ["Not sleeping for two nights", "Feeling like a burden"],
        "safety.coping_alone": ["Cold water on my face", "Box breathing", "Music on "
                                "headphones"],
        "safety.distraction": ["The café on the corner", "Mum's kitchen"],
        "safety.ask_for_help": ["Sam 07700 900123", "Mum 07700 900456"],
        "safety.professionals": ["Dr Patel (GP) 020 7946 0000", "Samaritans 116 123"],
        "safety.safe_surroundings": ["Sam keeps the spare medication"],
        "safety.reason_for_living": "My niece, and the bookshelf I promised her.",
        "contacts": [
            {"name": "Sam", "role": "partner", "phone": "07700 900123"},
            {"name": "Dr Patel", "role": "GP", "phone": "020 7946 0000"},
        ],
    }
