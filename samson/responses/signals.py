"""Signals of the answering flow, for apps above this one (samson.fieldwork)."""

from django.dispatch import Signal

# Sent once, inside the transaction that marks a response finished, with `response` and the
# `token` of its private link (empty when the caller has none).
response_completed = Signal()
