## Sammen: svenska. Märkning: **fet**, [text](url); korta och vänliga svar.

onboarding-welcome = 👋 Välkommen till **Sammen**! Jag hjälper lokala företag att hitta stödåtgärder, erbjudanden, nätverk och rätt person att prata med.
choose-language = Vilket språk vill du att jag använder?
language-set = Språk: { $language }.
choose-region = I vilken kommun eller region finns ditt företag? Då ger jag dig de svar och kontaktpersoner som gäller för dig.
region-none = Annat / hoppa över
region-set = Region: { $region }.
region-cleared = Ingen region vald: jag visar svar från alla regioner och säger var de gäller.
business-offer = Vill du lägga till företagets namn och organisationsnummer? Det är frivilligt, och det gör det lättare för oss att hjälpa dig.
business-add = Lägg till mitt företag
business-edit = Företagsuppgifter
skip = Hoppa över
business-name-ask = Vad heter ditt företag?
business-name-invalid = Skriv företagets namn med 2 till 200 tecken, eller tryck Hoppa över.
org-number-ask = { $country ->
    [no] Vilket är organisationsnumret? Nio siffror, till exempel 123 456 785.
    [dk] Vilket är CVR-numret? Åtta siffror.
    [se] Vilket är organisationsnumret? Tio siffror, till exempel 556036-0793.
   *[any] Vilket är organisationsnumret (Sverige 10 siffror, Norge 9 siffror, Danmark CVR 8 siffror)?
}
org-number-invalid = { $country ->
    [no] ”{ $typed }” är inte ett giltigt norskt organisationsnummer: det har 9 siffror och en kontrollsiffra. Kontrollera numret och försök igen, eller tryck Hoppa över.
    [dk] ”{ $typed }” är inte ett giltigt CVR-nummer: det har 8 siffror och en kontrollsiffra. Kontrollera numret och försök igen, eller tryck Hoppa över.
    [se] ”{ $typed }” är inte ett giltigt svenskt organisationsnummer: det har 10 siffror och en kontrollsiffra. Kontrollera numret och försök igen, eller tryck Hoppa över.
   *[any] ”{ $typed }” är inte ett giltigt organisationsnummer (Sverige 10 siffror, Norge 9, Danmark 8, alla med kontrollsiffra). Kontrollera numret och försök igen, eller tryck Hoppa över.
}
onboarding-done = ✅ Klart! Skriv din fråga, till exempel ”vem kan jag kontakta på kommunen?”, eller välj något i menyn.

menu-title = Vad kan jag hjälpa dig med?
menu-open = ☰ Meny
menu-ask = ❓ Ställ en fråga
menu-contacts = 📇 Kontakter
menu-profile = 👤 Min profil
menu-help = ℹ️ Hjälp
menu-language = 🌐 Språk
menu-region = 📍 Region
help-text = **Så fungerar Sammen**
    Skriv din fråga med egna ord: om korttidsarbete, anstånd med avgifter, bidrag, nätverk eller evenemang. Jag svarar utifrån kunskapsbasen som näringslivsorganisationen och kommunen håller uppdaterad, och nämner rätt kontaktperson.
    Kommandon:

profile-title = Din profil
profile-none = inte angivet
profile-language = Språk: { $language }
profile-region = Region: { $region }
profile-business = Företag: { $business }
profile-org-number = Organisationsnummer: { $number }

stale-button = Tyvärr fungerar den knappen inte längre. Här är menyn i stället.
unknown-command = Jag känner inte till kommandot { $command }. Prova /menu eller /help, eller skriv din fråga.
ask-prompt = Skriv din fråga med egna ord, så hittar jag svaret eller rätt person.
ask-unknown = Det är jag inte säker på, och jag vill inte gissa. Prova att fråga med andra ord, eller hitta en kontaktperson.
ask-offtopic = Det ligger utanför det jag kan hjälpa till med: jag svarar på företags frågor om stödåtgärder, permittering, kommunala avgifter, nätverk och vem de kan kontakta. Gäller det privata ärenden som dina egna ersättningar, skatt eller hälsa, är Försäkringskassan, Skatteverket eller kommunen rätt ställe. Gäller det ändå ditt företag kan jag skicka frågan vidare till en person.
suggest-intro = Jag är inte helt säker. Menade du något av dessa?
suggest-none = Inget av dessa
applies-to = Gäller: { $regions }.
contact-heading = Kontakt
feedback-helpful = 👍 Till hjälp
feedback-not-helpful = 👎 Inte till hjälp
feedback-thanks = Tack för din återkoppling! 🙏
feedback-sorry = Tråkigt att det inte hjälpte. Prova att fråga med andra ord, eller fråga en person på det dagliga rådgivningsmötet.
contacts-title = Kontaktpersoner
contacts-title-region = Kontaktpersoner för { $region }
contacts-none = Jag har inga kontaktpersoner för din region ännu. Välj en annan med /region.

smalltalk-greeting = Hej! 👋 Fråga mig om stödåtgärder, erbjudanden, nätverk eller vem du kan kontakta.
smalltalk-thanks = Varsågod! Är det något mer jag kan hjälpa till med?
smalltalk-who = Jag är **Sammen**, en chattassistent som drivs av näringslivsorganisationen och kommunen. Jag svarar på frågor om stödåtgärder och visar dig till rätt kontaktperson.
smalltalk-bye = Lycka till med företaget! Välkommen tillbaka när som helst.

error-apology = Tyvärr gick något fel hos oss. Försök igen om en stund.

command-start = Börja om och ställ in din profil
command-menu = Visa menyn
command-ask = Ställ en fråga
command-contacts = Kontaktpersoner
command-profile = Din profil
command-language = Byt språk
command-region = Byt region
command-help = Så fungerar Sammen

## Fråga en person (rådgivningsmötet)
menu-human = 🙋 Fråga en person
menu-questions = 📋 Mina frågor
command-human = Fråga en person på rådgivningsmötet
command-questions = Dina frågor till personalen
clock = { $hh }:{ $mm }
meeting-when = { $weekday } { $day } { $month } kl. { $time }
forward-confirm = Vill du skicka din fråga till rådgivningsmötet? De träffas vardagar kl. { $time } och du får svaret här.
forward-yes = ✅ Ja, skicka den
forward-no = Nej tack
forward-cancelled = Okej, jag skickar den inte. Är det något annat jag kan hjälpa till med?
forward-done = 📨 Skickad till rådgivningsmötet som fråga #{ $number }. Nästa möte: { $when }. Du får svaret här.
forward-already = Du har redan skickat den här frågan (#{ $number }). Nästa möte: { $when }.
human-prompt = Vad vill du fråga rådgivningsmötet om? Skriv din fråga så skickar jag den vidare.
human-cancel = Avbryt
human-cancelled = Okej, inget skickades.
questions-title = Dina öppna frågor
questions-item = #{ $number }, { $date }: { $text }
questions-none = Du har inga öppna frågor. Skriv en fråga när du vill, eller använd /human för att fråga en person.
questions-withdraw = Dra tillbaka #{ $number }
withdrawn = Fråga #{ $number } är tillbakadragen. Personalen kommer inte att svara på den.
ticket-not-open = Fråga #{ $number } är inte längre öppen.
relay-intro = 💬 Svar från rådgivningsmötet på din fråga ”{ $question }”:
relay-signature = – { $name }
relay-solved = ✅ Tack, löst
relay-followup = ↩️ Jag har en följdfråga
solved-thanks = Vad bra att det hjälpte! Fråga #{ $number } är stängd.
followup-prompt = Skriv din följdfråga till #{ $number } så skickar jag den till rådgivningsmötet.
followup-done = 📨 Din följdfråga till #{ $number } är skickad. Nästa möte: { $when }.

## Personalchatten (på standardspråket)
staff-new = 🆕 **Fråga #{ $number }** från { $who } ({ $channel }, { $language }, { $region })
staff-followup = ↩️ **Följdfråga till #{ $number }** från { $who } ({ $channel }, { $language }, { $region })
staff-original = Ursprunglig fråga: { $text }
staff-guesses = Assistentens gissningar: { $guesses }
staff-no-guesses = Assistenten hade ingen gissning.
staff-no-region = ingen region
staff-unknown-user = en användare
staff-answer-button = ✍️ Svara på #{ $number }
staff-answer-prompt = ✍️ { $name }, svara på det här meddelandet med ditt svar på #{ $number }: ”{ $text }”
staff-answer-sent = ✅ { $name } svarade på #{ $number }; svaret är på väg till användaren.
staff-already-answered = ℹ️ #{ $number } är redan besvarad; ditt svar skickas som ett nytt svar.
staff-not-staff = Tyvärr, bara rådgivarna kan svara på frågor här.
staff-not-allowed = Tyvärr, ditt personalkonto får inte svara på frågor.
staff-ticket-gone = Fråga #{ $number } kan inte längre besvaras (den är tillbakadragen eller stängd).
staff-reminder = ⏰ **{ $count ->
    [one] En fråga har
   *[other] { $count } frågor har
} väntat mer än 24 timmar på svar:**
staff-reminder-item = #{ $number } ({ $hours } h): { $text }

## A staff-chat notice once its question is taken care of (one line added, the Answer button removed).
staff-notice-answered = ✅ Besvarad av { $name }
staff-notice-closed = 🔒 Stängd av { $name }
staff-notice-solved = 🔒 Stängd av användaren: löst
staff-notice-withdrawn = ↩️ Tillbakadragen av användaren

## The web chat's answers to a request it cannot take (shown by API clients; the page has its own wording).
web-not-json = Tyvärr kunde meddelandet inte läsas. Skicka ett JSON-objekt, till exempel {"{"}"text": "Hej"{"}"}.
web-content-type = Skicka meddelandet som JSON (Content-Type: application/json).
web-origin = Den här chatten tar bara emot meddelanden från sin egen sida.
web-too-long = Meddelandet är för långt. Håll det under { $max } tecken.
web-empty = Skriv ett meddelande först.
web-bad-text = Texten i ett meddelande måste vara en sträng.
web-bad-action = Knappen kunde inte läsas. Försök igen.
web-text-or-action = Skicka antingen text eller ett knapptryck, inte båda.
web-failed = Något gick fel, försök igen.
staff-notice-reopened = 🔓 Återöppnad av { $name }
feedback-sorry-contacts = De här kan hjälpa dig med det
ask-unknown-place = Jag har tyvärr ingen information om { $place }. Jag har information om { $regions }. Jag kan skicka din fråga vidare till en person.
region-offer = Ska jag komma ihåg { $region } som din region? Då får du svaren därifrån först.
region-offer-yes = Ja, kom ihåg { $region }
region-offer-no = Nej tack
region-offer-declined = Okej, jag kommer inte ihåg någon region. Du kan välja en när som helst med /region.

# Web chat (issue 10): a request body nested deeper than the bound
web-too-deep = Meddelandet är nästlat för djupt för att kunna läsas. Skicka ett enkelt JSON-objekt.

# --- privacy
command-privacy = Integritet: vad Sammen sparar
command-mydata = Få en kopia av dina uppgifter
command-deleteme = Radera dina uppgifter
privacy-line = 🔒 Jag sparar det du skriver och din profil för att kunna svara och skicka frågor vidare. Se /privacy.
privacy-notice = **Integritet i Sammen**
    Jag sparar din profil (språk, region och eventuellt företag och organisationsnummer), dina frågor och svaren du får, och frågor du skickar till en person. Det används bara för att svara dig och för anonym statistik för näringslivsföreningen och kommunen. Frågor förlorar sin text efter { $days } dagar.
    /mydata ger dig en kopia av allt, /deleteme raderar det.
mydata-title = Det här har jag sparat om dig
mydata-item = { $kind }: { $count }
mydata-kind-profile = profil
mydata-kind-questions = frågor
mydata-kind-questions-to-the-staff = frågor till en person
mydata-kind-download-links = nedladdningslänkar
mydata-kind-offers = erbjudanden
mydata-kind-briefing = daglig sammanfattning
mydata-kind-groups-and-events = grupper och evenemang
mydata-file = Allt finns i filen sammen-mydata.json.
deleteme-confirm = Vill du radera din profil, dina frågor och allt annat jag har sparat om dig? Det går inte att ångra.
deleteme-yes = Ja, radera allt
deleteme-no = Nej, behåll
deleteme-cancelled = Okej, inget är raderat.
deleteme-done = Klart: dina uppgifter är raderade. Skriv /start om du vill använda Sammen igen.
privacy-private-only = Det gör jag bara i ett privat samtal med dig, inte i en grupp.

## groups
command-groups = Nätverksgrupper nära dig
command-events = Evenemang nära dig
command-mine = Mina grupper och anmälningar
menu-groups = 🤝 Nätverksgrupper
menu-events = 📅 Evenemang
menu-mine = ⭐ Mina grupper och evenemang
groups-title = Nätverksgrupper
groups-title-region = Nätverksgrupper i { $region }
events-title = Evenemang
events-title-region = Evenemang i { $region }
groups-none = Det finns inga nätverksgrupper här ännu.
events-none = Det finns inga kommande evenemang här just nu.
gather-no-date = arrangören meddelar mötena
gather-more = … och { $count } till.
gather-held = Hölls tidigare: { $title }, { $when }.
gather-when = { $day } kl. { $time }
gather-when-day = { $day }
gather-places-open = { $members } deltar
gather-places-free = { $free } av { $capacity } platser lediga
gather-places-full = fullt ({ $capacity } platser), { $waiting } på väntelistan
gather-event-date = 📅 { $when }
gather-event-past = Evenemanget hölls { $when }.
gather-event-cancelled = Evenemanget { $when } är inställt.
gather-deadline = Sista anmälningsdag { $when }.
gather-next = 📅 Nästa: { $when }
gather-no-schedule = 📅 Arrangören meddelar mötena.
gather-where = 📍 { $where }
gather-closed = Gruppen tar inte emot nya medlemmar just nu.
gather-organiser = Arrangör: { $name }, { $organisation }
gather-you-member = Du är medlem.
gather-you-signed-up = Du är anmäld.
gather-you-waiting = Du är nummer { $position } på väntelistan.
gather-join = Gå med
gather-sign-up = Anmäl mig
gather-join-waiting = Ställ mig på väntelistan
gather-leave = Lämna gruppen
gather-cancel = Avanmäl mig
gather-leave-waiting = Lämna väntelistan
gather-details = Detaljer
gather-not-open = { $title } är inte öppen för anmälan.
gather-already = Du har redan en plats i { $title }.
gather-already-waiting = Du står redan på väntelistan till { $title }, som nummer { $position }.
gather-business-taken = Någon från ditt företag har redan en plats i { $title }: en plats per företag.
gather-waiting = { $title } är fullt. Du står på väntelistan som nummer { $position }; jag hör av mig så snart en plats blir ledig.
gather-joined = Välkommen till { $title }! Nu är du medlem.
gather-signed-up = Du är anmäld till { $title }.
gather-calendar-file = Kalenderfilen lägger in det i din kalender.
gather-not-in = Du har ingen plats i { $title }.
gather-left = Du har lämnat { $title }.
gather-cancelled = Din anmälan till { $title } är avanmäld. Kalenderfilen tar bort den från din kalender.
gather-left-waiting = Du är borttagen från väntelistan till { $title }.
gather-cant-come-freed = Tack för beskedet: din plats på { $title } går till nästa på väntelistan.
gather-absence-noted = Tack, noterat: du kan inte komma till det här mötet i { $title }. Du är fortfarande medlem.
gather-promoted = Goda nyheter: en plats blev ledig, och nu är du med i { $title }!
gather-find-title = Grupper och evenemang som passar
gather-find-none = Jag känner inte till några kommande möten nära dig just nu.
gather-remind-day = Påminnelse: { $title } är i morgon, { $when }.
gather-remind-hour = Påminnelse: { $title } börjar om en timme, { $when }.
gather-cant-come = Kan inte komma
gather-moved = { $title } är flyttat: nu { $when } (var { $before }). Kalenderfilen uppdaterar din kalender.
gather-occurrence-cancelled = { $title } { $when } är inställt. Kalenderfilen tar bort det från din kalender.
gather-message = Meddelande från arrangören av { $title }:
digest-events-heading = Möten och evenemang den här veckan
mine-title = Dina grupper och anmälningar
mine-none = Du är inte med i några grupper och inte anmäld till några evenemang ännu.
mine-member = medlem
mine-signed-up = anmäld
mine-waiting = nummer { $position } på väntelistan
gather-remind-soon = Påminnelse: { $title } är snart, { $when }.
gather-part-of = Ett möte i { $group }.
## Teams
teams-link-expired = Länken har gått ut eller finns inte. Be om filen igen i chatten.
## daily briefing
command-briefing = Daglig sammanfattning: det som är nytt, varje morgon
command-stop = Stoppa den dagliga sammanfattningen
menu-briefing = ☀️ Daglig sammanfattning
briefing-intro = ☀️ **Daglig sammanfattning**
    Ett kort meddelande på morgonen med det som är nytt för dig: nyheter från oss, ändringar i stödåtgärder och mer. Är inget nytt kommer inget meddelande.
    När vill du ha det? Välj en tid eller skriv den ({ $slots }).
briefing-choose-time = När vill du ha sammanfattningen? Välj en tid eller skriv den ({ $slots }).
briefing-time-invalid = Jag kan skicka den vid de här tiderna: { $slots }. Välj en av dem.
briefing-choose-days = Vilka dagar?
briefing-choose-topics = Vad ska den handla om? Tryck på ett ämne för att slå på eller av det.
briefing-topics-none = Behåll minst ett ämne, eller tryck Stoppa för att avsluta sammanfattningen.
briefing-confirmed = ✅ Klart!
briefing-summary = Du får en sammanfattning { $days } kl. { $time } (din lokala tid) med: { $topics }.
briefing-nothing-quiet = Är inget nytt skickar jag ingenting den dagen.
briefing-nothing-new-sent = Är inget nytt får du ett kort besked om det.
briefing-paused = ⏸ Din sammanfattning är pausad.
briefing-days-weekdays = på vardagar
briefing-days-daily = varje dag
briefing-time-button = 🕖 Tid
briefing-days-button = 📅 Dagar
briefing-topics-button = 🗂 Ämnen
briefing-pause-button = ⏸ Pausa
briefing-resume-button = ▶️ Fortsätt
briefing-stop-button = ⏹ Stoppa
briefing-done-button = ✔️ Klar
briefing-subscribe-button = ☀️ Få daglig sammanfattning
briefing-stopped = Den dagliga sammanfattningen är stoppad. Du kan starta den igen när som helst med /briefing.
briefing-not-subscribed = Du har ingen daglig sammanfattning. Vill du ha en?
briefing-topic-knowledge = Stödåtgärder och ändringar i kunskapsbasen
briefing-topic-news = Nyheter från oss
briefing-topic-offers = Erbjudanden
briefing-topic-events = Grupper och evenemang
briefing-header = ☀️ **God morgon! Din sammanfattning för { $date }**
briefing-knowledge-added = Nytt: { $title }
briefing-knowledge-changed = Uppdaterat: { $title }
briefing-news-link = Läs mer
briefing-and-more = …och { $count } till
briefing-more = Mer ➡️
briefing-more-header = ☀️ **Din sammanfattning, fortsättning**
briefing-more-gone = Den sammanfattningen har inget mer att visa.
briefing-nothing-new = Inget nytt i dag.
briefing-settings-button = ⚙️ Inställningar för sammanfattningen
## offers
command-newoffer = Lägg upp ett handla lokalt-erbjudande
command-offers = Hitta lokala erbjudanden
command-myoffers = Dina erbjudanden
menu-newoffer = 🏷 Lägg upp erbjudande
menu-offers = 🛍 Lokala erbjudanden
offer-need-business = För att lägga upp ett erbjudande behöver jag först företagets namn och organisationsnummer. Sedan fortsätter vi med erbjudandet.
offer-business-saved = Sparat: { $business }, { $number }.
offer-ask-region = Vilken kommun eller region gäller erbjudandet?
offer-ask-title = Vad är erbjudandet? Skriv en kort titel (högst { $max } tecken), t.ex. ”20 % på alla vinterkängor”.
offer-ask-description = Beskriv erbjudandet (högst { $max } tecken).
offer-ask-category = Vilken kategori?
offer-ask-delivery = Hur får kunderna det? Välj ett eller flera sätt och tryck Klar.
offer-ask-price = Pris eller rabatt? (t.ex. ”från 199 kr” eller ”2 för 1”), eller tryck Hoppa över.
offer-ask-until = Hur länge gäller det? T.ex. ”31.12”, ”i morgon”, ”om 2 veckor” eller ”nästa fredag” (högst { $days } dagar framåt).
offer-until-default = Använd { $date }
offer-ask-image = Skicka en bild eller en bildlänk som börjar med https://, eller tryck Hoppa över.
offer-ask-image-link = Skicka en bildlänk som börjar med https://, eller tryck Hoppa över.
offer-ask-contact = Hur når kunderna er? Telefon, webbadress och/eller adress.
offer-now = Nu: { $value }
offer-cancel = ✖ Avbryt
offer-cancelled = Erbjudandet lades inte upp.
offer-skip = Hoppa över
offer-done = ✅ Klar
offer-use-buttons = Använd knapparna, tack.
offer-title-long = Titeln har { $length } tecken; högst { $max }, tack. Du skrev: ”{ $typed }”
offer-description-long = Beskrivningen har { $length } tecken; högst { $max }, tack. Här är det du skrev, så att du kan korta det:
offer-price-long = Pristexten får ha högst { $max } tecken. Du skrev: ”{ $typed }”
offer-contact-short = Ange ett telefonnummer, en webbadress eller en adress.
offer-contact-long = Kontaktuppgifterna får ha högst { $max } tecken. Du skrev: ”{ $typed }”
offer-delivery-none = Välj minst ett sätt att få erbjudandet.
offer-delivery-home = Hemleverans
offer-delivery-pickup = Avhämtning
offer-delivery-store = I butiken
offer-delivery-online = Online
offer-until-unreadable = Jag kunde inte läsa ”{ $typed }” som ett datum. Prova ”31.12”, ”2026-12-31”, ”i morgon” eller ”om 2 veckor”.
offer-until-past = { $date } har redan varit. Välj ett datum från i dag och framåt.
offer-until-far = { $date } är för långt fram: ett erbjudande kan gälla högst { $days } dagar, till { $last }.
offer-until-set = 📅 Gäller till { $date }.
offer-image-https = Bildlänken måste börja med https:// (”{ $typed }”). Skicka en annan länk eller en bild, eller tryck Hoppa över.
offer-image-bad = ”{ $typed }” är ingen bildlänk. Skicka en bild eller en länk som börjar med https://, eller tryck Hoppa över.
offer-preview = Så här kommer ditt erbjudande att se ut:
offer-publish = 📣 Publicera
offer-publish-again = 📣 Skicka för godkännande
offer-edit-field = ✏️ Ändra ett fält
offer-which-field = Vilket fält vill du ändra?
offer-field-title = Titel
offer-field-description = Beskrivning
offer-field-category = Kategori
offer-field-delivery = Hur man får det
offer-field-price = Pris
offer-field-until = Gäller till
offer-field-image = Bild
offer-field-contact = Kontakt
offer-duplicate = Du har redan ett nästan likadant erbjudande: ”{ $title }” (#{ $number }). Ändra det i stället.
offer-limit = Företaget har redan { $max } aktiva erbjudanden, vilket är det mesta som är tillåtet. Dra tillbaka ett eller vänta tills ett har gått ut.
offer-rate = Du har lagt upp { $max } erbjudanden det senaste dygnet. Vänta lite innan du lägger upp fler.
offer-submitted = ✅ Tack! Erbjudande #{ $number } väntar på godkännande av rådgivarna. Jag säger till när det är publicerat.
offer-edit-intro = Du ändrar erbjudande #{ $number }. Efter en ändring granskar rådgivarna det igen.
offer-card-category = 🏷 { $category }
offer-card-price = 💰 { $price }
offer-card-delivery = 🚚 { $modes }
offer-card-until = 📅 Till { $date }
offer-card-contact = ☎ { $contact }
offer-card-image = 🖼 Bild
offer-card-photo = 📷 Bild bifogad
offer-card-status = Status: { $status }
offer-status-pending = ⏳ väntar på godkännande
offer-status-approved = ✅ publicerat
offer-status-rejected = ❌ avslaget
offer-status-withdrawn = ↩️ tillbakadraget
offer-status-expired = ⌛ utgånget
offer-list-title = 🛍 Erbjudanden: { $filters }
offer-list-none = Inga erbjudanden passar just nu.
offer-list-end = Inga fler erbjudanden.
offer-all-regions = Alla regioner
offer-any-category = Alla kategorier
offer-ask-region-browse = Erbjudanden från vilken region?
offer-more = ➡️ Fler
offer-filter-category = 🏷 Kategori
offer-filter-home = 🚚 Levererar hem
offer-filter-region = 📍 Region
offer-filter-search = 🔎 Sök
offer-filter-clear = ✖ Rensa filter
offer-search-ask = Vad letar du efter? (t.ex. ”blommor” eller ”bageri”)
offer-found-heading = 🛍 Lokala erbjudanden som passar:
offer-digest-heading = Nya lokala erbjudanden
offer-digest-item = { $title } – { $business } (till { $date })
offer-mine-title = Dina erbjudanden
offer-mine-none = Du har inga erbjudanden än.
offer-mine-open = 📋 Mina erbjudanden
offer-mine-edit = ✏️ Ändra #{ $number }
offer-mine-withdraw = ↩️ Dra tillbaka #{ $number }
offer-mine-extend = ⏳ +14 dagar #{ $number }
offer-mine-withdraw-sure = Dra tillbaka ”{ $title }”? Det försvinner från listorna direkt.
offer-mine-withdraw-yes = Ja, dra tillbaka det
offer-mine-withdrawn = Erbjudande #{ $number } är tillbakadraget.
offer-mine-extended = ⏳ Erbjudande #{ $number } gäller nu till { $date }.
offer-mine-gone = Erbjudande #{ $number } kan inte längre ändras på det sättet.
offer-extend-button = ⏳ Förläng { $days } dagar
offer-approved = ✅ Ditt erbjudande ”{ $title }” (#{ $number }) är publicerat.
offer-rejected = ❌ Ditt erbjudande ”{ $title }” (#{ $number }) godkändes inte: { $reason }. Du kan ändra det och skicka det igen.
offer-withdrawn-by-staff = ↩️ Rådgivarna tog bort ditt erbjudande ”{ $title }” (#{ $number }): { $reason }.
offer-expiring = ⌛ Ditt erbjudande ”{ $title }” (#{ $number }) slutar efter { $date }. Vill du förlänga det?
offer-staff-new = 🏷 Nytt erbjudande #{ $number } från { $business } ({ $org })
offer-staff-edited = 🏷 Ändrat erbjudande #{ $number } från { $business } ({ $org })
offer-staff-approve = ✅ Godkänn
offer-staff-reject = ❌ Avslå
offer-staff-approved = ✅ Erbjudande #{ $number } ”{ $title }” är publicerat.
offer-staff-rejected = ❌ Erbjudande #{ $number } är avslaget: { $reason }
offer-staff-reason-prompt = { $name }, svara på det här meddelandet med skälet till att erbjudande #{ $number } avslås (den som lade upp det ser det).
offer-staff-gone = Erbjudande #{ $number } väntar inte längre på godkännande.
offer-staff-approved-line = ✅ Godkänt av { $name }
offer-staff-rejected-line = ❌ Avslaget av { $name }
offer-staff-withdrawn-line = ↩️ Tillbakadraget av { $name }
offer-staff-superseded-line = ✏️ Ändrat av den som lade upp det: se det nyare meddelandet.
offer-staff-withdrawn-own-line = ↩️ Tillbakadraget av den som lade upp det.
offer-channel-gone-line = ↩️ Erbjudandet gäller inte längre.
offer-channel-updated-line = ✏️ Uppdaterat: se det nyare inlägget.
offers-page-title = Handla lokalt
offers-page-intro = Erbjudanden från lokala företag, granskade av rådgivarna.
offers-page-region = Region
offers-page-category = Kategori
offers-page-search = Sök
offers-page-filter = Visa
offers-page-none = Inga erbjudanden passar just nu.
offers-page-next = Fler erbjudanden →
offers-page-feed = Flöde (Atom)
