"""Texts for the guided check's outcome (three languages; pure, like samson.scoring.texts)."""

from __future__ import annotations

from samson.instrument_spec import Text

LEVELS: dict[str, Text] = {
    "informasjon": Text(
        nb="Informasjon: kommunen bestemmer, og de andre blir informert.",
        nn="Informasjon: kommunen bestemmer, og dei andre blir informerte.",
        en="Information: the municipality decides, and the others are informed.",
    ),
    "horing": Text(
        nb="Høring: en nesten ferdig løsning sendes ut for kommentarer.",
        nn="Høyring: ei nesten ferdig løysing blir send ut for kommentarar.",
        en="Consultation: a nearly finished solution is sent out for comment.",
    ),
    "medvirkning": Text(
        nb="Medvirkning: de andre gir innspill, men kommunen eier løsningen og beslutningen.",
        nn="Medverknad: dei andre gjev innspel, men kommunen eig løysinga og avgjerda.",
        en="Participation: the others give input, but the municipality owns the solution "
        "and the decision.",
    ),
    "tynn": Text(
        nb="Tynn samskaping: partene utformer løsningen sammen, men samarbeidet stopper der.",
        nn="Tynn samskaping: partane utformar løysinga saman, men samarbeidet stoppar der.",
        en="Thin co-creation: the parties design the solution together, but the "
        "collaboration stops there.",
    ),
    "tykk": Text(
        nb="Tykk samskaping: partene utformer og gjennomfører sammen, og samarbeidet varer.",
        nn="Tjukk samskaping: partane utformar og gjennomfører saman, og samarbeidet varer.",
        en="Thick co-creation: the parties design and deliver together, and the "
        "collaboration lasts.",
    ),
}

# Where each level is explained: (kind, id) for samson.knowledge.links.
LEVEL_LINKS: dict[str, tuple[str, str]] = {
    "informasjon": ("maturity", "ikke_samskaping"),
    "horing": ("antipattern", "horing"),
    "medvirkning": ("maturity", "medvirkning"),
    "tynn": ("maturity", "tynn"),
    "tykk": ("maturity", "tykk"),
}

DUTIES: dict[str, Text] = {
    "kl-5-12": Text(
        nb="Kommuneloven § 5-12: gjelder saken eldre, personer med funksjonsnedsettelse eller "
        "ungdom, skal rådet deres (eldreråd, råd for personer med funksjonsnedsettelse, "
        "ungdomsråd) få være med.",
        nn="Kommunelova § 5-12: gjeld saka eldre, personar med funksjonsnedsetjing eller "
        "ungdom, skal rådet deira (eldreråd, råd for personar med funksjonsnedsetjing, "
        "ungdomsråd) få vere med.",
        en="Local Government Act section 5-12: if the matter concerns older people, persons "
        "with disabilities or young people, their council must be involved.",
    ),
    "pbl-5-1": Text(
        nb="Plan- og bygningsloven § 5-1: den som fremmer planforslaget, skal legge til rette "
        "for medvirkning, særlig for grupper som trenger det, blant dem barn og unge.",
        nn="Plan- og bygningslova § 5-1: den som fremjar planforslaget, skal leggje til rette "
        "for medverknad, særleg for grupper som treng det, mellom dei barn og unge.",
        en="Planning and Building Act section 5-1: whoever puts forward the plan must "
        "facilitate participation, especially for groups who need it, among them children "
        "and young people.",
    ),
    "pbl-3-3": Text(
        nb="Plan- og bygningsloven § 3-3: kommunens ordning for barn og unges interesser i "
        "planleggingen skal brukes.",
        nn="Plan- og bygningslova § 3-3: ordninga kommunen har for interessene til barn og "
        "unge i planlegginga, skal brukast.",
        en="Planning and Building Act section 3-3: the municipality's arrangement for the "
        "interests of children and young people in planning must be used.",
    ),
    "pbl-4-1": Text(
        nb="Plan- og bygningsloven § 4-1: planprogrammet skal beskrive opplegget for medvirkning.",
        nn="Plan- og bygningslova § 4-1: planprogrammet skal skildre opplegget for medverknad.",
        en="Planning and Building Act section 4-1: the planning programme must describe how "
        "participation will be organised.",
    ),
    "pbl-4-1-stor": Text(
        nb="Plan- og bygningsloven § 4-1: kan planen få vesentlige virkninger for miljø og "
        "samfunn, trengs et planprogram som beskriver opplegget for medvirkning.",
        nn="Plan- og bygningslova § 4-1: kan planen få vesentlege verknader for miljø og "
        "samfunn, trengst eit planprogram som skildrar opplegget for medverknad.",
        en="Planning and Building Act section 4-1: if the plan may have significant effects "
        "on the environment and society, a planning programme must describe how "
        "participation will be organised.",
    ),
    "pbl-11-12": Text(
        nb="Plan- og bygningsloven § 11-12: oppstarten av arbeidet skal varsles og kunngjøres.",
        nn="Plan- og bygningslova § 11-12: oppstarten av arbeidet skal varslast og kunngjerast.",
        en="Planning and Building Act section 11-12: the start of the work must be notified "
        "and announced.",
    ),
    "pbl-12-8": Text(
        nb="Plan- og bygningsloven § 12-8: oppstarten av reguleringsplanarbeidet skal varsles "
        "og kunngjøres.",
        nn="Plan- og bygningslova § 12-8: oppstarten av reguleringsplanarbeidet skal varslast "
        "og kunngjerast.",
        en="Planning and Building Act section 12-8: the start of work on the zoning plan must "
        "be notified and announced.",
    ),
    "pbl-5-2": Text(
        nb="Plan- og bygningsloven § 5-2: planforslaget skal på høring og legges ut til "
        "offentlig ettersyn.",
        nn="Plan- og bygningslova § 5-2: planforslaget skal på høyring og leggjast ut til "
        "offentleg ettersyn.",
        en="Planning and Building Act section 5-2: the plan proposal must be sent out for "
        "comment and made available for public inspection.",
    ),
}
