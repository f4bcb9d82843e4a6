## Sammen stabspanel: norsk bokmål.

brand = Stabspanel
nav-label = Panel
nav-queue = Kø
nav-meeting = Dagens møte
nav-stats = Statistikk
nav-knowledge = Kunnskap
nav-audit = Logg
nav-staff = Ansatte
logout = Logg ut
role-admin = administrator
role-staff = saksbehandler
role-viewer = leser

login-title = Logg inn
login-intro = For de ansatte i næringsforumet, NAV og kommunen.
login-email = E-post
login-password = Passord
login-submit = Logg inn
login-failed = Feil e-post eller passord.
login-too-many = For mange forsøk. Prøv igjen om { $minutes ->
    [one] ett minutt
   *[other] { $minutes } minutter
}.

error-forbidden = Rollen din gir ikke tilgang til dette. Spør en administrator om du trenger det.
error-login-required = Logg inn først.
error-csrf = Skjemaet er utløpt eller kom ikke fra panelet. Gå tilbake, last siden på nytt og prøv igjen.
error-not-found = Siden eller spørsmålet finnes ikke.
back-to-queue = Tilbake til køen

queue-title = Åpne spørsmål
queue-title-answered = Besvarte spørsmål
queue-title-closed = Lukkede spørsmål
queue-title-all = Alle spørsmål
queue-filter = Vis
queue-empty = Ingenting her. Alle spørsmål er besvart. 🎉
filter-open = Åpne
filter-answered = Besvarte
filter-closed = Lukkede
filter-all = Alle
topic-none = Andre spørsmål
region-any = Alle regioner
guesses = Assistentens gjetninger
user-unreachable-short = bruker utilgjengelig

status = Status
status-open = åpen
status-answered = besvart
status-closed = lukket
status-withdrawn = trukket

ticket-title = Spørsmål
ticket-sent = Svaret er på vei til brukeren.
ticket-error = Det gikk ikke. Sjekk skjemaet og prøv igjen.
ticket-error-empty = Skriv noe først.
ticket-error-long = Teksten er for lang (høyst 8 000 tegn).
ticket-error-withdrawn = Brukeren har trukket spørsmålet, så det kan ikke besvares.
ticket-error-assignee = Den personen kan ikke svare på spørsmål (rollen leser).
user-unreachable-title = Brukeren kan ikke nås.
user-unreachable-body = Brukeren har blokkert assistenten eller forlatt kanalen, så svaret blir ikke levert. Ring eller send e-post hvis du har kontaktinformasjon.
asked = Spurt
region = Region
channel = Kanal
user = Bruker
assigned = Tildelt
topic = Tema
thread = Samtale
thread-empty = Ingen svar eller notater ennå.
author-user = Bruker
author-staff = Svar fra { $name }
author-note = Internt notat fra { $name }
answer-label = Ditt svar til brukeren
answer-placeholder = Skriv svaret slik brukeren skal lese det.
answer-send = Send svar
answer-unreachable-hint = Det blir lagret, men ikke levert.
reassign-label = Tildelt
reassign-submit = Tildel
nobody = Ingen
close-hint = Besvart et annet sted, et duplikat eller utenfor området?
close-submit = Lukk
reopen-submit = Åpne igjen
note-label = Internt notat (brukeren ser det ikke)
note-submit = Legg til notat

learn-title = Lagre som kunnskap
learn-intro = Lær assistenten dette svaret, så neste som spør får det med en gang.
learn-button = Lagre som kunnskap …
learn-new-entry = Ny oppføring
learn-phrasing = Eksempel til en oppføring som finnes
learn-problems = Ikke lagret ennå: rett opp disse problemene.
learn-id = Id for oppføringen
learn-id-hint = Små bokstaver, sifre og bindestrek, f.eks. horten-husleie-kafe.
learn-entry-title = Tittel
learn-question = Eksempelspørsmål
learn-answer = Svar
learn-language = Språk
learn-contacts = Kontakter
learn-contacts-hint = Skriv en del av et navn eller en organisasjon og velg fra listen, én kontakt per felt (la resten stå tomme).
learn-contact-n = Kontakt { $n }
learn-save = Lagre oppføringen
learn-search = Søk i kunnskapsbasen
learn-pick = Legg til spørsmålet som eksempel på
learn-no-candidates = Fant ingen oppføringer; prøv å søke.
learn-save-phrasing = Lagre eksempelet
learn-problem-bad-id = «{ $value }» er ikke en gyldig id: bruk a–z, 0–9 og bindestrek.
learn-problem-duplicate = Det finnes allerede en oppføring med id-en «{ $entry }».
learn-problem-contact = Det finnes ingen kontakt med id-en «{ $value }».
learn-problem-entry = Det finnes ingen oppføring med id-en «{ $value }».
learn-problem-empty = { $value }: skriv noe her.
learn-saved = Lagret: assistenten svarer nå på dette med «{ $entry }».
search = Søk

meeting-title = Møte { $date }
meeting-since = Alle spørsmål siden forrige møte ({ $since }).
meeting-print-hint = Skriv ut siden til møtet med nettleserens utskriftskommando.
meeting-forwarded = Sendt videre til de ansatte
meeting-assistant = Spurt assistenten
meeting-none = Ingen.
export-markdown = Markdown
export-csv = CSV
question = Spørsmål
staff-answer = Svar
outcome = Assistenten
outcome-answer = svarte
outcome-suggest = foreslo
outcome-abstain = visste ikke

stats-title = Statistikk
stats-days = { $days } dager
stats-questions = spørsmål
stats-answered = besvart av assistenten
stats-forwarded = sendt videre til de ansatte
stats-median = median tid til svar fra ansatte
stats-feedback = nyttig · ikke nyttig
stats-per-day = Spørsmål per dag
stats-unanswered = Mest etterspurte ubesvarte temaer
stats-minutes = { $n } min
stats-hours = { $n } t
stats-none = Ingenting ubesvart.

knowledge-title = Kunnskapsbase
knowledge-reload = Last kunnskapen på nytt
knowledge-reloaded = Lastet på nytt: versjon { $version } brukes nå.
knowledge-reload-failed = Kunnskapen kunne ikke lastes; forrige versjon brukes fortsatt. Se problemene under.
knowledge-summary = { $entries } oppføringer, { $contacts } kontakter, { $regions } regioner, versjon { $version }, fra
knowledge-valid = Kunnskapsfilene og tilleggene fra de ansatte er gyldige.
knowledge-invalid = { $count ->
    [one] Ett problem
   *[other] { $count } problemer
} (serveren bruker fortsatt siste gyldige versjon):
knowledge-additions = Lagt til av de ansatte
knowledge-no-additions = Ingenting ennå: bruk «Lagre som kunnskap» på et besvart spørsmål.
knowledge-entries = Oppføringer
knowledge-phrasings = Eksempler
knowledge-contacts = Kontakter
kind = Type
kind-entry = ny oppføring
kind-phrasing = eksempelspørsmål
entry = Oppføring
when = Når
by = Av
contact-name = Navn
contact-organisation = Organisasjon
contact-reach = Telefon / e-post

audit-title = Revisjonslogg
audit-action = Handling
audit-target = Gjelder
audit-detail = Detaljer
audit-system = systemet
audit-empty = Ingenting registrert ennå.
audit-older = Eldre oppføringer

staff-title = Ansattkontoer
staff-chat = Chat
staff-role = Rolle
staff-inactive = deaktivert
staff-activate = Aktiver
staff-deactivate = Deaktiver
staff-add = Legg til en ansatt
staff-added = La til { $email }.
staff-not-self = Du kan ikke endre din egen rolle eller deaktivere deg selv.
staff-password-hint = Minst { $min } tegn. Gi det til personen direkte, ikke på e-post.
account-error-email = Det er ikke en e-postadresse.
account-error-password-short = Passordet må ha minst { $min } tegn.
account-error-password-long = Det passordet er for langt.
account-error-role = Den rollen finnes ikke.
account-error-exists = { $email } har allerede en konto.
save = Lagre
erase-hint = Etter brukerens ønske: slett personopplysningene til den som spurte (profil, spørsmål, meldinger som venter). Det blir logget.
erase-confirm = Brukeren har bedt om dette
erase-submit = Slett brukerens data
erase-confirm-missing = Kryss av for at brukeren har bedt om det før du sletter.
erase-done = Brukerens data er slettet.
