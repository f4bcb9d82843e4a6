## Sammen: English catalogue. Markup: **bold**, [label](url); keep replies short and friendly.

onboarding-welcome = 👋 Welcome to **Sammen**! I help local businesses find support schemes, offers, networks and the right person to talk to.
choose-language = Which language would you like me to use?
language-set = Language: { $language }.
choose-region = Which municipality or region is your business in? I use it to give you the answers and contacts that apply to you.
region-none = Other / skip
region-set = Region: { $region }.
region-cleared = No region chosen: I will show answers from every region and say where they apply.
business-offer = Would you like to add your business name and organisation number? It is optional, and it helps the staff help you.
business-add = Add my business
business-edit = Business details
skip = Skip
business-name-ask = What is the name of your business?
business-name-invalid = Please write the business name with 2 to 200 characters, or press Skip.
org-number-ask = { $country ->
    [no] What is the organisation number? Nine digits, e.g. 123 456 785.
    [dk] What is the CVR number? Eight digits.
    [se] What is the organisation number? Ten digits, e.g. 556036-0793.
   *[any] What is the organisation number (Norway 9 digits, Denmark CVR 8 digits, Sweden 10 digits)?
}
org-number-invalid = { $country ->
    [no] “{ $typed }” is not a valid Norwegian organisation number: it has 9 digits and a check digit. Please check it and try again, or press Skip.
    [dk] “{ $typed }” is not a valid CVR number: it has 8 digits and a check digit. Please check it and try again, or press Skip.
    [se] “{ $typed }” is not a valid Swedish organisation number: it has 10 digits and a check digit. Please check it and try again, or press Skip.
   *[any] “{ $typed }” is not a valid organisation number (Norway 9 digits, Denmark 8, Sweden 10, each with a check digit). Please check it and try again, or press Skip.
}
onboarding-done = ✅ All set! Just type your question, for example “can we defer municipal fees?”, or pick something from the menu.

menu-title = What can I help you with?
menu-open = ☰ Menu
menu-ask = ❓ Ask a question
menu-contacts = 📇 Contacts
menu-profile = 👤 My profile
menu-help = ℹ️ Help
menu-language = 🌐 Language
menu-region = 📍 Region
help-text = **How Sammen works**
    Type a question in your own words: about layoffs, fee deferrals, grants, networks or events. I answer from the knowledge base curated by the business forum, NAV and the municipality, and name the right contact person.
    Commands:

profile-title = Your profile
profile-none = not set
profile-language = Language: { $language }
profile-region = Region: { $region }
profile-business = Business: { $business }
profile-org-number = Organisation number: { $number }

stale-button = Sorry, that button is no longer valid. Here is the menu instead.
unknown-command = I don't know the command { $command }. Try /menu or /help, or just type your question.
ask-prompt = Type your question in your own words, and I will find the answer or the right person.
ask-unknown = I'm not sure about that one, and I'd rather not guess. Try asking in other words, or look up a contact person.
ask-offtopic = That's outside what I can help with: I answer businesses' questions about support schemes, layoffs, municipal fees, networks and who to contact. For private matters such as your own benefits, taxes or health, the public services (the welfare office, the tax office or the municipality) are the right place. If it is about your business after all, I can pass the question on to a person.
suggest-intro = I'm not completely sure. Did you mean one of these?
suggest-none = None of these
applies-to = Applies to: { $regions }.
contact-heading = Contact
feedback-helpful = 👍 Helpful
feedback-not-helpful = 👎 Not helpful
feedback-thanks = Thank you for the feedback! 🙏
feedback-sorry = Sorry that did not help. Try asking in other words, or ask a person at the daily advisory meeting.
contacts-title = Contact people
contacts-title-region = Contact people for { $region }
contacts-none = I have no contact people for your region yet. Try /region to choose another.

smalltalk-greeting = Hi! 👋 Ask me anything about support schemes, offers, networks or who to contact.
smalltalk-thanks = You're welcome! Anything else I can help with?
smalltalk-who = I'm **Sammen**, a chat assistant run by the local business forum, NAV and the municipality. I answer questions about support schemes and point you to the right contact person.
smalltalk-bye = Good luck with the business! Come back any time.

error-apology = Sorry, something went wrong on our side. Please try again in a moment.

command-start = Start again and set up your profile
command-menu = Show the menu
command-ask = Ask a question
command-contacts = Contact people
command-profile = Your profile
command-language = Change language
command-region = Change region
command-help = How Sammen works

## Asking a person (the staff's advisory meeting)
menu-human = 🙋 Ask a person
menu-questions = 📋 My questions
command-human = Ask a person at the advisory meeting
command-questions = Your questions to the staff
clock = { $hh }:{ $mm }
meeting-when = { $weekday } { $day } { $month } at { $time }
forward-confirm = Send your question to the advisory meeting? They meet weekdays at { $time }; you'll get the answer here.
forward-yes = ✅ Yes, send it
forward-no = No thanks
forward-cancelled = OK, I won't send it. Anything else I can help with?
forward-done = 📨 Sent to the advisory meeting as question #{ $number }. Next meeting: { $when }. You'll get the answer here.
forward-already = You have already sent this question (#{ $number }). Next meeting: { $when }.
human-prompt = What would you like to ask the advisory meeting? Type your question and I'll pass it on.
human-cancel = Cancel
human-cancelled = OK, nothing was sent.
questions-title = Your open questions
questions-item = #{ $number }, { $date }: { $text }
questions-none = You have no open questions. Type a question any time, or use /human to ask a person.
questions-withdraw = Withdraw #{ $number }
withdrawn = Question #{ $number } is withdrawn. The staff will not answer it.
ticket-not-open = Question #{ $number } is no longer open.
relay-intro = 💬 Answer from the advisory meeting to your question “{ $question }”:
relay-signature = – { $name }
relay-solved = ✅ Thanks, solved
relay-followup = ↩️ I have a follow-up
solved-thanks = Glad it helped! Question #{ $number } is closed.
followup-prompt = Type your follow-up to question #{ $number } and I'll send it to the advisory meeting.
followup-done = 📨 Your follow-up to question #{ $number } is sent. Next meeting: { $when }.

## The staff chat (in the default language)
staff-new = 🆕 **Question #{ $number }** from { $who } ({ $channel }, { $language }, { $region })
staff-followup = ↩️ **Follow-up on #{ $number }** from { $who } ({ $channel }, { $language }, { $region })
staff-original = Original question: { $text }
staff-guesses = The assistant's guesses: { $guesses }
staff-no-guesses = The assistant had no guess.
staff-no-region = no region
staff-unknown-user = a user
staff-answer-button = ✍️ Answer #{ $number }
staff-answer-prompt = ✍️ { $name }, reply to this message with your answer to #{ $number }: “{ $text }”
staff-answer-sent = ✅ { $name } answered #{ $number }; the answer is on its way to the user.
staff-already-answered = ℹ️ #{ $number } already has an answer; yours will be sent as another one.
staff-not-staff = Sorry, only the advisory staff can answer questions here.
staff-not-allowed = Sorry, your staff account may not answer questions.
staff-ticket-gone = Question #{ $number } can no longer be answered (it was withdrawn or closed).
staff-reminder = ⏰ **{ $count ->
    [one] One question has
   *[other] { $count } questions have
} waited more than 24 hours for an answer:**
staff-reminder-item = #{ $number } ({ $hours } h): { $text }

## A staff-chat notice once its question is taken care of (one line added, the Answer button removed).
staff-notice-answered = ✅ Answered by { $name }
staff-notice-closed = 🔒 Closed by { $name }
staff-notice-solved = 🔒 Closed by the user: solved
staff-notice-withdrawn = ↩️ Withdrawn by the user

## The web chat's answers to a request it cannot take (shown by API clients; the page has its own wording).
web-not-json = Sorry, that message could not be read. Please send a JSON object such as {"{"}"text": "Hello"{"}"}.
web-content-type = Please send the message as JSON (Content-Type: application/json).
web-origin = This chat only accepts messages from its own page.
web-too-long = That message is too long. Please keep it under { $max } characters.
web-empty = Please type a message first.
web-bad-text = The text of a message must be a string.
web-bad-action = That button could not be read. Please try again.
web-text-or-action = Please send either text or a button action, not both.
web-failed = Something went wrong, please try again.
staff-notice-reopened = 🔓 Reopened by { $name }
feedback-sorry-contacts = These people can help you with this
ask-unknown-place = I'm sorry, I have no information for { $place }. I have information for { $regions }. I can pass your question on to a person.
region-offer = Shall I remember { $region } as your region? Then you get the answers from there first.
region-offer-yes = Yes, remember { $region }
region-offer-no = No thanks
region-offer-declined = Fine, I won't remember a region. You can choose one at any time with /region.

# Web chat (issue 10): a request body nested deeper than the bound
web-too-deep = That message is nested too deeply to be read. Please send a plain JSON object.

# --- privacy
command-privacy = Privacy: what Sammen stores
command-mydata = Get a copy of your data
command-deleteme = Delete your data
privacy-line = 🔒 I store what you write and your profile so I can answer and pass questions on. See /privacy.
privacy-notice = **Privacy in Sammen**
    I store your profile (language, region and, if you give them, your business and organisation number), your questions and the answers you get, and questions you send to a person. They are used only to answer you and for anonymous statistics for the business forum and the municipality. Questions lose their words after { $days } days.
    /mydata gives you a copy of all of it, /deleteme erases it.
mydata-title = What I have stored about you
mydata-item = { $kind }: { $count }
mydata-kind-profile = profile
mydata-kind-questions = questions
mydata-kind-questions-to-the-staff = questions to a person
mydata-kind-download-links = download links
mydata-kind-offers = offers
mydata-kind-briefing = daily briefing
mydata-kind-groups-and-events = groups and events
mydata-file = All of it is in the file sammen-mydata.json.
deleteme-confirm = Do you want to erase your profile, your questions and everything else I have stored about you? This cannot be undone.
deleteme-yes = Yes, erase everything
deleteme-no = No, keep it
deleteme-cancelled = Fine, nothing was erased.
deleteme-done = Done: your data is erased. Type /start if you want to use Sammen again.
privacy-private-only = I only do that in a private chat with you, not in a group.

## groups
command-groups = Network groups near you
command-events = Events near you
command-mine = My groups and sign-ups
menu-groups = 🤝 Network groups
menu-events = 📅 Events
menu-mine = ⭐ My groups and events
groups-title = Network groups
groups-title-region = Network groups in { $region }
events-title = Events
events-title-region = Events in { $region }
groups-none = There are no network groups here yet.
events-none = There are no upcoming events here right now.
gather-no-date = the organiser announces the meetings
gather-more = … and { $count } more.
gather-held = Held earlier: { $title }, { $when }.
gather-when = { $day } at { $time }
gather-when-day = { $day }
gather-places-open = { $members } taking part
gather-places-free = { $free } of { $capacity } places free
gather-places-full = full ({ $capacity } places), { $waiting } waiting
gather-event-date = 📅 { $when }
gather-event-past = This event was held on { $when }.
gather-event-cancelled = The event on { $when } is cancelled.
gather-deadline = Sign up by { $when }.
gather-next = 📅 Next: { $when }
gather-no-schedule = 📅 The organiser announces the meetings.
gather-where = 📍 { $where }
gather-closed = This group takes no new members at the moment.
gather-organiser = Organiser: { $name }, { $organisation }
gather-you-member = You are a member.
gather-you-signed-up = You are signed up.
gather-you-waiting = You are number { $position } on the waiting list.
gather-join = Join
gather-sign-up = Sign up
gather-join-waiting = Join the waiting list
gather-leave = Leave the group
gather-cancel = Cancel my sign-up
gather-leave-waiting = Leave the waiting list
gather-details = Details
gather-not-open = { $title } is not open for sign-up.
gather-already = You already have a place in { $title }.
gather-already-waiting = You are already on the waiting list for { $title }, as number { $position }.
gather-business-taken = Someone from your business already has a place in { $title }: one place per business.
gather-waiting = { $title } is full. You are on the waiting list as number { $position }; I'll tell you as soon as a place frees up.
gather-joined = Welcome to { $title }! You are a member now.
gather-signed-up = You are signed up for { $title }.
gather-calendar-file = The calendar file adds it to your calendar.
gather-not-in = You have no place in { $title }.
gather-left = You have left { $title }.
gather-cancelled = Your sign-up for { $title } is cancelled. The calendar file removes it from your calendar.
gather-left-waiting = You are off the waiting list for { $title }.
gather-cant-come-freed = Thanks for telling me: your place at { $title } goes to the next on the waiting list.
gather-absence-noted = Thanks, noted: you can't come to this meeting of { $title }. You stay a member.
gather-promoted = Good news: a place freed up, and you are in { $title } now!
gather-find-title = Groups and events that fit
gather-find-none = I know of no upcoming meetings near you right now.
gather-remind-day = Reminder: { $title } is tomorrow, { $when }.
gather-remind-hour = Reminder: { $title } starts in an hour, { $when }.
gather-cant-come = Can't come
gather-moved = { $title } has moved: it is now { $when } (it was { $before }). The calendar file updates your calendar.
gather-occurrence-cancelled = { $title } on { $when } is cancelled. The calendar file removes it from your calendar.
gather-message = Message from the organiser of { $title }:
digest-events-heading = Meetings and events this week
mine-title = Your groups and sign-ups
mine-none = You are in no groups and signed up for no events yet.
mine-member = member
mine-signed-up = signed up
mine-waiting = number { $position } on the waiting list
gather-remind-soon = Reminder: { $title } is coming up, { $when }.
gather-part-of = A meeting of { $group }.
## Teams
teams-link-expired = This link has expired or does not exist. Ask for the file again in the chat.
## daily briefing
command-briefing = Daily briefing: what is new, every morning
command-stop = Stop the daily briefing
menu-briefing = ☀️ Daily briefing
briefing-intro = ☀️ **Daily briefing**
    One short message in the morning with what is new for you: news from the staff, changes to support schemes and more. Nothing new, no message.
    When would you like it? Choose a time or type one ({ $slots }).
briefing-choose-time = When would you like your briefing? Choose a time or type one ({ $slots }).
briefing-time-invalid = I can send it at these times: { $slots }. Please choose one of them.
briefing-choose-days = On which days?
briefing-choose-topics = What should it cover? Tap a topic to turn it on or off.
briefing-topics-none = Please keep at least one topic, or use Stop to end the briefing.
briefing-confirmed = ✅ Done!
briefing-summary = You get a briefing { $days } at { $time } (your local time) with: { $topics }.
briefing-nothing-quiet = When nothing is new, I send nothing that day.
briefing-nothing-new-sent = When nothing is new, you get a short note saying so.
briefing-paused = ⏸ Your briefing is paused.
briefing-days-weekdays = on weekdays
briefing-days-daily = every day
briefing-time-button = 🕖 Time
briefing-days-button = 📅 Days
briefing-topics-button = 🗂 Topics
briefing-pause-button = ⏸ Pause
briefing-resume-button = ▶️ Resume
briefing-stop-button = ⏹ Stop
briefing-done-button = ✔️ Done
briefing-subscribe-button = ☀️ Get the daily briefing
briefing-stopped = Your daily briefing is stopped. You can start it again at any time with /briefing.
briefing-not-subscribed = You don't have a daily briefing. Would you like one?
briefing-topic-knowledge = Support schemes and knowledge changes
briefing-topic-news = News from the staff
briefing-topic-offers = Offers
briefing-topic-events = Groups and events
briefing-header = ☀️ **Good morning! Your briefing for { $date }**
briefing-knowledge-added = New: { $title }
briefing-knowledge-changed = Updated: { $title }
briefing-news-link = Read more
briefing-and-more = …and { $count } more
briefing-more = More ➡️
briefing-more-header = ☀️ **Your briefing, continued**
briefing-more-gone = That briefing has nothing more to show.
briefing-nothing-new = Nothing new today.
briefing-settings-button = ⚙️ Briefing settings
## offers
command-newoffer = Post a shop-local offer
command-offers = Find local offers
command-myoffers = Your offers
menu-newoffer = 🏷 Post an offer
menu-offers = 🛍 Local offers
offer-need-business = To post an offer I need your business name and organisation number first. Then we continue with the offer.
offer-business-saved = Saved: { $business }, { $number }.
offer-ask-region = Which municipality or region is the offer for?
offer-ask-title = What is the offer? Write a short title (at most { $max } characters), e.g. “20 % off all winter boots”.
offer-ask-description = Describe the offer (at most { $max } characters).
offer-ask-category = Which category?
offer-ask-delivery = How can customers get it? Choose one or more, then press Done.
offer-ask-price = Price or discount? (e.g. “from 199 kr” or “2 for 1”), or press Skip.
offer-ask-until = Until when is it valid? For example “31.12”, “tomorrow”, “in 2 weeks” or “next Friday” (at most { $days } days ahead).
offer-until-default = Use { $date }
offer-ask-image = Send a photo, or an image link starting with https://, or press Skip.
offer-ask-image-link = Send an image link starting with https://, or press Skip.
offer-ask-contact = How do customers reach you? Phone, web address and/or street address.
offer-now = Now: { $value }
offer-cancel = ✖ Cancel
offer-cancelled = The offer was not posted.
offer-skip = Skip
offer-done = ✅ Done
offer-use-buttons = Please use the buttons.
offer-title-long = The title has { $length } characters; at most { $max } please. You wrote: “{ $typed }”
offer-description-long = The description has { $length } characters; at most { $max } please. Here is what you wrote, to shorten:
offer-price-long = The price text can have at most { $max } characters. You wrote: “{ $typed }”
offer-contact-short = Please give a phone number, a web address or a street address.
offer-contact-long = The contact details can have at most { $max } characters. You wrote: “{ $typed }”
offer-delivery-none = Choose at least one way to get the offer.
offer-delivery-home = Home delivery
offer-delivery-pickup = Pick-up
offer-delivery-store = In store
offer-delivery-online = Online
offer-until-unreadable = I could not read “{ $typed }” as a date. Try “31.12”, “2026-12-31”, “tomorrow” or “in 2 weeks”.
offer-until-past = { $date } has already passed. Please choose a date from today on.
offer-until-far = { $date } is too far ahead: an offer can run at most { $days } days, until { $last }.
offer-until-set = 📅 Valid until { $date }.
offer-image-https = The image link must start with https:// (“{ $typed }”). Send another link or a photo, or press Skip.
offer-image-bad = “{ $typed }” is not an image link. Send a photo or a link starting with https://, or press Skip.
offer-preview = This is how your offer will look:
offer-publish = 📣 Publish
offer-publish-again = 📣 Send for approval
offer-edit-field = ✏️ Edit a field
offer-which-field = Which field do you want to change?
offer-field-title = Title
offer-field-description = Description
offer-field-category = Category
offer-field-delivery = How to get it
offer-field-price = Price
offer-field-until = Valid until
offer-field-image = Picture
offer-field-contact = Contact
offer-duplicate = You already have a nearly identical offer: “{ $title }” (#{ $number }). Edit that one instead.
offer-limit = Your business already has { $max } active offers, the most allowed. Withdraw or wait for one to end first.
offer-rate = You have posted { $max } offers in the last 24 hours. Please wait a little before posting more.
offer-submitted = ✅ Thanks! Offer #{ $number } is waiting for approval by the staff. I will tell you when it is published.
offer-edit-intro = Editing offer #{ $number }. After a change it is checked by the staff again.
offer-card-category = 🏷 { $category }
offer-card-price = 💰 { $price }
offer-card-delivery = 🚚 { $modes }
offer-card-until = 📅 Until { $date }
offer-card-contact = ☎ { $contact }
offer-card-image = 🖼 Picture
offer-card-photo = 📷 Photo attached
offer-card-status = Status: { $status }
offer-status-pending = ⏳ waiting for approval
offer-status-approved = ✅ published
offer-status-rejected = ❌ rejected
offer-status-withdrawn = ↩️ withdrawn
offer-status-expired = ⌛ expired
offer-list-title = 🛍 Offers: { $filters }
offer-list-none = No offers match right now.
offer-list-end = No more offers.
offer-all-regions = All regions
offer-any-category = All categories
offer-ask-region-browse = Offers from which region?
offer-more = ➡️ More
offer-filter-category = 🏷 Category
offer-filter-home = 🚚 Delivers home
offer-filter-region = 📍 Region
offer-filter-search = 🔎 Search
offer-filter-clear = ✖ Clear filters
offer-search-ask = What are you looking for? (e.g. “flowers” or “bakery”)
offer-found-heading = 🛍 Local offers that match:
offer-digest-heading = New local offers
offer-digest-item = { $title } – { $business } (until { $date })
offer-mine-title = Your offers
offer-mine-none = You have no offers yet.
offer-mine-open = 📋 My offers
offer-mine-edit = ✏️ Edit #{ $number }
offer-mine-withdraw = ↩️ Withdraw #{ $number }
offer-mine-extend = ⏳ +14 days #{ $number }
offer-mine-withdraw-sure = Withdraw “{ $title }”? It disappears from the lists at once.
offer-mine-withdraw-yes = Yes, withdraw it
offer-mine-withdrawn = Offer #{ $number } is withdrawn.
offer-mine-extended = ⏳ Offer #{ $number } now runs until { $date }.
offer-mine-gone = Offer #{ $number } can no longer be changed that way.
offer-extend-button = ⏳ Extend { $days } days
offer-approved = ✅ Your offer “{ $title }” (#{ $number }) is published.
offer-rejected = ❌ Your offer “{ $title }” (#{ $number }) was not approved: { $reason }. You can edit it and send it again.
offer-withdrawn-by-staff = ↩️ The staff took down your offer “{ $title }” (#{ $number }): { $reason }.
offer-expiring = ⌛ Your offer “{ $title }” (#{ $number }) ends after { $date }. Extend it?
offer-staff-new = 🏷 New offer #{ $number } from { $business } ({ $org })
offer-staff-edited = 🏷 Edited offer #{ $number } from { $business } ({ $org })
offer-staff-approve = ✅ Approve
offer-staff-reject = ❌ Reject
offer-staff-approved = ✅ Offer #{ $number } “{ $title }” is published.
offer-staff-rejected = ❌ Offer #{ $number } is rejected: { $reason }
offer-staff-reason-prompt = { $name }, reply to this message with the reason for rejecting offer #{ $number } (the poster sees it).
offer-staff-gone = Offer #{ $number } is no longer waiting for approval.
offer-staff-approved-line = ✅ Approved by { $name }
offer-staff-rejected-line = ❌ Rejected by { $name }
offer-staff-withdrawn-line = ↩️ Withdrawn by { $name }
offer-staff-superseded-line = ✏️ Edited by the poster: see the newer notice.
offer-staff-withdrawn-own-line = ↩️ Withdrawn by the poster.
offer-channel-gone-line = ↩️ No longer on offer.
offer-channel-updated-line = ✏️ Updated: see the newer post.
offers-page-title = Shop local
offers-page-intro = Offers from local businesses, checked by the staff.
offers-page-region = Region
offers-page-category = Category
offers-page-search = Search
offers-page-filter = Show
offers-page-none = No offers match right now.
offers-page-next = More offers →
offers-page-feed = Feed (Atom)
