## Sammen staff dashboard: English.

brand = Staff desk
nav-label = Dashboard
nav-queue = Queue
nav-meeting = Today's meeting
nav-stats = Statistics
nav-knowledge = Knowledge
nav-audit = Audit
nav-staff = Staff
logout = Log out
role-admin = admin
role-staff = staff
role-viewer = viewer

login-title = Log in
login-intro = For the staff of the business forum, NAV and the municipality.
login-email = Email
login-password = Password
login-submit = Log in
login-failed = Wrong email or password.
login-too-many = Too many attempts. Please try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.

error-forbidden = Your role does not allow this. Ask an administrator if you need it.
error-login-required = Please log in first.
error-csrf = This form has expired or did not come from the dashboard. Go back, reload the page and try again.
error-not-found = There is no such page or question.
back-to-queue = Back to the queue

queue-title = Open questions
queue-title-answered = Answered questions
queue-title-closed = Closed questions
queue-title-all = All questions
queue-filter = Show
queue-empty = Nothing here. Every question has been answered. 🎉
filter-open = Open
filter-answered = Answered
filter-closed = Closed
filter-all = All
topic-none = Other questions
region-any = All regions
guesses = The assistant's guesses
user-unreachable-short = user unreachable

status = Status
status-open = open
status-answered = answered
status-closed = closed
status-withdrawn = withdrawn

ticket-title = Question
ticket-sent = The answer is on its way to the user.
ticket-error = That did not work. Please check the form and try again.
ticket-error-empty = Please write something first.
ticket-error-long = That text is too long (at most 8,000 characters).
ticket-error-withdrawn = The user withdrew this question, so it cannot be answered.
ticket-error-assignee = That person cannot answer questions (viewer role).
user-unreachable-title = The user cannot be reached.
user-unreachable-body = They have blocked the assistant or left the channel, so an answer will not be delivered. Call or email them if you have their details.
asked = Asked
region = Region
channel = Channel
user = User
assigned = Assigned to
topic = Topic
thread = Conversation
thread-empty = No answers or notes yet.
author-user = User
author-staff = Answer from { $name }
author-note = Internal note by { $name }
answer-label = Your answer to the user
answer-placeholder = Write the answer as the user will read it.
answer-send = Send answer
answer-unreachable-hint = It will be stored, but not delivered.
reassign-label = Assigned to
reassign-submit = Reassign
nobody = Nobody
close-hint = Answered elsewhere, a duplicate, or out of scope?
close-submit = Close
reopen-submit = Reopen
note-label = Internal note (the user does not see it)
note-submit = Add note

learn-title = Save as knowledge
learn-intro = Teach the assistant this answer, so the next person who asks gets it at once.
learn-button = Save as knowledge…
learn-new-entry = New entry
learn-phrasing = Example for an existing entry
learn-problems = Not saved yet: please fix these problems.
learn-id = Entry id
learn-id-hint = Lower-case letters, digits and hyphens, e.g. horten-husleie-kafe.
learn-entry-title = Title
learn-question = Example question
learn-answer = Answer
learn-language = Language
learn-contacts = Contacts
learn-contacts-hint = Type part of a name or organisation and pick from the list, one contact per field (leave the rest empty).
learn-contact-n = Contact { $n }
learn-save = Save entry
learn-search = Search the knowledge base
learn-pick = Add the question as an example of
learn-no-candidates = No entries found; try searching.
learn-save-phrasing = Save example
learn-problem-bad-id = “{ $value }” is not a valid entry id: use a-z, 0-9 and hyphens.
learn-problem-duplicate = There is already an entry with the id “{ $entry }”.
learn-problem-contact = There is no contact with the id “{ $value }”.
learn-problem-entry = There is no entry with the id “{ $value }”.
learn-problem-empty = { $value }: please write something.
learn-saved = Saved: the assistant now answers this with “{ $entry }”.
search = Search

meeting-title = Meeting { $date }
meeting-since = Every question since the last meeting ({ $since }).
meeting-print-hint = Print this page for the meeting with your browser's print command.
meeting-forwarded = Forwarded to the staff
meeting-assistant = Asked the assistant
meeting-none = None.
export-markdown = Markdown
export-csv = CSV
question = Question
staff-answer = Answer
outcome = The assistant
outcome-answer = answered
outcome-suggest = suggested
outcome-abstain = did not know

stats-title = Statistics
stats-days = { $days } days
stats-questions = questions
stats-answered = answered by the assistant
stats-forwarded = forwarded to the staff
stats-median = median time to a staff answer
stats-feedback = helpful · not helpful
stats-per-day = Questions per day
stats-unanswered = Top unanswered topics
stats-none = Nothing unanswered.
stats-minutes = { $n } min
stats-hours = { $n } h

knowledge-title = Knowledge base
knowledge-reload = Reload knowledge
knowledge-reloaded = Reloaded: version { $version } is being served.
knowledge-reload-failed = The knowledge could not be loaded; the previous version is still served. See the problems below.
knowledge-summary = { $entries } entries, { $contacts } contacts, { $regions } regions, version { $version }, from
knowledge-valid = The knowledge files and the staff additions are valid.
knowledge-invalid = { $count ->
    [one] One problem
   *[other] { $count } problems
} (the server keeps serving the last valid version):
knowledge-additions = Added by the staff
knowledge-no-additions = Nothing yet: use “Save as knowledge” on an answered question.
knowledge-entries = Entries
knowledge-phrasings = Examples
knowledge-contacts = Contacts
kind = Kind
kind-entry = new entry
kind-phrasing = example question
entry = Entry
when = When
by = By
contact-name = Name
contact-organisation = Organisation
contact-reach = Phone / email

audit-title = Audit log
audit-action = Action
audit-target = Target
audit-detail = Detail
audit-system = system
audit-empty = Nothing recorded yet.
audit-older = Older entries

staff-title = Staff accounts
staff-role = Role
staff-chat = Chat
staff-inactive = inactive
staff-activate = Activate
staff-deactivate = Deactivate
staff-add = Add a staff member
staff-added = Added { $email }.
staff-not-self = You cannot change your own role or deactivate yourself.
staff-password-hint = At least { $min } characters. Tell it to them in person, not by email.
save = Save
account-error-email = That is not an email address.
account-error-password-short = The password must have at least { $min } characters.
account-error-password-long = That password is too long.
account-error-role = There is no such role.
account-error-exists = { $email } already has an account.
erase-hint = On the user's request: erase the personal data of the person who asked this (profile, questions, pending messages). It is logged.
erase-confirm = The user asked for this
erase-submit = Erase the user's data
erase-confirm-missing = Tick that the user asked for it before erasing.
erase-done = The user's data was erased.
