"""The actions the audit log records: each code and the label an administrator reads.

`audit_record` refuses a code that is not here, and a test scans the source for every code a
service records, so the admin never shows a bare code such as `round.follow_up_publish`.
Adding an action: add its code and a label (whole phrase, nb/nn/en in `locale/`) here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "account.login": _("Logged in"),
    "account.logout": _("Logged out"),
    "project.create": _("Project created"),
    "project.parties_set": _("Parties of the project saved"),
    "project.facilitator_invite": _("Facilitator invited to the project"),
    "project.background_set": _("Background questions of the project saved"),
    "round.create": _("Round created"),
    "round.transition": _("Round opened or closed"),
    "round.follow_up_publish": _("Follow-up of input saved"),
    "round.reveal": _("Results step of the workshop changed"),
    "free_text.release": _("Free-text answer released"),
    "free_text.withdraw": _("Free-text answer withdrawn"),
    "fieldwork.settings": _("Fieldwork settings saved"),
    "fieldwork.text": _("E-mail text of the fieldwork saved"),
    "fieldwork.contacts": _("Contacts added to the invitation list"),
    "fieldwork.invite": _("Invitations sent"),
    "fieldwork.remind": _("Reminders sent"),
    "barometer.import": _("Data file imported into the barometer edition"),
    "barometer.import_delete": _("Imported data file deleted with its units"),
    "barometer.respondent_delete": _("Imported unit deleted from the barometer edition"),
    "barometer.edition_delete": _("Barometer edition deleted"),
    "barometer.design": _("Design of the barometer edition saved"),
    "barometer.test_accept": _("Innovasjonstesten answers accepted into the edition"),
    "barometer.test_discard": _("Innovasjonstesten answers discarded"),
    "barometer.test_discard_all": _("All waiting Innovasjonstesten answers discarded"),
}


def action_label(code: str) -> str:
    """The label of `code` in the active language; an unknown code (an entry written before its
    action was renamed) is shown as it is."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code
