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
    "tynn_minst": Text(
        nb="Minst tynn samskaping: partene utformet løsningen sammen; om de også gjennomfører "
        "den sammen, er ikke besvart.",
        nn="Minst tynn samskaping: partane utforma løysinga saman; om dei også gjennomfører "
        "henne saman, er ikkje svart.",
        en="At least thin co-creation: the parties designed the solution together; whether "
        "they also carry it out together has not been answered.",
    ),
    "ingen": Text(
        nb="Ikke samskaping i utformingen: løsningen ble ikke utformet av partene sammen.",
        nn="Ikkje samskaping i utforminga: løysinga vart ikkje utforma av partane saman.",
        en="No co-creation in the design: the parties did not design the solution together.",
    ),
}

# "Ja:", "Oppfylt:" ... in front of each statement; not_answered / not_asked are never findings.
STATUS_LABELS: dict[str, Text] = {
    "met": Text(nb="Oppfylt", nn="Oppfylt", en="Met"),
    "not_met": Text(nb="Ikke oppfylt", nn="Ikkje oppfylt", en="Not met"),
    "yes": Text(nb="Ja", nn="Ja", en="Yes"),
    "no": Text(nb="Nei", nn="Nei", en="No"),
    "not_answered": Text(nb="Ikke besvart", nn="Ikkje svart", en="Not answered"),
    "not_asked": Text(nb="Ikke spurt", nn="Ikkje spurt", en="Not asked"),
    "fired": Text(nb="Varsel", nn="Varsel", en="Warning"),
    "not_found": Text(nb="Ikke funnet", nn="Ikkje funne", en="Not found"),
}

# What a statement is about, for "Ikke besvart: ..." and "Ikke spurt: ...".
TOPICS: dict[str, Text] = {
    "overall_at_least": Text(nb="Samlet skår", nn="Samla skår", en="The overall score"),
    "not_municipality_alone": Text(
        nb="Hvem som definerte utfordringen, utformet løsningen og gjennomfører den",
        nn="Kven som definerte utfordringa, utforma løysinga og gjennomfører henne",
        en="Who defined the challenge, designed the solution and carries it out",
    ),
    "antipattern_not_fired": Text(
        nb="Varselet «{subject}»", nn="Varselet «{subject}»", en="The warning \u201c{subject}\u201d"
    ),
    "design_shared": Text(
        nb="Om partene utformet løsningen sammen",
        nn="Om partane utforma løysinga saman",
        en="Whether the parties designed the solution together",
    ),
    "production_shared": Text(
        nb="Om partene gjennomfører løsningen sammen",
        nn="Om partane gjennomfører løysinga saman",
        en="Whether the parties carry out the solution together",
    ),
    "in_production": Text(
        nb="Om samarbeidet fortsetter inn i gjennomføringen",
        nn="Om samarbeidet held fram inn i gjennomføringa",
        en="Whether the collaboration continues into delivery",
    ),
    "lasting": Text(
        nb="Om samarbeidet er varig og evalueres sammen",
        nn="Om samarbeidet er varig og blir evaluert saman",
        en="Whether the collaboration lasts and is evaluated jointly",
    ),
    "addresses_power": Text(
        nb="Om samarbeidet tar tak i makt og likeverd",
        nn="Om samarbeidet tek tak i makt og likeverd",
        en="Whether the collaboration addresses power and equality",
    ),
    "value_at_least": Text(
        nb="Verdien «{subject}»", nn="Verdien «{subject}»", en="The value \u201c{subject}\u201d"
    ),
    "values_all_at_least": Text(
        nb="Verdien «{subject}»", nn="Verdien «{subject}»", en="The value \u201c{subject}\u201d"
    ),
    "field_at_least": Text(
        nb="Handlingsfeltet «{subject}»",
        nn="Handlingsfeltet «{subject}»",
        en="The field of action \u201c{subject}\u201d",
    ),
}

NOT_ANSWERED = Text(
    nb="{topic}: ingen svar å bygge på.",
    nn="{topic}: ingen svar å byggje på.",
    en="{topic}: no answers to go on.",
)
NOT_ASKED = Text(
    nb="{topic}: dette spørreskjemaet spør ikke om det.",
    nn="{topic}: dette spørjeskjemaet spør ikkje om det.",
    en="{topic}: this questionnaire does not ask about it.",
)

# The answers a typology finding rests on: one respondent's, or the most chosen in a group.
ANSWERS_ONE = Text(nb="svar på {answers}", nn="svar på {answers}", en="answer to {answers}")
ANSWERS_GROUP = Text(
    nb="flest svarte på {answers}",
    nn="flest svara på {answers}",
    en="most common answer to {answers}",
)
ANSWER_PART = Text(
    nb="«{question}»: {answer}", nn="«{question}»: {answer}", en="\u201c{question}\u201d: {answer}"
)
NO_MAJORITY = Text(
    nb="ingen klar majoritet", nn="ikkje noko klart fleirtal", en="no clear majority"
)
DONT_KNOW = Text(nb="vet ikke", nn="veit ikkje", en="don't know")
UNANSWERED = Text(nb="ikke besvart", nn="ikkje svart", en="not answered")

# Findings, keyed (statement id, evidence, yes/no). Placeholders: {observed}, {threshold},
# {subject}, {answered} (how many answers), {answers} (the typology answers, see ANSWERS_ONE).
FINDINGS: dict[tuple[str, str, bool], Text] = {
    ("design_shared", "typology", True): Text(
        nb="Løsningen ble utformet av partene sammen ({answers}).",
        nn="Løysinga vart utforma av partane saman ({answers}).",
        en="The solution was designed by the parties together ({answers}).",
    ),
    ("design_shared", "typology", False): Text(
        nb="Løsningen ble ikke utformet av partene sammen ({answers}).",
        nn="Løysinga vart ikkje utforma av partane saman ({answers}).",
        en="The solution was not designed by the parties together ({answers}).",
    ),
    ("design_shared", "scores", True): Text(
        nb="Utsagnene om «{subject}» gir skår {observed} fra {answered} svar; fra {threshold} "
        "regnes det som at partene utformet løsningen sammen.",
        nn="Utsegnene om «{subject}» gjev skår {observed} frå {answered} svar; frå {threshold} "
        "blir det rekna som at partane utforma løysinga saman.",
        en="The statements on \u201c{subject}\u201d score {observed} from {answered} answers; "
        "from {threshold} this counts as the parties designing the solution together.",
    ),
    ("design_shared", "scores", False): Text(
        nb="Utsagnene om «{subject}» gir skår {observed} fra {answered} svar; under {threshold} "
        "regnes det som at partene ikke utformet løsningen sammen.",
        nn="Utsegnene om «{subject}» gjev skår {observed} frå {answered} svar; under {threshold} "
        "blir det rekna som at partane ikkje utforma løysinga saman.",
        en="The statements on \u201c{subject}\u201d score {observed} from {answered} answers; "
        "below {threshold} this counts as the parties not designing the solution together.",
    ),
    ("production_shared", "typology", True): Text(
        nb="Løsningen gjennomføres av partene sammen ({answers}).",
        nn="Løysinga blir gjennomført av partane saman ({answers}).",
        en="The solution is carried out by the parties together ({answers}).",
    ),
    ("production_shared", "typology", False): Text(
        nb="Løsningen gjennomføres ikke av partene sammen ({answers}).",
        nn="Løysinga blir ikkje gjennomført av partane saman ({answers}).",
        en="The solution is not carried out by the parties together ({answers}).",
    ),
    ("production_shared", "scores", True): Text(
        nb="Utsagnene om «{subject}» gir skår {observed} fra {answered} svar; fra {threshold} "
        "regnes det som at partene gjennomfører løsningen sammen.",
        nn="Utsegnene om «{subject}» gjev skår {observed} frå {answered} svar; frå {threshold} "
        "blir det rekna som at partane gjennomfører løysinga saman.",
        en="The statements on \u201c{subject}\u201d score {observed} from {answered} answers; "
        "from {threshold} this counts as the parties carrying out the solution together.",
    ),
    ("production_shared", "scores", False): Text(
        nb="Utsagnene om «{subject}» gir skår {observed} fra {answered} svar; under {threshold} "
        "regnes det som at partene ikke gjennomfører løsningen sammen.",
        nn="Utsegnene om «{subject}» gjev skår {observed} frå {answered} svar; under "
        "{threshold} blir det rekna som at partane ikkje gjennomfører løysinga saman.",
        en="The statements on \u201c{subject}\u201d score {observed} from {answered} answers; "
        "below {threshold} this counts as the parties not carrying out the solution together.",
    ),
    ("in_production", "scores", True): Text(
        nb="Samarbeidet fortsetter inn i gjennomføringen: «{subject}» har skår {observed} fra "
        "{answered} svar (grense {threshold}).",
        nn="Samarbeidet held fram inn i gjennomføringa: «{subject}» har skår {observed} frå "
        "{answered} svar (grense {threshold}).",
        en="The collaboration continues into delivery: \u201c{subject}\u201d scores {observed} "
        "from {answered} answers (threshold {threshold}).",
    ),
    ("in_production", "scores", False): Text(
        nb="Samarbeidet fortsetter lite inn i gjennomføringen: «{subject}» har skår {observed} "
        "fra {answered} svar (grense {threshold}).",
        nn="Samarbeidet held lite fram inn i gjennomføringa: «{subject}» har skår {observed} "
        "frå {answered} svar (grense {threshold}).",
        en="The collaboration continues little into delivery: \u201c{subject}\u201d scores "
        "{observed} from {answered} answers (threshold {threshold}).",
    ),
    ("lasting", "scores", True): Text(
        nb="Samarbeidet er varig og evalueres sammen: «{subject}» har skår {observed} fra "
        "{answered} svar (grense {threshold}).",
        nn="Samarbeidet er varig og blir evaluert saman: «{subject}» har skår {observed} frå "
        "{answered} svar (grense {threshold}).",
        en="The collaboration lasts and is evaluated jointly: \u201c{subject}\u201d scores "
        "{observed} from {answered} answers (threshold {threshold}).",
    ),
    ("lasting", "scores", False): Text(
        nb="Samarbeidet er lite varig og evalueres lite sammen: «{subject}» har skår "
        "{observed} fra {answered} svar (grense {threshold}).",
        nn="Samarbeidet er lite varig og blir lite evaluert saman: «{subject}» har skår "
        "{observed} frå {answered} svar (grense {threshold}).",
        en="The collaboration lasts little and is rarely evaluated jointly: \u201c{subject}\u201d "
        "scores {observed} from {answered} answers (threshold {threshold}).",
    ),
    ("addresses_power", "scores", True): Text(
        nb="Samarbeidet tar tak i makt og likeverd: «{subject}» har skår {observed} fra "
        "{answered} svar (grense {threshold}).",
        nn="Samarbeidet tek tak i makt og likeverd: «{subject}» har skår {observed} frå "
        "{answered} svar (grense {threshold}).",
        en="The collaboration addresses power and equality: \u201c{subject}\u201d scores "
        "{observed} from {answered} answers (threshold {threshold}).",
    ),
    ("addresses_power", "scores", False): Text(
        nb="Samarbeidet tar lite tak i makt og likeverd: «{subject}» har skår {observed} fra "
        "{answered} svar (grense {threshold}).",
        nn="Samarbeidet tek lite tak i makt og likeverd: «{subject}» har skår {observed} frå "
        "{answered} svar (grense {threshold}).",
        en="The collaboration does little about power and equality: \u201c{subject}\u201d "
        "scores {observed} from {answered} answers (threshold {threshold}).",
    ),
    ("overall_at_least", "scores", True): Text(
        nb="Samlet skår er {observed} fra {answered} svar; trinnet krever minst {threshold}.",
        nn="Samla skår er {observed} frå {answered} svar; steget krev minst {threshold}.",
        en="The overall score is {observed} from {answered} answers; this level needs at "
        "least {threshold}.",
    ),
    ("value_at_least", "scores", True): Text(
        nb="Verdien «{subject}» har skår {observed} fra {answered} svar; trinnet krever minst "
        "{threshold}.",
        nn="Verdien «{subject}» har skår {observed} frå {answered} svar; steget krev minst "
        "{threshold}.",
        en="The value \u201c{subject}\u201d scores {observed} from {answered} answers; this "
        "level needs at least {threshold}.",
    ),
    ("values_all_at_least", "scores", True): Text(
        nb="Lavest av verdiene er «{subject}» med skår {observed} fra {answered} svar; trinnet "
        "krever minst {threshold} på hver verdi.",
        nn="Lågast av verdiane er «{subject}» med skår {observed} frå {answered} svar; steget "
        "krev minst {threshold} på kvar verdi.",
        en="The lowest value is \u201c{subject}\u201d, scoring {observed} from {answered} "
        "answers; this level needs at least {threshold} on every value.",
    ),
    ("field_at_least", "scores", True): Text(
        nb="Handlingsfeltet «{subject}» har skår {observed} fra {answered} svar; trinnet "
        "krever minst {threshold}.",
        nn="Handlingsfeltet «{subject}» har skår {observed} frå {answered} svar; steget krev "
        "minst {threshold}.",
        en="The field of action \u201c{subject}\u201d scores {observed} from {answered} "
        "answers; this level needs at least {threshold}.",
    ),
    ("not_municipality_alone", "typology", True): Text(
        nb="Kommunen gjorde ikke alt alene ({answers}).",
        nn="Kommunen gjorde ikkje alt åleine ({answers}).",
        en="The municipality did not do everything on its own ({answers}).",
    ),
    ("not_municipality_alone", "typology", False): Text(
        nb="Kommunen definerte utfordringen, utformet løsningen og gjennomfører den alene "
        "({answers}).",
        nn="Kommunen definerte utfordringa, utforma løysinga og gjennomfører henne åleine "
        "({answers}).",
        en="The municipality defined the challenge, designed the solution and carries it out "
        "on its own ({answers}).",
    ),
    ("antipattern_not_fired", "scores", True): Text(
        nb="Varselet «{subject}» er ikke utløst: skår {observed} fra {answered} svar, varselet "
        "gjelder fra {threshold}.",
        nn="Varselet «{subject}» er ikkje utløyst: skår {observed} frå {answered} svar, "
        "varselet gjeld frå {threshold}.",
        en="The warning \u201c{subject}\u201d has not fired: score {observed} from {answered} "
        "answers; it fires from {threshold}.",
    ),
    ("antipattern_not_fired", "scores", False): Text(
        nb="Varselet «{subject}» er utløst: skår {observed} fra {answered} svar, varselet "
        "gjelder fra {threshold}.",
        nn="Varselet «{subject}» er utløyst: skår {observed} frå {answered} svar, varselet "
        "gjeld frå {threshold}.",
        en="The warning \u201c{subject}\u201d has fired: score {observed} from {answered} "
        "answers; it fires from {threshold}.",
    ),
    ("antipattern_not_fired", "typology", False): Text(
        nb="Varselet «{subject}» er utløst: kommunen definerte utfordringen, utformet "
        "løsningen og gjennomfører den alene ({answers}).",
        nn="Varselet «{subject}» er utløyst: kommunen definerte utfordringa, utforma løysinga "
        "og gjennomfører henne åleine ({answers}).",
        en="The warning \u201c{subject}\u201d has fired: the municipality defined the "
        "challenge, designed the solution and carries it out on its own ({answers}).",
    ),
}
# Score conditions read the same met or not; the status label in front says which.
for _key in [key for key in FINDINGS if key[2] and key[0].endswith("_at_least")]:
    FINDINGS[(_key[0], _key[1], False)] = FINDINGS[_key]

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
NO_SCORES = Text(
    nb="Ingen svar med innhold ennå; «vet ikke» teller ikke.",
    nn="Ingen svar med innhald enno; «veit ikkje» tel ikkje.",
    en="No substantive answers yet; \u201cdon't know\u201d does not count.",
)

# Headings of the maturity steps in "Hvorfor dette nivået".
STEP_STATES: dict[bool, Text] = {
    True: Text(nb="{level}: nådd", nn="{level}: nådd", en="{level}: reached"),
    False: Text(nb="{level}: ikke nådd", nn="{level}: ikkje nådd", en="{level}: not reached"),
}
