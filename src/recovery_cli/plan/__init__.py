"""The relapse-prevention and safety plan: the document, its early-warning rules, crisis lines, the
crisis-language list and the `learn` page."""
