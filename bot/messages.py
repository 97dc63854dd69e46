"""Texts the custom actions send, in French and Dutch.

Static answers live in the Rasa domain (domain/responses.yml); these are the ones built
from the patient's data. Every key exists in both languages with the same
placeholders (tests/test_messages.py), addresses the patient as "vous"/"u", and
never gives medical advice beyond pointing to the care team.
"""

from __future__ import annotations

from bot.formatting import format_number
from bot.i18n import normalise

MESSAGES: dict[str, dict[str, str]] = {
    # To a care-team member, by SMS, when a nurse escalates a flag from the console.
    # Names the patient by reference only: the details stay in the console.
    "escalation_sms": {
        "fr": "Zorgmaatje/Compagnon de soins : {nurse} vous demande de reprendre le suivi "
        "du patient {ref} (signalement : {kind}). Note : {note} — Consultez la console de "
        "l'équipe de soins.",
        "nl": "Zorgmaatje/Compagnon de soins: {nurse} vraagt u om de opvolging van patiënt "
        "{ref} over te nemen (melding: {kind}). Notitie: {note} — Bekijk de console van het "
        "zorgteam.",
    },
    # On-call paging (bot/paging.py), by SMS to the care-team member on call: GSM-7
    # only (one segment costs less and arrives whole), no health data beyond the kind
    # of flag; the details are behind the console's sign-in.
    "page_sms": {
        "fr": "{level} : patient réf. {ref}, {kind}, {time}. Répondez OK {code} ou ouvrez "
        "{url}",
        "nl": "{level}: patient ref. {ref}, {kind}, {time}. Antwoord OK {code} of open {url}",
    },
    "page_ack_sms": {
        "fr": "Merci {name}, c'est noté : vous prenez le signalement {flag} (patient réf. "
        "{ref}). Personne d'autre ne sera appelé.",
        "nl": "Bedankt {name}, genoteerd: u neemt melding {flag} op (patient ref. {ref}). "
        "Er wordt niemand anders opgeroepen.",
    },
    # A flag's paging history in the console, in the nurse's language.
    "page_to": {"fr": "SMS à {name} {time}", "nl": "sms aan {name} {time}"},
    "page_no_answer": {"fr": "pas de réponse", "nl": "geen antwoord"},
    "page_failed": {"fr": "SMS en échec", "nl": "sms mislukt"},
    "page_call": {"fr": "pas un mobile, appelez le {phone}", "nl": "geen gsm, bel {phone}"},
    "page_stopped": {"fr": "arrêté", "nl": "gestopt"},
    "page_waiting": {"fr": "en attente de réponse", "nl": "wacht op antwoord"},
    "page_acked": {"fr": "pris en compte {time} ({via})", "nl": "bevestigd {time} ({via})"},
    "page_nobody": {"fr": "personne de garde", "nl": "niemand van wacht"},
    "page_unlinked": {"fr": "compte non lié", "nl": "niet gekoppeld"},
    "not_linked": {
        "fr": "Je n'ai pas encore accès à votre plan de soins sur ce compte. Demandez un code "
        "d'inscription à votre infirmière ou à votre médecin, puis envoyez-le-moi ici.",
        "nl": "Ik heb op dit account nog geen toegang tot uw zorgplan. Vraag een "
        "inschrijvingscode aan uw verpleegkundige of huisarts en stuur die hier naar mij.",
    },
    "goals_header": {"fr": "Vos objectifs cette semaine :", "nl": "Uw doelen deze week:"},
    "goal_activity": {
        "fr": "• {what} : {done} jours sur {target} — objectif {amount} par jour",
        "nl": "• {what}: {done} van de {target} dagen — doel {amount} per dag",
    },
    "goal_measure_latest": {
        "fr": "• {what} : dernière valeur {latest} — objectif {comparison} {amount}",
        "nl": "• {what}: laatste waarde {latest} — doel {comparison} {amount}",
    },
    "goal_measure_none": {
        "fr": "• {what} : pas encore de mesure — objectif {comparison} {amount}",
        "nl": "• {what}: nog geen meting — doel {comparison} {amount}",
    },
    "no_goals": {
        "fr": "Vous n'avez pas encore d'objectif actif. Votre équipe soignante peut en "
        "définir avec vous.",
        "nl": "U hebt nog geen actief doel. Uw zorgteam kan er samen met u opstellen.",
    },
    "progress_recorded": {
        "fr": "C'est noté : {amount} ({what}). {week}",
        "nl": "Genoteerd: {amount} ({what}). {week}",
    },
    "week_activity": {
        "fr": "Cette semaine : {done} jours sur {target}.",
        "nl": "Deze week: {done} van de {target} dagen.",
    },
    "week_measure": {
        "fr": "Objectif : {comparison} {amount}.",
        "nl": "Doel: {comparison} {amount}.",
    },
    "ask_amount": {"fr": "{question}", "nl": "{question}"},
    "implausible": {
        "fr": "{amount}, cela me paraît étonnant. Pouvez-vous vérifier ? {question}",
        "nl": "{amount}, dat lijkt me vreemd. Kunt u het nakijken? {question}",
    },
    "which_goal": {
        "fr": "Pour quel objectif ? {choices}",
        "nl": "Voor welk doel? {choices}",
    },
    "no_such_goal": {
        "fr": "Je n'ai pas d'objectif « {what} » pour vous. Vos objectifs : {choices}.",
        "nl": "Ik heb geen doel \"{what}\" voor u. Uw doelen: {choices}.",
    },
    "goal_adjusted": {
        "fr": "C'est fait : votre objectif {what} est maintenant de {amount}.",
        "nl": "Gedaan: uw doel {what} is nu {amount}.",
    },
    "goal_not_adjustable": {
        "fr": "Cet objectif a été fixé par votre équipe soignante. Parlez-en à votre "
        "infirmière si vous souhaitez le modifier.",
        "nl": "Dit doel werd door uw zorgteam vastgelegd. Bespreek het met uw "
        "verpleegkundige als u het wilt aanpassen.",
    },
    "adjust_which": {
        "fr": "Quel objectif voulez-vous changer, et à combien ? Par exemple : « objectif "
        "marche 20 minutes ».",
        "nl": "Welk doel wilt u aanpassen, en naar hoeveel? Bijvoorbeeld: \"doel "
        "stappen 5000\".",
    },
    "dose_taken": {
        "fr": "Merci, c'est noté : {medications} de {time}.",
        "nl": "Bedankt, genoteerd: {medications} van {time}.",
    },
    "dose_missed": {
        "fr": "C'est noté : {medications} de {time} pas pris. En cas de doute sur ce qu'il "
        "faut faire, demandez à votre pharmacien ou à votre médecin.",
        "nl": "Genoteerd: {medications} van {time} niet genomen. Twijfelt u wat u nu moet "
        "doen, vraag het aan uw apotheker of huisarts.",
    },
    "dose_other_pending": {
        "fr": "Et la prise de {time} ({medications}) ? Dites-le-moi quand elle est prise.",
        "nl": "En de inname van {time} ({medications})? Laat het me weten als ze genomen is.",
    },
    "dose_snoozed": {
        "fr": "D'accord, je vous le rappelle à {time}.",
        "nl": "Goed, ik herinner u er om {time} opnieuw aan.",
    },
    "dose_snooze_limit": {
        "fr": "Je ne peux plus reporter ce rappel. Prenez votre médicament dès que possible "
        "et répondez « pris » quand c'est fait.",
        "nl": "Ik kan deze herinnering niet meer uitstellen. Neem uw medicatie zo snel "
        "mogelijk en antwoord \"genomen\" als het gedaan is.",
    },
    # Sent by the reminders scheduler (reminders/dispatch.py).
    "reminder_medication": {
        "fr": "Bonjour {name}, c'est l'heure de votre médicament de {time} : {medications}. "
        "Répondez « pris » quand c'est fait.",
        "nl": "Dag {name}, het is tijd voor uw medicatie van {time}: {medications}. "
        "Antwoord \"genomen\" als het gedaan is.",
    },
    "reminder_snooze": {
        "fr": "{name}, voici le rappel demandé : votre médicament de {time} ({medications}). "
        "Répondez « pris » quand c'est fait.",
        "nl": "{name}, hier is de gevraagde herinnering: uw medicatie van {time} "
        "({medications}). Antwoord \"genomen\" als het gedaan is.",
    },
    "reminder_follow_up": {
        "fr": "{name}, avez-vous pris votre médicament de {time} ({medications}) ? "
        "Répondez « pris » ou « pas pris ».",
        "nl": "{name}, hebt u uw medicatie van {time} ({medications}) genomen? "
        "Antwoord \"genomen\" of \"niet genomen\".",
    },
    # The same reminders by SMS and WhatsApp (reminders/channels.py): no buttons there,
    # so the answer words in capitals; short and GSM-7, to fit one 160-character SMS.
    "reminder_medication_sms": {
        "fr": "{name}, votre médicament de {time} : {medications}. Répondez PRIS ou PLUS TARD",
        "nl": "{name}, uw medicatie van {time}: {medications}. Antwoord GENOMEN of LATER",
    },
    "reminder_snooze_sms": {
        "fr": "{name}, rappel demandé : médicament de {time} ({medications}). Répondez PRIS "
        "ou PLUS TARD",
        "nl": "{name}, gevraagde herinnering: medicatie van {time} ({medications}). Antwoord "
        "GENOMEN of LATER",
    },
    "reminder_follow_up_sms": {
        "fr": "{name}, avez-vous pris votre médicament de {time} ({medications}) ? Répondez "
        "PRIS ou PAS PRIS",
        "nl": "{name}, hebt u uw medicatie van {time} ({medications}) genomen? Antwoord "
        "GENOMEN of NIET GENOMEN",
    },
    "reminder_appointment": {
        "fr": "Rappel, {name} : rendez-vous {when} avec {with_whom}{where}.",
        "nl": "Herinnering, {name}: afspraak {when} met {with_whom}{where}.",
    },
    "button_taken": {"fr": "Pris ✅", "nl": "Genomen ✅"},
    "button_later": {"fr": "Plus tard ⏰", "nl": "Later ⏰"},
    "button_missed": {"fr": "Pas pris ❌", "nl": "Niet genomen ❌"},
    # SMS to a family caregiver: the patient's first name only, no medication names
    # unless the patient agreed (caregiver.may_see_medication_names), GSM-7 characters.
    "caregiver_reminder": {
        "fr": "Rappel pour {patient} : prise de medicaments prevue a {time}. "
        "Repondez STOP pour ne plus recevoir ces SMS.",
        "nl": "Herinnering voor {patient}: medicatie gepland om {time}. "
        "Antwoord STOP om deze sms'en niet meer te krijgen.",
    },
    "caregiver_reminder_named": {
        "fr": "Rappel pour {patient} : {medications} a {time}. "
        "Repondez STOP pour ne plus recevoir ces SMS.",
        "nl": "Herinnering voor {patient}: {medications} om {time}. "
        "Antwoord STOP om deze sms'en niet meer te krijgen.",
    },
    "caregiver_alert": {
        "fr": "Bonjour {caregiver}, {patient} n'a pas confirme sa prise de medicaments de "
        "{time} ({day}). Pourriez-vous prendre de ses nouvelles ? "
        "Repondez STOP pour ne plus recevoir ces SMS.",
        "nl": "Dag {caregiver}, {patient} heeft de medicatie van {time} ({day}) niet "
        "bevestigd. Kunt u even bellen of langsgaan? "
        "Antwoord STOP om deze sms'en niet meer te krijgen.",
    },
    "caregiver_alert_named": {
        "fr": "Bonjour {caregiver}, {patient} n'a pas confirme la prise de {medications} de "
        "{time} ({day}). Pourriez-vous prendre de ses nouvelles ? "
        "Repondez STOP pour ne plus recevoir ces SMS.",
        "nl": "Dag {caregiver}, {patient} heeft de inname van {medications} van {time} "
        "({day}) niet bevestigd. Kunt u even bellen of langsgaan? "
        "Antwoord STOP om deze sms'en niet meer te krijgen.",
    },
    "caregiver_appointment": {
        "fr": "Rappel pour {patient} : rendez-vous {when} avec {with_whom}{where}. "
        "Repondez STOP pour ne plus recevoir ces SMS.",
        "nl": "Herinnering voor {patient}: afspraak {when} met {with_whom}{where}. "
        "Antwoord STOP om deze sms'en niet meer te krijgen.",
    },
    # Answers to a caregiver who writes back (bot/caregiver_replies.py), by SMS or
    # WhatsApp: short, GSM-7 characters where the words allow (no ê, ç, « »).
    "caregiver_ack": {
        "fr": "Merci, c'est noté : vous avez vu l'alerte pour {patient} ({time}, {day}). "
        "L'équipe de soins le voit aussi.",
        "nl": "Bedankt, genoteerd: u hebt de melding over {patient} ({time}, {day}) gezien. "
        "Het zorgteam ziet dat ook.",
    },
    "caregiver_nothing_to_ack": {
        "fr": "Merci. Vous n'avez pas d'alerte en attente. Pour nous écrire, envoyez votre "
        "message ici. Urgence : 112.",
        "nl": "Bedankt. Er staat geen melding voor u open. Wilt u ons iets laten weten, "
        "stuur dan hier uw bericht. Noodgeval: 112.",
    },
    "caregiver_stopped": {
        "fr": "C'est noté : vous ne recevrez plus de SMS pour {patients}. Répondez START "
        "pour les recevoir à nouveau. Urgence : 112.",
        "nl": "Genoteerd: u krijgt geen sms'en meer over {patients}. Antwoord START om ze "
        "opnieuw te krijgen. Noodgeval: 112.",
    },
    "caregiver_started": {
        "fr": "C'est noté : vous recevrez à nouveau les SMS pour {patients}.",
        "nl": "Genoteerd: u krijgt opnieuw de sms'en over {patients}.",
    },
    "caregiver_status": {
        "fr": "{patient} aujourd'hui : {taken} pris, {missed} pas pris, {due} sans réponse, "
        "{later} à venir.",
        "nl": "{patient} vandaag: {taken} genomen, {missed} niet genomen, {due} zonder "
        "antwoord, {later} nog te nemen.",
    },
    "caregiver_status_none": {
        "fr": "{patient} n'a pas de médicament prévu aujourd'hui.",
        "nl": "Er staat vandaag geen medicatie gepland voor {patient}.",
    },
    "caregiver_state_taken": {"fr": "pris", "nl": "genomen"},
    "caregiver_state_missed": {"fr": "pas pris", "nl": "niet genomen"},
    "caregiver_state_due": {"fr": "sans réponse", "nl": "zonder antwoord"},
    "caregiver_state_later": {"fr": "à venir", "nl": "nog te nemen"},
    "caregiver_status_refused": {
        "fr": "Le suivi des prises de {patient} n'est pas partagé avec vous. Parlez-en à "
        "son équipe de soins.",
        "nl": "De opvolging van de innames van {patient} wordt niet met u gedeeld. Vraag "
        "het aan het zorgteam.",
    },
    "caregiver_message_ack": {
        "fr": "Merci, votre message est transmis à l'équipe de soins de {patients}. "
        "Urgence : 112.",
        "nl": "Bedankt, uw bericht is doorgegeven aan het zorgteam van {patients}. "
        "Noodgeval: 112.",
    },
    # On the patient's open missed-doses flag, for the nurses.
    "caregiver_ack_note": {
        "fr": "{caregiver} (aidant) a vu l'alerte de {time} ({day}) le {seen}.",
        "nl": "{caregiver} (mantelzorger) heeft de melding van {time} ({day}) gezien op "
        "{seen}.",
    },
    "list_and": {"fr": "et", "nl": "en"},
    "missed_doses_flag": {
        "fr": "{count} prises manquées en {days} jours (dernière : {last}).",
        "nl": "{count} gemiste innames in {days} dagen (laatste: {last}).",
    },
    "no_pending_dose": {
        "fr": "Je n'ai pas de prise prévue en ce moment. Prochaine prise : {next}.",
        "nl": "Er staat nu geen inname gepland. Volgende inname: {next}.",
    },
    "no_pending_dose_none": {
        "fr": "Je n'ai pas de prise prévue en ce moment.",
        "nl": "Er staat nu geen inname gepland.",
    },
    "medications_header": {
        "fr": "Vos médicaments aujourd'hui :",
        "nl": "Uw medicatie vandaag:",
    },
    "medication_line": {
        "fr": "• {time} : {name}, {dose}{status}",
        "nl": "• {time}: {name}, {dose}{status}",
    },
    "status_taken": {"fr": " ✅ pris", "nl": " ✅ genomen"},
    "status_missed": {"fr": " ❌ pas pris", "nl": " ❌ niet genomen"},
    "no_medications_today": {
        "fr": "Vous n'avez pas de médicament prévu aujourd'hui dans votre plan de soins.",
        "nl": "Er staat vandaag geen medicatie in uw zorgplan.",
    },
    "appointments_header": {"fr": "Vos prochains rendez-vous :", "nl": "Uw volgende afspraken:"},
    "appointment_line": {
        "fr": "• {when} : {with_whom}{where}",
        "nl": "• {when}: {with_whom}{where}",
    },
    "appointment_where": {"fr": ", {location}", "nl": ", {location}"},
    "no_appointments": {
        "fr": "Je ne vois pas de rendez-vous prévu dans votre plan de soins.",
        "nl": "Ik zie geen geplande afspraak in uw zorgplan.",
    },
    "opted_out": {
        "fr": "C'est noté : je ne vous enverrai plus de rappels ici. Écrivez START pour les "
        "recevoir à nouveau. Vous pouvez toujours m'écrire ; en cas d'urgence, appelez le 112.",
        "nl": "Genoteerd: ik stuur u hier geen herinneringen meer. Stuur START om ze opnieuw "
        "te krijgen. U kunt mij altijd schrijven; bij een noodgeval belt u 112.",
    },
    # The patient withdrew their consent from the chat (gateway/guards.consent): the
    # last message the assistant sends them; the emergency number stays valid.
    "consent_withdrawn": {
        "fr": "C'est noté : vous avez retiré votre consentement. Je ne vous enverrai plus "
        "de messages ni de rappels, et vos aidants ne recevront plus d'alertes. Votre équipe "
        "de soins est prévenue. En cas d'urgence, appelez le 112.",
        "nl": "Genoteerd: u hebt uw toestemming ingetrokken. Ik stuur u geen berichten of "
        "herinneringen meer en uw mantelzorgers krijgen geen meldingen meer. Uw zorgteam is "
        "verwittigd. Bij een noodgeval belt u 112.",
    },
    "opted_in": {
        "fr": "C'est noté : vous recevrez à nouveau vos rappels ici.",
        "nl": "Genoteerd: u krijgt hier opnieuw uw herinneringen.",
    },
    "only_text": {
        "fr": "Désolé, je ne comprends que les messages écrits (pas les photos, les messages "
        "vocaux ni les autocollants). Pouvez-vous l'écrire ? En cas d'urgence : 112.",
        "nl": "Sorry, ik begrijp alleen geschreven berichten (geen foto's, spraakberichten of "
        "stickers). Kunt u het schrijven? Bij een noodgeval: 112.",
    },
    "too_long": {
        "fr": "Votre message est trop long pour moi. Pouvez-vous l'écrire en quelques phrases "
        "courtes ? En cas d'urgence : 112.",
        "nl": "Uw bericht is te lang voor mij. Kunt u het in een paar korte zinnen schrijven? "
        "Bij een noodgeval: 112.",
    },
    # Promises nothing that does not happen: the messages past the limit are not
    # answered (a red flag among them still is, by the safety net at the door).
    "too_many": {
        "fr": "Vous m'envoyez beaucoup de messages d'un coup : je ne réponds pas aux suivants "
        "pendant une minute. Réécrivez-moi ensuite. En cas d'urgence : 112.",
        "nl": "U stuurt veel berichten tegelijk: op de volgende antwoord ik een minuut lang "
        "niet. Schrijf me daarna opnieuw. Bij een noodgeval: 112.",
    },
    # Once per outage and conversation, when Rasa does not answer within a few seconds.
    "assistant_unavailable": {
        "fr": "L'assistant est momentanément indisponible. Votre message est bien gardé et "
        "je vous réponds dès que possible. En cas d'urgence : 112.",
        "nl": "De assistent is even niet beschikbaar. Uw bericht is goed bewaard en ik "
        "antwoord u zo snel mogelijk. Bij een noodgeval: 112.",
    },
    # The emergency answer (bot/emergency.py puts the lines together).
    "emergency_112": {
        "fr": "⚠️ Si c'est une urgence, appelez tout de suite le 112.",
        "nl": "⚠️ Is het dringend? Bel nu meteen 112.",
    },
    "emergency_poisoning": {
        "fr": "Intoxication ou trop de médicaments : appelez aussi le Centre Antipoisons, "
        "070 245 245 (gratuit, 24h/24).",
        "nl": "Vergiftiging of te veel medicatie: bel ook het Antigifcentrum, 070 245 245 "
        "(gratis, dag en nacht).",
    },
    "emergency_suicide": {
        "fr": "Si vous avez des idées suicidaires : Centre de Prévention du Suicide, "
        "0800 32 123 (gratuit, 24h/24).",
        "nl": "Hebt u zelfmoordgedachten? Bel de Zelfmoordlijn: 1813 (gratis, dag en nacht).",
    },
    "emergency_team": {
        "fr": "J'alerte aussi votre équipe soignante, mais n'attendez pas leur réponse pour "
        "appeler le 112.",
        "nl": "Ik verwittig ook uw zorgteam, maar wacht niet op hun antwoord om 112 te bellen.",
    },
    "link_linked": {
        "fr": "Bienvenue {name} ! Votre compte est relié à votre plan de soins. Écrivez "
        "« aide » pour voir ce que je peux faire.",
        "nl": "Welkom {name}! Uw account is gekoppeld aan uw zorgplan. Schrijf \"help\" om te "
        "zien wat ik kan doen.",
    },
    "link_already_linked": {
        "fr": "Ce compte est déjà relié à votre plan de soins.",
        "nl": "Dit account is al gekoppeld aan uw zorgplan.",
    },
    "link_invalid": {
        "fr": "Ce code n'est pas valable. Vérifiez-le ou demandez-en un nouveau à votre "
        "infirmière.",
        "nl": "Deze code is niet geldig. Kijk hem na of vraag een nieuwe aan uw "
        "verpleegkundige.",
    },
    "link_expired": {
        "fr": "Ce code a expiré. Demandez-en un nouveau à votre infirmière.",
        "nl": "Deze code is verlopen. Vraag een nieuwe aan uw verpleegkundige.",
    },
    "link_used": {
        "fr": "Ce code a déjà été utilisé. Demandez-en un nouveau à votre infirmière.",
        "nl": "Deze code werd al gebruikt. Vraag een nieuwe aan uw verpleegkundige.",
    },
    "link_rate_limited": {
        "fr": "Trop d'essais. Réessayez dans une heure ou contactez votre infirmière.",
        "nl": "Te veel pogingen. Probeer het over een uur opnieuw of contacteer uw "
        "verpleegkundige.",
    },
    "link_taken": {
        "fr": "Ce compte est déjà relié à une autre personne. Contactez votre infirmière.",
        "nl": "Dit account is al aan iemand anders gekoppeld. Contacteer uw verpleegkundige.",
    },
}

# Paging SMS: the flag's level and kind in a few GSM-7 words (no ô, ë or ç).
PAGE_LEVELS = {
    "urgent": {"fr": "Urgent", "nl": "Dringend"},
    "high": {"fr": "Prioritaire", "nl": "Prioriteit"},
    "normal": {"fr": "Info", "nl": "Info"},
}
PAGE_KINDS = {
    "emergency": {"fr": "urgence", "nl": "noodgeval"},
    "request_nurse": {"fr": "demande l'infirmière", "nl": "vraagt verpleegkundige"},
    "symptom": {"fr": "symptome", "nl": "symptoom"},
    "low_mood": {"fr": "moral bas", "nl": "somber"},
    "missed_doses": {"fr": "prises oubliées", "nl": "gemiste innames"},
    "fallback": {"fr": "incompréhension", "nl": "niet begrepen"},
    "channel_stopped": {"fr": "canal arrêté", "nl": "kanaal gestopt"},
    "unprocessed": {"fr": "message non traité", "nl": "bericht niet verwerkt"},
    "possible_emergency": {"fr": "urgence possible", "nl": "mogelijk noodgeval"},
    "consent_withdrawn": {"fr": "consentement retiré", "nl": "toestemming ingetrokken"},
    "caregiver_message": {"fr": "message d'un aidant", "nl": "bericht van mantelzorger"},
    "escalation_failed": {"fr": "SMS non remis", "nl": "sms niet afgeleverd"},
}

# Unknown accounts: we do not know their language yet, so both at once.
JOIN_INSTRUCTIONS = (
    "Bonjour ! Ce service est réservé aux patients suivis par une équipe de soins. Pour "
    "vous inscrire, envoyez ici le code reçu de votre infirmière ou de votre médecin. "
    "Urgence : 112.\n"
    "Dag! Deze dienst is voor patiënten die door een zorgteam gevolgd worden. Om u in te "
    "schrijven, stuurt u hier de code die u van uw verpleegkundige of huisarts kreeg. "
    "Noodgeval: 112."
)

GOAL_NAMES = {
    "walking": {"fr": "marche", "nl": "wandelen"},
    "steps": {"fr": "pas", "nl": "stappen"},
    "glucose": {"fr": "glycémie", "nl": "bloedsuiker"},
    "weight": {"fr": "poids", "nl": "gewicht"},
    "breathing": {"fr": "exercices de respiration", "nl": "ademhalingsoefeningen"},
    "blood_pressure": {"fr": "tension", "nl": "bloeddruk"},
}

UNIT_NAMES = {
    "min": {"fr": "min", "nl": "min"},
    "steps": {"fr": "pas", "nl": "stappen"},
    "g/L": {"fr": "g/L", "nl": "g/L"},
    "kg": {"fr": "kg", "nl": "kg"},
    "sessions": {"fr": "séances", "nl": "sessies"},
    "mmHg": {"fr": "mmHg", "nl": "mmHg"},
}

COMPARISONS = {
    "at_least": {"fr": "au moins", "nl": "minstens"},
    "at_most": {"fr": "au plus", "nl": "hoogstens"},
}

AMOUNT_QUESTIONS = {
    "walking": {"fr": "Combien de minutes avez-vous marché ?",
                "nl": "Hoeveel minuten hebt u gewandeld?"},
    "steps": {"fr": "Combien de pas avez-vous faits ?", "nl": "Hoeveel stappen hebt u gezet?"},
    "glucose": {"fr": "Quelle était votre glycémie (en g/L, par exemple 1,20) ?",
                "nl": "Wat was uw bloedsuiker (in mg/dL, bijvoorbeeld 120)?"},
    "weight": {"fr": "Combien pesez-vous (en kg) ?", "nl": "Hoeveel weegt u (in kg)?"},
    "breathing": {"fr": "Combien de séances d'exercices de respiration avez-vous faites ?",
                  "nl": "Hoeveel sessies ademhalingsoefeningen hebt u gedaan?"},
    "blood_pressure": {"fr": "Quelle était votre tension (par exemple 13/8) ?",
                       "nl": "Wat was uw bloeddruk (bijvoorbeeld 13/8)?"},
}


def render(key: str, lang: str, **values: object) -> str:
    lang = normalise(lang)
    return MESSAGES[key][lang].format(**values)


def amount(value: float, unit: str, lang: str) -> str:
    """ "30 min", "1,2 g/L", "6 000 pas" in the patient's language."""
    names = UNIT_NAMES.get(unit, {"fr": unit, "nl": unit})
    if unit == "g/L" and lang == "nl":
        return f"{format_number(value * 100, lang, 0)} mg/dL"
    return f"{format_number(value, lang)} {names[lang]}"


# The readable copy of a patient's data (bot/gdpr/export.py, index.html of
# `bot gdpr export`), in the patient's language: headings and sentences ...
EXPORT_TEXTS = {
    "title": {"fr": "Vos données chez Compagnon de soins",
              "nl": "Uw gegevens bij Zorgmaatje"},
    "intro": {
        "fr": "Ce document reprend toutes les données que votre équipe de soins conserve "
        "à votre sujet dans l'assistant de suivi : votre plan de soins, vos réponses, vos "
        "messages et qui a consulté votre dossier. Le fichier data.json contient les mêmes "
        "données sous une forme lisible par un ordinateur.",
        "nl": "Dit document bevat alle gegevens die uw zorgteam over u bewaart in de "
        "opvolgingsassistent: uw zorgplan, uw antwoorden, uw berichten en wie uw dossier "
        "heeft ingekeken. Het bestand data.json bevat dezelfde gegevens in een vorm die een "
        "computer kan lezen.",
    },
    "exported_at": {"fr": "Exporté le :", "nl": "Geëxporteerd op:"},
    "none": {"fr": "Aucune donnée.", "nl": "Geen gegevens."},
    "yes": {"fr": "oui", "nl": "ja"},
    "no": {"fr": "non", "nl": "nee"},
    "conversation_unreadable": {
        "fr": "Les échanges avec l'assistant sont conservés ailleurs et ne figurent pas dans "
        "cette copie ; demandez-les à votre équipe de soins.",
        "nl": "De gesprekken met de assistent worden elders bewaard en staan niet in deze "
        "kopie; vraag ze aan uw zorgteam.",
    },
    "machine_readable": {
        "fr": "Vous avez le droit de recevoir ces données et de les transmettre à un autre "
        "prestataire de soins (RGPD, articles 15 et 20).",
        "nl": "U hebt het recht deze gegevens te ontvangen en ze aan een andere "
        "zorgverlener door te geven (AVG, artikels 15 en 20).",
    },
    "section_patient": {"fr": "Identité", "nl": "Identiteit"},
    "section_channels": {"fr": "Comptes de messagerie", "nl": "Chataccounts"},
    "section_care_team": {"fr": "Équipe de soins", "nl": "Zorgteam"},
    "section_care_plan": {"fr": "Plan de soins : médicaments",
                          "nl": "Zorgplan: geneesmiddelen"},
    "section_goals": {"fr": "Objectifs", "nl": "Doelen"},
    "section_progress": {"fr": "Progrès notés", "nl": "Genoteerde vooruitgang"},
    "section_readings": {"fr": "Mesures", "nl": "Metingen"},
    "section_doses": {"fr": "Prises de médicaments et réponses",
                      "nl": "Innames van geneesmiddelen en antwoorden"},
    "section_appointments": {"fr": "Rendez-vous", "nl": "Afspraken"},
    "section_flags": {"fr": "Signalements à l'équipe et leurs notes",
                      "nl": "Meldingen aan het zorgteam en hun notities"},
    "section_messages_in": {"fr": "Messages reçus de vous", "nl": "Berichten van u"},
    "section_messages_out": {"fr": "Messages envoyés à vous", "nl": "Berichten aan u"},
    "section_conversation": {"fr": "Conversation avec l'assistant",
                             "nl": "Gesprek met de assistent"},
    "section_caregivers": {"fr": "Aidants proches", "nl": "Mantelzorgers"},
    "section_caregiver_messages": {"fr": "Messages envoyés à vos aidants",
                                   "nl": "Berichten aan uw mantelzorgers"},
    "section_reminders": {"fr": "Rappels", "nl": "Herinneringen"},
    "section_takeovers": {"fr": "Conversations reprises par une infirmière",
                          "nl": "Gesprekken overgenomen door een verpleegkundige"},
    "section_consent": {"fr": "Vos consentements, donnés ou retirés",
                        "nl": "Uw toestemmingen, gegeven of ingetrokken"},
    "section_audit": {"fr": "Qui a consulté ou modifié votre dossier",
                      "nl": "Wie uw dossier heeft ingekeken of gewijzigd"},
}

# ... and the names of the fields its tables show.
EXPORT_FIELDS = {
    "external_ref": {"fr": "Référence", "nl": "Referentie"},
    "first_name": {"fr": "Prénom", "nl": "Voornaam"},
    "last_name": {"fr": "Nom", "nl": "Achternaam"},
    "language": {"fr": "Langue", "nl": "Taal"},
    "timezone": {"fr": "Fuseau horaire", "nl": "Tijdzone"},
    "phone": {"fr": "Téléphone", "nl": "Telefoon"},
    "quiet_start": {"fr": "Pas de messages à partir de", "nl": "Geen berichten vanaf"},
    "quiet_end": {"fr": "Pas de messages jusqu'à", "nl": "Geen berichten tot"},
    "team": {"fr": "Équipe", "nl": "Team"},
    "created_at": {"fr": "Créé le", "nl": "Aangemaakt op"},
    "channel": {"fr": "Canal", "nl": "Kanaal"},
    "external_id": {"fr": "Identifiant du compte", "nl": "Accountnummer"},
    "consent_at": {"fr": "Accord donné le", "nl": "Toestemming gegeven op"},
    "opted_out_at": {"fr": "Désinscrit le", "nl": "Afgemeld op"},
    "role": {"fr": "Rôle", "nl": "Rol"},
    "name": {"fr": "Nom", "nl": "Naam"},
    "email": {"fr": "E-mail", "nl": "E-mail"},
    "dose_text": {"fr": "Dose", "nl": "Dosis"},
    "times": {"fr": "Heures", "nl": "Uren"},
    "start_date": {"fr": "Début", "nl": "Begin"},
    "end_date": {"fr": "Fin", "nl": "Einde"},
    "active": {"fr": "Actif", "nl": "Actief"},
    "kind": {"fr": "Type", "nl": "Soort"},
    "target_value": {"fr": "Objectif", "nl": "Doel"},
    "target_unit": {"fr": "Unité", "nl": "Eenheid"},
    "comparison": {"fr": "Comparaison", "nl": "Vergelijking"},
    "days_per_week": {"fr": "Jours par semaine", "nl": "Dagen per week"},
    "status": {"fr": "État", "nl": "Status"},
    "set_by": {"fr": "Fixé par", "nl": "Vastgelegd door"},
    "recorded_at": {"fr": "Noté le", "nl": "Genoteerd op"},
    "value": {"fr": "Valeur", "nl": "Waarde"},
    "unit": {"fr": "Unité", "nl": "Eenheid"},
    "source": {"fr": "Source", "nl": "Bron"},
    "scheduled_at": {"fr": "Prévu le", "nl": "Gepland op"},
    "medication": {"fr": "Médicament", "nl": "Geneesmiddel"},
    "answered_at": {"fr": "Réponse le", "nl": "Antwoord op"},
    "starts_at": {"fr": "Date", "nl": "Datum"},
    "with_whom": {"fr": "Avec", "nl": "Met"},
    "location": {"fr": "Lieu", "nl": "Plaats"},
    "notes": {"fr": "Remarques", "nl": "Opmerkingen"},
    "cancelled": {"fr": "Annulé", "nl": "Geannuleerd"},
    "severity": {"fr": "Gravité", "nl": "Ernst"},
    "summary": {"fr": "Résumé", "nl": "Samenvatting"},
    "acknowledged_by": {"fr": "Pris en charge par", "nl": "Opgenomen door"},
    "resolved_by": {"fr": "Clôturé par", "nl": "Afgesloten door"},
    "resolution_note": {"fr": "Note", "nl": "Notitie"},
    "received_at": {"fr": "Reçu le", "nl": "Ontvangen op"},
    "sender": {"fr": "Expéditeur", "nl": "Afzender"},
    "text": {"fr": "Texte", "nl": "Tekst"},
    "address": {"fr": "Destinataire", "nl": "Ontvanger"},
    "timestamp": {"fr": "Moment", "nl": "Tijdstip"},
    "type": {"fr": "Événement", "nl": "Gebeurtenis"},
    "intent": {"fr": "Compris comme", "nl": "Begrepen als"},
    "action": {"fr": "Action", "nl": "Actie"},
    "relationship_to_patient": {"fr": "Lien", "nl": "Relatie"},
    "receives_reminders": {"fr": "Reçoit les rappels", "nl": "Krijgt herinneringen"},
    "receives_missed_dose_alerts": {"fr": "Reçoit les alertes d'oubli",
                                    "nl": "Krijgt meldingen bij vergeten innames"},
    "may_see_medication_names": {"fr": "Peut voir le nom des médicaments",
                                 "nl": "Mag de namen van geneesmiddelen zien"},
    "due_at": {"fr": "Prévu le", "nl": "Gepland op"},
    "reason": {"fr": "Raison", "nl": "Reden"},
    "started_at": {"fr": "Début", "nl": "Begin"},
    "ended_at": {"fr": "Fin", "nl": "Einde"},
    "end_reason": {"fr": "Raison de la fin", "nl": "Reden van het einde"},
    "at": {"fr": "Quand", "nl": "Wanneer"},
    "scope": {"fr": "Pour", "nl": "Waarvoor"},
    "given": {"fr": "Donné", "nl": "Gegeven"},
    "caregiver_id": {"fr": "Aidant (n°)", "nl": "Mantelzorger (nr.)"},
    "actor": {"fr": "Qui", "nl": "Wie"},
    "entity": {"fr": "Quoi", "nl": "Wat"},
}
