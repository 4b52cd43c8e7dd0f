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

# Said plainly for a process below co-creation, under "Why it is not co-creation".
VERDICTS: dict[str, Text] = {
    "informasjon": Text(
        nb="Dette er informasjon, ikke samskaping: de andre partene får vite hva kommunen har "
        "bestemt, men er ikke med på å bestemme.",
        nn="Dette er informasjon, ikkje samskaping: dei andre partane får vite kva kommunen har "
        "bestemt, men er ikkje med på å bestemme.",
        en="This is information, not co-creation: the other parties are told what the "
        "municipality has decided, but take no part in deciding.",
    ),
    "horing": Text(
        nb="Dette er høring, ikke samskaping: de andre partene kan kommentere en løsning som "
        "kommunen i hovedsak har valgt.",
        nn="Dette er høyring, ikkje samskaping: dei andre partane kan kommentere ei løysing som "
        "kommunen i hovudsak har valt.",
        en="This is consultation, not co-creation: the other parties can comment on a "
        "solution the municipality has largely chosen.",
    ),
    "medvirkning": Text(
        nb="Dette er medvirkning, ikke samskaping: de andre partene gir innspill, men eier ikke "
        "løsningen sammen med kommunen.",
        nn="Dette er medverknad, ikkje samskaping: dei andre partane gjev innspel, men eig ikkje "
        "løysinga saman med kommunen.",
        en="This is participation, not co-creation: the other parties give input, but do not "
        "own the solution together with the municipality.",
    ),
}

# The concrete signs (samson.knowledge.guided.SIGNS) and what would change each one.
SIGNS: dict[str, Text] = {
    "municipality_decides": Text(
        nb="Kommunen bestemmer alene og informerer de andre etterpå.",
        nn="Kommunen bestemmer åleine og informerer dei andre etterpå.",
        en="The municipality decides alone and informs the others afterwards.",
    ),
    "decides_after_input": Text(
        nb="Kommunen bestemmer etter å ha hørt de andre; de er ikke med på beslutningen.",
        nn="Kommunen bestemmer etter å ha høyrt dei andre; dei er ikkje med på avgjerda.",
        en="The municipality decides after hearing the others; they take no part in the decision.",
    ),
    "solution_finished": Text(
        nb="Løsningen er nesten ferdig før de andre partene slipper til.",
        nn="Løysinga er nesten ferdig før dei andre partane slepp til.",
        en="The solution is nearly finished before the other parties get involved.",
    ),
    "settled_all": Text(
        nb="Det meste er bestemt på forhånd: stegene og utfallet ligger fast.",
        nn="Det meste er bestemt på førehand: stega og utfallet ligg fast.",
        en="Most of it is decided in advance: the steps and the outcome are fixed.",
    ),
    "problem_set": Text(
        nb="Kommunen har definert problemet alene.",
        nn="Kommunen har definert problemet åleine.",
        en="The municipality has defined the problem on its own.",
    ),
    "delivers_alone": Text(
        nb="Kommunen gjennomfører løsningen alene.",
        nn="Kommunen gjennomfører løysinga åleine.",
        en="The municipality carries out the solution on its own.",
    ),
    "one_off": Text(
        nb="Det er ett møte eller én runde med innspill, ikke et samarbeid over tid.",
        nn="Det er eitt møte eller éin runde med innspel, ikkje eit samarbeid over tid.",
        en="It is one meeting or one round of input, not a collaboration over time.",
    ),
}

REMEDIES: dict[str, Text] = {
    "municipality_decides": Text(
        nb="La partene bestemme sammen hva som skal gjøres.",
        nn="La partane bestemme saman kva som skal gjerast.",
        en="Let the parties decide together what will be done.",
    ),
    "decides_after_input": Text(
        nb="Gjør beslutningen felles: partene bestemmer sammen, ikke bare kommunen etter innspill.",
        nn="Gjer avgjerda felles: partane bestemmer saman, ikkje berre kommunen etter innspel.",
        en="Make the decision a joint one: the parties decide together, not the municipality "
        "after input.",
    ),
    "solution_finished": Text(
        nb="Slipp de andre partene til før løsningen er valgt, mens den fortsatt er åpen.",
        nn="Slepp dei andre partane til før løysinga er vald, medan ho framleis er open.",
        en="Bring the other parties in before the solution is chosen, while it is still open.",
    ),
    "settled_all": Text(
        nb="Si tydelig hva som ligger fast, og la partene forme resten: mål, spørsmål og "
        "arbeidsform.",
        nn="Sei tydeleg kva som ligg fast, og la partane forme resten: mål, spørsmål og "
        "arbeidsform.",
        en="Say clearly what is fixed, and let the parties shape the rest: goals, questions "
        "and ways of working.",
    ),
    "problem_set": Text(
        nb="Inviter partene til å forstå og definere problemet sammen med kommunen.",
        nn="Inviter partane til å forstå og definere problemet saman med kommunen.",
        en="Invite the parties to understand and define the problem together with the "
        "municipality.",
    ),
    "delivers_alone": Text(
        nb="Del gjennomføringen: avtal hva hver part bidrar med.",
        nn="Del gjennomføringa: avtal kva kvar part bidreg med.",
        en="Share the delivery: agree on what each party contributes.",
    ),
    "one_off": Text(
        nb="Gjør det til et samarbeid som varer, med flere møter og en felles evaluering.",
        nn="Gjer det til eit samarbeid som varer, med fleire møte og ei felles evaluering.",
        en="Make it a lasting collaboration, with several meetings and a joint evaluation.",
    ),
}
