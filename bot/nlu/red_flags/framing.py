"""Round 6 (issue 12): a message that frames its alarming words as not a current
emergency, in so many words: a programme, the news or a book ("j'ai vu un reportage sur
les AVC", "in het nieuws: een hartaanval op de marathon"); a plain statement that
nothing is happening ("pas maintenant hein, c'est pour savoir", "is nog nooit
gebeurd"); a hypothetical question ("si jamais je fais une hypo au volant", "wat als
ik ooit ..."); a plain denial of suicidal thoughts ("je ne suis pas suicidaire", "ik
heb geen gedachten aan zelfmoord").

Each is a take-back, and each gives way to any word of now in the rest of the message
(`current`): "maintenant", "en ce moment", "vite", "nu", "op dit moment", "weer",
"help", "mais là", "maar nu". When in doubt, alarm: the issue asks to cut false
alarms only where the text clearly denies a current symptom. Who uses them:

- `takebacks._keeps`: media, "nothing is happening" and the "just asking" words take
  back a pattern that *names* a condition ("?" in `_PATTERNS`: "AVC", "hypo",
  "hartaanval"); media and "nothing is happening" a described symptom too (never
  suicidal thoughts), but only with no first- or third-person present in the message
  outside an "if" ("j'ai", "il a", "ik heb": "je regardais un film et j'ai mal à la
  poitrine", "ce n'est pas arrivé avant, mais j'ai une douleur dans la poitrine"
  alarm; "si j'ai une douleur ..., pas maintenant" does not);
- `red_flags._check`: a denial of suicidal thoughts takes back a suicidal match only
  when the message with the denial cut out no longer holds one, nor any wish of the
  writer's own ("je ne suis pas suicidaire mais je veux en finir" alarms);
- `safety_net.red_flag_kinds`: the statistical second opinion does not alarm alone on
  a message framed so (`framed_not_now`), the same way it does not on a take-back.
"""

from __future__ import annotations

import re

from bot.nlu.red_flags.past import _OVER_NOW

# A programme, the news, a book, a film: what someone saw or read, not what happens.
MEDIA = re.compile(
    r"\b(?:serie|series|film|films|livre|roman|episode|personnage|netflix|documentaire|docu"
    r"|emission|reportage|reeks|boek|aflevering|personage|hoofdpersonage|hoofdpersoon"
    r"|heros|heroine|toneel|podcast|grey s anatomy|rtbf|rtl tvi|vtm|vrt|la une|telenovela"
    r"|soap|thuis gezien|familie gezien)\b"
    r"|\b(?:aux|les|des) infos\b|\b(?:au|dans le|le) journal\b|\bjournal televise\b"
    r"|\b(?:a la|sur la) (?:tele|tv|radio)\b|\b(?:op|in) (?:tv|de tv|televisie|de radio)\b"
    r"|\b(?:in|op) het nieuws\b|\b(?:in|uit) de krant\b"
    r"|\bdans le soir\b|\bj ai lu\b|\bik las\b|\blas (?:ik|dat)\b|\b(?:heb|hebben) \w+ gelezen\b"
    # (round 8) a crime novel, a thriller; a dream told ("j'ai rêvé cette nuit que",
    # "ik droomde vannacht dat"), its time with it since the dream, not the danger, is then
    r"|\b(?:polar|polars|thriller|thrillers|roman policier|bd|manga|krimi|detective"
    r"|detectiveroman|misdaadroman|misdaadserie|stripverhaal|stripboek|stripreeks"
    # (round 9) not "strip" alone: in Dutch it is also a blister of pills ("een hele strip
    # slaappillen ingenomen"), the means of an overdose, not a comic book
    r"|stripfiguur)\b"
    r"|\b(?:j ai reve|je revais|j ai fait un (?:cauchemar|reve)|ik droomde|ik heb gedroomd"
    r"|k droomde|ik had een (?:nachtmerrie|droom))(?: (?:cette nuit|la nuit derniere|hier"
    r"|vannacht|gisteren|deze nacht|vorige nacht))?(?: (?:que|qu|dat|over|ou|waarin))?\b"
)
# Plainly not happening: "pas maintenant hein", "ce n'est pas arrivé", "is nog nooit
# gebeurd", "het is niet voor nu".
NOT_HAPPENING = re.compile(
    r"\bpas (?:pour )?maintenant\b|\bpas pour (?:tout de suite|moi maintenant)\b"
    r"|\b(?:ce|c|ca) (?:n )?(?:est|s est) (?:pas|jamais) (?:encore )?arrive\b"
    r"|\bce n est pas (?:encore )?arrive\b|\bn est (?:jamais|pas) arrive\b"
    r"|\b(?:is|was) (?:nog )?(?:nooit|niet|nie) (?:gebeurd|voorgevallen)\b"
    r"|\b(?:niet|nie) (?:voor )?nu\b|\bniet voor nu\b"
    # (round 8) what to do if one day: "que faire si un jour mon mari ...", "wat moet ik
    # doen als hij ooit ..."
    r"|\b(?:que faire|que dois je faire|qu est ce que je dois faire|qu est ce que je fais"
    r"|comment reagir|wat moet ik doen|wat doe ik|hoe reageer ik|hoe moet ik reageren)"
    r" (?:si|quand|lorsque|als|wanneer|mocht|moest|indien|au cas ou|le jour ou)"
    r" (?:\w+ ){0,6}?(?:un jour|ooit|eens|jamais)\b"
    # (round 9) a fear of it one day: "j'ai peur de refaire un infarctus un jour", "ik ben
    # bang dat ik ooit een beroerte krijg"
    r"|\b(?:peur|crainte|crains|bang|schrik|angst) (?:de|d|qu|que|om|dat|voor)"
    r" (?:\w+ ){0,6}?(?:un jour|ooit|eens)\b"
)
# Only asking, to know or be ready, or "if ever": taken back for named conditions only.
JUST_ASKING = re.compile(
    r"\b(?:juste|c est|simplement|seulement|uniquement) pour (?:savoir|info|information"
    r"|me renseigner|etre (?:pret|prete|preparee?))\b|\bpar curiosite\b|\bpour info\b"
    r"|\bje veux (?:juste )?etre (?:pret|prete|preparee?)\b"
    r"|\b(?:gewoon |enkel |alleen )?om (?:het )?te weten\b|\buit nieuwsgierigheid\b"
    r"|\bom voorbereid te zijn\b|\bter info\b"
    r"|\bsi jamais\b|\bau cas ou\b|\bwat als\b|\bstel dat\b|\bals het ooit\b"
)
# A plain denial of suicidal thoughts: "je ne suis pas suicidaire", "je n'ai pas
# d'idées suicidaires", "jai pas envie de me suicider", "aucune idée de se faire du
# mal", "ik ben niet suïcidaal", "geen gedachten aan zelfmoord", "ik heb die niet".
DENIED_IDEATION = re.compile(
    r"\b(?:ne |n )?(?:suis|suis vraiment|est|es) (?:pas|absolument pas|jamais) (?:du tout )?"
    r"suicidaires?\b"
    r"|\b(?:n ai|ai|a|avait|avais) (?:pas|aucune?|jamais|jamais eu) (?:eu )?(?:d |de |des )?"
    r"(?:idees?|pensees?|envies?) (?:suicidaires?|de suicide|noires|de (?:me|se) (?:suicider"
    r"|tuer|faire du mal))\b"
    r"|\b(?:n a|n ai|n avait|a|ai) aucune? (?:idee|intention|envie) de (?:se|me) (?:faire du mal"
    r"|suicider|tuer)\b"
    r"|\b(?:n ai |ai )?pas envie de me (?:suicider|tuer|faire du mal)\b"
    # (round 8) "je ne veux pas me faire du mal", "ik wil mezelf niets aandoen"
    r"|\b(?:ne |n )?(?:veux|voudrais) (?:pas|surtout pas|absolument pas) me (?:suicider|tuer"
    r"|faire du mal)\b"
    r"|\bik wil (?:mezelf|mijzelf) (?:echt )?(?:niets|niks|geen pijn|geen kwaad) (?:aandoen|doen)\b"
    # (round 9) never: "ik zou mezelf nooit iets aandoen", "je ne me ferais jamais de mal"
    r"|\b(?:ik|hij|ze|zij) (?:zou|zal|ga|wil) (?:mezelf|mijzelf|zichzelf) (?:echt )?(?:nooit"
    r"|niet|nie)(?: of nooit)? (?:(?:iets|niets|niks) )?aandoen\b"
    r"|\b(?:je|j) ne (?:me |m )?(?:ferais|ferai|tuerais|suiciderais) jamais(?: de mal| rien)?\b"
    r"|\b(?:ben|is|bent) (?:echt |helemaal )?(?:niet|nie|geenszins) suicidaal\b"
    r"|\bgeen (?:gedachten|plannen|neigingen) (?:aan|om|tot) (?:zelfmoord|suicide"
    r"|zelfdoding|mezelf|mijzelf|zichzelf)\b"
    r"|\bgeen (?:zelfmoordgedachten|suicidale gedachten|doodsgedachten|zelfmoordplannen)\b"
    r"|\b(?:ik|hij|ze|zij) heb\w* (?:die|ze|deze) (?:gedachten )?(?:niet|nie)\b"
    # asked, and said no: "idées noires ? j'ai dit non", "een plan? ik heb nee gezegd"
    r"|\b(?:idees? noires|idees? suicidaires|pensees? suicidaires|un plan|zwarte gedachten"
    r"|zelfmoordgedachten|een plan)\b(?: \w+){0,6} (?:j ai|ik heb|heb ik|hij heeft|elle a|il a)"
    r" (?:(?:dit|repondu) (?:que )?(?:non)|(?:nee|neen) (?:gezegd|geantwoord))\b"
    r"|\bdenk(?:t)? er (?:echt |helemaal )?(?:niet|nie|nooit) aan om (?:mezelf|mij|zichzelf)"
    r" iets aan te doen\b"
)
# A word of now, or of it happening again, in the rest of the message.
_CURRENT = re.compile(
    r"\b(?:maintenant|mtn|en ce moment|actuellement|tout de suite|vite|urgent|urgente"
    r"|nu|nou|momenteel|op dit moment|dringend|snel|help|aidez|au secours|a l aide|encore"
    r"|de nouveau|a nouveau|weer|opnieuw|alweer|nog steeds|recommence\w*"
    r"|depuis ce|sinds vanmorgen|sinds vanochtend|ce soir|cette nuit|vanavond|vannacht"
    r"|tonight)\b"
)
# "ik heb", "j'ai", "il a": someone has something now, unless after "si"/"als" (a
# take-back of a described symptom needs none of them).
_PRESENT = re.compile(
    r"(?<!\bsi )(?<!\bs )(?<!quand )(?<!\bals )(?<!\bof )(?<!wanneer )(?<!stel dat )"
    r"\b(?:j ai|je suis|je me sens|je sens|je fais|ik heb|heb ik|k heb|ik ben|ben ik|k ben"
    r"|ik voel|ik krijg|il a|elle a|il est|elle est|hij heeft|ze heeft|zij heeft|hij is"
    r"|ze is|zij is)\b"
)


def current(flat: str, *framings: re.Pattern[str]) -> bool:
    """Whether the message says something happens now, once the framing phrases and
    the phrases that say it is over ("ça va mieux maintenant") are cut out."""
    for regex in (*framings, _OVER_NOW):
        flat = regex.sub(" | ", flat)
    return bool(_CURRENT.search(flat))


def not_happening(flat: str) -> bool:
    """"pas maintenant, c'est pour savoir", "is nog nooit gebeurd", and nothing of now."""
    return bool(NOT_HAPPENING.search(flat)) and not current(flat, NOT_HAPPENING, JUST_ASKING)


def seen_or_read(flat: str) -> bool:
    """A programme, the news, a book, and nothing of now."""
    return bool(MEDIA.search(flat)) and not current(flat, MEDIA)


def just_asking(flat: str) -> bool:
    """"juste pour savoir", "si jamais", "wat als", and nothing of now."""
    return bool(JUST_ASKING.search(flat)) and not current(flat, JUST_ASKING, NOT_HAPPENING)


# (round 9) "si un jour j'ai", "als ik ooit ... krijg", "moest ik ooit": the subject
# and verb of a condition, a few words after its "if"; `_PRESENT`'s look-behinds only
# see an "if" right before them, and "si un jour j'ai une douleur" is no present.
_IN_CONDITION = re.compile(
    r"\b(?:si|s|quand|lorsque|als|wanneer|mocht|moest|indien|au cas ou|le jour ou)"
    r"(?: (?:un jour|jamais|ooit|eens|ik|ge|je|jij|u|il|elle|hij|ze|zij|ca|het|dat))*"
    r" (?:j ai|je suis|je me sens|je sens|je fais|ik heb|heb ik|k heb|ik ben|ben ik|k ben"
    r"|ik voel|ik krijg|krijg|krijgen|il a|elle a|il est|elle est|hij heeft|ze heeft"
    r"|zij heeft|hij is|ze is|zij is)\b"
)


def present_tense(flat: str) -> bool:
    """Someone has something now, outside the frame's own words ((round 8) the "j'ai"
    of "j'ai lu un polar" or "j'ai rêvé" is not a present) and outside a condition
    (round 9: "que faire si un jour j'ai ...")."""
    for regex in (_IN_CONDITION, MEDIA, NOT_HAPPENING):
        flat = regex.sub(" | ", flat)
    return bool(_PRESENT.search(flat))


def without_denial(flat: str) -> str | None:
    """The message with its denials of suicidal thoughts cut out, or None when it has
    none (or says something of now)."""
    if not DENIED_IDEATION.search(flat) or current(flat, DENIED_IDEATION):
        return None
    return DENIED_IDEATION.sub(" . ", flat)
