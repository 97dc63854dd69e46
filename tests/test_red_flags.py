"""The deterministic red-flag net: every kind, both languages, real-world spelling."""

from __future__ import annotations

import random

import pytest

from bot import red_flags
from bot.red_flags import check, first

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


def _cases(cases: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(kind, text) for kind, texts in cases.items() for text in texts]


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


# Round 3: the categories a blind evaluation missed, in our own words.
MISSED_CASES = {
    red_flags.CHEST_PAIN: [
        "MIJN BORST DOET ZO ZEER",
        "mijn borst doet zo zeer, het knijpt alles dicht",
        "HET KNIJPT ALLES DICHT",
        "het knijpt mijn borst dicht",
        "ma mere se tient la poitrine et elle est toute pale",
        "il s'agrippe la poitrine",
        "ons moeder grijpt naar haar borst",
        "hij houdt zijn borst vast en zweet",
        "une pression comme un elephant sur la poitrine",
        "alsof er een olifant op mijn borst zit",
        "plus de douleur hier mais maintenant ça recommence très fort dans la poitrine",
        "gisteren geen pijn meer maar nu begint het weer heel hard in mijn borst",
        "PLUS MAL HIER MAIS LA CA REVIENT FORT DANS LA POITRINE",
        "ik heb pijn aan mijn hart",
    ],
    red_flags.BREATHLESSNESS: [
        "il respire tres mal, il siffle et il est tout gris",
        "hij ademt heel slecht, hij piept en ziet grijs",
        "ik heb gene asem meer",
        "'k krijg gene lucht",
        "ik heb moeite met ademen",
        "mon pere respire bizarrement",
        "ze ademt raar",
    ],
    red_flags.SUICIDAL: [
        "j'ai préparé tous mes comprimés pour les avaler tous ce soir",
        "j'en peux plus, j'ai mis toutes mes pilules de côté pour les prendre d'un coup",
        "j'ai tout préparé, toutes mes pilules, je vais les avaler",
        "J EN PEUX PLUS JE VAIS TOUT AVALER",
        "ik heb al mijn pillen klaargelegd om ze allemaal in te nemen",
        "ik heb al mijn pillekes gespaard om ze in 1 keer in te nemen",
        "je pense a me jeter sous un train, j'ai regardé les horaires",
        "j'ai regardé l'horaire des trains, je vais me mettre devant",
        "ik denk eraan om voor de trein te springen, ik heb de dienstregeling al bekeken",
        "ik ga van de brug springen",
        "il dit qu'il va se tuer, il s'est enfermé avec un couteau",
        "il dit qu'il va se foutre en l'air",
        "hij zegt dat hij zich van kant gaat maken, hij heeft zich opgesloten met een mes",
        "hij zegt dat hij zich gaat ophangen",
        "j'arrête mon insuline pour me laisser aller",
        "je n'injecte plus mon insuline, qu'on me laisse partir",
        "ik stop met mijn insuline, dan is 't gedaan",
        "ik spuit geen insuline meer, dan is het gedaan",
        "je veux juste me laisser partir",
    ],
    red_flags.STROKE: [
        "la moitié de mon visage est engourdie et je vois flou d'un oeil, c'est venu d'un coup",
        "mon visage s'endort d'un coté",
        "il sait plus parler et il traine la jambe",
        "plots zie ik dubbel en mijn been doet nie meer mee",
        "half mijn gezicht is verdoofd",
        "ik zie wazig met één oog",
        "je vois double depuis 10 minutes",
    ],
    red_flags.HYPOGLYCAEMIA: [
        "le lecteur affiche LO et je transpire",
        "LE LECTEUR MARQUE LO",
        "de meter zegt LO en ik ben kletsnat van het zweet",
        "kletsnat van het zweet en ik kan nie goe nadenken",
        "ik zweet en kan niet meer nadenken",
        "je suis trempé de sueur et j'arrive plus à réfléchir",
    ],
    red_flags.POISONING: [
        "j'ai pris 8 comprimés de sintrom d'un coup",
        "ik heb 6 pillekes sintrom ineens genomen",
        "mon petit a bu du produit pour lave vaisselle",
        "ma fille a bu du liquide vaisselle",
        "ons kindje heeft afwasmiddel gedronken",
        "mijn kleinzoon heeft een vaatwastablet in zijn mond gestoken",
        "ik heb per ongeluk de pillen van mijn vrouw genomen, 4 hartpillen, en ik ben duizelig",
        "j'ai pris par erreur les médicaments de mon mari, je suis étourdi",
        "elle a avalé une trentaine de paracetamol il y a une heure",
        "ze heeft een stuk of dertig paracetamol geslikt",
        "ons manneke heeft van mijn pillekes gegeten uit de doos",
        "ons kleinste heeft pillekes gegeten",
        "le petit a mangé de mes pilules dans la boîte",
    ],
    red_flags.SEIZURE: [
        "il fait crise sur crise",
        "hij doet aanval na aanval",
        "hij heeft de ene aanval na de andere",
        "elle enchaîne les crises sans reprendre connaissance",
        "crises a repetition",
    ],
    red_flags.ALLERGY: [
        "il a mangé des cacahuètes, ses lèvres sont énormes et il siffle",
        "hij heeft pindanootjes gegeten, z'n lippen zijn enorm en hij piept",
    ],
    red_flags.BLEEDING: [
        "saignement de nez depuis une heure, ça s'arrête pas, je prends du xarelto",
        "neusbloeding al een uur, het stopt nie, ik neem bloedverdunners",
        "je me suis coupé, ça gicle et j'arrive pas à arrêter le sang",
        "ik heb me gesneden, het spuit en ik krijg het bloed nie gestopt",
        "het bloed spuit eruit",
        "je tousse du sang rouge frais dans mon mouchoir",
        "ik hoest en er zit vers rood bloed in mijn zakdoek",
    ],
    red_flags.HEAD_INJURY: [
        "je suis tombé dans les escaliers, j'ai une grosse bosse et je vomis",
        "van de trap gevallen, dikke buil en ik moet overgeven",
        "je suis tombé, je saigne de la tête, je prends du sintrom",
        "met m'n kop tegen de kast, ik neem bloedverdunners en de hoofdpijn wordt erger",
    ],
    red_flags.COLLAPSE: [
        "j'ai trouvé mon père sans réaction dans son fauteuil, il respire bizarrement",
        "ik vond ons vader in zijn zetel, hij reageert op niks en ademt raar",
        "MON PERE EST PAR TERRE IL BOUGE PLUS",
        "ONS MOEDER LIGT OP DE GROND ZE BEWEEGT NIE MEER",
    ],
    red_flags.EMERGENCY_CALL: [
        "il faut le 112 tout de suite",
        "112 bellen nu",
        "kunt ge de 112 voor mij bellen",
        "112",
        "112!!!",
        "HELP",
        "help!",
        "HELP HELP",
        "comment appeler le 112 ?",  # "how" may be asked in the emergency itself
    ],
}


@pytest.mark.parametrize(("kind", "text"), _cases(MISSED_CASES))
def test_what_a_blind_evaluation_missed_is_found(kind: str, text: str) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


@pytest.mark.parametrize(
    "text",
    [
        # general questions, no current symptom
        "qu'est-ce qu'une hypo ?",
        "c'est quoi les signes d'un AVC ?",
        "quand est-ce que je dois appeler le 112 ?",
        "quel est le numéro du centre antipoison ?",
        "comment on utilise le stylo d'adrénaline en cas d'allergie ?",
        "si mon mari fait une crise un jour, je dois faire quoi ?",
        "c'est quoi la différence entre angine de poitrine et infarctus",
        "j'ai une question: c'est quoi une hypo ?",
        "wat is een hypo?",
        "wat zijn de tekenen van een beroerte?",
        "wat moet ik doen als mijn man ooit een hypo heeft?",
        "hoe gebruik ik mijn epipen?",
        "wanneer moet ik 112 bellen?",
        "wat is het nummer van het antigifcentrum?",
        # plain denials
        "non je n'ai pas de difficulté à respirer",
        "je ne suis pas essoufflé",
        "nee ik ben niet kortademig",
        "ik heb geen moeite met ademen",
        "je n'ai pas fait d'hypo cette semaine",
        "je n'ai plus fait d'hypo depuis un mois",
        "je tousse un peu, sans sang",
        "ik hoest een beetje, geen bloed",
        # history long ago, or yesterday and solved
        "il y a 3 ans j'ai eu un AVC, je fais toujours ma kiné",
        "drie jaar geleden een beroerte, ik doe nog altijd mijn oefeningen",
        "ma dernière crise d'épilepsie date de 2019",
        "mijn laatste epilepsieaanval was in 2019",
        "depuis mon infarctus il y a 2 ans je marche tous les jours",
        "hier soir petite hypo à 0,65, j'ai bu un jus d'orange et c'était réglé",
        "gisteravond een kleine hypo van 65, met een sapje direct opgelost",
        # someone else, fine now
        "mon mari a fait une hypo mais il a mangé et il est à 1,20 maintenant",
        "ma voisine a été aux urgences la semaine passée, elle va bien",
        "mijn buurvrouw is vorige week naar spoed geweest, 't gaat goed",
        # figures of speech, "not urgent"
        "les impôts vont me tuer lol",
        "mon chef va me tuer si j'arrive en retard",
        "il va se tuer à la tâche",
        "on étouffe de chaleur au bureau",
        "het is hier om te stikken van de warmte",
        "niks dringend, ik wou gewoon vragen of mijn afspraak verzet kan worden",
        # the new words in everyday use
        "j'ai préparé tous mes médicaments pour la semaine dans le pilulier",
        "je dois les prendre tous les jours ?",
        "je les prends tous ensemble le matin",
        "ik zet mijn pillen klaar om ze allemaal samen in te nemen 's morgens",
        "j'ai gardé mes médicaments pour les prendre en vacances",
        "j'ai pris mes 10 comprimés ce matin",
        "j'ai pris 10 comprimés ce matin comme d'habitude",
        "j'ai pris 5 comprimés de sintrom cette semaine",
        "je prends 2 comprimés de sintrom le soir",
        "de thuisverpleging heeft mij mijn medicatie gegeven",
        "ça me tient à coeur",
        "j'ai mal au coeur depuis ce matin",
        "ik heb een slechte adem",
        "als een olifant zo moe",
        "je bouge pas assez",
        "il bouge plus qu'avant depuis la kiné",
        "le moral est par terre",
        "ik beweeg niet genoeg",
        "je vois flou de loin, il me faut des lunettes",
        "il ne sait pas parler anglais",
        "le saignement s'est arrêté",
        "het bloeden is gestopt",
        "ik heb een wonde van de spuit",
        "je me suis laissé aller pendant les fêtes",
        "ik stop met mijn pillen voor de cholesterol, is dat goed?",
        "elle a une bosse au genou et elle a vomi hier",
        "ik ga met de trein naar brussel",
        "glyc 112 mg/dl ce midi",
        "mijn suiker is 112 nu",
        "help",
        "help mij efkes",
    ],
)
def test_questions_denials_history_and_idioms_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a question that carries a current symptom
        ("comment faire, je n'arrive plus à respirer ?", red_flags.BREATHLESSNESS),
        ("wat moet ik doen, ik heb pijn op de borst?", red_flags.CHEST_PAIN),
        ("c'est grave si j'ai mal à la poitrine maintenant ?", red_flags.CHEST_PAIN),
        ("qu'est-ce qu'une hypo ? je tremble et je transpire", red_flags.HYPOGLYCAEMIA),
        ("wat moet ik doen, ik heb een hypo?", red_flags.HYPOGLYCAEMIA),
        ("mon mari fait une hypo, qu'est-ce que je fais ?", red_flags.HYPOGLYCAEMIA),
        ("comment savoir si je fais un AVC ?", red_flags.STROKE),
        ("je crois qu'il fait un infarctus, c'est quoi les signes ?", red_flags.CHEST_PAIN),
        ("quel est le numéro de l'antipoison, mon fils a bu de la javel", red_flags.POISONING),
        ("hypo?", red_flags.HYPOGLYCAEMIA),
        # history long ago, then something new
        ("il y a 3 ans j'ai eu un AVC et maintenant ma bouche est de travers", red_flags.STROKE),
        ("il y a 3 ans j'ai eu un AVC et je crois que j'en refais un", red_flags.STROKE),
        ("ça fait 3 ans que j'ai des crises d'épilepsie", red_flags.SEIZURE),
        # a denial of one thing, the symptom in another clause
        ("je ne suis pas essoufflé mais j'étouffe", red_flags.BREATHLESSNESS),
        ("nee ik ben niet kortademig maar ik krijg geen lucht", red_flags.BREATHLESSNESS),
        ("j'ai plus de difficultés à respirer qu'hier", red_flags.BREATHLESSNESS),
        # "X va me tuer" only of a thing or a named person; a plan still alarms
        ("je vais me tuer", red_flags.SUICIDAL),
        ("il va se tuer", red_flags.SUICIDAL),
        ("il va me tuer, il a un couteau", red_flags.SUICIDAL),
    ],
)
def test_questions_and_history_that_carry_a_present_symptom_still_alarm(
    text: str, kind: str
) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


def test_a_general_question_is_taken_back() -> None:
    assert red_flags.taken_back("c'est quoi les signes d'un AVC ?") is True
    assert red_flags.taken_back("c'est quoi les signes d'un AVC ? ma bouche est de travers") is (
        False)


# Vocabulary added after sorting the misses of held-out sets v1-v3 by category; the
# sentences below are new, written for these tests (none is from a held-out set).
VOCABULARY_CASES = {
    red_flags.SUICIDAL: [
        "je suis en haut du parking à étages et je vais sauter",
        "ik sta op het dak van de flat en ik ga springen",
        "je veux me taillader les poignets ce soir",
        "ik wil mijn polsen doorsnijden",
        "la corde est déjà préparée au grenier",
        "het touw hangt al klaar op zolder",
        "je serais mieux morte, tout le monde le dit",
        "j'ai écrit une lettre d'adieu à ma fille",
        "ik heb een afscheidsbrief geschreven voor mijn kinderen",
        "mijn broer zit in de gesloten garage met de motor aan",
        "il a pris son fusil et maintenant il s'est barricadé dans sa chambre",
        "'k ga mijn eigen van kant maken",
    ],
    red_flags.CHEST_PAIN: [
        "ça m'écrase derrière le sternum depuis une heure",
        "een drukkend gevoel op mijn borstbeen en ik zweet",
        "hij zit naar zijn borst te grijpen",
    ],
    red_flags.BREATHLESSNESS: [
        "mon mari devient tout bleu et il siffle",
        "ze wordt paars in haar gezicht en hapt",
        "il respire très vite avec un bruit de bulles",
        "elle n'arrive plus à finir une phrase tellement elle est essoufflée",
        "hij kan geen zin meer afmaken",
        "het is alsof ik verdrink in mijn bed",
    ],
    red_flags.ALLERGY: [
        "mon fils est allergique aux arachides, il a mangé un gâteau à la fête et maintenant"
        " sa voix est rauque",
        "na de wespensteek in de tuin heb ik overal netelroos gekregen en ben ik duizelig",
        "ma gorge se ferme depuis que j'ai mangé des crevettes",
    ],
    red_flags.STROKE: [
        "son visage pend d'un côté depuis ce midi",
        "ik ben helemaal gevoelloos aan mijn linkerkant",
        "hij praat alsof hij dronken is maar hij heeft niets gedronken",
        "la pire: le mal de tête le plus violent de ma vie, d'un coup",
        "de ergste hoofdpijn van mijn leven, ineens gekomen",
        "mijn been sleept sinds vanmorgen",
    ],
    red_flags.SEIZURE: [
        "mijn zoon ligt te schokken op de vloer",
        "elle est toute raide avec des secousses",
        "la crise ne s'arrête pas, ça fait dix minutes",
    ],
    red_flags.POISONING: [
        "toute la famille a mal à la tête, on a allumé le poêle à pétrole hier soir",
        "we hebben allemaal hoofdpijn sinds de kachel aanstaat",
        "hij heeft een fles whisky leeggedronken met zijn slaappillen",
        "elle a collé tous ses patchs de fentanyl en même temps",
        "opa heeft zijn pillendoos van de hele week leeggegeten",
    ],
    red_flags.COLLAPSE: [
        "mijn vader is in de badkamer in elkaar gezakt",
        "on n'arrive pas à la réveiller",
        "ze is niet wakker te krijgen",
        "hij is van zijn stokje gegaan in de winkel",
        "ons pa ligt op de grond en zegt niks",
    ],
    red_flags.HEAD_INJURY: [
        "il est tombé de vélo et il lui coule du liquide clair du nez",
        "mama is gevallen en is nu heel slaperig",
    ],
    red_flags.BLEEDING: [
        "des selles toutes noires depuis hier",
        "zwarte stoelgang sinds gisteren en ik voel me slap",
        "il vomit du sang depuis ce matin",
        "ik heb net bloed overgegeven",
        "sa fistule saigne beaucoup",
        "het bloedt enorm uit de snee in mijn hand",
    ],
    red_flags.EMERGENCY_CALL: [
        "envoyez quelqu'un chez moi, vite",
        "kom seffens, het gaat niet goed met hem",
    ],
}


@pytest.mark.parametrize(("kind", "text"), _cases(VOCABULARY_CASES))
def test_the_vocabulary_of_each_kind_is_found(kind: str, text: str) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


@pytest.mark.parametrize(
    "text",
    [
        # laughter with a named condition or a cry for help
        "mijn kleinzoon gaat me nog een hartinfarct bezorgen met zijn examens haha",
        "mes voisins font la fête, je vais faire un AVC 😂",
        "au secours, il reste plus de café 🤣",
        # a question about the service
        "est-ce que l'ambulance est payante en Belgique ?",
        "hoeveel kost een ziekenwagen als de mutualiteit niet betaalt?",
        # history long ago, in other words
        "quand j'étais ado j'ai fait une crise d'épilepsie, une seule fois",
        "mijn hartaanval is al vijf jaar terug, ik fiets elke week",
        "mon infarctus de 2015, aucune séquelle",
        # a denial, breathing said to be fine, a normal sugar after a hypo
        "pas une seule hypo ce mois-ci",
        "geen enkele hypo deze week",
        "ni malaise ni chute cette semaine",
        "un peu enrhumée, pas de fièvre, je respire bien",
        "wat verkouden, adem gaat goed",
        "hij had een hypo vannacht, nu 130 en hij ontbijt",
        # everyday uses of the new words
        "ik word er grijs van, die administratie",
        "mes cheveux deviennent gris",
        "selles noires depuis que je prends du fer",
        "ik leg mijn pillendoos klaar voor de week",
        "ma pilulier est vide, je dois le remplir",
        "le chauffagiste a réparé le poêle",
        "je n'ai pas de sang dans les selles mais je suis un peu pâle",
        "envoyez-moi les documents par mail svp",
        "mijn zoon heeft zijn fiets naar de garage gebracht, de motor draait slecht",
    ],
)
def test_jokes_service_questions_history_and_new_words_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


def test_laughter_is_told_apart() -> None:
    assert red_flags.said_in_jest("je vais faire une crise cardiaque 😂")
    assert red_flags.said_in_jest("ik krijg er een beroerte van lol")
    assert not red_flags.said_in_jest("je crois que je fais un AVC 😅")
    assert not red_flags.said_in_jest("j'ai mal à la poitrine")


@pytest.mark.parametrize(("text", "kind"), [
    # readings that are an emergency whatever words come with them
    ("saturation 83 ce matin", red_flags.BREATHLESSNESS),
    ("m'n saturatie is 80 procent", red_flags.BREATHLESSNESS),
    ("pouls à 32, je me sens faible", red_flags.COLLAPSE),
    ("le capteur indique 0,38", red_flags.HYPOGLYCAEMIA),
    ("hij staat op 41 op zijn sensor", red_flags.HYPOGLYCAEMIA),
    ("2,4 mmol en ik tril", red_flags.HYPOGLYCAEMIA),
    # paracetamol beyond a day's maximum, a plan told in the present, a cry said twice
    ("j'ai avalé 11 paracetamol depuis ce midi", red_flags.POISONING),
    ("hij heeft 12 dafalgan genomen", red_flags.POISONING),
    ("j'ai stocké mes somnifères, cette nuit je les avale toutes", red_flags.SUICIDAL),
    ("de pillen liggen klaargelegd, straks slik ik ze allemaal", red_flags.SUICIDAL),
    ("aidez-moi, aidez-moi", red_flags.EMERGENCY_CALL),
    ("hulp hulp", red_flags.EMERGENCY_CALL),
])
def test_readings_counts_plans_and_cries(text: str, kind: str) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


@pytest.mark.parametrize("text", [
    "saturation 95 avec 2 litres d'oxygène",
    "pols 68 in rust",
    "ma tension est à 13 sur 8 sur l'appareil",
    "glycemie 6,2 mmol ce matin",
    "ik heb 30 meter gewandeld",
    "je prends 3 dafalgan par jour",
    "m'n enkel verstuikt bij het tennissen",
    "je les prends tous le matin avec mon café",
    "pijn aan mijn stuitje sinds ik gevallen ben op de fiets",
    "on a écrit une lettre d'adieu pour la collègue qui part à la retraite",
])
def test_ordinary_readings_and_doses_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


@pytest.mark.parametrize(("text", "alarms"), [
    ("ma mère s'est cogné la tête au placard il y a dix jours, le scanner était normal et"
     " elle va bien", False),
    ("hij is gisteren op zijn hoofd gevallen, scan was goed, maar nu moet hij overgeven", True),
    ("gisteren hoofd gestoten, scan normaal", True),  # not said to be over
    ("hij is vorige week op z'n hoofd gevallen, scan was normaal, hij stelt het goed", False),
    ("vorig jaar van de ladder gevallen en had toen een hersenschudding, alles genezen", False),
])
def test_a_blow_to_the_head_is_over_only_after_a_normal_scan_or_long_ago(
        text: str, alarms: bool) -> None:
    assert bool(check(text)) is alarms, check(text)


@pytest.mark.parametrize("text", [
    # everyday words one letter away from a red-flag word ("gewicht"/"gezicht",
    # "paar"/"paars", "kost"/"kotst", "envie"/"envoie", "voit"/"vomit", "stop"/"strop")
    "mijn gewicht zakt eindelijk",
    "mijn gewicht valt mee deze week",
    "het wordt een paar dagen wachten op de uitslag",
    "il voit rouge quand on parle de politique",
    "hoeveel kost een glas rode wijn op café",
    "ik stop met roken, ik ben er klaar mee",
    "j'ai envie de quelque chose de sucré",
    "ik heb last van m'n keel, ik ga ermee naar de dokter",
])
def test_words_one_letter_from_a_red_flag_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


# --- round 2: kinds of misses on v4 (now a development set), in our own words ---------

def test_flemish_spoken_spellings_are_read_as_written_dutch() -> None:
    message = red_flags._Message("'k zien men zus nie, kheb da gezegd tegen ge")
    assert message.words == ["ik", "zien", "mijn", "zus", "niet", "ik", "heb", "dat",
                             "gezegd", "tegen", "jij"]
    # French "ne" and a cup of coffee are left alone
    assert "ne" in red_flags._Message("il ne respire plus").stream
    assert "kop" in red_flags._Message("een kop koffie").words
    assert "hoofd" in red_flags._Message("op zen kop gekregen").words


@pytest.mark.parametrize(("kind", "text"), [
    (red_flags.BREATHLESSNESS, "'k kan men asem nie meer pakken"),
    (red_flags.SUICIDAL, "kzien het leven nie meer zitten"),
    (red_flags.STROKE, "kvoel men linkerarm nie meer"),
])
def test_flemish_spoken_spellings_alarm_like_written_dutch(kind: str, text: str) -> None:
    assert kind in [flag.kind for flag in check(text)]


ROUND2_CASES = {
    red_flags.SUICIDAL: [
        "ik heb een touw gekocht bij de brico, 't is voor vannacht",
        "j'ai acheté une corde hier, ce sera pour cette nuit",
        "mijn pillen zitten verstopt in de kast, om ze morgen allemaal te pakken",
        "ik heb mij in de pols gesneden, het stopt niet",
        "je me suis tailladé les poignets",
        "niemand zal mij missen als ik er niet meer ben",
        "personne ne va remarquer quand je ne serai plus là",
        "ik heb iedereen een brief geschreven, ook mijn broer, om afscheid te nemen",
        "j'ai dit adieu à mes petits-enfants, cette nuit tout sera fini",
    ],
    red_flags.HYPOGLYCAEMIA: [
        "ik heb mijn insuline gezet en nog niks gegeten, nu tril ik helemaal",
        "piqûre d'insuline ce matin, repas sauté, je transpire et j'ai la tête qui tourne",
        "bloedsuiker 2,4 en ik ben alleen thuis",
    ],
    red_flags.CHEST_PAIN: [
        "het doet zo zeer hier midden in mijn borst",
        "deux pulvérisations de nitro sous la langue mais la douleur reste",
        "une douleur qui déchire dans le dos, entre les omoplates",
        "myn borst voelt alsof hij scheurt, tot in myn rug",
    ],
    red_flags.HEAD_INJURY: [
        "een steen op mijn hoofd gekregen en nu moet ik overgeven",
        "reçu une branche sur la tête, je vois des étoiles et j'ai vomi",
    ],
    red_flags.BLEEDING: [
        "ik ben 14 weken zwanger en ik verlies veel bloed",
        "enceinte de 5 mois et je saigne beaucoup",
    ],
    red_flags.EMERGENCY_CALL: [
        "kokend water over mijn been, de huid hangt los",
        "brûlé avec la casserole, la peau se décolle",
        "mijn hele arm verbrand aan de barbecue",
        "je ne sens plus mon bébé bouger depuis ce matin, je suis à 34 semaines",
        "35 weken en ik heb hevige weeën om de 3 minuten",
    ],
    red_flags.POISONING: [
        "mijn zoontje dacht dat de tabletten snoepjes waren",
        "ma fille a avalé des comprimés de sa grand-mère",
    ],
}


@pytest.mark.parametrize(("kind", "text"), _cases(ROUND2_CASES))
def test_round2_kinds_of_misses_are_found(kind: str, text: str) -> None:
    assert kind in [flag.kind for flag in check(text)], check(text)


@pytest.mark.parametrize("text", [
    "suiker 1,10 vanochtend",
    "mijn zwangerschapsecho was perfect, de baby beweegt goed",
    "ik heb een kop koffie laten vallen",
    "j'ai acheté une corde à linge",
    "insuline gespoten en daarna goed gegeten",
])
def test_round2_new_vocabulary_in_everyday_words_raises_no_flag(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize("text", [
    # idioms
    "on étouffe dans cette salle de réunion, ouvrez une fenêtre",
    "ik stik in die vergaderzaal, er is geen airco",
    "une tarte au citron à tomber par terre",
    "die film heeft me de stuipen op het lijf gejaagd",
    # general questions about what anyone should do
    "que faire si quelqu'un fait une hypo pendant le cours de sport ? je suis prof",
    "wat moet je doen als iemand een hypo heeft in de winkel? ik ben kassierster",
    # history behind, recovery now
    "il y a deux ans j'ai eu un infarctus, maintenant je fais du vélo tous les week-ends",
    "twee jaar geleden een beroerte, nu zwem ik elke week",
    "depuis mon AVC je fais de la kiné deux fois par semaine",
    "sinds mijn hartinfarct ga ik naar de hartrevalidatie",
    "mon oncle a fait un malaise il y a 5 ans, depuis plus rien",
    "de borstpijn van vorige maand, ECG normaal, het gaat al een stuk beter",
    "gisteren een hypo gehad, dextro genomen en na een kwartier was het over",
    "hier j'ai pris du sucre, au bout de 15 minutes c'était passé",
    # careers, courses, fittings, programmes, fruit stones
    "mijn zoon doet een opleiding tot spoedverpleegkundige",
    "il veut devenir médecin urgentiste, c'est un beau métier",
    "formation premiers secours ce samedi à la commune",
    "on a posé un détecteur de CO, à quelle hauteur au plafond ?",
    "documentaire gezien over koolmonoxidevergiftiging, hoe check ik mijn ketel?",
    "ons dochtertje heeft een kersenpit ingeslikt",
    "essoufflée après 4 étages, comme toujours",
])
def test_round2_idioms_questions_and_history_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


@pytest.mark.parametrize(("text", "kind"), [
    # a question about others, but a symptom of one's own
    ("que faire si un diabétique fait une hypo ? j'ai les mains qui tremblent et je transpire",
     red_flags.HYPOGLYCAEMIA),
    # back to walking, but the arm does not move today
    ("vorig jaar een beroerte, nu kan ik mijn arm niet meer bewegen", red_flags.STROKE),
    # the room idiom does not hide breathing that fails
    ("j'étouffe dans ma chambre, je n'arrive plus à respirer", red_flags.BREATHLESSNESS),
    # a detector that sounds
    ("le détecteur de CO sonne et on a tous mal à la tête", red_flags.POISONING),
    ("il y a 3 ans un infarctus, maintenant encore une douleur dans la poitrine",
     red_flags.CHEST_PAIN),
])
def test_round2_what_is_not_taken_back_still_alarms(text: str, kind: str) -> None:
    assert kind in [flag.kind for flag in check(text)], check(text)


# --- round 3: a dedicated suicidal-intent family (written from how people in crisis
# write, not from any held-out set) ------------------------------------------------------

SUICIDE_FR = [
    # a wish to die, not to exist, not to wake up, not to be here any more
    "jveux plus exister",
    "j'aimerais ne plus me réveiller demain matin",
    "je voudrais juste m'endormir pour toujours",
    "si seulement j'étais morte",
    "j'ai plus aucune raison de vivre",
    "à quoi bon continuer",
    "ma vie n'a plus de sens",
    "jpp de cette vie",
    "je supporte plus ma vie",
    "je veux que tout s'arrête",
    "demain je serai plus là",
    "bientôt je ne serai plus de ce monde",
    "je suis un fardeau pour mes enfants",
    "sans moi ils seraient plus heureux",
    "tout le monde serait mieux si j'étais plus là",
    "je vois plus d'issue",
    "je suis fatiguée de vivre",
    # plans: pills
    "j'ai avalé tous mes cachets de lithium",
    "g pris toute la boîte de dafalgan",
    "je me suis injecté tout mon stylo d'insuline",
    "tous mes antidépresseurs sont alignés sur la table",
    "les comprimés sont prêts devant moi",
    "quelle est la dose mortelle de paracétamol",
    "combien de somnifères faut-il pour ne plus me réveiller",
    # rope, gun, blade, jump, railway, exhaust, drowning
    "j'ai accroché une corde à la poutre du grenier",
    "il y a un noeud coulant dans le garage",
    "le fusil de chasse de mon père est chargé, ce soir",
    "je vais me tirer une balle",
    "j'ai le couteau contre mes poignets",
    "je veux sauter du dernier étage du parking",
    "je suis sur le pont et je regarde le vide",
    "je vais m'allonger sur la voie ferrée",
    "je suis assise sur les rails, j'attends le prochain train",
    "j'ai mis un tuyau sur le pot d'échappement dans le garage",
    "je vais me jeter dans le canal",
    # a time or finality
    "c'est décidé, ce soir j'en finis",
    "j'ai tout réglé, les lettres pour les enfants sont sur la table",
    "c'est mon dernier message",
    "adieu pour toujours",
    "prenez soin de mes enfants quand je ne serai plus là",
    "annulez mes rendez-vous, je n'en aurai plus besoin",
    # self-harm growing worse
    "je me suis coupée et ça saigne",
    "je me suis coupé les bras avec une lame",
    "cette fois je vais aller plus loin avec la lame",
    "j'ai envie de me couper",
    "je me scarifie tous les soirs",
    # voices, someone else
    "les voix me disent de me tuer",
    "les voix m'ordonnent de sauter",
    "mon fils a envoyé une photo d'un couteau et dit qu'il va le faire",
    "ma fille a pris ses pilules et dit qu'elle va le faire ce soir",
]
SUICIDE_NL = [
    "kwil niet meer leven",
    "ik wil gewoon niet meer.",
    "was ik maar dood",
    "ik wou dat ik nooit geboren was",
    "ik hoop morgen niet wakker te worden",
    "ik wil slapen en nooit meer wakker worden",
    "ik zal er niet meer zijn",
    "morgen ben ik er niet meer",
    "ik ben iedereen tot last",
    "ik ben een last voor mijn kinderen",
    "zonder mij zijn ze beter af",
    "iedereen zou gelukkiger zijn als ik er niet meer was",
    "ik zie geen uitweg meer",
    "het leven heeft geen zin meer",
    "ik wil dat alles stopt",
    "kzie het nie meer zitten",
    "ik ben levensmoe",
    # pills
    "ik heb al mijn pillen opgespaard",
    "al mijn slaappillen liggen klaar",
    "een hele doos paracetamol geslikt",
    "ik heb een volle insulinepen gespoten",
    "de pillen liggen klaar op tafel",
    "wat is een dodelijke dosis lithium",
    "hoeveel pillen moet je nemen om niet meer wakker te worden",
    # rope, gun, blade, jump, railway, exhaust, drowning
    "het touw hangt aan de balk op zolder",
    "ik ga mezelf ophangen",
    "het jachtgeweer is geladen",
    "ik schiet een kogel door mijn kop",
    "ik heb het mes tegen mijn polsen",
    "ik wil van de parkeergarage springen",
    "ik sta op de brug en kijk naar het water",
    "ik ga op de sporen liggen",
    "ik zit aan de overweg te wachten op de trein",
    "slang aan de uitlaat en de garage dicht",
    "ik ga het kanaal inlopen",
    # time or finality
    "ik heb besloten, vannacht is het gedaan",
    "alles is geregeld, de brieven liggen klaar",
    "dit is mijn laatste bericht",
    "vaarwel voor altijd",
    "zorg goed voor mijn kinderen als ik er niet meer ben",
    "zeg al mijn afspraken maar af, ik zal er niet meer zijn",
    # self-harm
    "ik heb in mijn polsen gesneden",
    "ik heb mezelf weer gekrast",
    "ik heb in mijn armen gesneden en het bloedt",
    "ik wil dieper snijden deze keer",
    "ik snij mezelf elke avond",
    # voices, someone else
    "de stemmen zeggen dat ik mezelf moet...",
    "de stemmen in mijn hoofd zeggen dat ik moet springen",
    "mijn zoon stuurde een foto van een mes en zegt dat hij het gaat doen",
    "mijn dochter heeft een touw gekocht en zegt dat ze het gaat doen",
]


@pytest.mark.parametrize("text", SUICIDE_FR + SUICIDE_NL)
def test_suicidal_intent_in_many_words_alarms(text: str) -> None:
    assert red_flags.SUICIDAL in [f.kind for f in check(text)], text


SUICIDE_NEGATIVE_FR = [
    "je crève de faim",
    "mort de rire",
    "je vais le tuer s'il mange encore mon dessert",
    "je serai plus là jeudi, je pars en vacances",
    "je ne serai plus là après 17h",
    "j'ai pris tous mes médicaments ce matin",
    "j'ai tout préparé pour la fête de ce soir",
    "annulez mon rendez-vous, je pars en voyage",
    "je me suis coupée au doigt en cuisinant",
    "je me suis coupé en me rasant",
    "j'ai sauté le petit déjeuner",
    "la corde à linge est cassée",
    "mon mari part à la chasse avec son fusil",
    "le train a du retard à cause d'un accident sur les voies",
    "dans la série, le personnage veut mourir",
    "j'ai vu un reportage sur le suicide des jeunes",
    "je suis une formation en prévention du suicide",
    "la ligne de prévention du suicide est-elle gratuite ?",
    "il y a dix ans j'ai voulu en finir, aujourd'hui je vais bien",
    "c'est décidé, j'arrête de fumer",
    "mon dernier jour de travail avant la pension",
    "adieu ! à demain",
    "je ne veux pas être un fardeau, pouvez-vous organiser une aide à domicile ?",
    "je vais sur le toit réparer la gouttière",
    "il y a trop de gaz d'échappement en ville pour mon asthme",
    "je me noie dans la paperasse de la mutuelle",
    "mes médicaments sont prêts dans le pilulier pour la semaine",
    "les voix de mes enfants me manquent",
    "mon chef va me tuer",
    "je suis morte de fatigue",
]
SUICIDE_NEGATIVE_NL = [
    "ik ben doodmoe",
    "ik ga dood van de honger",
    "ik lach me dood",
    "ik ben er morgen niet, ik ga op vakantie",
    "ik heb al mijn pillen genomen vandaag",
    "ik heb mezelf gesneden aan een blikje",
    "in mijn vinger gesneden bij het koken",
    "het touw van de schommel is kapot",
    "de trein had vertraging door werken aan het spoor",
    "in de film springt hij van de brug",
    "ik volg een opleiding over zelfmoordpreventie",
    "is de zelfmoordlijn 1813 gratis?",
    "jaren geleden wou ik dood, nu gaat het goed met mij",
    "ik heb besloten om te stoppen met roken",
    "mijn laatste dag op het werk",
    "ik sta op het dak om de goot te kuisen",
    "de uitlaatgassen in de stad maken mijn astma erger",
    "we gaan in het water springen in het zwembad",
    "ik wil niemand tot last zijn, kan er thuiszorg komen?",
    "ik ben bang dat ik een last word",
    "ik wil niet meer naar die kinesist",
    "mijn baas gaat me vermoorden",
    "zeg mijn afspraak af, ik ben genezen",
    "de stemmen van de kinderen in de tuin",
    "ik ga het morgen doen, de boodschappen",
    "alles geregeld voor de verjaardag vanavond",
    "ik ben er niet meer bij met mijn gedachten",
    "dit is mijn laatste week van de revalidatie",
    "de pillen liggen klaar in de weekdoos",
    "ik ben kapot van het werk",
]


@pytest.mark.parametrize("text", SUICIDE_NEGATIVE_FR + SUICIDE_NEGATIVE_NL)
def test_everyday_words_near_suicidal_ones_do_not_alarm(text: str) -> None:
    assert red_flags.SUICIDAL not in [f.kind for f in check(text)], text


def test_a_suicidal_text_that_is_not_anyones_intent_now_is_taken_back() -> None:
    assert red_flags.taken_back("dans la série, le héros se jette sous un train")
    assert not red_flags.taken_back("j'ai vu un film et moi aussi je veux me jeter sous un train")


@pytest.mark.parametrize("text", [
    "je pense à la mort tout le temps",
    "j'ai plus la force de continuer",
    "il est parti avec le fusil de chasse",
    "j'ai allumé du charbon de bois dans la chambre fermée",
    "mijn vader zegt dat hij er niet meer wil zijn",
    "hij is vertrokken met het jachtgeweer",
    "ik heb de pillen van mama opgespaard",
    "houtskool aangestoken in de slaapkamer, ramen dicht",
])
def test_thoughts_of_death_a_weapon_taken_charcoal_and_saved_pills_alarm(text: str) -> None:
    assert red_flags.SUICIDAL in [f.kind for f in check(text)], text


@pytest.mark.parametrize("text", [
    "barbecue au charbon de bois dans le jardin ce soir",
    "houtskool voor de barbecue in de tuin",
    "j'ai plus la force de continuer le régime",
])
def test_charcoal_outdoors_and_a_diet_given_up_do_not_alarm(text: str) -> None:
    assert red_flags.SUICIDAL not in [f.kind for f in check(text)], text
