## Sammen: dansk. Opmærkning: **fed**, [tekst](url); korte og venlige svar.

onboarding-welcome = 👋 Velkommen til **Sammen**! Jeg hjælper lokale virksomheder med at finde støtteordninger, tilbud, netværk og den rette person at tale med.
choose-language = Hvilket sprog vil du have, at jeg bruger?
language-set = Sprog: { $language }.
choose-region = Hvilken kommune eller region ligger din virksomhed i? Så giver jeg dig de svar og kontaktpersoner, der gælder for dig.
region-none = Andet / spring over
region-set = Region: { $region }.
region-cleared = Ingen region valgt: jeg viser svar fra alle regioner og siger, hvor de gælder.
business-offer = Vil du tilføje virksomhedens navn og CVR-nummer? Det er frivilligt, og det gør det lettere for os at hjælpe dig.
business-add = Tilføj min virksomhed
business-edit = Virksomhedsoplysninger
skip = Spring over
business-name-ask = Hvad hedder din virksomhed?
business-name-invalid = Skriv virksomhedens navn med 2 til 200 tegn, eller tryk Spring over.
org-number-ask = { $country ->
    [no] Hvad er organisationsnummeret? Ni cifre, for eksempel 123 456 785.
    [dk] Hvad er CVR-nummeret? Otte cifre.
    [se] Hvad er organisationsnummeret? Ti cifre, for eksempel 556036-0793.
   *[any] Hvad er virksomhedens nummer (Danmark CVR 8 cifre, Norge 9 cifre, Sverige 10 cifre)?
}
org-number-invalid = { $country ->
    [no] “{ $typed }” er ikke et gyldigt norsk organisationsnummer: det har 9 cifre og et kontrolciffer. Tjek nummeret og prøv igen, eller tryk Spring over.
    [dk] “{ $typed }” er ikke et gyldigt CVR-nummer: det har 8 cifre og et kontrolciffer. Tjek nummeret og prøv igen, eller tryk Spring over.
    [se] “{ $typed }” er ikke et gyldigt svensk organisationsnummer: det har 10 cifre og et kontrolciffer. Tjek nummeret og prøv igen, eller tryk Spring over.
   *[any] “{ $typed }” er ikke et gyldigt nummer (CVR 8 cifre, Norge 9, Sverige 10, alle med kontrolciffer). Tjek nummeret og prøv igen, eller tryk Spring over.
}
onboarding-done = ✅ Så er du klar! Skriv dit spørgsmål, for eksempel “hvilke netværk findes der for iværksættere?”, eller vælg noget i menuen.

menu-title = Hvad kan jeg hjælpe dig med?
menu-open = ☰ Menu
menu-ask = ❓ Stil et spørgsmål
menu-contacts = 📇 Kontakter
menu-profile = 👤 Min profil
menu-help = ℹ️ Hjælp
menu-language = 🌐 Sprog
menu-region = 📍 Region
help-text = **Sådan virker Sammen**
    Skriv dit spørgsmål med dine egne ord: om hjemsendelse, udskudte afgifter, tilskud, netværk eller arrangementer. Jeg svarer ud fra vidensbasen, som erhvervsforeningen og kommunen vedligeholder, og nævner den rette kontaktperson.
    Kommandoer:

profile-title = Din profil
profile-none = ikke angivet
profile-language = Sprog: { $language }
profile-region = Region: { $region }
profile-business = Virksomhed: { $business }
profile-org-number = CVR-/organisationsnummer: { $number }

stale-button = Beklager, den knap virker ikke længere. Her er menuen i stedet.
unknown-command = Jeg kender ikke kommandoen { $command }. Prøv /menu eller /help, eller skriv dit spørgsmål.
ask-prompt = Skriv dit spørgsmål med dine egne ord, så finder jeg svaret eller den rette person.
ask-unknown = Det er jeg ikke sikker på, og jeg vil ikke gætte. Prøv at spørge med andre ord, eller find en kontaktperson.
ask-offtopic = Det ligger uden for det, jeg kan hjælpe med: jeg svarer på virksomheders spørgsmål om støtteordninger, hjemsendelse, kommunale afgifter, netværk og hvem de kan kontakte. Gælder det private sager som dine egne ydelser, skat eller helbred, er borger.dk, Skattestyrelsen eller kommunen det rette sted. Handler det alligevel om din virksomhed, kan jeg sende spørgsmålet videre til en person.
suggest-intro = Jeg er ikke helt sikker. Mente du et af disse?
suggest-none = Ingen af disse
applies-to = Gælder: { $regions }.
contact-heading = Kontakt
feedback-helpful = 👍 Nyttigt
feedback-not-helpful = 👎 Ikke nyttigt
feedback-thanks = Tak for din tilbagemelding! 🙏
feedback-sorry = Beklager, at det ikke hjalp. Prøv at spørge med andre ord, eller spørg en person på det daglige rådgivningsmøde.
contacts-title = Kontaktpersoner
contacts-title-region = Kontaktpersoner for { $region }
contacts-none = Jeg har endnu ingen kontaktpersoner for din region. Vælg en anden med /region.

smalltalk-greeting = Hej! 👋 Spørg mig om støtteordninger, tilbud, netværk eller hvem du kan kontakte.
smalltalk-thanks = Selv tak! Er der andet, jeg kan hjælpe med?
smalltalk-who = Jeg er **Sammen**, en chatassistent drevet af erhvervsforeningen og kommunen. Jeg svarer på spørgsmål om støtteordninger og viser dig til den rette kontaktperson.
smalltalk-bye = Held og lykke med virksomheden! Du er altid velkommen tilbage.

error-apology = Beklager, noget gik galt hos os. Prøv igen om lidt.

command-start = Start forfra og opsæt din profil
command-menu = Vis menuen
command-ask = Stil et spørgsmål
command-contacts = Kontaktpersoner
command-profile = Din profil
command-language = Skift sprog
command-region = Skift region
command-help = Sådan virker Sammen

## Spørg en person (rådgivningsmødet)
menu-human = 🙋 Spørg en person
menu-questions = 📋 Mine spørgsmål
command-human = Spørg en person på rådgivningsmødet
command-questions = Dine spørgsmål til medarbejderne
clock = { $hh }.{ $mm }
meeting-when = { $weekday } den { $day }. { $month } kl. { $time }
forward-confirm = Vil du sende dit spørgsmål til rådgivningsmødet? De mødes på hverdage kl. { $time }, og du får svaret her.
forward-yes = ✅ Ja, send det
forward-no = Nej tak
forward-cancelled = Okay, jeg sender det ikke. Er der andet, jeg kan hjælpe med?
forward-done = 📨 Sendt til rådgivningsmødet som spørgsmål #{ $number }. Næste møde: { $when }. Du får svaret her.
forward-already = Du har allerede sendt dette spørgsmål (#{ $number }). Næste møde: { $when }.
human-prompt = Hvad vil du spørge rådgivningsmødet om? Skriv dit spørgsmål, så sender jeg det videre.
human-cancel = Annuller
human-cancelled = Okay, der blev ikke sendt noget.
questions-title = Dine åbne spørgsmål
questions-item = #{ $number }, { $date }: { $text }
questions-none = Du har ingen åbne spørgsmål. Skriv et spørgsmål når som helst, eller brug /human for at spørge en person.
questions-withdraw = Træk #{ $number } tilbage
withdrawn = Spørgsmål #{ $number } er trukket tilbage. Medarbejderne svarer ikke på det.
ticket-not-open = Spørgsmål #{ $number } er ikke længere åbent.
relay-intro = 💬 Svar fra rådgivningsmødet på dit spørgsmål “{ $question }”:
relay-signature = – { $name }
relay-solved = ✅ Tak, løst
relay-followup = ↩️ Jeg har et opfølgende spørgsmål
solved-thanks = Godt, det hjalp! Spørgsmål #{ $number } er lukket.
followup-prompt = Skriv dit opfølgende spørgsmål til #{ $number }, så sender jeg det til rådgivningsmødet.
followup-done = 📨 Dit opfølgende spørgsmål til #{ $number } er sendt. Næste møde: { $when }.

## Medarbejderchatten (på standardsproget)
staff-new = 🆕 **Spørgsmål #{ $number }** fra { $who } ({ $channel }, { $language }, { $region })
staff-followup = ↩️ **Opfølgning på #{ $number }** fra { $who } ({ $channel }, { $language }, { $region })
staff-original = Oprindeligt spørgsmål: { $text }
staff-guesses = Assistentens gæt: { $guesses }
staff-no-guesses = Assistenten havde intet gæt.
staff-no-region = ingen region
staff-unknown-user = en bruger
staff-answer-button = ✍️ Svar på #{ $number }
staff-answer-prompt = ✍️ { $name }, svar på denne besked med dit svar på #{ $number }: “{ $text }”
staff-answer-sent = ✅ { $name } svarede på #{ $number }; svaret er på vej til brugeren.
staff-already-answered = ℹ️ #{ $number } er allerede besvaret; dit svar sendes som et nyt svar.
staff-not-staff = Beklager, kun rådgiverne kan svare på spørgsmål her.
staff-not-allowed = Beklager, din medarbejderkonto må ikke svare på spørgsmål.
staff-ticket-gone = Spørgsmål #{ $number } kan ikke længere besvares (det er trukket tilbage eller lukket).
staff-reminder = ⏰ **{ $count ->
    [one] Ét spørgsmål har
   *[other] { $count } spørgsmål har
} ventet mere end 24 timer på svar:**
staff-reminder-item = #{ $number } ({ $hours } t): { $text }

## A staff-chat notice once its question is taken care of (one line added, the Answer button removed).
staff-notice-answered = ✅ Besvaret af { $name }
staff-notice-closed = 🔒 Lukket af { $name }
staff-notice-solved = 🔒 Lukket af brugeren: løst
staff-notice-withdrawn = ↩️ Trukket tilbage af brugeren

## The web chat's answers to a request it cannot take (shown by API clients; the page has its own wording).
web-not-json = Beklager, beskeden kunne ikke læses. Send et JSON-objekt, for eksempel {"{"}"text": "Hej"{"}"}.
web-content-type = Send beskeden som JSON (Content-Type: application/json).
web-origin = Denne chat tager kun imod beskeder fra sin egen side.
web-too-long = Beskeden er for lang. Hold den under { $max } tegn.
web-empty = Skriv en besked først.
web-bad-text = Teksten i en besked skal være en streng.
web-bad-action = Knappen kunne ikke læses. Prøv igen.
web-text-or-action = Send enten tekst eller et tryk på en knap, ikke begge dele.
web-failed = Noget gik galt, prøv igen.
staff-notice-reopened = 🔓 Genåbnet af { $name }
feedback-sorry-contacts = De her kan hjælpe dig med det
ask-unknown-place = Jeg har desværre ikke oplysninger om { $place }. Jeg har oplysninger om { $regions }. Jeg kan sende dit spørgsmål videre til en person.
region-offer = Skal jeg huske { $region } som dit område? Så får du svarene derfra først.
region-offer-yes = Ja, husk { $region }
region-offer-no = Nej tak
region-offer-declined = Fint, jeg husker ikke noget område. Du kan vælge et når som helst med /region.

# Web chat (issue 10): a request body nested deeper than the bound
web-too-deep = Beskeden er indlejret for dybt til at kunne læses. Send et enkelt JSON-objekt.

# --- privacy
command-privacy = Privatliv: hvad Sammen gemmer
command-mydata = Få en kopi af dine data
command-deleteme = Slet dine data
privacy-line = 🔒 Jeg gemmer det, du skriver, og din profil for at kunne svare og sende spørgsmål videre. Se /privacy.
privacy-notice = **Privatliv i Sammen**
    Jeg gemmer din profil (sprog, område og eventuelt virksomhed og CVR-nummer), dine spørgsmål og svarene du får, og spørgsmål du sender til en person. Det bruges kun til at svare dig og til anonym statistik for erhvervsforeningen og kommunen. Spørgsmål mister deres tekst efter { $days } dage.
    /mydata giver dig en kopi af det hele, /deleteme sletter det.
mydata-title = Det har jeg gemt om dig
mydata-item = { $kind }: { $count }
mydata-kind-profile = profil
mydata-kind-questions = spørgsmål
mydata-kind-questions-to-the-staff = spørgsmål til en person
mydata-kind-download-links = downloadlinks
mydata-kind-offers = tilbud
mydata-kind-briefing = daglig opsummering
mydata-kind-groups-and-events = grupper og arrangementer
mydata-file = Det hele ligger i filen sammen-mydata.json.
deleteme-confirm = Vil du slette din profil, dine spørgsmål og alt andet, jeg har gemt om dig? Det kan ikke fortrydes.
deleteme-yes = Ja, slet alt
deleteme-no = Nej, behold
deleteme-cancelled = Fint, intet er slettet.
deleteme-done = Færdig: dine data er slettet. Skriv /start, hvis du vil bruge Sammen igen.
privacy-private-only = Det gør jeg kun i en privat samtale med dig, ikke i en gruppe.

## groups
command-groups = Netværksgrupper nær dig
command-events = Arrangementer nær dig
command-mine = Mine grupper og tilmeldinger
menu-groups = 🤝 Netværksgrupper
menu-events = 📅 Arrangementer
menu-mine = ⭐ Mine grupper og arrangementer
groups-title = Netværksgrupper
groups-title-region = Netværksgrupper i { $region }
events-title = Arrangementer
events-title-region = Arrangementer i { $region }
groups-none = Der er ingen netværksgrupper her endnu.
events-none = Der er ingen kommende arrangementer her lige nu.
gather-no-date = arrangøren melder møderne ud
gather-more = … og { $count } mere.
gather-held = Afholdt tidligere: { $title }, { $when }.
gather-when = { $day } kl. { $time }
gather-when-day = { $day }
gather-places-open = { $members } deltager
gather-places-free = { $free } af { $capacity } pladser ledige
gather-places-full = fuldt ({ $capacity } pladser), { $waiting } på venteliste
gather-event-date = 📅 { $when }
gather-event-past = Arrangementet blev holdt { $when }.
gather-event-cancelled = Arrangementet { $when } er aflyst.
gather-deadline = Tilmeldingsfrist { $when }.
gather-next = 📅 Næste: { $when }
gather-no-schedule = 📅 Arrangøren melder møderne ud.
gather-where = 📍 { $where }
gather-closed = Gruppen optager ikke nye medlemmer lige nu.
gather-organiser = Arrangør: { $name }, { $organisation }
gather-you-member = Du er medlem.
gather-you-signed-up = Du er tilmeldt.
gather-you-waiting = Du er nummer { $position } på ventelisten.
gather-join = Meld dig ind
gather-sign-up = Tilmeld
gather-join-waiting = Sæt mig på ventelisten
gather-leave = Forlad gruppen
gather-cancel = Afmeld mig
gather-leave-waiting = Gå af ventelisten
gather-details = Detaljer
gather-not-open = { $title } er ikke åben for tilmelding.
gather-already = Du har allerede en plads i { $title }.
gather-already-waiting = Du står allerede på ventelisten til { $title }, som nummer { $position }.
gather-business-taken = En fra din virksomhed har allerede en plads i { $title }: én plads pr. virksomhed.
gather-waiting = { $title } er fuld. Du står på ventelisten som nummer { $position }; jeg siger til, så snart der bliver en plads ledig.
gather-joined = Velkommen i { $title }! Nu er du medlem.
gather-signed-up = Du er tilmeldt { $title }.
gather-calendar-file = Kalenderfilen lægger det ind i din kalender.
gather-not-in = Du har ingen plads i { $title }.
gather-left = Du har forladt { $title }.
gather-cancelled = Din tilmelding til { $title } er afmeldt. Kalenderfilen fjerner den fra din kalender.
gather-left-waiting = Du er taget af ventelisten til { $title }.
gather-cant-come-freed = Tak for besked: din plads til { $title } går til den næste på ventelisten.
gather-absence-noted = Tak, noteret: du kan ikke komme til dette møde i { $title }. Du er stadig medlem.
gather-promoted = Gode nyheder: der blev en plads ledig, og nu er du med i { $title }!
gather-find-title = Grupper og arrangementer, der passer
gather-find-none = Jeg kender ikke til kommende møder nær dig lige nu.
gather-remind-day = Påmindelse: { $title } er i morgen, { $when }.
gather-remind-hour = Påmindelse: { $title } starter om en time, { $when }.
gather-cant-come = Kan ikke komme
gather-moved = { $title } er flyttet: nu { $when } (var { $before }). Kalenderfilen opdaterer din kalender.
gather-occurrence-cancelled = { $title } { $when } er aflyst. Kalenderfilen fjerner det fra din kalender.
gather-message = Besked fra arrangøren af { $title }:
digest-events-heading = Møder og arrangementer i denne uge
mine-title = Dine grupper og tilmeldinger
mine-none = Du er ikke med i nogen grupper og er ikke tilmeldt nogen arrangementer endnu.
mine-member = medlem
mine-signed-up = tilmeldt
mine-waiting = nummer { $position } på ventelisten
gather-remind-soon = Påmindelse: { $title } er snart, { $when }.
gather-part-of = Et møde i { $group }.
## Teams
teams-link-expired = Linket er udløbet eller findes ikke. Bed om filen igen i chatten.
## daily briefing
command-briefing = Daglig opsummering: det nye, hver morgen
command-stop = Stop den daglige opsummering
menu-briefing = ☀️ Daglig opsummering
briefing-intro = ☀️ **Daglig opsummering**
    Én kort besked om morgenen med det, der er nyt for dig: nyheder fra os, ændringer i støtteordninger og mere. Er intet nyt, kommer der ingen besked.
    Hvornår vil du have den? Vælg et tidspunkt eller skriv det ({ $slots }).
briefing-choose-time = Hvornår vil du have opsummeringen? Vælg et tidspunkt eller skriv det ({ $slots }).
briefing-time-invalid = Jeg kan sende den på disse tidspunkter: { $slots }. Vælg et af dem.
briefing-choose-days = Hvilke dage?
briefing-choose-topics = Hvad skal den handle om? Tryk på et emne for at slå det til eller fra.
briefing-topics-none = Behold mindst ét emne, eller tryk Stop for at afslutte opsummeringen.
briefing-confirmed = ✅ Klaret!
briefing-summary = Du får en opsummering { $days } kl. { $time } (din lokale tid) med: { $topics }.
briefing-nothing-quiet = Er intet nyt, sender jeg ingenting den dag.
briefing-nothing-new-sent = Er intet nyt, får du en kort besked om det.
briefing-paused = ⏸ Din opsummering er sat på pause.
briefing-days-weekdays = på hverdage
briefing-days-daily = hver dag
briefing-time-button = 🕖 Tidspunkt
briefing-days-button = 📅 Dage
briefing-topics-button = 🗂 Emner
briefing-pause-button = ⏸ Pause
briefing-resume-button = ▶️ Fortsæt
briefing-stop-button = ⏹ Stop
briefing-done-button = ✔️ Færdig
briefing-subscribe-button = ☀️ Få daglig opsummering
briefing-stopped = Den daglige opsummering er stoppet. Du kan starte den igen når som helst med /briefing.
briefing-not-subscribed = Du har ingen daglig opsummering. Vil du have en?
briefing-topic-knowledge = Støtteordninger og ændringer i vidensbasen
briefing-topic-news = Nyheder fra os
briefing-topic-offers = Tilbud
briefing-topic-events = Grupper og arrangementer
briefing-header = ☀️ **Godmorgen! Din opsummering for { $date }**
briefing-knowledge-added = Nyt: { $title }
briefing-knowledge-changed = Opdateret: { $title }
briefing-news-link = Læs mere
briefing-and-more = …og { $count } mere
briefing-more = Mere ➡️
briefing-more-header = ☀️ **Din opsummering, fortsat**
briefing-more-gone = Den opsummering har ikke mere at vise.
briefing-nothing-new = Intet nyt i dag.
briefing-settings-button = ⚙️ Indstillinger for opsummeringen
## offers
command-newoffer = Slå et køb lokalt-tilbud op
command-offers = Find lokale tilbud
command-myoffers = Dine tilbud
menu-newoffer = 🏷 Slå tilbud op
menu-offers = 🛍 Lokale tilbud
offer-need-business = For at slå et tilbud op skal jeg først have virksomhedens navn og CVR-nummer. Så fortsætter vi med tilbuddet.
offer-business-saved = Gemt: { $business }, { $number }.
offer-ask-region = Hvilken kommune eller region gælder tilbuddet?
offer-ask-title = Hvad er tilbuddet? Skriv en kort titel (højst { $max } tegn), f.eks. “20 % på alle vinterstøvler”.
offer-ask-description = Beskriv tilbuddet (højst { $max } tegn).
offer-ask-category = Hvilken kategori?
offer-ask-delivery = Hvordan får kunderne det? Vælg en eller flere, og tryk Færdig.
offer-ask-price = Pris eller rabat? (f.eks. “fra 199 kr.” eller “2 for 1”), eller tryk Spring over.
offer-ask-until = Hvor længe gælder det? F.eks. “31.12”, “i morgen”, “om 2 uger” eller “næste fredag” (højst { $days } dage frem).
offer-until-default = Brug { $date }
offer-ask-image = Send et billede eller et billedlink, der begynder med https://, eller tryk Spring over.
offer-ask-image-link = Send et billedlink, der begynder med https://, eller tryk Spring over.
offer-ask-contact = Hvordan når kunderne jer? Telefon, webadresse og/eller adresse.
offer-now = Nu: { $value }
offer-cancel = ✖ Annuller
offer-cancelled = Tilbuddet blev ikke slået op.
offer-skip = Spring over
offer-done = ✅ Færdig
offer-use-buttons = Brug venligst knapperne.
offer-title-long = Titlen har { $length } tegn; højst { $max }, tak. Du skrev: “{ $typed }”
offer-description-long = Beskrivelsen har { $length } tegn; højst { $max }, tak. Her er det, du skrev, så du kan forkorte det:
offer-price-long = Pristeksten kan højst have { $max } tegn. Du skrev: “{ $typed }”
offer-contact-short = Angiv et telefonnummer, en webadresse eller en adresse.
offer-contact-long = Kontaktoplysningerne kan højst have { $max } tegn. Du skrev: “{ $typed }”
offer-delivery-none = Vælg mindst én måde at få tilbuddet på.
offer-delivery-home = Levering til døren
offer-delivery-pickup = Afhentning
offer-delivery-store = I butikken
offer-delivery-online = Online
offer-until-unreadable = Jeg kunne ikke læse “{ $typed }” som en dato. Prøv “31.12”, “2026-12-31”, “i morgen” eller “om 2 uger”.
offer-until-past = { $date } er allerede passeret. Vælg en dato fra i dag og frem.
offer-until-far = { $date } er for langt ude: et tilbud kan højst gælde { $days } dage, til { $last }.
offer-until-set = 📅 Gælder til { $date }.
offer-image-https = Billedlinket skal begynde med https:// (“{ $typed }”). Send et andet link eller et billede, eller tryk Spring over.
offer-image-bad = “{ $typed }” er ikke et billedlink. Send et billede eller et link, der begynder med https://, eller tryk Spring over.
offer-preview = Sådan kommer dit tilbud til at se ud:
offer-publish = 📣 Offentliggør
offer-publish-again = 📣 Send til godkendelse
offer-edit-field = ✏️ Ret et felt
offer-which-field = Hvilket felt vil du rette?
offer-field-title = Titel
offer-field-description = Beskrivelse
offer-field-category = Kategori
offer-field-delivery = Hvordan man får det
offer-field-price = Pris
offer-field-until = Gælder til
offer-field-image = Billede
offer-field-contact = Kontakt
offer-duplicate = Du har allerede et næsten ens tilbud: “{ $title }” (#{ $number }). Ret det i stedet.
offer-limit = Virksomheden har allerede { $max } aktive tilbud, hvilket er det højeste tilladte. Træk et tilbage eller vent, til et udløber.
offer-rate = Du har slået { $max } tilbud op det seneste døgn. Vent lidt, før du slår flere op.
offer-submitted = ✅ Tak! Tilbud #{ $number } venter på godkendelse fra rådgiverne. Jeg siger til, når det er offentliggjort.
offer-edit-intro = Du retter tilbud #{ $number }. Efter en ændring tjekker rådgiverne det igen.
offer-card-category = 🏷 { $category }
offer-card-price = 💰 { $price }
offer-card-delivery = 🚚 { $modes }
offer-card-until = 📅 Til { $date }
offer-card-contact = ☎ { $contact }
offer-card-image = 🖼 Billede
offer-card-photo = 📷 Billede vedhæftet
offer-card-status = Status: { $status }
offer-status-pending = ⏳ venter på godkendelse
offer-status-approved = ✅ offentliggjort
offer-status-rejected = ❌ afvist
offer-status-withdrawn = ↩️ trukket tilbage
offer-status-expired = ⌛ udløbet
offer-list-title = 🛍 Tilbud: { $filters }
offer-list-none = Ingen tilbud passer lige nu.
offer-list-end = Ikke flere tilbud.
offer-all-regions = Alle regioner
offer-any-category = Alle kategorier
offer-ask-region-browse = Tilbud fra hvilken region?
offer-more = ➡️ Flere
offer-filter-category = 🏷 Kategori
offer-filter-home = 🚚 Leverer til døren
offer-filter-region = 📍 Region
offer-filter-search = 🔎 Søg
offer-filter-clear = ✖ Fjern filtre
offer-search-ask = Hvad leder du efter? (f.eks. “blomster” eller “bager”)
offer-found-heading = 🛍 Lokale tilbud, der passer:
offer-digest-heading = Nye lokale tilbud
offer-digest-item = { $title } – { $business } (til { $date })
offer-mine-title = Dine tilbud
offer-mine-none = Du har ingen tilbud endnu.
offer-mine-open = 📋 Mine tilbud
offer-mine-edit = ✏️ Ret #{ $number }
offer-mine-withdraw = ↩️ Træk #{ $number }
offer-mine-extend = ⏳ +14 dage #{ $number }
offer-mine-withdraw-sure = Trække “{ $title }” tilbage? Det forsvinder fra listerne med det samme.
offer-mine-withdraw-yes = Ja, træk det tilbage
offer-mine-withdrawn = Tilbud #{ $number } er trukket tilbage.
offer-mine-extended = ⏳ Tilbud #{ $number } gælder nu til { $date }.
offer-mine-gone = Tilbud #{ $number } kan ikke længere ændres på den måde.
offer-extend-button = ⏳ Forlæng { $days } dage
offer-approved = ✅ Dit tilbud “{ $title }” (#{ $number }) er offentliggjort.
offer-rejected = ❌ Dit tilbud “{ $title }” (#{ $number }) blev ikke godkendt: { $reason }. Du kan rette det og sende det igen.
offer-withdrawn-by-staff = ↩️ Rådgiverne har taget dit tilbud “{ $title }” (#{ $number }) ned: { $reason }.
offer-expiring = ⌛ Dit tilbud “{ $title }” (#{ $number }) slutter efter { $date }. Vil du forlænge det?
offer-staff-new = 🏷 Nyt tilbud #{ $number } fra { $business } ({ $org })
offer-staff-edited = 🏷 Rettet tilbud #{ $number } fra { $business } ({ $org })
offer-staff-approve = ✅ Godkend
offer-staff-reject = ❌ Afvis
offer-staff-approved = ✅ Tilbud #{ $number } “{ $title }” er offentliggjort.
offer-staff-rejected = ❌ Tilbud #{ $number } er afvist: { $reason }
offer-staff-reason-prompt = { $name }, svar på denne besked med grunden til, at tilbud #{ $number } afvises (den, der slog det op, ser den).
offer-staff-gone = Tilbud #{ $number } venter ikke længere på godkendelse.
offer-staff-approved-line = ✅ Godkendt af { $name }
offer-staff-rejected-line = ❌ Afvist af { $name }
offer-staff-withdrawn-line = ↩️ Trukket tilbage af { $name }
offer-staff-superseded-line = ✏️ Rettet af den, der slog det op: se den nyere besked.
offer-staff-withdrawn-own-line = ↩️ Trukket tilbage af den, der slog det op.
offer-channel-gone-line = ↩️ Tilbuddet gælder ikke længere.
offer-channel-updated-line = ✏️ Opdateret: se det nyere opslag.
offers-page-title = Køb lokalt
offers-page-intro = Tilbud fra lokale virksomheder, tjekket af rådgiverne.
offers-page-region = Region
offers-page-category = Kategori
offers-page-search = Søg
offers-page-filter = Vis
offers-page-none = Ingen tilbud passer lige nu.
offers-page-next = Flere tilbud →
offers-page-feed = Nyhedsfeed (Atom)
