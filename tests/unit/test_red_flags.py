"""The deterministic red-flag net: every kind, both languages, real-world spelling."""

from __future__ import annotations

import random

import pytest

from bot.nlu import red_flags
from bot.nlu.red_flags import check, first
from tests.support.red_flag_cases import kind_cases as _cases

CASES = {
    red_flags.CHEST_PAIN: [
        "j'ai une douleur dans la poitrine",
        "jai mal a la poitrinne depuis 10 min",
        "ca serre fort dans ma poitrine",
        "douleur thoracique qui irradie dans le bras",
        "ik heb pijn op de borst",
        "druk op mijn borstkas",
        "het knelt vreselijk hard op m'n borst",
        "borstpijm sinds vanmorgen",
    ],
    red_flags.BREATHLESSNESS: [
        "j'arrive pas a respirrer",
        "je n'arrive plus à respirer",
        "j'étouffe",
        "je manque d'air même au repos",
        "ik kan nie meer ademe",
        "ik krijg geen lucht",
        "heel kortademig in rust",
    ],
    red_flags.SUICIDAL: [
        "je veux mourir",
        "jpense au suicde",
        "envie d'en finir",
        "je vais me foutre en l'air",
        "ik wil dood",
        "ik denk aan zelfmoord",
        "ik wil er een einde aan maken",
        "ik ga me van kant maken",
        "ik zie het nie meer zitten",
    ],
    red_flags.STROKE: [
        "ma bouche est de travers",
        "je sens plus mon bras gauche",
        "il n'arrive plus a parler",
        "mijn mond hangt scheef",
        "ik voel mijn arm niet meer",
        "mijn rechterbeen voel ik niet meer",
        "ze kan nie meer praten",
        "ik denk dat het een beroerte is",
    ],
    red_flags.HYPOGLYCAEMIA: [
        "je fais une hypo",
        "glycemie a 0,45",
        "glycémie 52 mg/dl je tremble",
        "sucre tres bas",
        "ik heb een hypo",
        "suiker 48",
        "suikerdip en ik zweet",
    ],
    red_flags.COLLAPSE: ["mon mari s'est évanoui", "hij is flauwgevallen",
                         "ze ligt op de grond en reageert niet", "il est tombé par terre",
                         "maman ne se réveille plus", "ik krijg hem niet wakker",
                         "opa wordt nie meer wakker"],
    red_flags.BLEEDING: ["je crache du sang", "bloed in mijn braaksel", "le sang gicle"],
    red_flags.EMERGENCY_CALL: ["appelez le 112", "bel een ziekenwagen", "au secours"],
}

NEW_CASES = {
    red_flags.POISONING: [
        # French
        "j'ai pris 10 comprimés au lieu d'un",
        "jai pris trop de medicaments",
        "trop de médicaments",
        "surdose",
        "j'en ai pris trop",
        "j'ai fait une double dose d'insuline",
        "mon fils a avalé des comprimés",
        "ma fille a bu de la javel",
        "le petit a avalé du détergent, mon fils je veux dire",
        "mon petit-fils a avalé du produit de nettoyage",
        "je crois que je suis empoisonné",
        "intoxication au monoxyde de carbone",
        "j'ai pris toute la boîte de somnifères",
        "j'ai injecté 40 unités au lieu de 14",
        "jai pris 2 fois mon insuline ce matin",
        "il a avalé plein de cachets",
        # Dutch
        "overdosis",
        "ik heb te veel pillen genomen",
        "'k heb te veel pillekes genomen",
        "10 pillen in plaats van 1",
        "ik heb er 10 genomen in plaats van 1",
        "ik heb een dubbele dosis insuline gespoten",
        "ik heb m'n insuline 2x gespoten",
        "mijn dochter heeft pillen ingeslikt",
        "mijn zoon heeft bleekwater gedronken",
        "ons kindje heeft wasmiddel ingeslikt",
        "mijn kleinzoon heeft een batterij ingeslikt",
        "ik denk dat ik vergiftigd ben",
        "co-vergiftiging",
        "koolmonoxide in huis, we voelen ons allemaal slecht",
        "ik heb teveel insuline gespoten",
        "ik heb de hele doos pillen genomen",
    ],
    red_flags.SEIZURE: [
        # French
        "il fait une crise d'épilepsie",
        "mon mari a des convulsions",
        "il convulse",
        "elle fait une crise épileptique",
        "il a les yeux révulsés et il tremble",
        "ma fille est secouée de spasmes partout",
        "convultions depuis 2 minutes",
        # Dutch
        "hij heeft een epileptische aanval",
        "ze heeft een aanval van epilepsie",
        "mijn kind heeft stuipen",
        "hij schokt over heel zijn lichaam",
        "mijn man doet een toeval",
        "ze heeft net een toeval gehad",
        "hij heeft schuim op de mond",
        "een insult denk ik",
    ],
    red_flags.ALLERGY: [
        # French
        "ma gorge gonfle",
        "j'ai la langue gonflée",
        "choc anaphylactique",
        "œdème de Quincke",
        "allergie, mes lèvres gonflent",
        "réaction allergique grave",
        "je suis allergique aux arachides et je gonfle",
        "j'ai utilisé mon stylo d'adrénaline",
        # Dutch
        "mijn keel zwelt",
        "mijn tong is gezwollen",
        "anafylactische shock",
        "allergische reactie en ik krijg moeilijk adem",
        "allergische reactie met zwelling",
        "mijn lippen zijn dik na een wespensteek",
        "mijn keel gaat dicht",
        "ik heb mijn epipen gebruikt",
    ],
    red_flags.HEAD_INJURY: [
        # French
        "je suis tombé sur la tête",
        "il s'est cogné la tête",
        "choc à la tête",
        "elle a une bosse sur le front",
        "traumatisme crânien",
        "commotion cérébrale",
        "j'ai fait une chute, je prends du sintrom",
        "papa est tombé, il saigne de la tête",
        # Dutch
        "hij is op zijn hoofd gevallen",
        "ik heb mijn hoofd gestoten",
        "hersenschudding",
        "ik ben gevallen en ik neem sintrom",
        "ze is met haar hoofd tegen de kast gebotst",
        "'k ben op m'n kop gevallen",
        "ik ben gevallen en heb een wonde aan mijn hoofd",
        "hij heeft een buil op zijn hoofd",
    ],
    red_flags.BLEEDING: [
        # Dutch: coughing up blood, in the word orders patients use
        "ik hoest bloed",
        "ik hoest bloed op",
        "ik heb bloed opgehoest",
        "bloed ophoesten",
        "bloed bij het hoesten",
        "ik heb bloed opgegeven",
        "ik geef bloed op",
        "bloederig slijm",
        "het bloeden wil niet ophouden",
        # French
        "je tousse et je crache du sang",
        "du sang quand je tousse",
        "ça saigne sans arrêt",
    ],
}

@pytest.mark.parametrize(("kind", "text"), _cases(CASES) + _cases(NEW_CASES))
def test_red_flag_is_found(kind: str, text: str) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai marché 30 min ce matin",
        "j'ai pris mes médicaments",
        "mal à la tête depuis hier",
        "exercices de respiration faits",
        "j'ai envie de courir un peu",
        "je suis crevé ce soir",
        "il me reste quels médicaments à prendre",
        "glycémie à jeun 1,20",
        "glyc 112 mg/dl ce midi",
        "un peu essoufflé quand je monte les escaliers",
        "ik heb 6000 stappen gezet",
        "'k heb m'n pillekes genomen",
        "ademhalingsoefeningen gedaan",
        "suiker 120 nuchter",
        "kortademig bij inspanning",
        "wanneer is mijn volgende afspraak",
        "ik ben doodmoe",
        "je me réveille plus tôt qu'avant",
        "ik word 's nachts vaak wakker",
    ],
)
def test_everyday_messages_raise_no_flag(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # poisoning words in everyday use
        "je prends trop de médicaments",
        "j'ai trop de médicaments à prendre",
        "j'ai pris trop de poids",
        "j'ai pris trop de retard dans mes exercices",
        "puis-je prendre une double dose si j'ai oublié ?",
        "mag ik een dubbele dosis nemen als ik er een vergeten ben",
        "ik moet te veel pillen slikken",
        "ik heb vandaag te veel gewandeld en mijn pillen genomen",
        "ik heb te veel gegeten",
        "j'ai pris 2 comprimés au lieu d'un",
        "ik heb 1 pil genomen in plaats van 2",
        "j'ai fait 10000 pas au lieu de 3000",
        "j'ai marché 10 minutes au lieu de 30",
        "je nettoie à la javel",
        "ik poets met bleekwater",
        "j'ai avalé mes comprimés",
        "j'ai du mal à avaler mes comprimés",
        "intoxication alimentaire",
        "je fais mon insuline deux fois par jour",
        "ik spuit 2 keer per dag insuline",
        "mon fils m'a apporté mes comprimés",
        "mijn zoon heeft de pillen bij de apotheek gehaald",
        # seizure words in everyday use
        "wat een toeval",
        "het was puur toeval",
        "je suis en crise de nerfs",
        "ik ben geschokt door het nieuws",
        # allergy words in everyday use
        "je suis allergique au pollen",
        "ik ben allergisch voor katten",
        "j'ai mal à la gorge, une angine",
        "ik heb keelpijn en mijn keel is gezwollen",
        "j'ai les jambes gonflées",
        "mijn benen zijn gezwollen",
        "j'ai la gorge serrée quand je pense à lui",
        "ik heb mijn insulinepen gebruikt",
        # head words in everyday use
        "je tombe de sommeil, mal de tête",
        "ma tension tombe parfois, je prends xarelto",
        "j'ai de la chute de cheveux sur la tête",
        "coup de chaleur, mal à la tête",
        "ik heb hoofdpijn",
        "de kop koffie is gevallen",
        "ik neem sintrom, mag ik wandelen?",
        # blood words in everyday use
        "mijn bloeddruk is veel te hoog",
        "ik hoest en mijn bloeddruk is hoog",
        "ik ga bloed geven bij het rode kruis",
        "j'ai fait une prise de sang, il y avait beaucoup de monde",
    ],
)
def test_everyday_uses_of_the_new_words_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


@pytest.mark.parametrize(
    "text",
    [
        # a negation governing the symptom words
        "je n'ai plus mal à la poitrine depuis hier",
        "plus de douleur à la poitrine",
        "ok, plus de douleur dans la poitrine",
        "pas de douleur thoracique",
        "je n'ai pas de douleur à la poitrine",
        "aucune douleur dans la poitrine",
        "je n'ai plus du tout mal à la poitrine",
        "geen pijn meer in mijn borst",
        "geen borstpijn",
        "ik heb geen pijn op de borst",
        "mijn borst doet niet meer pijn",
        "pas d'hypo cette semaine",
        "geen hypo's deze week",
        "je tousse mais je ne crache pas de sang",
        "ik hoest geen bloed op",
        "ce n'est pas urgent",
        "c'est pas urgent",
        "rien d'urgent, juste une question",
        "ik heb een vraag, niet dringend",
        "je ne suis pas tombé sur la tête",
        "ik ben niet op mijn hoofd gevallen",
        "pas de gonflement de la gorge",
        # the past, said to be over, nothing new since
        "vorige week had ik een hypo, nu gaat het goed",
        "la semaine passée j'ai fait une hypo mais ça va maintenant",
        "hier j'étais essoufflé mais plus maintenant",
        "gisteren had ik een hypo maar nu voel ik me beter",
        "hier soir, j'ai fait une hypo. Ça va mieux.",
        "j'ai fait une hypo hier, c'est passé",
        "glycémie 0,45 hier soir mais ça va maintenant",
        "ik heb een hypo gehad vannacht maar nu is alles ok",
        "il y a 3 jours j'avais mal à la poitrine, c'est passé",
        "2 dagen geleden was ik kortademig, nu niet meer",
        # jokes
        "mort de rire",
        "je meurs de faim",
        "je meurs de chaud",
        "je vais mourir de rire",
        "ik lach me dood",
        "ik ga dood van de verveling",
        "doodmoe",
        "ça me tue",
        "ik schrik me dood",
    ],
)
def test_a_symptom_the_message_takes_back_raises_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("pas de douleur hier mais maintenant j'ai mal à la poitrine", red_flags.CHEST_PAIN),
        ("plus de douleur dans le bras mais j'étouffe", red_flags.BREATHLESSNESS),
        ("pas de douleur au bras mais à la poitrine", red_flags.CHEST_PAIN),
        # "plus"/"pas" without "ne" are ambiguous: "more pain", "quite a lot of pain"
        ("j'ai plus de douleur à la poitrine qu'hier", red_flags.CHEST_PAIN),
        ("j'ai pas mal de douleurs à la poitrine", red_flags.CHEST_PAIN),
        ("j'ai pas mal à la poitrine", red_flags.CHEST_PAIN),
        ("j'ai jamais eu mal comme ça à la poitrine", red_flags.CHEST_PAIN),
        # negation is the symptom
        ("j'ai plus de souffle", red_flags.BREATHLESSNESS),
        ("je n'ai plus de souffle", red_flags.BREATHLESSNESS),
        ("je respire plus", red_flags.BREATHLESSNESS),
        ("ik heb geen adem", red_flags.BREATHLESSNESS),
        ("geen lucht", red_flags.BREATHLESSNESS),
        ("ik voel mijn arm niet", red_flags.STROKE),
        ("ça saigne sans arrêt", red_flags.BLEEDING),
        ("het bloeden wil niet ophouden", red_flags.BLEEDING),
        # the present, or the past that is not over
        ("j'ai pris mes pilules ce matin et maintenant douleur poitrine", red_flags.CHEST_PAIN),
        ("la semaine passée une hypo et maintenant encore une", red_flags.HYPOGLYCAEMIA),
        ("ik heb vorige week een hypo gehad en nu weer", red_flags.HYPOGLYCAEMIA),
        ("j'ai fait une hypo hier et encore une ce matin, ça va maintenant",
         red_flags.HYPOGLYCAEMIA),
        ("hier j'ai fait une hypo, ça va pas", red_flags.HYPOGLYCAEMIA),
        ("gisteren een hypo gehad, gaat het nog niet goed", red_flags.HYPOGLYCAEMIA),
        ("ça va aller ? j'ai mal à la poitrine depuis hier", red_flags.CHEST_PAIN),
        # "since yesterday" is still going on; "a bit better" is not over
        ("j'ai mal à la poitrine depuis hier, ça va", red_flags.CHEST_PAIN),
        ("ik heb sinds gisteren pijn op de borst maar het gaat goed", red_flags.CHEST_PAIN),
        ("j'ai eu mal à la poitrine toute la nuit, ça va un peu mieux", red_flags.CHEST_PAIN),
        # one clause that alarms is enough
        ("hier j'ai fait une hypo, ça va maintenant, mais j'ai mal à la poitrine",
         red_flags.CHEST_PAIN),
        ("vorige week had ik een hypo, nu gaat het goed maar ik heb pijn op de borst",
         red_flags.CHEST_PAIN),
        # kinds whose danger outlives the symptom
        ("hier j'avais envie de mourir mais ça va maintenant", red_flags.SUICIDAL),
        ("gisteren was mijn mond scheef maar nu gaat het beter", red_flags.STROKE),
        ("hier je suis tombé sur la tête mais ça va", red_flags.HEAD_INJURY),
        ("gisteren heeft mijn zoon pillen ingeslikt, nu gaat het goed", red_flags.POISONING),
        ("je n'ai pas pris trop d'insuline j'espère", red_flags.POISONING),
        # an idiom elsewhere does not hide a real one
        ("je meurs de rire mais j'ai mal à la poitrine", red_flags.CHEST_PAIN),
        ("je veux mourir", red_flags.SUICIDAL),
    ],
)
def test_what_the_message_does_not_take_back_still_alarms(text: str, kind: str) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("j'ai pris 3 comprimés au lieu d'un", True),
        ("j'ai pris 2 comprimés au lieu d'un", False),  # a double dose of most drugs
        ("ik heb 2 pillen sintrom genomen in plaats van 1", True),  # but not of these
        ("ik heb 24 eenheden gespoten in plaats van 12", True),  # insulin units
        ("ik heb 14 eenheden gespoten in plaats van 12", False),
        ("j'ai pris un demi comprimé au lieu d'un", False),
        ("au lieu d'un comprimé j'en ai pris 10", True),
        ("j'ai pris 3 fois la dose", True),
    ],
)
def test_amounts_taken_instead_of_the_dose(text: str, flagged: bool) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert (red_flags.POISONING in kinds) is flagged, kinds


def test_kinds_are_all_reported_in_order_of_seriousness() -> None:
    assert set(red_flags.KINDS) == set(red_flags._PATTERNS)
    flags = check("il est tombé sur la tête et il convulse, il a avalé du javel")
    assert [f.kind for f in flags] == [
        red_flags.SEIZURE, red_flags.POISONING, red_flags.HEAD_INJURY,
    ]


def test_most_serious_kind_comes_first_and_matched_words_are_reported() -> None:
    flags = check("j'ai mal à la poitrine et je veux mourir")
    assert [f.kind for f in flags] == [red_flags.SUICIDAL, red_flags.CHEST_PAIN]
    assert flags[0].matched == "mourir"


def test_accents_case_and_punctuation_do_not_matter() -> None:
    assert first("DOULEUR À LA POITRINE!!!") == first("douleur a la poitrine")


def test_glucose_readings_use_the_unit_people_write() -> None:
    assert first("glycémie 0,65") is not None  # g/L
    assert first("glycémie 65") is not None  # mg/dL
    assert first("glycémie 0,95") is None
    assert first("glycémie 95") is None


_FILLER_FR = "Bonjour, ce matin j'ai marché une demi-heure avec le chien et pris mes médicaments. "
_FILLER_NL = "Dag, vandaag heb ik een half uur gewandeld en m'n pillekes genomen. "


@pytest.mark.parametrize(
    ("filler", "ending", "kind"),
    [
        (_FILLER_FR, " Et maintenant j'ai une douleur dans la poitrine.", red_flags.CHEST_PAIN),
        (_FILLER_NL, " En nu hoest ik bloed op.", red_flags.BLEEDING),
    ],
)
def test_a_red_flag_at_the_end_of_a_4096_character_message_is_found(
    filler: str, ending: str, kind: str
) -> None:
    text = (filler * 100)[: 4096 - len(ending)] + ending
    assert len(text) == 4096
    assert check(filler * 100) == []
    assert [flag.kind for flag in check(text)] == [kind]


def test_pathological_4096_character_messages_are_checked() -> None:
    # Words never seen before, words that start many patterns, and negated matches all
    # over: none of them may make the check grow faster than the message.
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    junk = " ".join(
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 12)))
        for _ in range(800)
    )
    texts = [
        junk[:4096],
        ("pas de douleur poitrine " * 200)[:4096],
        ("douleur mal serre trop pris hoofd gevallen " * 100)[:4096],
        "a" * 4096,
    ]
    for text in texts:  # the speed itself is measured by bench/safety.py, not here
        check(text)
    assert [f.kind for f in check(texts[0] + " j'ai une douleur dans la poitrine")] == [
        red_flags.CHEST_PAIN]


def test_the_word_index_finds_exactly_the_terms_a_word_matches() -> None:
    # The index is an optimisation: it must agree with comparing every term.
    terms = sorted({term for pattern in red_flags._compiled() for step in pattern.steps
                    for term in step.terms})
    rng = random.Random(3)  # noqa: S311 - test data, not secrets
    words = {"poitrinne", "borstpijm", "respirrer", "essouffle", "bloeddruk", "slikken",
             "toevallig", "hoofdpijn", "insulinepen", "overdosis", "a", "12", "0,45"}
    for term in rng.sample(terms, 150):
        word = term.strip("=*")
        i = rng.randrange(len(word))
        words |= {word, word + "en", word[:i] + word[i + 1:], word[:i] + "x" + word[i:],
                  word[:i] + "e" + word[i + 1:], word[:i] + word[i] + word[i:]}
    for word in sorted(words):
        expected = {t for t in terms if red_flags._word_matches(word, t)}
        assert red_flags._terms_of(word) & set(terms) == expected, word


@pytest.mark.parametrize(("text", "taken_back"), [
    ("je n'ai plus mal à la poitrine depuis hier", True),
    ("geen pijn meer in mijn borst", True),
    ("je vais mourir de rire", True),
    ("j'ai mal à la poitrine", False),  # a live red flag: nothing taken back
    ("plus de douleur hier mais maintenant ça serre dans la poitrine", False),
    ("j'ai marché 30 minutes", False),  # no red flag named at all
])
def test_taken_back_tells_a_denied_red_flag_from_none(text: str, taken_back: bool) -> None:
    assert red_flags.taken_back(text) is taken_back
