"""Word tables for counts: number words, qualifiers, measures, and the words that say what
happened to the people counted.

The spaCy stage runs without the lemmatizer (``nlp.py``), so verbs are listed in every
form a news sentence uses them in rather than by lemma.
"""

from __future__ import annotations

from spacy.tokens import Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- numbers -------------------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
UNITS_WORDS = frozenset(w for w, n in NUMBER_WORDS.items() if n < 20)
TENS_WORDS = frozenset(w for w, n in NUMBER_WORDS.items() if n >= 20)
MULTIPLIERS: dict[str, int] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
# ACLED's conservative reading of vague plurals: "dozens" is at least one dozen.
VAGUE: dict[str, int] = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
}

# Longest first: "no fewer than" before "fewer than".
QUALIFIERS_BEFORE: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (tuple(words.split()), qualifier)
            for qualifier, phrases in {
                "at_least": "at least|more than|over|upwards of|no fewer than|no less than|"
                "not less than|in excess of|just over|well over|a minimum of|at minimum",
                "at_most": "up to|as many as|fewer than|less than|under|at most|no more than|"
                "just under|a maximum of",
                "about": "about|around|nearly|almost|some|approximately|roughly|an estimated|"
                "estimated|close to|circa|approx.|approx|just about|more or less",
            }.items()
            for words in phrases.split("|")
        ),
        key=lambda item: -len(item[0]),
    )
)
QUALIFIERS_AFTER: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least",
    ("or", "so"): "about",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
}

# Words after a number that make it a measure, not a count of anything.
UNITS = _words(
    "year years yr yrs month months week weeks day days hour hours minute minutes second "
    "seconds decade decades century centuries km kms kilometre kilometres kilometer "
    "kilometers mile miles metre metres meter meters m feet foot ft inch inches cm mm kg "
    "kilogram kilograms gram grams tonne tonnes ton tons lb lbs pound pounds litre litres "
    "liter liters barrels bpd mph knots hectares acres cubic square degree degrees percent "
    "per pct % point points vote votes seat times time page pages a.m. p.m. am pm gmt utc "
    "o'clock dollar dollars euro euros yen yuan rupee rupees franc francs pence cents "
    "dinar dinars riyal riyals dirham dirhams shekel shekels lira liras naira rand pesos "
    "rubles roubles hryvnia afghanis taka baht rials "
    "magnitude storey storeys"
)
NOT_COUNT_BEFORE = _words("aged age ages $ us$ usd eur gbp € £ ¥ rs rs. p. pp. vs vs.")
_CALENDAR_WORDS = _words(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct "
    "oct. nov nov. dec dec. monday tuesday wednesday thursday friday saturday sunday"
)


def is_calendar_word(word: str) -> bool:
    """Month and weekday names: a number beside one is a day of the month."""
    return word in _CALENDAR_WORDS


def is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099


# --- what happened ------------------------------------------------------------------


def _table(spec: dict[str, str]) -> dict[str, str]:
    return {form: kind for kind, forms in spec.items() for form in forms.split()}


# The patient of these is the object (active) or the subject (passive).
TRANSITIVE = _table(
    {
        "killed": "kill kills killed killing murder murders murdered murdering execute "
        "executes executed executing slaughter slaughters slaughtered slaughtering massacre "
        "massacres massacred massacring slay slays slew slain slaying behead beheads beheaded "
        "beheading assassinate assassinated assassinating",
        "wounded": "wound wounds wounded wounding injure injures injured injuring hurt hurts "
        "hurting maim maims maimed maiming hospitalize hospitalized hospitalise hospitalised",
        "arrested": "arrest arrests arrested arresting detain detains detained detaining "
        "capture captures captured capturing jail jails jailed jailing imprison imprisoned "
        "apprehend apprehended",
        "kidnapped": "kidnap kidnaps kidnapped kidnapping abduct abducts abducted abducting",
        "displaced": "displace displaces displaced displacing evacuate evacuates evacuated "
        "evacuating uproot uproots uprooted uprooting",
    }
)
# The subject of these is who the count is about.
INTRANSITIVE = _table(
    {
        "killed": "die dies died dying perish perishes perished perishing",
        "displaced": "flee flees fled fleeing",
        "missing": "disappear disappears disappeared vanish vanished",
        "participants": "protest protests protested protesting march marches marched "
        "marching rally rallies rallied rallying demonstrate demonstrated demonstrating "
        "gather gathers gathered gathering assemble assembled",
    }
)
# "30 dead", "left 12 injured", "17 people were missing".
ADJECTIVES = _table(
    {
        "killed": "dead killed",
        "wounded": "wounded injured hurt",
        "missing": "missing unaccounted",
        "displaced": "displaced homeless",
        "kidnapped": "kidnapped abducted",
        "arrested": "arrested detained",
    }
)
# "believed to have been abducted", "were reported missing", "feared dead".
RAISING = _words(
    "believe believed report reported fear feared think thought confirm confirmed know "
    "known presume presumed expect expected say said"
)
TOLL_NOUNS = _words("toll")
CONTAINERS = _words("crowd crowds rally protest protests march demonstration gathering")
PROTEST_NOUNS = _words("protest protests rally rallies march marches demonstration demonstrations")

# What the counted noun is, when no verb or adjective says what happened to it.
NOUN_KINDS = _table(
    {
        "killed": "deaths fatalities bodies dead",
        "wounded": "injuries",
        "arrested": "arrests",
        "kidnapped": "hostages captives abductees",
        "displaced": "refugees evacuees",
        "participants": "protesters protestors demonstrators marchers participants strikers "
        "rioters rallygoers",
        "members": "states countries nations members partners allies governments",
        "strikes": "airstrikes strikes attacks raids sorties bombings bombs rockets missiles "
        "shells mortars",
    }
)
# "the 62-nation coalition", "a 28-member alliance".
MEMBER_SINGULARS = _words("nation state country member partner")
PEOPLE = _words(
    "people persons person individuals civilians civilian soldiers soldier troops servicemen "
    "personnel militants militant fighters fighter rebels rebel insurgents jihadists "
    "extremists gunmen gunman attackers assailants terrorists policemen policeman police "
    "officers officer guards guard children child kids women woman men man boys boy girls "
    "girl students workers employees journalists reporters doctors nurses medics teachers "
    "farmers miners villagers residents inhabitants citizens nationals migrants asylum-seekers "
    "seekers prisoners detainees inmates passengers pilots crew sailors marines commandos "
    "peacekeepers recruits mercenaries contractors advisers advisors trainers instructors "
    "observers monitors inspectors experts fishermen shepherds traders patients survivors "
    "victims bystanders worshippers pilgrims tourists foreigners families households "
    "relatives leaders officials ministers diplomats lawmakers legislators senators "
    "delegates voters supporters opponents activists volunteers staff suspects others "
    "christians muslims shiites sunnis kurds members"
)


def noun_kind(token: Token) -> str | None:
    """The kind a counted noun implies alone: protesters take part, states are members,
    airstrikes are strikes, civilians are just counted ("other"); None for a non-count."""
    word = token.lower_
    if word == "members" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return "other"  # "12 members of the group" are people, not member states
    kind = NOUN_KINDS.get(word)
    if kind is not None:
        return kind
    if word in PEOPLE or (token.ent_type_ == "NORP" and token.tag_ in ("NNPS", "NNS", "NNP")):
        return "other"
    return None


_KIND_WORDS = frozenset(TRANSITIVE) | frozenset(INTRANSITIVE) | frozenset(ADJECTIVES)
# A sentence needs one of these (or a NORP word) to be worth parsing for counts.
TRIGGERS = (
    _KIND_WORDS
    | frozenset(NOUN_KINDS)
    | PEOPLE
    | TOLL_NOUNS
    | CONTAINERS
    | MEMBER_SINGULARS
    | _words("took lost lives hostage custody homes left")
)


def is_kind_word(token: Token) -> bool:
    return token.lower_ in _KIND_WORDS
