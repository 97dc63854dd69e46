"""Round 9 (issue 12): take-backs by construction, not by phrase, from the families of
rules that alarmed most often on the near-misses of v1-v10 (suicidal words 29, chest
pain 14, the emergency number 12, then breathlessness, allergy and hypoglycaemia). Each
QUIET text (not a v1-v10 row) is taken back; each of its ALARM counter-cases says the
same thing happens now and must still alarm: when in doubt, alarm."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import red_flags

QUIET = [
    # a condition inside an "if" clause of a question (`framing._IN_CONDITION`)
    "que faire si jamais un jour j'ai une douleur dans la poitrine en vacances ?",
    "wat doe ik moest ik ooit pijn in de borst hebben op reis?",
    "si jamais ma mère fait une réaction allergique, j'appelle le 112 ou son médecin ?",
    # a fear of it one day
    "ik ben bang dat ik ooit nog eens een hartaanval krijg",
    # a named event long ago followed by rehabilitation or a stent (`past._OVER_NOW`)
    "il y a deux ans mon mari a fait un AVC, maintenant il fait de la kiné et ça va mieux",
    "vorig jaar een hartinfarct, nu heb ik een stent en het gaat stilaan beter",
    # a family history with a worry asked (`history.RISK`)
    "ma mère est décédée d'un AVC à 70 ans, est-ce que je dois m'inquiéter ?",
    "mijn oom is overleden aan een hartaanval, moet ik oppassen?",
    # how to use a device; what one has from time to time
    "de apotheker gaf me een epipen mee, hoe werkt die eigenlijk?",
    "quand faut-il aller aux urgences pour une migraine ? j'ai parfois des crises",
    # a hypo treated and fine again, a low reading back in range (`reassured.hypo_treated`)
    "hier soir une hypo, j'ai bu du jus d'orange et c'était vite passé",
    "suiker was 58 voor het ontbijt, een boterham gegeten en nu 112",
    # someone else's act long ago; a screening question answered no (`suicide`)
    "mon oncle s'est suicidé il y a très longtemps, comment en parler aux enfants ?",
    "mijn nicht heeft lang geleden een zelfmoordpoging gedaan, hoe breng ik dat ter sprake?",
    "le psychiatre m'a demandé si j'avais des pensées suicidaires, une question de routine",
    "mijn huisarts vroeg of ik soms aan zelfmoord denk, dat vraagt hij blijkbaar aan iedereen",
    "il y a cinq ans j'ai fait une tentative de suicide, aujourd'hui je vais bien mieux",
    # "almost" an attack; an end put to a thing named after it; a denial with "never"
    "j'ai presque fait une crise cardiaque en voyant la facture du garage",
    "ze kreeg er haast een beroerte van, die rekening",
    "je vais en finir avec cette cigarette du matin, promis",
    "ik maak er een einde aan, aan dat snoepen 's avonds",
    "het valt zwaar, maar ik zou mezelf nooit iets aandoen",
    "je suis découragée mais je ne me ferais jamais de mal",
]

ALARM = [
    "que faire si jamais un jour j'ai une douleur dans la poitrine ? là j'ai mal à la poitrine",
    "wat doe ik moest ik ooit pijn in de borst hebben? nu heb ik pijn in de borst",
    "ik ben bang dat ik een hartaanval heb, mijn arm doet pijn",
    "il y a deux ans un AVC, maintenant il fait de la kiné mais depuis ce matin sa bouche"
    " est de travers",
    "ma mère est décédée d'un AVC, est-ce que je dois m'inquiéter ? j'ai le bras engourdi",
    "de epipen, hoe werkt die? mijn zoon is gestoken en zijn keel zwelt nu",
    "hypo, j'ai bu du jus d'orange mais ça ne passe pas, je tremble encore",
    "suiker 45, een boterham gegeten maar het is niet over",
    "mon oncle s'est suicidé il y a longtemps et maintenant je veux faire comme lui",
    "mijn zus heeft jaren geleden een zelfmoordpoging gedaan en nu zegt ze dat ze het opnieuw"
    " gaat doen",
    "le psychiatre m'a demandé si j'avais des pensées suicidaires et j'ai dit oui, j'ai un plan",
    "j'ai presque une crise cardiaque, j'ai une douleur dans la poitrine maintenant",
    "je vais en finir avec la vie ce soir",
    "ik maak er vanavond een einde aan",
    "ik maak er een einde aan, aan al die ellende",
    "ik zou mezelf nooit iets aandoen, maar vanavond neem ik al mijn pillen ineens",
]


@pytest.mark.parametrize("text", QUIET)
def test_taken_back(text: str) -> None:
    assert red_flags.check(text) == []


@pytest.mark.parametrize("text", ALARM)
def test_but_now_still_alarms(text: str) -> None:
    assert red_flags.check(text) != []
    assert safety_net.red_flag_kinds(text) != ()
