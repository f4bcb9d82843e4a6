// Sammen web chat: sends what the visitor types or presses to POST /api/messages and draws the replies.
// No build step and no dependencies. The transcript lives in sessionStorage so a reload keeps it.
"use strict";

(() => {
  const API = "/api/messages";
  const PENDING_API = "/api/messages/pending";
  const SESSION_API = "/api/session";
  const MAX_CHARS = 4000; // the server's limit, in characters (code points), not UTF-16 units
  const POLL_MS = 10000;
  const STORE_KEY = "sammen.transcript.v1";
  const MAX_ENTRIES = 200;
  const TIMEOUT_MS = 30000;
  const SAFE_URL = /^(https?:|mailto:|tel:)/i;

  const STRINGS = {
    en: {
      tagline: "Support, offers and contacts for local businesses",
      conversation: "Conversation",
      typing: "Sammen is typing…",
      inputLabel: "Your message",
      placeholder: "Type your question…",
      send: "Send",
      error: "Something went wrong, please try again.",
      tooLong: "That message is too long. Please shorten it and try again.",
      welcomeBack: "Welcome back! Here is the menu.",
    },
    nb: {
      tagline: "Støtte, tilbud og kontakter for lokale bedrifter",
      conversation: "Samtale",
      typing: "Sammen skriver…",
      inputLabel: "Din melding",
      placeholder: "Skriv spørsmålet ditt…",
      send: "Send",
      error: "Noe gikk galt, prøv igjen.",
      tooLong: "Meldingen er for lang. Gjør den kortere og prøv igjen.",
      welcomeBack: "Velkommen tilbake! Her er menyen.",
    },
    nn: {
      tagline: "Støtte, tilbod og kontaktar for lokale verksemder",
      conversation: "Samtale",
      typing: "Sammen skriv…",
      inputLabel: "Meldinga di",
      placeholder: "Skriv spørsmålet ditt…",
      send: "Send",
      error: "Noko gjekk gale, prøv igjen.",
      tooLong: "Meldinga er for lang. Gjer ho kortare og prøv igjen.",
      welcomeBack: "Velkomen tilbake! Her er menyen.",
    },
    da: {
      tagline: "Støtte, tilbud og kontakter til lokale virksomheder",
      conversation: "Samtale",
      typing: "Sammen skriver…",
      inputLabel: "Din besked",
      placeholder: "Skriv dit spørgsmål…",
      send: "Send",
      error: "Noget gik galt, prøv igen.",
      tooLong: "Beskeden er for lang. Gør den kortere, og prøv igen.",
      welcomeBack: "Velkommen tilbage! Her er menuen.",
    },
    sv: {
      tagline: "Stöd, erbjudanden och kontakter för lokala företag",
      conversation: "Konversation",
      typing: "Sammen skriver…",
      inputLabel: "Ditt meddelande",
      placeholder: "Skriv din fråga…",
      send: "Skicka",
      error: "Något gick fel, försök igen.",
      tooLong: "Meddelandet är för långt. Korta ner det och försök igen.",
      welcomeBack: "Välkommen tillbaka! Här är menyn.",
    },
  };

  // The page starts in the browser's language; once the chat answers in the language the visitor
  // chose (each reply says which), the page's own labels follow it.
  let t = STRINGS[document.documentElement.lang] || STRINGS.en;
  const $ = (id) => document.getElementById(id);
  const scroller = $("scroller");
  const log = $("log");
  const typing = $("typing");
  const form = $("composer");
  const input = $("input");
  const sendButton = $("send");
  const finePointer = window.matchMedia("(pointer: fine)").matches;
  const motion = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "instant" : "smooth";

  let transcript = load();
  let busy = false;

  // ---- storage: a broken or full sessionStorage only costs the history, never the chat

  function load() {
    try {
      const data = JSON.parse(sessionStorage.getItem(STORE_KEY) || "[]");
      return Array.isArray(data) ? data : [];
    } catch {
      return [];
    }
  }

  function save() {
    transcript = transcript.slice(-MAX_ENTRIES);
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify(transcript));
    } catch {
      /* private mode or quota: keep going without history */
    }
  }

  // ---- rendering

  // The server already sends only <b> and <a href>; this keeps it so even if that ever changed.
  function sanitise(html) {
    const template = document.createElement("template");
    template.innerHTML = String(html || "");
    const out = document.createDocumentFragment();
    const copy = (from, to) => {
      for (const node of from.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          const tag = node.tagName.toLowerCase();
          if (tag === "b" || tag === "strong") {
            copy(node, to.appendChild(document.createElement("b")));
          } else if (tag === "a" && SAFE_URL.test(node.getAttribute("href") || "")) {
            const a = to.appendChild(document.createElement("a"));
            a.href = node.getAttribute("href");
            a.target = "_blank";
            a.rel = "noopener noreferrer";
            copy(node, a);
          } else if (tag === "br") {
            to.appendChild(document.createElement("br"));
          } else {
            copy(node, to);
          }
        }
      }
    };
    copy(template.content, out);
    return out;
  }

  function bubble(role, content) {
    const div = document.createElement("div");
    div.className = `msg ${role}`;
    if (typeof content === "string") div.textContent = content;
    else div.appendChild(content);
    log.appendChild(div);
    return div;
  }

  function buttonRows(rows) {
    const box = document.createElement("div");
    box.className = "buttons";
    for (const row of rows || []) {
      const line = box.appendChild(document.createElement("div"));
      line.className = "button-row";
      for (const b of row || []) {
        if (b && b.url && SAFE_URL.test(b.url)) {
          const a = line.appendChild(document.createElement("a"));
          a.className = "chip link";
          a.href = b.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          a.textContent = b.label;
        } else if (b && b.action) {
          const button = line.appendChild(document.createElement("button"));
          button.type = "button";
          button.className = "chip";
          button.textContent = b.label;
          button.disabled = busy;
          button.addEventListener("click", () => press(b));
        }
      }
    }
    if (box.querySelector(".chip")) log.appendChild(box);
  }

  function download(file) {
    if (!file || typeof file.data !== "string") return;
    const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
    const a = document.createElement("a");
    a.className = "chip link download";
    a.href = URL.createObjectURL(new Blob([bytes], { type: file.mime || "application/octet-stream" }));
    a.download = String(file.filename || "sammen.json");
    a.textContent = "⬇ " + a.download;
    const box = log.appendChild(document.createElement("div"));
    box.className = "buttons";
    box.appendChild(a);
  }

  function render(entry) {
    if (entry.role === "user") return bubble("user", entry.text || "");
    const div = bubble("bot", sanitise(entry.html));
    download(entry.attachment);
    buttonRows(entry.buttons);
    return div;
  }

  // Scroll to the bottom, unless the new answer is taller than the view: then show it from its start.
  function scrollTo(element, behavior = motion) {
    const fits = !element || scroller.scrollHeight - element.offsetTop <= scroller.clientHeight;
    scroller.scrollTo({ top: fits ? scroller.scrollHeight : element.offsetTop - 12, behavior });
  }

  // Keep the newest message in view when the view shrinks (a phone's keyboard opening, a rotation).
  let atBottom = true;
  scroller.addEventListener("scroll", () => {
    atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
  }, { passive: true });
  window.addEventListener("resize", () => {
    if (atBottom) scrollTo(null, "instant");
  });

  function showError(message) {
    const div = bubble("error", message);
    div.setAttribute("role", "alert");
    scrollTo();
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", String(value));
    for (const b of log.querySelectorAll("button.chip")) b.disabled = value;
    if (value) scrollTo();
  }

  // ---- talking to the server

  async function post(payload) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(API, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin",
        signal: controller.signal,
      });
      const data = await response.json().catch(() => null);
      if (!response.ok || !data || !Array.isArray(data.replies)) {
        throw new Error(response.status === 413 ? t.tooLong : t.error);
      }
      return data.replies;
    } catch (err) {
      throw new Error(err && err.message === t.tooLong ? t.tooLong : t.error);
    } finally {
      clearTimeout(timer);
    }
  }

  // Send one message; `echo` is what the visitor sees as their own bubble (none for /start).
  async function send(payload, echo) {
    if (busy) return false;
    let echoEntry = null;
    let echoDiv = null;
    if (echo) {
      echoEntry = { role: "user", text: echo };
      transcript.push(echoEntry);
      echoDiv = render(echoEntry);
      save();
    }
    setBusy(true);
    try {
      const replies = await post(payload);
      let first = null;
      for (const reply of replies) {
        const entry = { role: "bot", html: reply.html, buttons: reply.buttons || [], lang: reply.lang, attachment: reply.attachment };
        transcript.push(entry);
        const div = render(entry);
        first = first || div;
      }
      save();
      followLanguage();
      setBusy(false);
      scrollTo(first);
      return true;
    } catch (err) {
      // Take the unanswered message back so nothing the visitor wrote is lost.
      if (echoEntry) {
        transcript = transcript.filter((e) => e !== echoEntry);
        echoDiv.remove();
        save();
      }
      setBusy(false);
      showError(err.message || t.error);
      return false;
    }
  }

  async function submitText() {
    const text = input.value.trim();
    if (!text || busy) return;
    if ([...text].length > MAX_CHARS) {
      // Say so and keep every character in the box: nothing is cut and nothing is sent.
      showError(t.tooLong);
      input.focus();
      return;
    }
    input.value = "";
    resize();
    const ok = await send({ text }, text);
    if (!ok && !input.value) {
      input.value = text;
      resize();
    }
    input.focus();
  }

  async function press(button) {
    await send({ action: button.action }, button.label);
    if (finePointer) input.focus();
  }

  // ---- answers from the staff: the web has no push, so ask every few seconds (quietly: a failed
  // poll shows nothing, the next one tries again)

  async function poll() {
    if (busy || document.hidden) return;
    try {
      const response = await fetch(PENDING_API, {
        headers: { Accept: "application/json", "X-Sammen-Poll": "1" },
        credentials: "same-origin",
        cache: "no-store",
      });
      const data = response.ok ? await response.json() : null;
      if (!data || !Array.isArray(data.replies) || !data.replies.length) return;
      let first = null;
      for (const reply of data.replies) {
        const entry = { role: "bot", html: reply.html, buttons: reply.buttons || [], lang: reply.lang, attachment: reply.attachment };
        transcript.push(entry);
        first = first || render(entry);
      }
      save();
      followLanguage();
      scrollTo(first);
    } catch {
      /* offline for a moment: the next poll tries again */
    }
  }

  // ---- the first message of a tab: a visitor whose cookie names a saved profile (another tab,
  // yesterday) is welcomed back with the menu in their language instead of being onboarded again

  async function greet() {
    let session = null;
    try {
      const response = await fetch(SESSION_API, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      session = response.ok ? await response.json() : null;
    } catch {
      session = null; // unknown: greet as a first visit
    }
    if (session && session.known && STRINGS[session.lang]) {
      const entry = { role: "bot", html: STRINGS[session.lang].welcomeBack, lang: session.lang, buttons: [] };
      transcript.push(entry);
      render(entry);
      save();
      followLanguage();
      send({ text: "/menu" }, null);
    } else {
      send({ text: "/start" }, null);
    }
  }

  // ---- wiring

  function resize() {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 3, 140)}px`;
  }

  function translate() {
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t[el.dataset.i18n];
    for (const el of document.querySelectorAll("[data-i18n-label]")) {
      el.setAttribute("aria-label", t[el.dataset.i18nLabel]);
    }
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
      el.setAttribute("placeholder", t[el.dataset.i18nPlaceholder]);
    }
  }

  // The language of the newest reply that names one (the user's choice, made in the chat).
  function followLanguage() {
    const latest = transcript.findLast((e) => e.role === "bot" && e.lang && STRINGS[e.lang]);
    if (!latest || latest.lang === document.documentElement.lang) return;
    document.documentElement.lang = latest.lang;
    t = STRINGS[latest.lang];
    translate();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitText();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitText();
    }
  });

  input.addEventListener("input", resize);

  translate();
  followLanguage();
  for (const entry of transcript) render(entry);
  scrollTo(null, "instant");
  if (finePointer) input.focus();
  if (!transcript.length) greet();
  setInterval(poll, POLL_MS);
})();
