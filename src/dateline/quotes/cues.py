"""Words that attribute speech: cue verbs, "according to", and nouns for who speaks.

The loaded pipeline runs without a lemmatizer (``nlp.py``), so every inflected form a cue
verb takes is listed here; a cue also needs a verb tag (VB*), so "the report" and "a
claim" are not cues. Verbs of thinking (believe, expect, hope) are not speech and are
left out: "he expects some ground will be traded" is not a quote.
"""

from __future__ import annotations

# lemma: its forms. Irregular and doubled forms are written out; one line per verb.
_FORMS = """
say says said saying
tell tells told telling
add adds added adding
announce announces announced announcing
warn warns warned warning
deny denies denied denying
state states stated stating
claim claims claimed claiming
insist insists insisted insisting
explain explains explained explaining
note notes noted noting
stress stresses stressed stressing
argue argues argued arguing
confirm confirms confirmed confirming
declare declares declared declaring
report reports reported reporting
write writes wrote written writing
acknowledge acknowledges acknowledged acknowledging
admit admits admitted admitting
assert asserts asserted asserting
allege alleges alleged alleging
reiterate reiterates reiterated reiterating
repeat repeats repeated repeating
emphasize emphasizes emphasized emphasizing
emphasise emphasises emphasised emphasising
predict predicts predicted predicting
promise promises promised promising
vow vows vowed vowing
pledge pledges pledged pledging
suggest suggests suggested suggesting
contend contends contended contending
maintain maintains maintained maintaining
concede concedes conceded conceding
tweet tweets tweeted tweeting
testify testifies testified testifying
reply replies replied replying
respond responds responded responding
answer answers answered answering
ask asks asked asking
remark remarks remarked remarking
comment comments commented commenting
disclose discloses disclosed disclosing
reveal reveals revealed revealing
caution cautions cautioned cautioning
complain complains complained complaining
recall recalls recalled recalling
conclude concludes concluded concluding
indicate indicates indicated indicating
mention mentions mentioned mentioning
estimate estimates estimated estimating
assure assures assured assuring
inform informs informed informing
boast boasts boasted boasting
charge charges charged charging
threaten threatens threatened threatening
urge urges urged urging
demand demands demanded demanding
call calls called calling
describe describes described describing
dub dubs dubbed dubbing
term terms termed terming
brand brands branded branding
label labels labelled labeled labelling labeling
"""

LEMMA: dict[str, str] = {
    form: words[0] for line in _FORMS.split("\n") if (words := line.split()) for form in words
}

# Verbs that name what someone called a thing: a quote only when the words are quoted
# ("called the plan "a disaster""), never a clause of reported speech.
CHARACTERISING = frozenset({"call", "describe", "dub", "term", "brand", "label"})

# Nouns for a person speaking for an organisation: the organisation is the speaker
# ("a spokesman for the United Nations", "the ministry's spokeswoman").
SPOKESPEOPLE = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokesmen",
        "spokespeople",
        "representative",
        "representatives",
        "official",
        "officials",
        "source",
        "sources",
        "statement",
    }
)

# Role nouns that stand for a person named earlier ("the envoy said"), besides the head
# titles of the knowledge base (general, minister, president, ...).
ROLE_NOUNS = frozenset(
    {
        "envoy",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "director",
        "commander",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "judge",
        "prosecutor",
        "coach",
        "chancellor",
        "premier",
        "head",
    }
)

# "according to the plan" is no attribution.
NOT_SOURCES = frozenset(
    {"plan", "plans", "schedule", "rules", "law", "tradition", "custom", "script", "design"}
)

PRONOUNS_SINGULAR = frozenset({"he", "she"})
EXPLETIVES = frozenset({"it", "there"})
