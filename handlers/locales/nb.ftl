## Sammen: bokmål. Markering: **fet**, [tekst](url); korte og vennlige svar.

onboarding-welcome = 👋 Velkommen til **Sammen**! Jeg hjelper lokale bedrifter å finne støtteordninger, tilbud, nettverk og rett person å snakke med.
choose-language = Hvilket språk vil du at jeg skal bruke?
language-set = Språk: { $language }.
choose-region = Hvilken kommune eller region holder bedriften din til i? Da gir jeg deg svarene og kontaktpersonene som gjelder for deg.
region-none = Annet / hopp over
region-set = Region: { $region }.
region-cleared = Ingen region valgt: jeg viser svar fra alle regioner og sier hvor de gjelder.
business-offer = Vil du legge inn navn og organisasjonsnummer for bedriften? Det er frivillig, og det gjør det lettere for oss å hjelpe deg.
business-add = Legg inn bedriften
business-edit = Bedriftsopplysninger
skip = Hopp over
business-name-ask = Hva heter bedriften din?
business-name-invalid = Skriv bedriftsnavnet med 2 til 200 tegn, eller trykk Hopp over.
org-number-ask = { $country ->
    [no] Hva er organisasjonsnummeret? Ni siffer, for eksempel 123 456 785.
    [dk] Hva er CVR-nummeret? Åtte siffer.
    [se] Hva er organisasjonsnummeret? Ti siffer, for eksempel 556036-0793.
   *[any] Hva er organisasjonsnummeret (Norge 9 siffer, Danmark CVR 8 siffer, Sverige 10 siffer)?
}
org-number-invalid = { $country ->
    [no] «{ $typed }» er ikke et gyldig norsk organisasjonsnummer: det har 9 siffer og et kontrollsiffer. Sjekk nummeret og prøv igjen, eller trykk Hopp over.
    [dk] «{ $typed }» er ikke et gyldig CVR-nummer: det har 8 siffer og et kontrollsiffer. Sjekk nummeret og prøv igjen, eller trykk Hopp over.
    [se] «{ $typed }» er ikke et gyldig svensk organisasjonsnummer: det har 10 siffer og et kontrollsiffer. Sjekk nummeret og prøv igjen, eller trykk Hopp over.
   *[any] «{ $typed }» er ikke et gyldig organisasjonsnummer (Norge 9 siffer, Danmark 8, Sverige 10, alle med kontrollsiffer). Sjekk nummeret og prøv igjen, eller trykk Hopp over.
}
onboarding-done = ✅ Alt klart! Skriv spørsmålet ditt, for eksempel «kan vi få utsatt kommunale avgifter?», eller velg noe fra menyen.

menu-title = Hva kan jeg hjelpe deg med?
menu-open = ☰ Meny
menu-ask = ❓ Still et spørsmål
menu-contacts = 📇 Kontakter
menu-profile = 👤 Min profil
menu-help = ℹ️ Hjelp
menu-language = 🌐 Språk
menu-region = 📍 Region
help-text = **Slik virker Sammen**
    Skriv spørsmålet med dine egne ord: om permittering, utsatte avgifter, tilskudd, nettverk eller arrangementer. Jeg svarer fra kunnskapsbasen som næringsforeningen, NAV og kommunen holder ved like, og nevner rett kontaktperson.
    Kommandoer:

profile-title = Din profil
profile-none = ikke satt
profile-language = Språk: { $language }
profile-region = Region: { $region }
profile-business = Bedrift: { $business }
profile-org-number = Organisasjonsnummer: { $number }

stale-button = Beklager, den knappen virker ikke lenger. Her er menyen i stedet.
unknown-command = Jeg kjenner ikke kommandoen { $command }. Prøv /menu eller /help, eller skriv spørsmålet ditt.
ask-prompt = Skriv spørsmålet med dine egne ord, så finner jeg svaret eller rett person.
ask-unknown = Det er jeg ikke sikker på, og jeg vil ikke gjette. Prøv å spørre med andre ord, eller finn en kontaktperson.
ask-offtopic = Det er utenfor det jeg kan hjelpe med: jeg svarer på spørsmål fra bedrifter om støtteordninger, permittering, kommunale avgifter, nettverk og hvem de kan kontakte. Gjelder det private saker som dine egne ytelser, skatt eller helse, er NAV, Skatteetaten eller kommunen rett sted. Handler det likevel om bedriften din, kan jeg sende spørsmålet til en person.
suggest-intro = Jeg er ikke helt sikker. Mente du et av disse?
suggest-none = Ingen av disse
applies-to = Gjelder: { $regions }.
contact-heading = Kontakt
feedback-helpful = 👍 Nyttig
feedback-not-helpful = 👎 Ikke nyttig
feedback-thanks = Takk for tilbakemeldingen! 🙏
feedback-sorry = Beklager at det ikke hjalp. Prøv å spørre med andre ord, eller spør en person på det daglige rådgivningsmøtet.
contacts-title = Kontaktpersoner
contacts-title-region = Kontaktpersoner for { $region }
contacts-none = Jeg har ingen kontaktpersoner for regionen din ennå. Velg en annen med /region.

smalltalk-greeting = Hei! 👋 Spør meg om støtteordninger, tilbud, nettverk eller hvem du kan kontakte.
smalltalk-thanks = Bare hyggelig! Er det noe mer jeg kan hjelpe med?
smalltalk-who = Jeg er **Sammen**, en chatteassistent drevet av næringsforeningen, NAV og kommunen. Jeg svarer på spørsmål om støtteordninger og viser deg til rett kontaktperson.
smalltalk-bye = Lykke til med bedriften! Velkommen tilbake når som helst.

error-apology = Beklager, noe gikk galt hos oss. Prøv igjen om litt.

command-start = Start på nytt og sett opp profilen
command-menu = Vis menyen
command-ask = Still et spørsmål
command-contacts = Kontaktpersoner
command-profile = Din profil
command-language = Bytt språk
command-region = Bytt region
command-help = Slik virker Sammen

## Spør en person (rådgivningsmøtet)
menu-human = 🙋 Spør en person
menu-questions = 📋 Mine spørsmål
command-human = Spør en person på rådgivningsmøtet
command-questions = Dine spørsmål til de ansatte
clock = { $hh }:{ $mm }
meeting-when = { $weekday } { $day }. { $month } kl. { $time }
forward-confirm = Vil du sende spørsmålet til rådgivningsmøtet? De møtes hverdager kl. { $time }, og du får svaret her.
forward-yes = ✅ Ja, send det
forward-no = Nei takk
forward-cancelled = Greit, jeg sender det ikke. Er det noe annet jeg kan hjelpe med?
forward-done = 📨 Sendt til rådgivningsmøtet som spørsmål #{ $number }. Neste møte: { $when }. Du får svaret her.
forward-already = Du har allerede sendt dette spørsmålet (#{ $number }). Neste møte: { $when }.
human-prompt = Hva vil du spørre rådgivningsmøtet om? Skriv spørsmålet, så sender jeg det videre.
human-cancel = Avbryt
human-cancelled = Greit, ingenting ble sendt.
questions-title = Dine åpne spørsmål
questions-item = #{ $number }, { $date }: { $text }
questions-none = Du har ingen åpne spørsmål. Skriv et spørsmål når som helst, eller bruk /human for å spørre en person.
questions-withdraw = Trekk tilbake #{ $number }
withdrawn = Spørsmål #{ $number } er trukket tilbake. De ansatte vil ikke svare på det.
ticket-not-open = Spørsmål #{ $number } er ikke lenger åpent.
relay-intro = 💬 Svar fra rådgivningsmøtet på spørsmålet ditt «{ $question }»:
relay-signature = – { $name }
relay-solved = ✅ Takk, løst
relay-followup = ↩️ Jeg har et oppfølgingsspørsmål
solved-thanks = Så bra at det hjalp! Spørsmål #{ $number } er lukket.
followup-prompt = Skriv oppfølgingsspørsmålet ditt til #{ $number }, så sender jeg det til rådgivningsmøtet.
followup-done = 📨 Oppfølgingsspørsmålet til #{ $number } er sendt. Neste møte: { $when }.

## Ansattchatten (på standardspråket)
staff-new = 🆕 **Spørsmål #{ $number }** fra { $who } ({ $channel }, { $language }, { $region })
staff-followup = ↩️ **Oppfølging av #{ $number }** fra { $who } ({ $channel }, { $language }, { $region })
staff-original = Opprinnelig spørsmål: { $text }
staff-guesses = Assistentens gjetninger: { $guesses }
staff-no-guesses = Assistenten hadde ingen gjetning.
staff-no-region = ingen region
staff-unknown-user = en bruker
staff-answer-button = ✍️ Svar på #{ $number }
staff-answer-prompt = ✍️ { $name }, svar på denne meldingen med svaret ditt på #{ $number }: «{ $text }»
staff-answer-sent = ✅ { $name } svarte på #{ $number }; svaret er på vei til brukeren.
staff-already-answered = ℹ️ #{ $number } er allerede besvart; svaret ditt sendes som et nytt svar.
staff-not-staff = Beklager, bare rådgiverne kan svare på spørsmål her.
staff-not-allowed = Beklager, ansattkontoen din kan ikke svare på spørsmål.
staff-ticket-gone = Spørsmål #{ $number } kan ikke lenger besvares (det er trukket tilbake eller lukket).
staff-reminder = ⏰ **{ $count ->
    [one] Ett spørsmål har
   *[other] { $count } spørsmål har
} ventet mer enn 24 timer på svar:**
staff-reminder-item = #{ $number } ({ $hours } t): { $text }

## A staff-chat notice once its question is taken care of (one line added, the Answer button removed).
staff-notice-answered = ✅ Besvart av { $name }
staff-notice-closed = 🔒 Lukket av { $name }
staff-notice-solved = 🔒 Lukket av brukeren: løst
staff-notice-withdrawn = ↩️ Trukket tilbake av brukeren

## The web chat's answers to a request it cannot take (shown by API clients; the page has its own wording).
web-not-json = Beklager, meldingen kunne ikke leses. Send et JSON-objekt, for eksempel {"{"}"text": "Hei"{"}"}.
web-content-type = Send meldingen som JSON (Content-Type: application/json).
web-origin = Denne chatten tar bare imot meldinger fra sin egen side.
web-too-long = Meldingen er for lang. Hold den under { $max } tegn.
web-empty = Skriv en melding først.
web-bad-text = Teksten i en melding må være en streng.
web-bad-action = Knappen kunne ikke leses. Prøv igjen.
web-text-or-action = Send enten tekst eller et knappetrykk, ikke begge deler.
web-failed = Noe gikk galt, prøv igjen.
staff-notice-reopened = 🔓 Gjenåpnet av { $name }
feedback-sorry-contacts = Disse kan hjelpe deg med dette
ask-unknown-place = Jeg har dessverre ikke informasjon for { $place }. Jeg har informasjon for { $regions }. Jeg kan sende spørsmålet ditt videre til en person.
region-offer = Skal jeg huske { $region } som din region? Da får du svarene derfra først.
region-offer-yes = Ja, husk { $region }
region-offer-no = Nei takk
region-offer-declined = Greit, jeg husker ikke noen region. Du kan velge en når som helst med /region.

# Web chat (issue 10): a request body nested deeper than the bound
web-too-deep = Meldingen er nøstet for dypt til å kunne leses. Send et enkelt JSON-objekt.

# --- privacy
command-privacy = Personvern: hva Sammen lagrer
command-mydata = Få en kopi av dine data
command-deleteme = Slett dine data
privacy-line = 🔒 Jeg lagrer det du skriver og profilen din for å kunne svare og sende spørsmål videre. Se /privacy.
privacy-notice = **Personvern i Sammen**
    Jeg lagrer profilen din (språk, region og eventuelt bedrift og organisasjonsnummer), spørsmålene dine og svarene du får, og spørsmål du sender til en person. Det brukes bare til å svare deg og til anonym statistikk for næringsforumet og kommunen. Spørsmål mister teksten etter { $days } dager.
    /mydata gir deg en kopi av alt, /deleteme sletter det.
mydata-title = Dette har jeg lagret om deg
mydata-item = { $kind }: { $count }
mydata-kind-profile = profil
mydata-kind-questions = spørsmål
mydata-kind-questions-to-the-staff = spørsmål til en person
mydata-kind-download-links = nedlastingslenker
mydata-kind-offers = tilbud
mydata-kind-briefing = daglig oppsummering
mydata-kind-groups-and-events = grupper og arrangementer
mydata-file = Alt sammen ligger i filen sammen-mydata.json.
deleteme-confirm = Vil du slette profilen din, spørsmålene dine og alt annet jeg har lagret om deg? Det kan ikke angres.
deleteme-yes = Ja, slett alt
deleteme-no = Nei, behold
deleteme-cancelled = Greit, ingenting er slettet.
deleteme-done = Ferdig: dataene dine er slettet. Skriv /start hvis du vil bruke Sammen igjen.
privacy-private-only = Det gjør jeg bare i en privat samtale med deg, ikke i en gruppe.

## groups
command-groups = Nettverksgrupper nær deg
command-events = Arrangementer nær deg
command-mine = Mine grupper og påmeldinger
menu-groups = 🤝 Nettverksgrupper
menu-events = 📅 Arrangementer
menu-mine = ⭐ Mine grupper og arrangementer
groups-title = Nettverksgrupper
groups-title-region = Nettverksgrupper i { $region }
events-title = Arrangementer
events-title-region = Arrangementer i { $region }
groups-none = Det er ingen nettverksgrupper her ennå.
events-none = Det er ingen kommende arrangementer her akkurat nå.
gather-no-date = arrangøren kunngjør møtene
gather-more = … og { $count } til.
gather-held = Holdt tidligere: { $title }, { $when }.
gather-when = { $day } kl. { $time }
gather-when-day = { $day }
gather-places-open = { $members } deltar
gather-places-free = { $free } av { $capacity } plasser ledige
gather-places-full = fullt ({ $capacity } plasser), { $waiting } på venteliste
gather-event-date = 📅 { $when }
gather-event-past = Dette arrangementet ble holdt { $when }.
gather-event-cancelled = Arrangementet { $when } er avlyst.
gather-deadline = Påmeldingsfrist { $when }.
gather-next = 📅 Neste: { $when }
gather-no-schedule = 📅 Arrangøren kunngjør møtene.
gather-where = 📍 { $where }
gather-closed = Gruppen tar ikke inn nye medlemmer akkurat nå.
gather-organiser = Arrangør: { $name }, { $organisation }
gather-you-member = Du er medlem.
gather-you-signed-up = Du er påmeldt.
gather-you-waiting = Du er nummer { $position } på ventelisten.
gather-join = Bli med
gather-sign-up = Meld på
gather-join-waiting = Sett meg på ventelisten
gather-leave = Forlat gruppen
gather-cancel = Meld meg av
gather-leave-waiting = Gå av ventelisten
gather-details = Detaljer
gather-not-open = { $title } er ikke åpen for påmelding.
gather-already = Du har allerede plass i { $title }.
gather-already-waiting = Du står allerede på ventelisten til { $title }, som nummer { $position }.
gather-business-taken = Noen fra bedriften din har allerede plass i { $title }: én plass per bedrift.
gather-waiting = { $title } er full. Du står på ventelisten som nummer { $position }; jeg sier fra så snart det blir ledig plass.
gather-joined = Velkommen i { $title }! Nå er du medlem.
gather-signed-up = Du er påmeldt { $title }.
gather-calendar-file = Kalenderfilen legger det inn i kalenderen din.
gather-not-in = Du har ingen plass i { $title }.
gather-left = Du har forlatt { $title }.
gather-cancelled = Påmeldingen din til { $title } er avmeldt. Kalenderfilen fjerner den fra kalenderen din.
gather-left-waiting = Du er tatt av ventelisten til { $title }.
gather-cant-come-freed = Takk for beskjed: plassen din på { $title } går til nestemann på ventelisten.
gather-absence-noted = Takk, notert: du kan ikke komme på dette møtet i { $title }. Du er fortsatt medlem.
gather-promoted = Gode nyheter: det ble ledig plass, og nå er du med i { $title }!
gather-find-title = Grupper og arrangementer som passer
gather-find-none = Jeg vet ikke om noen kommende møter nær deg akkurat nå.
gather-remind-day = Påminnelse: { $title } er i morgen, { $when }.
gather-remind-hour = Påminnelse: { $title } starter om en time, { $when }.
gather-cant-come = Kan ikke komme
gather-moved = { $title } er flyttet: nå { $when } (var { $before }). Kalenderfilen oppdaterer kalenderen din.
gather-occurrence-cancelled = { $title } { $when } er avlyst. Kalenderfilen fjerner det fra kalenderen din.
gather-message = Melding fra arrangøren av { $title }:
digest-events-heading = Møter og arrangementer denne uken
mine-title = Dine grupper og påmeldinger
mine-none = Du er ikke med i noen grupper og er ikke påmeldt noen arrangementer ennå.
mine-member = medlem
mine-signed-up = påmeldt
mine-waiting = nummer { $position } på ventelisten
gather-remind-soon = Påminnelse: { $title } er snart, { $when }.
gather-part-of = Et møte i { $group }.
## Teams
teams-link-expired = Lenken har utløpt eller finnes ikke. Be om filen på nytt i chatten.
## daily briefing
command-briefing = Daglig oppsummering: det som er nytt, hver morgen
command-stop = Stopp den daglige oppsummeringen
menu-briefing = ☀️ Daglig oppsummering
briefing-intro = ☀️ **Daglig oppsummering**
    Én kort melding om morgenen med det som er nytt for deg: nyheter fra oss, endringer i støtteordninger og mer. Er ingenting nytt, kommer ingen melding.
    Når vil du ha den? Velg et tidspunkt eller skriv det ({ $slots }).
briefing-choose-time = Når vil du ha oppsummeringen? Velg et tidspunkt eller skriv det ({ $slots }).
briefing-time-invalid = Jeg kan sende den på disse tidspunktene: { $slots }. Velg ett av dem.
briefing-choose-days = Hvilke dager?
briefing-choose-topics = Hva skal den handle om? Trykk på et tema for å slå det av eller på.
briefing-topics-none = Behold minst ett tema, eller trykk Stopp for å avslutte oppsummeringen.
briefing-confirmed = ✅ Ordnet!
briefing-summary = Du får en oppsummering { $days } kl. { $time } (din lokale tid) med: { $topics }.
briefing-nothing-quiet = Er ingenting nytt, sender jeg ingenting den dagen.
briefing-nothing-new-sent = Er ingenting nytt, får du en kort beskjed om det.
briefing-paused = ⏸ Oppsummeringen din er satt på pause.
briefing-days-weekdays = på hverdager
briefing-days-daily = hver dag
briefing-time-button = 🕖 Tidspunkt
briefing-days-button = 📅 Dager
briefing-topics-button = 🗂 Temaer
briefing-pause-button = ⏸ Pause
briefing-resume-button = ▶️ Fortsett
briefing-stop-button = ⏹ Stopp
briefing-done-button = ✔️ Ferdig
briefing-subscribe-button = ☀️ Få daglig oppsummering
briefing-stopped = Den daglige oppsummeringen er stoppet. Du kan starte den igjen når som helst med /briefing.
briefing-not-subscribed = Du har ingen daglig oppsummering. Vil du ha en?
briefing-topic-knowledge = Støtteordninger og endringer i kunnskapsbasen
briefing-topic-news = Nyheter fra oss
briefing-topic-offers = Tilbud
briefing-topic-events = Grupper og arrangementer
briefing-header = ☀️ **God morgen! Din oppsummering for { $date }**
briefing-knowledge-added = Nytt: { $title }
briefing-knowledge-changed = Oppdatert: { $title }
briefing-news-link = Les mer
briefing-and-more = …og { $count } til
briefing-more = Mer ➡️
briefing-more-header = ☀️ **Oppsummeringen din, fortsatt**
briefing-more-gone = Den oppsummeringen har ikke mer å vise.
briefing-nothing-new = Ingenting nytt i dag.
briefing-settings-button = ⚙️ Innstillinger for oppsummeringen
## offers
command-newoffer = Legg ut et handle lokalt-tilbud
command-offers = Finn lokale tilbud
command-myoffers = Dine tilbud
menu-newoffer = 🏷 Legg ut tilbud
menu-offers = 🛍 Lokale tilbud
offer-need-business = For å legge ut et tilbud trenger jeg først navnet og organisasjonsnummeret til bedriften. Så fortsetter vi med tilbudet.
offer-business-saved = Lagret: { $business }, { $number }.
offer-ask-region = Hvilken kommune eller region gjelder tilbudet?
offer-ask-title = Hva er tilbudet? Skriv en kort tittel (høyst { $max } tegn), f.eks. «20 % på alle vinterstøvler».
offer-ask-description = Beskriv tilbudet (høyst { $max } tegn).
offer-ask-category = Hvilken kategori?
offer-ask-delivery = Hvordan får kundene det? Velg én eller flere, og trykk Ferdig.
offer-ask-price = Pris eller rabatt? (f.eks. «fra 199 kr» eller «2 for 1»), eller trykk Hopp over.
offer-ask-until = Hvor lenge gjelder det? F.eks. «31.12», «i morgen», «om 2 uker» eller «neste fredag» (høyst { $days } dager fram).
offer-until-default = Bruk { $date }
offer-ask-image = Send et bilde, eller en bildelenke som begynner med https://, eller trykk Hopp over.
offer-ask-image-link = Send en bildelenke som begynner med https://, eller trykk Hopp over.
offer-ask-contact = Hvordan når kundene dere? Telefon, nettadresse og/eller adresse.
offer-now = Nå: { $value }
offer-cancel = ✖ Avbryt
offer-cancelled = Tilbudet ble ikke lagt ut.
offer-skip = Hopp over
offer-done = ✅ Ferdig
offer-use-buttons = Bruk knappene, er du snill.
offer-title-long = Tittelen har { $length } tegn; høyst { $max }, takk. Du skrev: «{ $typed }»
offer-description-long = Beskrivelsen har { $length } tegn; høyst { $max }, takk. Her er det du skrev, så du kan korte det ned:
offer-price-long = Pristeksten kan ha høyst { $max } tegn. Du skrev: «{ $typed }»
offer-contact-short = Oppgi et telefonnummer, en nettadresse eller en adresse.
offer-contact-long = Kontaktinformasjonen kan ha høyst { $max } tegn. Du skrev: «{ $typed }»
offer-delivery-none = Velg minst én måte å få tilbudet på.
offer-delivery-home = Levering hjem
offer-delivery-pickup = Henting
offer-delivery-store = I butikken
offer-delivery-online = På nett
offer-until-unreadable = Jeg skjønte ikke «{ $typed }» som en dato. Prøv «31.12», «2026-12-31», «i morgen» eller «om 2 uker».
offer-until-past = { $date } har allerede vært. Velg en dato fra i dag og framover.
offer-until-far = { $date } er for langt fram: et tilbud kan gjelde høyst { $days } dager, til { $last }.
offer-until-set = 📅 Gjelder til { $date }.
offer-image-https = Bildelenken må begynne med https:// («{ $typed }»). Send en annen lenke eller et bilde, eller trykk Hopp over.
offer-image-bad = «{ $typed }» er ikke en bildelenke. Send et bilde eller en lenke som begynner med https://, eller trykk Hopp over.
offer-preview = Slik blir tilbudet ditt seende ut:
offer-publish = 📣 Publiser
offer-publish-again = 📣 Send til godkjenning
offer-edit-field = ✏️ Endre et felt
offer-which-field = Hvilket felt vil du endre?
offer-field-title = Tittel
offer-field-description = Beskrivelse
offer-field-category = Kategori
offer-field-delivery = Hvordan få det
offer-field-price = Pris
offer-field-until = Gjelder til
offer-field-image = Bilde
offer-field-contact = Kontakt
offer-duplicate = Du har allerede et nesten likt tilbud: «{ $title }» (#{ $number }). Endre det i stedet.
offer-limit = Bedriften har allerede { $max } aktive tilbud, som er det meste som er lov. Trekk tilbake ett eller vent til ett er utløpt.
offer-rate = Du har lagt ut { $max } tilbud det siste døgnet. Vent litt før du legger ut flere.
offer-submitted = ✅ Takk! Tilbud #{ $number } venter på godkjenning fra rådgiverne. Jeg sier fra når det er publisert.
offer-edit-intro = Du endrer tilbud #{ $number }. Etter en endring sjekker rådgiverne det på nytt.
offer-card-category = 🏷 { $category }
offer-card-price = 💰 { $price }
offer-card-delivery = 🚚 { $modes }
offer-card-until = 📅 Til { $date }
offer-card-contact = ☎ { $contact }
offer-card-image = 🖼 Bilde
offer-card-photo = 📷 Bilde vedlagt
offer-card-status = Status: { $status }
offer-status-pending = ⏳ venter på godkjenning
offer-status-approved = ✅ publisert
offer-status-rejected = ❌ avvist
offer-status-withdrawn = ↩️ trukket tilbake
offer-status-expired = ⌛ utløpt
offer-list-title = 🛍 Tilbud: { $filters }
offer-list-none = Ingen tilbud passer akkurat nå.
offer-list-end = Ingen flere tilbud.
offer-all-regions = Alle regioner
offer-any-category = Alle kategorier
offer-ask-region-browse = Tilbud fra hvilken region?
offer-more = ➡️ Flere
offer-filter-category = 🏷 Kategori
offer-filter-home = 🚚 Leverer hjem
offer-filter-region = 📍 Region
offer-filter-search = 🔎 Søk
offer-filter-clear = ✖ Fjern filtre
offer-search-ask = Hva ser du etter? (f.eks. «blomster» eller «bakeri»)
offer-found-heading = 🛍 Lokale tilbud som passer:
offer-digest-heading = Nye lokale tilbud
offer-digest-item = { $title } – { $business } (til { $date })
offer-mine-title = Dine tilbud
offer-mine-none = Du har ingen tilbud ennå.
offer-mine-open = 📋 Mine tilbud
offer-mine-edit = ✏️ Endre #{ $number }
offer-mine-withdraw = ↩️ Trekk #{ $number }
offer-mine-extend = ⏳ +14 dager #{ $number }
offer-mine-withdraw-sure = Trekke tilbake «{ $title }»? Det forsvinner fra listene med en gang.
offer-mine-withdraw-yes = Ja, trekk det tilbake
offer-mine-withdrawn = Tilbud #{ $number } er trukket tilbake.
offer-mine-extended = ⏳ Tilbud #{ $number } gjelder nå til { $date }.
offer-mine-gone = Tilbud #{ $number } kan ikke lenger endres på den måten.
offer-extend-button = ⏳ Forleng { $days } dager
offer-approved = ✅ Tilbudet ditt «{ $title }» (#{ $number }) er publisert.
offer-rejected = ❌ Tilbudet ditt «{ $title }» (#{ $number }) ble ikke godkjent: { $reason }. Du kan endre det og sende det inn igjen.
offer-withdrawn-by-staff = ↩️ Rådgiverne tok ned tilbudet ditt «{ $title }» (#{ $number }): { $reason }.
offer-expiring = ⌛ Tilbudet ditt «{ $title }» (#{ $number }) slutter etter { $date }. Vil du forlenge det?
offer-staff-new = 🏷 Nytt tilbud #{ $number } fra { $business } ({ $org })
offer-staff-edited = 🏷 Endret tilbud #{ $number } fra { $business } ({ $org })
offer-staff-approve = ✅ Godkjenn
offer-staff-reject = ❌ Avvis
offer-staff-approved = ✅ Tilbud #{ $number } «{ $title }» er publisert.
offer-staff-rejected = ❌ Tilbud #{ $number } er avvist: { $reason }
offer-staff-reason-prompt = { $name }, svar på denne meldingen med grunnen til at tilbud #{ $number } avvises (den som la det ut, ser den).
offer-staff-gone = Tilbud #{ $number } venter ikke lenger på godkjenning.
offer-staff-approved-line = ✅ Godkjent av { $name }
offer-staff-rejected-line = ❌ Avvist av { $name }
offer-staff-withdrawn-line = ↩️ Trukket tilbake av { $name }
offer-staff-superseded-line = ✏️ Endret av den som la det ut: se den nyere meldingen.
offer-staff-withdrawn-own-line = ↩️ Trukket tilbake av den som la det ut.
offer-channel-gone-line = ↩️ Tilbudet gjelder ikke lenger.
offer-channel-updated-line = ✏️ Oppdatert: se det nyere innlegget.
offers-page-title = Handle lokalt
offers-page-intro = Tilbud fra lokale bedrifter, sjekket av rådgiverne.
offers-page-region = Region
offers-page-category = Kategori
offers-page-search = Søk
offers-page-filter = Vis
offers-page-none = Ingen tilbud passer akkurat nå.
offers-page-next = Flere tilbud →
offers-page-feed = Nyhetsstrøm (Atom)
