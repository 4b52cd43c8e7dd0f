"""The knowledge pages and the sections on them, with stable anchors.

Pure data (no Django): the prose lives in per-language templates
(`templates/knowledge/<lang>/<slug>.html`), and every section listed here must appear in
all three of them as an element with `id="<anchor>"` (tested). Result pages link to these
anchors through `samson.knowledge.links`.
"""

from __future__ import annotations

from dataclasses import dataclass

from samson.instrument_spec import Text


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str
    title: Text


@dataclass(frozen=True, slots=True)
class Page:
    slug: str
    title: Text
    summary: Text
    sections: tuple[Section, ...]

    def section(self, anchor: str) -> Section:
        for section in self.sections:
            if section.anchor == anchor:
                return section
        raise KeyError(anchor)


def _s(anchor: str, nb: str, nn: str, en: str) -> Section:
    return Section(anchor, Text(nb=nb, nn=nn, en=en))


PAGES: tuple[Page, ...] = (
    Page(
        "innovasjon",
        Text(nb="Hva er innovasjon?", nn="Kva er innovasjon?", en="What is innovation?"),
        Text(
            nb="Definisjonen Innovasjonsbarometeret bruker: typer, hvor nytt det må være, "
            "og hvilke verdier det skal skape.",
            nn="Definisjonen Innovasjonsbarometeret brukar: typar, kor nytt det må vere, "
            "og kva verdiar det skal skape.",
            en="The definition the Innovation Barometer uses: types, how new it must be, "
            "and what value it must create.",
        ),
        (
            _s("definisjon", "Definisjonen", "Definisjonen", "The definition"),
            _s("typer", "Fire typer innovasjon", "Fire typar innovasjon", "Four types"),
            _s("nyhet", "Hvor nytt må det være?", "Kor nytt må det vere?", "How new?"),
            _s(
                "verdier",
                "Verdiene innovasjon skaper",
                "Verdiane innovasjon skaper",
                "The value innovation creates",
            ),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "medvirkning-og-samskaping",
        Text(
            nb="Medvirkning og samskaping",
            nn="Medverknad og samskaping",
            en="Participation and co-creation",
        ),
        Text(
            nb="Hvorfor samskaping er noe annet enn medvirkning, de tre tegnene på at det "
            "ikke er samskaping, og stigen resultatene bruker.",
            nn="Kvifor samskaping er noko anna enn medverknad, dei tre teikna på at det "
            "ikkje er samskaping, og stigen resultata brukar.",
            en="Why co-creation is something other than participation, the three signs that "
            "it is not co-creation, and the ladder the results use.",
        ),
        (
            _s("medvirkning", "Medvirkning", "Medverknad", "Participation"),
            _s("samskaping", "Samskaping", "Samskaping", "Co-creation"),
            _s(
                "ikke-samskaping",
                "Dette er ikke samskaping",
                "Dette er ikkje samskaping",
                "This is not co-creation",
            ),
            _s(
                "horing",
                "Nesten ferdige løsninger sendt på høring",
                "Nesten ferdige løysingar sende på høyring",
                "Nearly finished solutions sent out for comment",
            ),
            _s(
                "forprogrammert",
                "Forhåndsprogrammerte prosesser",
                "Førehandsprogrammerte prosessar",
                "Pre-programmed processes",
            ),
            _s(
                "kostnadsflytting",
                "Oppgaver flyttet for å spare penger",
                "Oppgåver flytte for å spare pengar",
                "Tasks moved to save money",
            ),
            _s(
                "stigen",
                "Stigen: fra informasjon til tykk samskaping",
                "Stigen: frå informasjon til tjukk samskaping",
                "The ladder: from information to thick co-creation",
            ),
            _s(
                "verdier",
                "Verdiene i samskaping",
                "Verdiane i samskaping",
                "The values of co-creation",
            ),
            _s("verdi-likeverd", "Likeverd", "Likeverd", "Equality"),
            _s(
                "verdi-utveksling",
                "Gjensidig utveksling av kunnskap og ressurser",
                "Gjensidig utveksling av kunnskap og ressursar",
                "Mutual exchange of knowledge and resources",
            ),
            _s("verdi-laering", "Felles læring", "Felles læring", "Joint learning"),
            _s("verdi-ledelse", "Kollektiv ledelse", "Kollektiv leiing", "Collective leadership"),
            _s("handlingsfelt", "Handlingsfeltene", "Handlingsfelta", "The fields of action"),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "lovgrunnlag",
        Text(
            nb="Lovgrunnlaget for medvirkning",
            nn="Lovgrunnlaget for medverknad",
            en="The legal basis for participation",
        ),
        Text(
            nb="Grunnloven, kommuneloven og plan- og bygningsloven – og hvilke paragrafer i "
            "kommuneloven av 1992 som er erstattet.",
            nn="Grunnlova, kommunelova og plan- og bygningslova – og kva paragrafar i "
            "kommunelova av 1992 som er erstatta.",
            en="The Constitution, the Local Government Act and the Planning and Building Act – "
            "and which sections of the 1992 act were replaced.",
        ),
        (
            _s("grunnloven", "Grunnloven § 49", "Grunnlova § 49", "The Constitution, Article 49"),
            _s(
                "kommuneloven",
                "Kommuneloven (2018)",
                "Kommunelova (2018)",
                "The Local Government Act (2018)",
            ),
            _s(
                "fra-1992-til-2018",
                "Fra kommuneloven 1992 til 2018",
                "Frå kommunelova 1992 til 2018",
                "From the 1992 act to the 2018 act",
            ),
            _s(
                "plan-og-bygningsloven",
                "Plan- og bygningsloven",
                "Plan- og bygningslova",
                "The Planning and Building Act",
            ),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "utfordringer-ved-medvirkning",
        Text(
            nb="Utfordringer ved medvirkning",
            nn="Utfordringar ved medverknad",
            en="The challenges of participation",
        ),
        Text(
            nb="Seks kjente problemer når innbyggere skal medvirke, og hva dere kan gjøre med dem.",
            nn="Seks kjende problem når innbyggjarar skal medverke, og kva de kan gjere med dei.",
            en="Six known problems when citizens take part, and what you can do about them.",
        ),
        (
            _s("representativitet", "Representativitet", "Representativitet", "Representativeness"),
            _s(
                "saerinteresser",
                "Særinteressers posisjon",
                "Særinteresser si stilling",
                "The position of special interests",
            ),
            _s("mengde", "Mengde og hyppighet", "Mengd og hyppigheit", "Volume and frequency"),
            _s("tid", "Ting tar tid", "Ting tek tid", "Things take time"),
            _s(
                "tretthet", "Medvirkningstretthet", "Medverknadstrøyttleik", "Participation fatigue"
            ),
            _s(
                "ressurser",
                "Lav utnyttelse av innbyggernes ressurser",
                "Låg utnytting av ressursane til innbyggjarane",
                "Little use of citizens' resources",
            ),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "typologier",
        Text(nb="Typer samskaping", nn="Typar samskaping", en="Types of co-creation"),
        Text(
            nb="Typologien A–D og matrisen for hvem som utformer og hvem som leverer.",
            nn="Typologien A–D og matrisa for kven som utformar og kven som leverer.",
            en="The A–D typology and the matrix of who designs and who delivers.",
        ),
        (
            _s("typologi-a-d", "Fire typer: A–D", "Fire typar: A–D", "Four types: A–D"),
            _s("type-a", "A. Styrt samskaping", "A. Styrt samskaping", "A. Directed co-creation"),
            _s(
                "type-b",
                "B. Ansvarliggjørende samskaping",
                "B. Ansvarleggjerande samskaping",
                "B. Responsibility-sharing co-creation",
            ),
            _s(
                "type-c",
                "C. Likeverdig samskaping",
                "C. Likeverdig samskaping",
                "C. Equal co-creation",
            ),
            _s(
                "type-d",
                "D. Fasiliterende samskaping",
                "D. Fasiliterande samskaping",
                "D. Facilitating co-creation",
            ),
            _s(
                "matrise",
                "Hvem utformer, og hvem leverer?",
                "Kven utformar, og kven leverer?",
                "Who designs, and who delivers?",
            ),
            _s("celle-1-1", "Vi fikser det!", "Vi fiksar det!", "We'll fix it!"),
            _s(
                "celle-2-1",
                "Tynn samskaping (fagfolk leverer)",
                "Tynn samskaping (fagfolk leverer)",
                "Thin co-creation (professionals deliver)",
            ),
            _s(
                "celle-3-1",
                "Slik vi bygget velferdssamfunnet",
                "Slik vi bygde velferdssamfunnet",
                "How we built the welfare state",
            ),
            _s(
                "celle-1-2",
                "Vi må ha litt assistanse her!",
                "Vi treng litt assistanse her!",
                "We need a bit of help here!",
            ),
            _s(
                "celle-2-2",
                "Samproduksjon (tykk samskaping)",
                "Samproduksjon (tjukk samskaping)",
                "CO-PRODUCTION (thick co-creation)",
            ),
            _s(
                "celle-3-2",
                "Sivilsamfunnet viser fram behovene",
                "Sivilsamfunnet viser fram behova",
                "Civil society shows the needs",
            ),
            _s("celle-1-3", "Vi lyser det ut!", "Vi lyser det ut!", "We'll put it out to tender!"),
            _s(
                "celle-2-3",
                "Tynn samskaping (sivilsamfunnet leverer)",
                "Tynn samskaping (sivilsamfunnet leverer)",
                "Thin co-creation (civil society delivers)",
            ),
            _s(
                "celle-3-3",
                "Renskåren frivillighet / autonom SE",
                "Reinskoren frivilligheit / autonom SE",
                "Pure volunteering / autonomous social enterprise",
            ),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "tynn-og-tykk-samskaping",
        Text(
            nb="Tynn og tykk samskaping",
            nn="Tynn og tjukk samskaping",
            en="Thin and thick co-creation",
        ),
        Text(
            nb="Når samarbeidet stopper ved planleggingen, og når det går inn i maskinrommet.",
            nn="Når samarbeidet stoppar ved planlegginga, og når det går inn i maskinrommet.",
            en="When the collaboration stops at planning, and when it enters the engine room.",
        ),
        (
            _s("tynn", "Tynn samskaping", "Tynn samskaping", "Thin co-creation"),
            _s("tykk", "Tykk samskaping", "Tjukk samskaping", "Thick co-creation"),
            _s(
                "forskjeller",
                "Forskjellene punkt for punkt",
                "Skilnadene punkt for punkt",
                "The differences point by point",
            ),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "barrierer-og-drivere",
        Text(
            nb="Barrierer og drivere for samskaping",
            nn="Barrierar og drivarar for samskaping",
            en="Barriers and drivers of co-creation",
        ),
        Text(
            nb="Fire ting som ofte stopper samskaping, og fire som driver den fram.",
            nn="Fire ting som ofte stoppar samskaping, og fire som driv henne fram.",
            en="Four things that often hold co-creation back, and four that drive it.",
        ),
        (
            _s("barrierer", "Barrierer", "Barrierar", "Barriers"),
            _s(
                "barriere-forstaelse",
                "Forståelse og kunnskap",
                "Forståing og kunnskap",
                "Understanding and knowledge",
            ),
            _s(
                "barriere-involvering", "Reell involvering", "Reell involvering", "Real involvement"
            ),
            _s(
                "barriere-roller",
                "Profesjonelle roller",
                "Profesjonelle roller",
                "Professional roles",
            ),
            _s(
                "barriere-styring",
                "Styring, ledelse og ressurser",
                "Styring, leiing og ressursar",
                "Governance, leadership and resources",
            ),
            _s("drivere", "Drivere", "Drivarar", "Drivers"),
            _s("driver-apenhet", "Åpenhet", "Openheit", "Openness"),
            _s("driver-demokrati", "Demokrati", "Demokrati", "Democracy"),
            _s("driver-kreativitet", "Kreativitet", "Kreativitet", "Creativity"),
            _s("driver-ledelse", "Ledelse", "Leiing", "Leadership"),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
    Page(
        "eksempler",
        Text(
            nb="Seks eksempler fra kommunene",
            nn="Seks døme frå kommunane",
            en="Six examples from the municipalities",
        ),
        Text(
            nb="Casene i KS-prosjektet Samskapende sosial innovasjon, med det som er kjent om dem.",
            nn="Casa i KS-prosjektet Samskapande sosial innovasjon, med det som er kjent om dei.",
            en="The cases of the KS project on collaborative social innovation, with what is "
            "known about them.",
        ),
        (
            _s(
                "arendal",
                "Arendal: Gateentreprenørene",
                "Arendal: Gateentreprenørane",
                "Arendal: the street entrepreneurs",
            ),
            _s(
                "asker",
                "Asker: Sisters in Business",
                "Asker: Sisters in Business",
                "Asker: Sisters in Business",
            ),
            _s("trondheim", "Trondheim: JodaCare", "Trondheim: JodaCare", "Trondheim: JodaCare"),
            _s(
                "steinkjer-friskgarden",
                "Steinkjer: Friskgården",
                "Steinkjer: Friskgården",
                "Steinkjer: Friskgården",
            ),
            _s("steinkjer-noen", "Steinkjer: NOEN", "Steinkjer: NOEN", "Steinkjer: NOEN"),
            _s("roskilde", "Roskilde: INSP!", "Roskilde: INSP!", "Roskilde: INSP!"),
            _s(
                "hva-vi-vet",
                "Hva vi vet, og hva vi ikke vet",
                "Kva vi veit, og kva vi ikkje veit",
                "What we know and what we do not",
            ),
            _s("kilder", "Kilder", "Kjelder", "Sources"),
        ),
    ),
)

_BY_SLUG = {page.slug: page for page in PAGES}


def page_get(slug: str) -> Page:
    """The page with this slug; KeyError if there is none."""
    return _BY_SLUG[slug]
