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
mydata-file = Det hele ligger i filen sammen-mydata.json.
deleteme-confirm = Vil du slette din profil, dine spørgsmål og alt andet, jeg har gemt om dig? Det kan ikke fortrydes.
deleteme-yes = Ja, slet alt
deleteme-no = Nej, behold
deleteme-cancelled = Fint, intet er slettet.
deleteme-done = Færdig: dine data er slettet. Skriv /start, hvis du vil bruge Sammen igen.
privacy-private-only = Det gør jeg kun i en privat samtale med dig, ikke i en gruppe.

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
