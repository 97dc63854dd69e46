"""Suicidal intent as a family of its own: the ways people in crisis say it, in both
languages, and the everyday words near them that must not alarm."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from bot.nlu.red_flags import check
from tests.support.red_flag_cases import ANY_KIND, NO_RULE, QUIET, assert_expected

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


# --- round 4: suicidal intent told by its circumstances (bot/nlu/red_flags/suicide_signals.py),
# in our own words; Flemish spoken forms on purpose ------------------------------------

CIRCUMSTANCES = [
    # a means made ready or at hand, with despair, secrecy, a bottle, a lonely place
    "kheb al mijn slaappillen bij elkaar gezocht, ik ben het zo beu",
    "de morfine van mijn ma ligt hier klaar, niemand weet het",
    "ik heb de tramadol van mijn man gepakt en ik kan nie meer.",
    "ik zit aan het water met al mijn pijnstillers",
    "j'ai mis de côté mes somnifères depuis un mois, j'en peux plus.",
    "j'ai toutes mes gouttes de morphine avec une bouteille de whisky dans la voiture",
    "ik heb nen touw in de garage gelegd, ik wou gewoon iemand zeggen",
    "un couteau sous mon oreiller depuis des jours, personne ne le sait",
    # affairs put in order, by the writer or seen by a relative
    "kheb mijn wachtwoorden naar mijn broer gestuurd en mijn facebook verwijderd",
    "mijn testament is klaar, het is goed zo",
    "j'ai supprimé mon compte facebook et envoyé mes mots de passe à ma soeur",
    "ma mère a donné son chien à la voisine et m'a montré où sont ses papiers, elle dit"
    " qu'elle est sereine",
    # thanks that are a farewell
    "bedankt voor alles, jullie gaan nooit meer iets van mij horen",
    "merci pour tout, vous n'entendrez plus parler de moi",
    # lethal amounts, death without a treatment
    "hoeveel insuline is genoeg om nie meer wakker te worden",
    "combien de cachets de lithium pour ne plus se réveiller",
    "hoe lang duurt het voor ge sterft als ge stopt met eten en drinken",
    "je m'endors sans souffrir si je prends toute la boîte ?",
    "ik ben gestopt met mijn dialyse, dan moet niemand nog voor mij zorgen",
    "j'ai arrêté mon insuline exprès, je veux que ce soit fini",
    # an attempt to be tried again, self-harm to be done again
    "vorige week geprobeerd maar het is niet gelukt, morgen probeer ik het opnieuw",
    "j'ai essayé hier mais j'ai eu trop peur, je vais recommencer",
    "een plastic zak over mijn hoofd, dat is wat ik wil",
    "kheb mezelf gesneden in mijn arm en ik wil het weer doen",
    # an urge to jump, voices, a crash
    "elke keer op de brug heb ik zin om te springen",
    "j'ai envie de sauter quand je suis sur le balcon",
    "ma tête me dit de sauter",
    "ik ga tegen een boom rijden vanavond",
    "je vais foncer dans un mur avec la voiture",
    # gas and waiting, a hose on the exhaust
    "het gas staat open en ik wacht",
    "kheb ne tuinslang op de uitlaat gezet",
    # a date, a plan, a decision, glad not to wake
    "ik heb een datum gekozen voor mijn dood",
    "zondag is het gedaan, ik heb een strop gekocht",
    "de donkere gedachten zijn terug, nu met een plan",
    "je préfère mourir avant la fin de l'année et je sais comment je vais le faire",
    "ik heb besloten. als ik er maandag niet meer ben, weet ge waarom",
    "als ik morgen nie meer wakker word, is dat ook goed",
    "si je ne me réveille plus, tant mieux",
    "mijn vader zegt dat het leven geen zin meer heeft",
]

CIRCUMSTANCES_EVERYDAY = [
    "mijn pillen voor de week liggen klaar in de pillendoos",
    "je voulais juste vous dire que j'ai bien pris mes cachets",
    "ik wou laten weten dat ik mijn medicijnen genomen heb",
    "mag ik een glas wijn drinken met al mijn medicijnen?",
    "mijn testament is opgemaakt bij de notaris",
    "j'ai écrit une lettre pour mes enfants pour leur anniversaire",
    "mijn man vertrekt volgende week op reis en heeft me uitgelegd waar de papieren liggen",
    "ik ga naar het rusthuis, mijn kat is weggegeven aan de buren, ik vertrek maandag",
    "merci pour tout, je reviendrai plus tard avec mes questions",
    "bedankt voor alles, tot volgende week!",
    "combien de comprimés de paracétamol par jour au maximum ?",
    "als ik een slaappil neem, word ik dan nog wakker voor de wekker?",
    "j'ai sauté mon traitement exprès pour la prise de sang",
    "ik ben gestopt met mijn medicatie op advies van de dokter",
    "ik heb mezelf gesneden bij het koken en ik wil het niet opnieuw doen",
    "de kinesist zegt dat ik moet springen op één been",
    "ik moet springen op de trampoline voor mijn oefeningen",
    "je dois sauter le repas de midi pour la prise de sang au 3e étage",
    "ik heb het gas opengedraaid en wacht tot het water kookt",
    "la date pour ma fin de contrat est fixée",
    "vrijdag is het gedaan met de chemo, eindelijk",
    "ik heb een plan om mijn leven terug op te pakken",
    "je sais comment je vais faire pour la fin du mois",
    "j'ai décidé de venir, si je suis encore là à 17h je t'appelle",
    "ik ben nu op het werk",
    "ik heb een abonnement op de krant genomen",
]


@pytest.mark.parametrize("text", CIRCUMSTANCES)
def test_suicidal_intent_told_by_its_circumstances_alarms(text: str) -> None:
    assert red_flags.SUICIDAL in [flag.kind for flag in check(text)], check(text)


@pytest.mark.parametrize("text", CIRCUMSTANCES_EVERYDAY)
def test_everyday_circumstances_near_them_do_not_alarm(text: str) -> None:
    assert red_flags.SUICIDAL not in [flag.kind for flag in check(text)], check(text)


# --- rounds 8 and 9 (issue 12): a suicidal history long over, someone else's act long
# ago, a screening question answered no; each taken-back text alarmed at the door
# before and is not a held-out row; each counter-case must still alarm ---------------------

SUICIDE_LONG_AGO = [
    ("l'an dernier j'ai fait une tentative de suicide, j'ai été bien entourée et ça va "
     "beaucoup mieux", QUIET),
    ("vroeger dacht ik vaak aan zelfmoord, maar nu gaat het veel beter dankzij de therapie",
     QUIET),
    ("mon frère a eu des idées suicidaires il y a trois ans, il est suivi et il va bien",
     QUIET),
    ("j'ai eu des idées suicidaires il y a vingt ans, plus du tout maintenant, je voulais le "
     "signaler au psychologue", NO_RULE),
    ("vroeger dacht ik vaak aan zelfmoord, nu gaat het beter, maar vanavond wil ik er een "
     "einde aan maken", ANY_KIND),
    # someone else's act long ago; a screening question answered no
    ("mon oncle s'est suicidé il y a très longtemps, comment en parler aux enfants ?", NO_RULE),
    ("mijn nicht heeft lang geleden een zelfmoordpoging gedaan, hoe breng ik dat ter sprake?",
     NO_RULE),
    ("le psychiatre m'a demandé si j'avais des pensées suicidaires, une question de routine",
     NO_RULE),
    ("mijn huisarts vroeg of ik soms aan zelfmoord denk, dat vraagt hij blijkbaar aan iedereen",
     NO_RULE),
    ("il y a cinq ans j'ai fait une tentative de suicide, aujourd'hui je vais bien mieux",
     NO_RULE),
    ("mon oncle s'est suicidé il y a longtemps et maintenant je veux faire comme lui", ANY_KIND),
    ("mijn zus heeft jaren geleden een zelfmoordpoging gedaan en nu zegt ze dat ze het "
     "opnieuw gaat doen", ANY_KIND),
    ("le psychiatre m'a demandé si j'avais des pensées suicidaires et j'ai dit oui, j'ai un "
     "plan", ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), SUICIDE_LONG_AGO)
def test_suicide_long_ago_or_asked_is_taken_back_but_now_still_alarms(
        text: str, expected: str) -> None:
    assert_expected(text, expected)
