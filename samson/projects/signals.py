"""Signals of projects and rounds, for apps above this one (samson.fieldwork)."""

from django.dispatch import Signal

# Sent once, inside the transaction that creates a round, with `round`: every route that
# makes a round (the project page, the API, a solo assessment turned into a project) gives it
# its join mode this way (samson.fieldwork.receivers).
round_created = Signal()
