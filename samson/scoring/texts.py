"""Sentences for the ids the scoring produces itself (everything else comes from the instrument).

Kept here rather than in gettext catalogues because this package must not depend on Django;
placeholders are named: {observed}, {threshold}, {subject}.
"""

from __future__ import annotations

from samson.instrument_spec import Text

READINGS: dict[str, Text] = {
    "tykk": Text(
        nb="Tykk samskaping: partene samarbeider både om utformingen og om gjennomføringen.",
        nn="Tjukk samskaping: partane samarbeider både om utforminga og om gjennomføringa.",
        en="Thick co-creation: the parties work together on both the design and the delivery.",
    ),
    "tynn": Text(
        nb="Tynn samskaping: samarbeidet stopper ved planlegging og utforming av løsningen.",
        nn="Tynn samskaping: samarbeidet stoppar ved planlegging og utforming av løysinga.",
        en="Thin co-creation: the collaboration stops at planning and designing the solution.",
    ),
    "ingen": Text(
        nb="Ikke samskaping i utformingen: løsningen ble ikke utformet av partene sammen.",
        nn="Ikkje samskaping i utforminga: løysinga vart ikkje utforma av partane saman.",
        en="No co-creation in the design: the parties did not design the solution together.",
    ),
}

SIGNALS: dict[str, Text] = {
    "design_shared": Text(
        nb="Løsningen ble utformet av partene sammen.",
        nn="Løysinga vart utforma av partane saman.",
        en="The solution was designed by the parties together.",
    ),
    "production_shared": Text(
        nb="Løsningen gjennomføres av partene sammen.",
        nn="Løysinga blir gjennomført av partane saman.",
        en="The solution is carried out by the parties together.",
    ),
    "in_production": Text(
        nb="Samarbeidet fortsetter inn i gjennomføringen (skår {observed}, grense {threshold}).",
        nn="Samarbeidet held fram inn i gjennomføringa (skår {observed}, grense {threshold}).",
        en="The collaboration continues into delivery (score {observed}, threshold {threshold}).",
    ),
    "lasting": Text(
        nb="Samarbeidet er varig og evalueres sammen (skår {observed}, grense {threshold}).",
        nn="Samarbeidet er varig og blir evaluert saman (skår {observed}, grense {threshold}).",
        en="The collaboration lasts and is evaluated jointly (score {observed}, threshold "
        "{threshold}).",
    ),
    "addresses_power": Text(
        nb="Samarbeidet tar tak i makt og likeverd (skår {observed}, grense {threshold}).",
        nn="Samarbeidet tek tak i makt og likeverd (skår {observed}, grense {threshold}).",
        en="The collaboration addresses power and equality (score {observed}, threshold "
        "{threshold}).",
    ),
}

CONDITIONS: dict[str, Text] = {
    "no_scores": Text(
        nb="Ingen svar med innhold ennå; «vet ikke» teller ikke.",
        nn="Ingen svar med innhald enno; «veit ikkje» tel ikkje.",
        en="No substantive answers yet; \u201cdon't know\u201d does not count.",
    ),
    "overall_at_least": Text(
        nb="Samlet skår er minst {threshold} (her {observed}).",
        nn="Samla skår er minst {threshold} (her {observed}).",
        en="The overall score is at least {threshold} (here {observed}).",
    ),
    "value_at_least": Text(
        nb="Verdien «{subject}» har skår minst {threshold} (her {observed}).",
        nn="Verdien «{subject}» har skår minst {threshold} (her {observed}).",
        en="The value \u201c{subject}\u201d scores at least {threshold} (here {observed}).",
    ),
    "field_at_least": Text(
        nb="Handlingsfeltet «{subject}» har skår minst {threshold} (her {observed}).",
        nn="Handlingsfeltet «{subject}» har skår minst {threshold} (her {observed}).",
        en="The field of action \u201c{subject}\u201d scores at least {threshold} (here "
        "{observed}).",
    ),
    "values_all_at_least": Text(
        nb="Alle verdiene har skår minst {threshold} (lavest: «{subject}», {observed}).",
        nn="Alle verdiane har skår minst {threshold} (lågast: «{subject}», {observed}).",
        en="Every value scores at least {threshold} (lowest: \u201c{subject}\u201d, {observed}).",
    ),
    "antipattern_not_fired": Text(
        nb="Varselet «{subject}» er ikke utløst (skår {observed}, grense {threshold}).",
        nn="Varselet «{subject}» er ikkje utløyst (skår {observed}, grense {threshold}).",
        en="The warning \u201c{subject}\u201d has not fired (score {observed}, threshold "
        "{threshold}).",
    ),
    "not_municipality_alone": Text(
        nb="Kommunen har ikke alene definert utfordringen, utformet løsningen og gjennomført "
        "den (svar {observed}).",
        nn="Kommunen har ikkje åleine definert utfordringa, utforma løysinga og gjennomført "
        "henne (svar {observed}).",
        en="The municipality did not define the challenge, design the solution and deliver it "
        "on its own (answers {observed}).",
    ),
    "design_shared": Text(
        nb="Partene utformet løsningen sammen (lesning: {observed}).",
        nn="Partane utforma løysinga saman (lesing: {observed}).",
        en="The parties designed the solution together (reading: {observed}).",
    ),
    "production_shared": Text(
        nb="Partene gjennomfører løsningen sammen (lesning: {observed}).",
        nn="Partane gjennomfører løysinga saman (lesing: {observed}).",
        en="The parties carry out the solution together (reading: {observed}).",
    ),
}

TYPOLOGY_REASONS: dict[str, Text] = {
    "typology_incomplete": Text(
        nb="Ikke alle spørsmålene om hvem som gjorde hva har et svar (eller partene er uenige).",
        nn="Ikkje alle spørsmåla om kven som gjorde kva har eit svar (eller partane er usamde).",
        en="Not every question about who did what has an answer (or the parties disagree).",
    ),
    "municipality_delivers_alone": Text(
        nb="Kommunen gjennomfører alene; i alle fire typene er innbyggerne med i gjennomføringen.",
        nn="Kommunen gjennomfører åleine; i alle fire typane er innbyggjarane med i "
        "gjennomføringa.",
        en="The municipality delivers alone; in all four types citizens take part in delivery.",
    ),
    "shared_challenge_municipality_solution": Text(
        nb="Utfordringen ble definert sammen, men kommunen utformet løsningen alene.",
        nn="Utfordringa vart definert saman, men kommunen utforma løysinga åleine.",
        en="The challenge was defined together, but the municipality designed the solution alone.",
    ),
    "citizens_challenge_municipality_solution": Text(
        nb="Innbyggerne definerte utfordringen, men kommunen utformet løsningen alene.",
        nn="Innbyggjarane definerte utfordringa, men kommunen utforma løysinga åleine.",
        en="Citizens defined the challenge, but the municipality designed the solution alone.",
    ),
    "citizens_challenge_shared_delivery": Text(
        nb="Innbyggerne definerte utfordringen, og gjennomføringen deles med kommunen: mellom "
        "C og D.",
        nn="Innbyggjarane definerte utfordringa, og gjennomføringa blir delt med kommunen: "
        "mellom C og D.",
        en="Citizens defined the challenge and share delivery with the municipality: between "
        "C and D.",
    ),
}

NO_ANSWER = Text(nb="ingen svar", nn="ikkje svar", en="no answer")
