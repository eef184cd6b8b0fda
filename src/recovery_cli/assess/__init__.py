"""Questionnaires (scoring, rescoring, safety rules) and the stage self-assessment."""
