/*
 * Signpost chat widget.
 *
 * Embed with one tag on any intranet page:
 *   <script src="https://signpost.example.org/widget.js" defer></script>
 *
 * Plain JavaScript, no build step, no framework, no external requests: the widget
 * talks only to the origin it was loaded from (its API and its stylesheet). It never
 * uses innerHTML, eval or inline styles/handlers, so it runs under a strict CSP.
 *
 * Language: the tag's data-lang ("de"), else the page's <html lang> ("de-AT"), else
 * English; the practitioner can switch in the widget's header, which also tells the
 * assistant. A recommendation card's urgency, headings and roles come with the card from
 * the server (language/labels.yml), in the language the card was written in.
 *
 * Rewording: define window.SIGNPOST_STRINGS before this script, keyed by language like
 * STRINGS below ({de: {panelSubtitle: "..."}}); unknown keys are ignored, nested objects
 * are merged key by key.
 */
(function () {
  "use strict";

  // Every text the widget shows itself, once per language (formal address; French with
  // a no-break space before ? ! : ;). Error messages always end with the 112 advice.
  var STRINGS = {
    en: {
      languageName: "English",
      colon: ":", // after a label on a card ("Urgency: Today")
      languageLabel: "Language",
      launcherLabel: "Signpost: what to do about extremist content",
      panelTitle: "Signpost",
      panelSubtitle: "Next steps when you come across extremist content online. No names needed.",
      emergencyHint: "Someone in danger right now? Call 112.",
      close: "Close",
      newConversation: "New conversation",
      deleteConversation: "Delete conversation",
      confirmDeleteTitle: "Delete this conversation?",
      confirmDeleteText: "Everything you and Signpost wrote in it is erased for good. This cannot be undone.",
      confirmDelete: "Delete it",
      cancelDelete: "Cancel",
      deleted: "Your conversation has been deleted. Nothing of it is kept.",
      deleteFailed: "The conversation could not be deleted right now. Please try again.",
      logLabel: "Conversation with Signpost",
      inputLabel: "Your answer",
      inputPlaceholder: "Type your answer…",
      send: "Send",
      typing: "Signpost is typing…",
      privacyHint: "Please don't type names.",
      privacyWhy: "Sensitive cases belong here, not on Telegram: this chat stays on Signpost's own server " +
        "and is deleted after {days} days unused, while Telegram keeps its own copy.",
      speakerUser: "You said:",
      speakerBot: "Signpost said:",
      choicesLabel: "Choose an answer",
      unreachable: "Signpost can't answer right now. If someone is in danger, call 112.",
      rateLimited: "You are sending messages very quickly. Please wait a moment and try again. " +
        "If someone is in danger, call 112.",
      tooManyConversations: "Many conversations were started from this network just now. " +
        "Please try again later. If someone is in danger, call 112.",
      tooLong: "That message is too long. Please shorten it and send it again. " +
        "If someone is in danger, call 112.",
      expired: "This conversation has ended (old conversations are deleted). A new one has started.",
      genericError: "Something went wrong. Please try again.",
      recommendation: "Recommendation",
      callEmergency: "Call 112 now",
      contactPhone: "Phone:",
      contactEmail: "Email:",
      contactWebsite: "Website:",
      contactArea: "Area:",
      opensInNewTab: "(opens in a new tab)",
      showAllSteps: "Show all steps and contacts",
      course: {
        emergency: "Emergency",
        report: "Report it",
        refer_coordinator: "Involve the local coordinator",
        engage: "Talk with the person",
        dont_feed: "Don't feed it"
      }
    },
    de: {
      languageName: "Deutsch",
      colon: ":",
      languageLabel: "Sprache",
      launcherLabel: "Signpost: Was tun bei extremistischen Inhalten?",
      panelTitle: "Signpost",
      panelSubtitle: "Nächste Schritte, wenn Ihnen extremistische Inhalte im Netz begegnen. Namen sind nicht nötig.",
      emergencyHint: "Ist jemand gerade in Gefahr? Rufen Sie 112 an.",
      close: "Schließen",
      newConversation: "Neues Gespräch",
      deleteConversation: "Gespräch löschen",
      confirmDeleteTitle: "Dieses Gespräch löschen?",
      confirmDeleteText: "Alles, was Sie und Signpost darin geschrieben haben, wird endgültig gelöscht. " +
        "Das lässt sich nicht rückgängig machen.",
      confirmDelete: "Endgültig löschen",
      cancelDelete: "Abbrechen",
      deleted: "Ihr Gespräch wurde gelöscht. Nichts davon wird aufbewahrt.",
      deleteFailed: "Das Gespräch konnte gerade nicht gelöscht werden. Bitte versuchen Sie es noch einmal.",
      logLabel: "Gespräch mit Signpost",
      inputLabel: "Ihre Antwort",
      inputPlaceholder: "Ihre Antwort eingeben …",
      send: "Senden",
      typing: "Signpost schreibt …",
      privacyHint: "Bitte geben Sie keine Namen ein.",
      privacyWhy: "Heikle Fälle gehören hierher, nicht zu Telegram: Dieser Chat bleibt auf dem Server von " +
        "Signpost und wird nach {days} Tagen ohne Nutzung gelöscht; Telegram behält eine eigene Kopie.",
      speakerUser: "Sie schrieben:",
      speakerBot: "Signpost schrieb:",
      choicesLabel: "Antwort auswählen",
      unreachable: "Signpost kann gerade nicht antworten. Wenn jemand in Gefahr ist, rufen Sie 112 an.",
      rateLimited: "Sie senden sehr schnell Nachrichten. Bitte warten Sie einen Moment und versuchen Sie " +
        "es dann noch einmal. Wenn jemand in Gefahr ist, rufen Sie 112 an.",
      tooManyConversations: "Aus diesem Netzwerk wurden gerade sehr viele Gespräche begonnen. " +
        "Bitte versuchen Sie es später noch einmal. Wenn jemand in Gefahr ist, rufen Sie 112 an.",
      tooLong: "Diese Nachricht ist zu lang. Bitte kürzen Sie sie und senden Sie sie noch einmal. " +
        "Wenn jemand in Gefahr ist, rufen Sie 112 an.",
      expired: "Dieses Gespräch ist beendet (alte Gespräche werden gelöscht). Ein neues hat begonnen.",
      genericError: "Etwas ist schiefgegangen. Bitte versuchen Sie es noch einmal.",
      recommendation: "Empfehlung",
      callEmergency: "Jetzt 112 anrufen",
      contactPhone: "Telefon:",
      contactEmail: "E-Mail:",
      contactWebsite: "Website:",
      contactArea: "Zuständig für:",
      opensInNewTab: "(öffnet in einem neuen Tab)",
      showAllSteps: "Alle Schritte und Kontakte zeigen",
      course: {
        emergency: "Notfall",
        report: "Melden",
        refer_coordinator: "Koordinationsstelle vor Ort einbeziehen",
        engage: "Mit der Person sprechen",
        dont_feed: "Keine Aufmerksamkeit schenken"
      }
    },
    fr: {
      languageName: "Français",
      colon: " :",
      languageLabel: "Langue",
      launcherLabel: "Signpost : que faire face à un contenu extrémiste ?",
      panelTitle: "Signpost",
      panelSubtitle: "Les prochaines étapes lorsque vous rencontrez un contenu extrémiste en ligne. " +
        "Aucun nom n'est nécessaire.",
      emergencyHint: "Quelqu'un est en danger en ce moment ? Appelez le 112.",
      close: "Fermer",
      newConversation: "Nouvelle conversation",
      deleteConversation: "Supprimer la conversation",
      confirmDeleteTitle: "Supprimer cette conversation ?",
      confirmDeleteText: "Tout ce que vous et Signpost y avez écrit sera effacé définitivement. " +
        "Cette action est irréversible.",
      confirmDelete: "Supprimer définitivement",
      cancelDelete: "Annuler",
      deleted: "Votre conversation a été supprimée. Rien n'en est conservé.",
      deleteFailed: "La conversation n'a pas pu être supprimée pour le moment. Veuillez réessayer.",
      logLabel: "Conversation avec Signpost",
      inputLabel: "Votre réponse",
      inputPlaceholder: "Saisissez votre réponse…",
      send: "Envoyer",
      typing: "Signpost écrit…",
      privacyHint: "Merci de ne saisir aucun nom.",
      privacyWhy: "Les situations sensibles ont leur place ici, pas sur Telegram : cette discussion reste " +
        "sur le serveur de Signpost et est supprimée après {days} jours sans utilisation, alors que " +
        "Telegram en garde sa propre copie.",
      speakerUser: "Vous avez écrit :",
      speakerBot: "Signpost a écrit :",
      choicesLabel: "Choisissez une réponse",
      unreachable: "Signpost ne peut pas répondre pour le moment. Si quelqu'un est en danger, appelez le 112.",
      rateLimited: "Vous envoyez des messages très rapidement. Veuillez patienter un instant, puis " +
        "réessayer. Si quelqu'un est en danger, appelez le 112.",
      tooManyConversations: "Beaucoup de conversations viennent d'être ouvertes depuis ce réseau. " +
        "Veuillez réessayer plus tard. Si quelqu'un est en danger, appelez le 112.",
      tooLong: "Ce message est trop long. Veuillez le raccourcir et l'envoyer à nouveau. " +
        "Si quelqu'un est en danger, appelez le 112.",
      expired: "Cette conversation est terminée (les anciennes conversations sont supprimées). " +
        "Une nouvelle conversation a commencé.",
      genericError: "Une erreur s'est produite. Veuillez réessayer.",
      recommendation: "Recommandation",
      callEmergency: "Appeler le 112 maintenant",
      contactPhone: "Téléphone :",
      contactEmail: "E-mail :",
      contactWebsite: "Site web :",
      contactArea: "Zone :",
      opensInNewTab: "(s'ouvre dans un nouvel onglet)",
      showAllSteps: "Afficher toutes les étapes et les contacts",
      course: {
        emergency: "Urgence",
        report: "Signaler",
        refer_coordinator: "Faire appel à la coordination locale",
        engage: "Parler avec la personne",
        dont_feed: "Ne pas l'alimenter"
      }
    },
    nl: {
      languageName: "Nederlands",
      colon: ":",
      languageLabel: "Taal",
      launcherLabel: "Signpost: wat te doen bij extremistische inhoud",
      panelTitle: "Signpost",
      panelSubtitle: "Volgende stappen als u online extremistische inhoud tegenkomt. Namen zijn niet nodig.",
      emergencyHint: "Is iemand nu in gevaar? Bel 112.",
      close: "Sluiten",
      newConversation: "Nieuw gesprek",
      deleteConversation: "Gesprek verwijderen",
      confirmDeleteTitle: "Dit gesprek verwijderen?",
      confirmDeleteText: "Alles wat u en Signpost erin hebben geschreven, wordt definitief gewist. " +
        "Dit kan niet ongedaan worden gemaakt.",
      confirmDelete: "Definitief verwijderen",
      cancelDelete: "Annuleren",
      deleted: "Uw gesprek is verwijderd. Er wordt niets van bewaard.",
      deleteFailed: "Het gesprek kon nu niet worden verwijderd. Probeer het opnieuw.",
      logLabel: "Gesprek met Signpost",
      inputLabel: "Uw antwoord",
      inputPlaceholder: "Typ uw antwoord…",
      send: "Versturen",
      typing: "Signpost typt…",
      privacyHint: "Typ alstublieft geen namen.",
      privacyWhy: "Gevoelige zaken horen hier thuis, niet op Telegram: dit gesprek blijft op de server van " +
        "Signpost en wordt na {days} dagen zonder gebruik verwijderd, terwijl Telegram een eigen kopie bewaart.",
      speakerUser: "U schreef:",
      speakerBot: "Signpost schreef:",
      choicesLabel: "Kies een antwoord",
      unreachable: "Signpost kan nu niet antwoorden. Is iemand in gevaar, bel dan 112.",
      rateLimited: "U verstuurt heel snel berichten. Wacht even en probeer het opnieuw. " +
        "Is iemand in gevaar, bel dan 112.",
      tooManyConversations: "Er zijn net heel veel gesprekken gestart vanaf dit netwerk. " +
        "Probeer het later opnieuw. Is iemand in gevaar, bel dan 112.",
      tooLong: "Dat bericht is te lang. Maak het korter en verstuur het opnieuw. " +
        "Is iemand in gevaar, bel dan 112.",
      expired: "Dit gesprek is beëindigd (oude gesprekken worden verwijderd). Er is een nieuw gesprek begonnen.",
      genericError: "Er ging iets mis. Probeer het opnieuw.",
      recommendation: "Advies",
      callEmergency: "Bel nu 112",
      contactPhone: "Telefoon:",
      contactEmail: "E-mail:",
      contactWebsite: "Website:",
      contactArea: "Gebied:",
      opensInNewTab: "(opent in een nieuw tabblad)",
      showAllSteps: "Alle stappen en contactgegevens tonen",
      course: {
        emergency: "Noodgeval",
        report: "Melden",
        refer_coordinator: "De lokale coördinator inschakelen",
        engage: "In gesprek gaan met de persoon",
        dont_feed: "Geen aandacht geven"
      }
    }
  };

  // ---------------------------------------------------------------- set-up ----

  if (window.SignpostWidget) {
    return; // loaded twice on the same page: keep the first one
  }

  // Captured now: document.currentScript is only set while this file first runs.
  var SCRIPT = document.currentScript || (function () {
    var tags = document.querySelectorAll("script[src]");
    for (var i = tags.length - 1; i >= 0; i--) {
      if (/\/widget\.js(?:[?#]|$)/.test(tags[i].src)) { return tags[i]; }
    }
    return null;
  })();
  var ORIGIN = (function () {
    try { return new URL((SCRIPT && SCRIPT.src) || "", window.location.href).origin; }
    catch (e) { return window.location.origin; }
  })();

  var API = ORIGIN + "/api/conversations";
  var STORAGE_KEY = "signpost.conversation";
  var LANGUAGE_KEY = "signpost.language";
  var GREETING = "hello";
  var TIMEOUT_MS = 60000;

  var extra = window.SIGNPOST_STRINGS;
  Object.keys(STRINGS).forEach(function (lang) {
    if (extra && typeof extra === "object" && Object.prototype.hasOwnProperty.call(extra, lang)) {
      mergeStrings(STRINGS[lang], extra[lang]);
    }
  });

  // Only keys that exist in the defaults, only strings: a host page cannot inject
  // anything else (and "__proto__" and friends are never copied).
  function mergeStrings(target, extra) {
    if (!extra || typeof extra !== "object") { return; }
    Object.keys(target).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(extra, key)) { return; }
      var value = extra[key];
      if (typeof target[key] === "string" && typeof value === "string") {
        target[key] = value;
      } else if (target[key] && typeof target[key] === "object") {
        mergeStrings(target[key], value);
      }
    });
  }

  // "de-AT" -> "de"; null for a language the widget does not speak.
  function supported(tag) {
    var code = String(tag || "").trim().slice(0, 2).toLowerCase();
    return Object.prototype.hasOwnProperty.call(STRINGS, code) ? code : null;
  }

  // The script tag's data-lang, else the host page's <html lang>, else English.
  function pageLanguage() {
    return supported(SCRIPT && SCRIPT.getAttribute("data-lang")) ||
      supported(document.documentElement.getAttribute("lang")) || "en";
  }

  // -------------------------------------------------------------- storage ----

  // sessionStorage, not localStorage: a reload of the tab keeps the conversation (and the
  // language chosen for it), but closing the tab forgets it, so the next person at a
  // shared staff PC never sees it.
  var memoryStore = {}; // used when sessionStorage is blocked
  function load(key) {
    try { return window.sessionStorage.getItem(key); }
    catch (e) { return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null; }
  }
  function save(key, value) {
    memoryStore[key] = value;
    try { window.sessionStorage.setItem(key, value); } catch (e) { /* memory only */ }
  }
  function forget(key) {
    delete memoryStore[key];
    try { window.sessionStorage.removeItem(key); } catch (e) { /* memory only */ }
  }
  function loadId() { return load(STORAGE_KEY); }
  function saveId(id) { save(STORAGE_KEY, id); }
  function forgetId() { forget(STORAGE_KEY); }

  var LANG = supported(load(LANGUAGE_KEY)) || pageLanguage();
  var S = STRINGS[LANG];

  // ------------------------------------------------------------- DOM help ----

  var uid = 0;
  function nextId(prefix) { uid += 1; return "signpost-" + prefix + "-" + uid; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function testId(node, value) { node.setAttribute("data-testid", value); return node; }
  // a non-modal dialog, hidden until opened, named and described by two of its elements
  function hiddenDialog(tag, name, role, labelledBy, describedBy) {
    var dialog = testId(el(tag, name), name);
    dialog.id = name;
    dialog.hidden = true;
    dialog.setAttribute("role", role);
    dialog.setAttribute("aria-modal", "false");
    dialog.setAttribute("aria-labelledby", labelledBy);
    dialog.setAttribute("aria-describedby", describedBy);
    return dialog;
  }

  function isBlank(value) {
    return value === undefined || value === null || String(value).trim() === "";
  }

  // Text with newlines becomes text nodes separated by <br>; never parsed as HTML.
  function appendLines(parent, text) {
    String(text).split(/\r\n|\r|\n/).forEach(function (line, i) {
      if (i > 0) { parent.appendChild(document.createElement("br")); }
      parent.appendChild(document.createTextNode(line));
    });
    return parent;
  }

  // Phone numbers inside the assistant's texts: a full number written as people dial it
  // ("0911 943 43 43", "+49 30 0000 0001": eight digits or more, from a + or a 0), or an
  // emergency number (112 anywhere; 110, 133, 15, 17 or 18 only beside 112: "call 110 or
  // 112", "le 17 ou le 112"; "Art. 18" and "17 Feb" stay text).
  var PHONE_IN_TEXT = /(?:\+|\b0)\d[\d \u00a0]{5,}\d|\b1(?:12|10|33|5|7|8)\b/g;
  var BESIDE_112 = /^\s+(?:or|oder|ou|of)\s+(?:le\s+)?112\b/;

  function dialable(match, after) {
    var digits = match.replace(/[^\d+]/g, "");
    if (match.charAt(0) === "+" || match.charAt(0) === "0") { return digits.replace(/\D/g, "").length >= 8 ? digits : null; }
    return (match === "112" || BESIDE_112.test(after)) ? digits : null;
  }

  // Text with newlines becomes text nodes separated by <br>, its phone numbers tel: links
  // (built as nodes: the text is never parsed as HTML).
  function appendTextWithPhones(parent, text) {
    String(text).split(/\r\n|\r|\n/).forEach(function (line, i) {
      if (i > 0) { parent.appendChild(document.createElement("br")); }
      var at = 0;
      var match;
      PHONE_IN_TEXT.lastIndex = 0;
      while ((match = PHONE_IN_TEXT.exec(line)) !== null) {
        var number = dialable(match[0], line.slice(match.index + match[0].length));
        if (!number) { continue; }
        parent.append(line.slice(at, match.index), telLink(match[0], number));
        at = match.index + match[0].length;
      }
      parent.appendChild(document.createTextNode(line.slice(at)));
    });
    return parent;
  }

  function visuallyHidden(text) { return el("span", "signpost-visually-hidden", text); }

  function telLink(display, number) {
    var a = el("a", "signpost-link", display);
    a.href = "tel:" + number;
    return a;
  }

  // Puts the message in `parent` with its (first) "112" as a tel:112 link; if a
  // translation dropped the number, the link is appended so 112 is always there.
  function appendWith112(parent, text) {
    var at = text.indexOf("112");
    if (at < 0) {
      parent.append(text + " ", telLink("112", "112"));
    } else {
      parent.append(text.slice(0, at), telLink("112", "112"), text.slice(at + 3));
    }
    return parent;
  }

  function safeWebUrl(value) {
    if (isBlank(value)) { return null; }
    try {
      var url = new URL(String(value).trim());
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(href, text, C) {
    var a = el("a", "signpost-link", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(document.createTextNode(" "));
    a.appendChild(visuallyHidden(C.opensInNewTab));
    return a;
  }

  function capitalized(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // A label from `map`, else the key itself made readable ("what_to_do" -> "what to do").
  function labelOf(map, key) {
    if (isBlank(key)) { return ""; }
    if (Object.prototype.hasOwnProperty.call(map, key)) { return map[key]; }
    return String(key).replace(/_/g, " ");
  }

  // ---------------------------------------------------------------- build ----

  var ui = {};
  var state = {
    id: loadId(),
    historyStatus: "none", // none | pending | ok | error
    busy: false,
    epoch: 0,               // bumped by "New conversation": late replies are dropped
    controller: null,
    hasContent: false,      // a user or bot message has been shown
    activeChoices: null,    // the button group that can still be clicked
    retentionDays: null,    // how long the server keeps a conversation (it says so)
    opening: false,         // the conversation is being made, greeted or read back
    queued: null,           // what the user sent meanwhile: sent once it is ready
    lastPointer: "mouse"
  };
  if (state.id && state.id.length > 512) { forgetId(); state.id = null; }

  // What shows the widget's own words, so a change of language can say them again.
  var localizers = [];
  function localized(apply) { localizers.push(apply); apply(); }
  function words(node, key) {
    localized(function () { node.textContent = S[key]; });
    return node;
  }
  function wordsIn(node, attribute, key) {
    localized(function () { node.setAttribute(attribute, S[key]); });
    return node;
  }

  function build() {
    var root = el("div", "signpost-root");
    root.hidden = true; // until the stylesheet has loaded (no flash of an unstyled button)
    localized(function () { root.lang = LANG; });
    root.setAttribute("data-signpost", "");

    var launcher = testId(words(el("button", "signpost-launcher"), "launcherLabel"), "signpost-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "signpost-panel");

    var panel = hiddenDialog("section", "signpost-panel", "dialog", "signpost-title", "signpost-subtitle");

    // Header: title, subtitle, 112 hint, controls, and the languages (shown on demand).
    var header = el("div", "signpost-header");
    var heading = el("div", "signpost-heading");
    var title = words(el("h2", "signpost-title"), "panelTitle");
    title.id = "signpost-title";
    var subtitle = words(el("p", "signpost-subtitle"), "panelSubtitle");
    subtitle.id = "signpost-subtitle";
    var hint = el("p", "signpost-emergency-hint");
    localized(function () { hint.textContent = ""; appendWith112(hint, S.emergencyHint); });
    heading.append(title, subtitle, hint);

    var controls = el("div", "signpost-controls");
    var languageButton = testId(el("button", "signpost-button signpost-button--quiet signpost-language"), "signpost-language");
    languageButton.type = "button";
    languageButton.setAttribute("aria-expanded", "false");
    languageButton.setAttribute("aria-controls", "signpost-languages");
    localized(function () {
      languageButton.textContent = "";
      languageButton.append(visuallyHidden(S.languageLabel + ": "), S.languageName);
    });
    var newButton = testId(words(el("button", "signpost-button signpost-button--quiet"), "newConversation"), "signpost-new");
    newButton.type = "button";
    var closeButton = words(el("button", "signpost-button signpost-button--quiet signpost-close"), "close");
    closeButton.type = "button";
    closeButton.setAttribute("data-testid", "signpost-close");
    var deleteButton = testId(words(el("button", "signpost-button signpost-button--quiet"), "deleteConversation"), "signpost-delete");
    deleteButton.type = "button";
    deleteButton.setAttribute("aria-expanded", "false");
    deleteButton.setAttribute("aria-controls", "signpost-confirm");
    controls.append(languageButton, newButton, deleteButton, closeButton);

    var languages = el("ul", "signpost-languages");
    languages.id = "signpost-languages";
    languages.hidden = true;
    wordsIn(languages, "aria-label", "languageLabel");
    Object.keys(STRINGS).forEach(function (lang) {
      var item = el("li");
      var option = testId(el("button", "signpost-button signpost-button--quiet", STRINGS[lang].languageName),
                          "signpost-language-" + lang);
      option.type = "button";
      option.lang = lang;
      localized(function () { option.setAttribute("aria-pressed", lang === LANG ? "true" : "false"); });
      option.addEventListener("click", function () {
        if (state.busy) { return; }
        showLanguages(false);
        ui.input.focus();
        switchLanguage(lang);
      });
      item.appendChild(option);
      languages.appendChild(item);
    });
    // "Delete conversation" asks first, in the widget (a window.confirm would name the
    // host page and can be switched off by the browser); Cancel and Escape keep it.
    var confirm = hiddenDialog(
      "div", "signpost-confirm", "alertdialog", "signpost-confirm-title", "signpost-confirm-text");
    var confirmTitle = words(el("p", "signpost-confirm-title"), "confirmDeleteTitle");
    confirmTitle.id = "signpost-confirm-title";
    var confirmText = words(el("p", "signpost-confirm-text"), "confirmDeleteText");
    confirmText.id = "signpost-confirm-text";
    var confirmYes = testId(words(el("button", "signpost-button signpost-button--danger"), "confirmDelete"),
                            "signpost-confirm-delete");
    confirmYes.type = "button";
    var confirmNo = testId(words(el("button", "signpost-button signpost-button--quiet"), "cancelDelete"),
                           "signpost-confirm-cancel");
    confirmNo.type = "button";
    var confirmButtons = el("div", "signpost-confirm-buttons");
    confirmButtons.append(confirmYes, confirmNo);
    confirm.append(confirmTitle, confirmText, confirmButtons);
    header.append(heading, controls, languages, confirm);

    // Message log: keyboard-focusable so it can be scrolled without a mouse.
    var log = testId(el("div", "signpost-log"), "signpost-log");
    log.id = "signpost-log";
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    wordsIn(log, "aria-label", "logLabel");
    log.tabIndex = 0;

    var typing = testId(el("div", "signpost-typing"), "signpost-typing");
    typing.setAttribute("role", "status");
    typing.hidden = true;

    // Input form.
    var form = el("form", "signpost-form");
    form.noValidate = true;
    var privacy = testId(el("p", "signpost-privacy"), "signpost-privacy");
    privacy.id = "signpost-privacy";
    localized(function () { showPrivacy(privacy); });
    var label = words(el("label", "signpost-label"), "inputLabel");
    label.htmlFor = "signpost-input";
    var row = el("div", "signpost-input-row");
    var input = testId(el("textarea", "signpost-input"), "signpost-input");
    input.id = "signpost-input";
    input.name = "signpost-message";
    input.rows = 1;
    wordsIn(input, "placeholder", "inputPlaceholder");
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", "signpost-privacy");
    var send = testId(words(el("button", "signpost-button signpost-send"), "send"), "signpost-send");
    send.type = "submit";
    row.append(input, send);
    form.append(label, row, privacy);

    panel.append(header, log, typing, form);
    root.append(launcher, panel);

    ui = { root: root, launcher: launcher, panel: panel, log: log, typing: typing,
           form: form, input: input, send: send, newButton: newButton, closeButton: closeButton,
           privacy: privacy, confirm: confirm, confirmNo: confirmNo,
           deleteButton: deleteButton, languageButton: languageButton, languages: languages };

    launcher.addEventListener("click", function () { if (isOpen()) { close(true); } else { open(); } });
    closeButton.addEventListener("click", function () { close(true); });
    languageButton.addEventListener("click", function () { showLanguages(languages.hidden); });
    newButton.addEventListener("click", function () { askToDelete(false); startConversation(true); ui.input.focus(); });
    deleteButton.addEventListener("click", function () { askToDelete(true); });
    confirmNo.addEventListener("click", function () { askToDelete(false); deleteButton.focus(); });
    confirmYes.addEventListener("click", function () {
      askToDelete(false);
      deleteConversation();
      ui.input.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInput();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitInput();
      }
    });
    root.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && isOpen()) {
        event.preventDefault();
        if (!confirm.hidden) { askToDelete(false); deleteButton.focus(); }
        else if (!languages.hidden) { showLanguages(false); languageButton.focus(); }
        else { close(true); }
      }
    });
    root.addEventListener("pointerdown", function (event) { state.lastPointer = event.pointerType || "mouse"; });

    // Stylesheet from the widget's own origin; show the widget once it is styled
    // (or failed to load: an unstyled but working button beats nothing).
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = ORIGIN + "/widget.css";
    css.setAttribute("data-signpost", "");
    var reveal = function () {
      if (!root.hidden) { return; }
      root.hidden = false;
      // open() before the stylesheet arrived (e.g. ?signpost=open) could not focus yet.
      var active = document.activeElement;
      if (isOpen() && (!active || active === document.body)) { input.focus(); }
    };
    css.addEventListener("load", reveal);
    css.addEventListener("error", reveal);
    setTimeout(reveal, 4000);
    (document.head || document.documentElement).appendChild(css);

    document.body.appendChild(root);
  }

  // The privacy hint, with why sensitive cases belong here once the server has said how
  // long it keeps a conversation (RETENTION_DAYS, sent with the conversation).
  function showPrivacy(node) {
    var days = state.retentionDays;
    node.textContent = S.privacyHint + (days ? " " + S.privacyWhy.replace("{days}", days) : "");
  }

  function learnRetention(data) {
    var days = data && Number(data.retention_days);
    if (!days || !isFinite(days) || days <= 0) { return; }
    state.retentionDays = String(Math.round(days * 10) / 10);
    showPrivacy(ui.privacy);
  }

  // ------------------------------------------------------------ rendering ----

  // Shows a reply from its start (e.g. a card's title) rather than its end, unless that
  // would leave its last message (the next question, after a card) out of view: then
  // as much of the reply as fits above that message.
  function scrollToNewest(firstNew, lastNew) {
    var log = ui.log;
    if (!firstNew || firstNew.parentNode !== log) {
      log.scrollTop = log.scrollHeight;
      return;
    }
    var top = firstNew.offsetTop - 8;
    if (lastNew && lastNew !== firstNew && lastNew.parentNode === log) {
      var lastInView = lastNew.offsetTop + lastNew.offsetHeight + 8 - log.clientHeight;
      top = Math.max(top, Math.min(lastInView, lastNew.offsetTop - 8));
    }
    log.scrollTop = Math.max(0, top);
  }

  function addRow(row) {
    ui.log.appendChild(row);
    return row;
  }

  function renderMessage(message) {
    if (!message || typeof message !== "object") { return null; }
    var role = message.role === "user" ? "user" : "bot";
    var hasText = !isBlank(message.text);
    var hasCard = message.card && typeof message.card === "object";
    var hasNotice = message.notice && typeof message.notice === "object";
    var buttons = role === "bot" && Array.isArray(message.buttons)
      ? message.buttons.filter(function (b) { return b && !isBlank(b.title); })
      : [];
    if (!hasText && !hasCard && !hasNotice && buttons.length === 0) { return null; }

    var row = el("div", "signpost-row signpost-row--" + role);
    row.appendChild(visuallyHidden(role === "user" ? S.speakerUser : S.speakerBot));
    var bubble = testId(el("div", "signpost-message signpost-message--" + role), "signpost-message");
    bubble.setAttribute("data-role", role);
    if (hasText) {
      var body = el("div", "signpost-text");
      // the assistant's phone numbers can be tapped; what the user typed stays as typed
      bubble.appendChild(role === "bot" ? appendTextWithPhones(body, message.text) : appendLines(body, message.text));
    }
    if (hasCard) {
      bubble.classList.add("signpost-message--with-card");
      bubble.appendChild(renderCard(message.card));
    }
    if (hasNotice) {
      bubble.classList.add("signpost-message--with-card");
      bubble.appendChild(renderNotice(message.notice));
    }
    if (buttons.length) { bubble.appendChild(renderChoices(buttons)); }
    row.appendChild(bubble);
    if (role === "user" || role === "bot") { state.hasContent = true; }
    return addRow(row);
  }

  function renderUserText(text) {
    return renderMessage({ role: "user", text: text });
  }

  function renderAlert(text, with112) {
    var row = el("div", "signpost-row signpost-row--alert");
    var bubble = testId(el("div", "signpost-message signpost-message--alert"), "signpost-message");
    bubble.setAttribute("data-role", "alert");
    bubble.setAttribute("role", "alert");
    var body = el("div", "signpost-text");
    if (with112) { appendWith112(body, text); } else { appendLines(body, text); }
    bubble.appendChild(body);
    row.appendChild(bubble);
    addRow(row);
    scrollToNewest(null);
    return row;
  }

  function renderChoices(buttons) {
    var group = el("div", "signpost-choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", S.choicesLabel);
    buttons.forEach(function (b) {
      var button = el("button", "signpost-choice", b.title);
      button.type = "button";
      if (!isBlank(b.payload)) { button.setAttribute("data-payload", String(b.payload)); }
      button.addEventListener("click", function () {
        if (state.busy || button.disabled) { return; }
        button.classList.add("signpost-choice--chosen");
        button.setAttribute("aria-pressed", "true");
        disableChoices(group);
        var payload = isBlank(b.payload) ? null : String(b.payload);
        // Keyboard and mouse users continue typing; on touch screens the on-screen
        // keyboard would hide the answer, so focus goes to the conversation instead.
        if (state.lastPointer === "touch") { ui.log.focus({ preventScroll: true }); }
        else { ui.input.focus(); }
        sendMessage(String(b.title), payload, group);
      });
      group.appendChild(button);
    });
    if (state.activeChoices) { disableChoices(state.activeChoices); }
    state.activeChoices = group;
    return group;
  }

  function disableChoices(group) {
    if (!group) { return; }
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) { b.disabled = true; });
    group.classList.add("signpost-choices--used");
    if (state.activeChoices === group) { state.activeChoices = null; }
  }

  function enableChoices(group) {
    if (!group || !group.isConnected) { return; }
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
      b.disabled = false;
      b.classList.remove("signpost-choice--chosen");
      b.removeAttribute("aria-pressed");
    });
    group.classList.remove("signpost-choices--used");
    state.activeChoices = group;
  }

  // A card reads in the language it was written in: its labels come with it from the
  // server; the widget's own words on it follow the card's language too. On a phone a
  // whole card is several screens long, so it shows the decision, the urgency and the
  // first step, and everything else behind "Show all steps and contacts" (<details>:
  // a real button for the keyboard and screen readers, with no script of its own).
  function renderCard(card) {
    var C = STRINGS[supported(card.language) || LANG];
    var labels = card.labels && typeof card.labels === "object" ? card.labels : {};
    var headings = labels.headings && typeof labels.headings === "object" ? labels.headings : {};
    var course = isBlank(card.course_of_action) ? "" : String(card.course_of_action);
    var article = testId(el("article", "signpost-card"), "signpost-card");
    if (supported(card.language)) { article.lang = supported(card.language); }
    if (course) {
      article.classList.add("signpost-card--" + course.replace(/[^a-z0-9_-]/gi, ""));
      article.setAttribute("data-course", course);
    }
    var titleId = nextId("card");
    article.setAttribute("aria-labelledby", titleId);

    var kicker = el("p", "signpost-card-kicker", course ? labelOf(C.course, course) : C.recommendation);
    var title = el("h3", "signpost-card-title");
    title.id = titleId;
    appendLines(title, isBlank(card.title) ? (course ? labelOf(C.course, course) : C.recommendation) : card.title);
    article.append(kicker, title);

    if (!isBlank(card.urgency)) {
      var urgency = el("p", "signpost-card-urgency");
      var key = String(card.urgency);
      var badge = el("span", "signpost-badge signpost-badge--" + key.replace(/[^a-z0-9_-]/gi, ""),
                     isBlank(labels.urgency) ? labelOf({}, key) : String(labels.urgency));
      urgency.append(el("span", "signpost-card-label", capitalized(labelOf(headings, "urgency")) + C.colon + " "), badge);
      article.appendChild(urgency);
    }

    if (course === "emergency" || card.urgency === "emergency") {
      var call = el("a", "signpost-call", C.callEmergency);
      call.href = "tel:112";
      article.appendChild(call);
    }

    if (!isBlank(card.note)) {  // e.g. parts of the advice not yet translated
      article.appendChild(appendLines(el("p", "signpost-card-note"), card.note));
    }

    var steps = Array.isArray(card.steps) ? card.steps.filter(function (s) { return !isBlank(s); }) : [];
    if (steps.length) {
      article.appendChild(el("h4", "signpost-card-heading", labelOf(headings, "what_to_do")));
      article.appendChild(stepList(steps.slice(0, 1), 1));
    }

    // The rest, in the order it is read once opened.
    var more = [];
    if (!isBlank(card.summary)) {
      more.push(appendTextWithPhones(el("p", "signpost-card-summary"), card.summary));
    }
    if (!isBlank(card.rationale)) {
      more.push(appendTextWithPhones(el("p", "signpost-card-rationale"), card.rationale));
    }
    if (!isBlank(card.who_acts)) {
      var who = el("p", "signpost-card-who");
      who.append(el("span", "signpost-card-label", labelOf(headings, "who_acts") + C.colon + " "));
      appendTextWithPhones(who, card.who_acts);
      more.push(who);
    }
    if (steps.length > 1) { more.push(stepList(steps.slice(1), 2)); }

    var contacts = Array.isArray(card.contacts) ? card.contacts.filter(function (c) { return c && typeof c === "object"; }) : [];
    var contactItems = contacts.map(function (c) { return renderContact(c, C); }).filter(Boolean);
    if (contactItems.length) {
      more.push(el("h4", "signpost-card-heading", labelOf(headings, "contacts")));
      var ul = el("ul", "signpost-contacts");
      contactItems.forEach(function (li) { ul.appendChild(li); });
      more.push(ul);
    }

    // the municipality's offers to move the contact offline, before engaging
    var offers = Array.isArray(card.offers) ? card.offers.filter(function (o) { return o && typeof o === "object" && !isBlank(o.title); }) : [];
    if (offers.length) {
      more.push(el("h4", "signpost-card-heading", labelOf(headings, "offers")));
      var ol = testId(el("ul", "signpost-offers"), "signpost-offers");
      offers.forEach(function (offer) {
        var li = el("li");
        var href = safeWebUrl(offer.url);
        li.appendChild(href ? externalLink(href, offer.title, C) : el("strong", null, offer.title));
        if (!isBlank(offer.description)) { li.appendChild(document.createTextNode(" — " + offer.description)); }
        ol.appendChild(li);
      });
      more.push(ol);
    }

    var sources = Array.isArray(card.sources) ? card.sources.filter(function (s) { return s && typeof s === "object"; }) : [];
    var sourceItems = sources.map(function (source) {
      var href = safeWebUrl(source.url);
      var text = !isBlank(source.title) ? String(source.title) : (href || "");
      if (!text) { return null; }
      var li = el("li");
      if (href) { li.appendChild(externalLink(href, text, C)); } else { li.textContent = text; }
      return li;
    }).filter(Boolean);
    if (sourceItems.length) {
      more.push(el("h4", "signpost-card-heading", labelOf(headings, "sources")));
      var sl = el("ul", "signpost-sources");
      sourceItems.forEach(function (li) { sl.appendChild(li); });
      more.push(sl);
    }

    if (more.length) {
      var details = testId(el("details", "signpost-card-more"), "signpost-card-more");
      details.appendChild(el("summary", "signpost-card-more-toggle", C.showAllSteps));
      more.forEach(function (node) { details.appendChild(node); });
      article.appendChild(details);
    }
    return article;
  }

  // A drafted notice to the platform (knowledge/notice.py), in the language it was written
  // in (its words come with it from language/labels.yml). The link, the name and the
  // e-mail are typed into its fields here and stay here: they are in no request and in no
  // storage, only in the text the copy button puts on the clipboard.
  function renderNotice(notice) {
    var words = notice.labels && typeof notice.labels === "object" ? notice.labels : {};
    var parts = Array.isArray(notice.parts)
      ? notice.parts.filter(function (p) { return p && typeof p === "object"; })
      : [];
    var box = testId(el("section", "signpost-card signpost-notice"), "signpost-notice");
    if (supported(notice.language)) { box.lang = supported(notice.language); }
    var title = el("h3", "signpost-card-title", notice.title);
    title.id = nextId("notice");
    box.setAttribute("aria-labelledby", title.id);
    box.appendChild(title);
    if (!isBlank(notice.intro)) { box.appendChild(el("p", "signpost-notice-intro", notice.intro)); }

    var inputs = {};
    parts.forEach(function (part) {
      if (isBlank(part.field)) { return; }
      var field = String(part.field).replace(/[^a-z]/g, "");
      var input = testId(el("input", "signpost-notice-input"), "signpost-notice-" + field);
      input.id = nextId("notice-" + field);
      input.type = field === "url" ? "url" : (field === "email" ? "email" : "text");
      input.autocomplete = field === "name" ? "name" : (field === "email" ? "email" : "off");
      input.placeholder = isBlank(part.placeholder) ? "" : String(part.placeholder);
      input.addEventListener("input", update);
      var label = el("label", "signpost-notice-label", part.label);
      label.htmlFor = input.id;
      inputs[field] = input;
      box.append(label, input);
    });
    if (!isBlank(notice.hint)) { box.appendChild(el("p", "signpost-card-note", notice.hint)); }

    var copy = testId(el("button", "signpost-notice-copy", words.copy), "signpost-notice-copy");
    copy.type = "button";
    var status = testId(el("p", "signpost-notice-status"), "signpost-notice-status");
    status.setAttribute("role", "status");
    box.append(copy, status);

    var more = testId(el("details", "signpost-card-more"), "signpost-notice-more");
    more.appendChild(el("summary", "signpost-card-more-toggle", words.show));
    var preview = testId(el("pre", "signpost-notice-text"), "signpost-notice-text");
    more.appendChild(preview);
    box.appendChild(more);

    var C = STRINGS[supported(notice.language) || LANG];
    (Array.isArray(notice.platforms) ? notice.platforms : []).forEach(function (platform) {
      if (!platform || typeof platform !== "object") { return; }
      box.appendChild(el("h4", "signpost-card-heading", platform.name));
      var ul = el("ul", "signpost-notice-platform");
      var form = safeWebUrl(platform.notice_url);
      if (form) { ul.appendChild(el("li")).appendChild(externalLink(form, words.notice_url, C)); }
      if (!isBlank(platform.in_app)) { ul.appendChild(el("li", null, words.in_app + C.colon + " " + platform.in_app)); }
      if (!isBlank(platform.dsa_contact)) {
        var contact = el("li", null, words.dsa_contact + C.colon + " ");
        var address = safeWebUrl(platform.dsa_contact);
        contact.appendChild(address ? externalLink(address, platform.dsa_contact, C) : document.createTextNode(platform.dsa_contact));
        ul.appendChild(contact);
      }
      box.appendChild(ul);
    });
    var points = (Array.isArray(notice.reporting_points) ? notice.reporting_points : [])
      .filter(function (c) { return c && typeof c === "object"; })
      .map(function (c) { return renderContact(c, C); }).filter(Boolean);
    if (points.length) {
      box.appendChild(el("h4", "signpost-card-heading", words.reporting_points));
      var list = el("ul", "signpost-contacts");
      points.forEach(function (li) { list.appendChild(li); });
      box.appendChild(list);
    }
    if (!isBlank(notice.next)) {
      box.appendChild(el("h4", "signpost-card-heading", words.next));
      box.appendChild(appendTextWithPhones(el("p", "signpost-notice-next"), notice.next));
    }
    if (!isBlank(notice.note)) { box.appendChild(appendLines(el("p", "signpost-card-note"), notice.note)); }

    function update() {
      preview.textContent = noticeText(notice, parts, inputs);
      status.textContent = "";
    }
    copy.addEventListener("click", function () {
      copyText(noticeText(notice, parts, inputs), box).then(function () {
        status.textContent = words.copied;
      }, function () {
        more.open = true;
        status.textContent = words.copy_failed;
      });
    });
    update();
    return box;
  }

  // The notice as it is sent: the same text knowledge/notice.py's notice_text() writes,
  // with what the practitioner typed in place of the placeholders.
  function noticeText(notice, parts, inputs) {
    var colon = isBlank(notice.colon) ? ":" : String(notice.colon);
    return parts.map(function (part) {
      if (!isBlank(part.field)) {
        var input = inputs[String(part.field).replace(/[^a-z]/g, "")];
        var value = input ? input.value.trim() : "";
        return part.label + colon + " " + (value || part.placeholder);
      }
      return isBlank(part.label) ? String(part.text) : part.label + colon + "\n" + part.text;
    }).join("\n\n");
  }

  // Puts `text` on the clipboard: the Clipboard API where the page may use it, else a
  // hidden text area copied the old way (an intranet served over plain http).
  function copyText(text, near) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = el("textarea", "signpost-visually-hidden");
      area.value = text;
      area.setAttribute("readonly", "");
      near.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      near.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy")); }
    });
  }

  // Numbered steps from `first` on (the list goes on after the first step shown above).
  function stepList(steps, first) {
    var ol = el("ol", "signpost-steps");
    if (first > 1) { ol.start = first; }
    steps.forEach(function (step) { ol.appendChild(appendTextWithPhones(el("li"), step)); });
    return ol;
  }

  // A contact as the card names it: its name, what it is and where (role_name and
  // jurisdiction_name, in the card's language), and the ways to reach it. One without
  // a phone, e-mail or web address is not shown: there would be no way to reach it.
  function renderContact(contact, C) {
    var li = testId(el("li", "signpost-contact"), "signpost-contact");
    var reach = 0;
    if (!isBlank(contact.name) || !isBlank(contact.role_name)) {
      var name = el("p", "signpost-contact-name");
      if (!isBlank(contact.name)) { name.appendChild(el("strong", null, contact.name)); }
      if (!isBlank(contact.role_name)) {
        name.appendChild(el("span", "signpost-contact-role",
                            (isBlank(contact.name) ? "" : " — ") + String(contact.role_name)));
      }
      li.appendChild(name);
    }
    if (!isBlank(contact.jurisdiction_name)) {
      li.appendChild(line(C.contactArea, document.createTextNode(String(contact.jurisdiction_name))));
    }
    if (!isBlank(contact.phone)) {
      var phone = String(contact.phone).trim();
      var digits = phone.replace(/[^\d+]/g, "");
      li.appendChild(line(C.contactPhone, digits ? telLink(phone, digits) : document.createTextNode(phone)));
      reach++;
    }
    if (!isBlank(contact.email)) {
      var email = String(contact.email).trim();
      var mail;
      if (/^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/.test(email)) {
        mail = el("a", "signpost-link", email);
        mail.href = "mailto:" + email;
      } else {
        mail = document.createTextNode(email);
      }
      li.appendChild(line(C.contactEmail, mail));
      reach++;
    }
    if (!isBlank(contact.url)) {
      var href = safeWebUrl(contact.url);
      li.appendChild(line(C.contactWebsite, href ? externalLink(href, String(contact.url).trim(), C)
                                                  : document.createTextNode(String(contact.url))));
      reach++;
    }
    return reach ? li : null;

    function line(label, content) {
      var p = el("p", "signpost-contact-line");
      p.append(el("span", "signpost-card-label", label + " "), content);
      return p;
    }
  }

  // ------------------------------------------------------------- network ----

  // Resolves to {status, data}; status 0 means the network failed or timed out.
  function request(method, path, body) {
    if (state.controller) { state.controller.abort(); }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    state.controller = controller;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var init = {
      method: method,
      headers: { "Accept": "application/json" },
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller ? controller.signal : undefined
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(function (response) {
      return response.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        return { status: response.status, data: data };
      });
    }).catch(function () {
      return { status: 0, data: null };
    }).then(function (result) {
      if (timer) { clearTimeout(timer); }
      if (state.controller === controller) { state.controller = null; }
      return result;
    });
  }

  // Shows what went wrong for a failed request (anything but 2xx), in the widget's language.
  function showFailure(result) {
    var code = result.data && result.data.error;
    if (code === "too_many_conversations") { renderAlert(S.tooManyConversations, true); }
    else if (result.status === 429) { renderAlert(S.rateLimited, true); }
    else if (result.status === 413) { renderAlert(S.tooLong, true); }
    else if (result.status === 0 || result.status >= 500) { renderAlert(S.unreachable, true); }
    else { renderAlert(S.genericError, false); }
  }

  function setBusy(busy) {
    state.busy = busy;
    // While the conversation opens, Send stays usable: what is sent then is queued.
    var off = busy && !(state.opening && state.queued === null);
    ui.send.disabled = off;
    ui.send.setAttribute("aria-disabled", off ? "true" : "false");
    ui.log.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function showTyping(show) {
    ui.typing.hidden = !show;
    ui.typing.textContent = "";
    if (show) {
      var dots = el("span", "signpost-dots");
      dots.setAttribute("aria-hidden", "true");
      dots.append(el("span", "signpost-dot"), el("span", "signpost-dot"), el("span", "signpost-dot"));
      ui.typing.append(dots, el("span", "signpost-typing-text", S.typing));
    }
  }

  function renderReply(messages) {
    var first = null;
    var last = null;
    (Array.isArray(messages) ? messages : []).forEach(function (m) {
      var row = renderMessage(m);
      if (row && !first) { first = row; }
      if (row) { last = row; }
    });
    scrollToNewest(first, last);
  }

  // ------------------------------------------------------- conversation ----

  function loadHistory(id) {
    var epoch = state.epoch;
    state.historyStatus = "pending";
    state.opening = true;
    setBusy(true);
    return request("GET", "/" + encodeURIComponent(id)).then(function (result) {
      if (epoch !== state.epoch) { return; }
      setBusy(false);
      state.opening = false;
      if (result.status === 200 && result.data) {
        state.historyStatus = "ok";
        learnRetention(result.data);
        var messages = Array.isArray(result.data.messages) ? result.data.messages.slice() : [];
        // The automatic "hello" that asked the assistant to greet is not the user's.
        if (messages.length && messages[0] && messages[0].role === "user" &&
            String(messages[0].text || "").trim().toLowerCase() === GREETING) {
          messages.shift();
        }
        ui.log.textContent = "";
        state.activeChoices = null;
        state.hasContent = false;
        renderReply(messages);
        disableStaleChoices(messages);
        scrollToNewest(null);
      } else if (result.status === 404) {
        state.historyStatus = "none";
        state.id = null;
        forgetId();
      } else {
        state.historyStatus = "error";
      }
    });
  }

  // After a history fetch: greet if the conversation is gone, say so if unreachable.
  function afterHistory() {
    if (!isOpen() || state.busy) { return; }
    if (state.historyStatus === "error") { renderAlert(S.unreachable, true); giveBackQueued(); }
    else { bootstrap(); }
  }

  // Input sent before the conversation was ready goes out now, once, to the conversation
  // that is ready (never to one that a start or a history read is about to replace)...
  function sendQueued() {
    if (state.queued === null || state.busy || !state.id) { return; }
    var text = state.queued;
    state.queued = null;
    sendMessage(text, null, null);
  }

  // ...or, when none could be made, back into the input, so nothing typed is lost.
  function giveBackQueued() {
    if (state.queued === null) { return; }
    if (!ui.input.value) { ui.input.value = state.queued; }
    state.queued = null;
  }

  // History: only the buttons of a trailing bot message stay clickable.
  function disableStaleChoices(messages) {
    var last = messages.length ? messages[messages.length - 1] : null;
    if (!last || last.role === "user") { disableChoices(state.activeChoices); }
  }

  // Called when the panel opens: make sure there is something to talk to.
  function bootstrap() {
    if (state.busy) { return; }
    if (state.id && state.historyStatus === "error") {
      loadHistory(state.id).then(afterHistory);
    } else if (state.id && state.historyStatus === "ok" && !state.hasContent) {
      // A conversation whose greeting never arrived: ask again.
      state.epoch += 1;
      state.opening = true;
      setBusy(true);
      showTyping(true);
      greet(state.epoch);
    } else if (!state.id && !state.hasContent) {
      startConversation(false);
    } else {
      sendQueued();
    }
  }

  function createConversation(epoch) {
    return request("POST", "", { language: LANG }).then(function (result) {
      if (epoch !== state.epoch) { return null; }
      var data = result.data;
      if (result.status >= 200 && result.status < 300 && data && !isBlank(data.conversation_id)) {
        state.id = String(data.conversation_id);
        state.historyStatus = "ok";
        saveId(state.id);
        learnRetention(data);
        return { messages: Array.isArray(data.messages) ? data.messages : [] };
      }
      showFailure(result);
      return null;
    });
  }

  // Erase the conversation on the server (every stored message), then start afresh.
  function deleteConversation() {
    if (state.busy) { return; }
    if (!state.id) { startConversation(true, S.deleted); return; }
    setBusy(true);
    request("DELETE", "/" + encodeURIComponent(state.id)).then(function (result) {
      setBusy(false);
      if (result.status === 200 || result.status === 404) { startConversation(true, S.deleted); }
      else { renderAlert(S.deleteFailed, true); }
    });
  }

  // Shows (or hides) the question "Delete this conversation?", its Cancel focused.
  function askToDelete(show) {
    ui.confirm.hidden = !show;
    ui.deleteButton.setAttribute("aria-expanded", show ? "true" : "false");
    if (show) { showLanguages(false); ui.confirmNo.focus(); }
  }

  function showLanguages(show) {
    ui.languages.hidden = !show;
    ui.languageButton.setAttribute("aria-expanded", show ? "true" : "false");
  }

  // The practitioner's choice: the widget's words at once, the assistant's from its next
  // message on (the choice is sent as the same payload as the assistant's own buttons).
  function switchLanguage(lang) {
    if (!supported(lang) || lang === LANG || state.busy) { return; }
    LANG = lang;
    S = STRINGS[lang];
    save(LANGUAGE_KEY, lang);
    localizers.forEach(function (apply) { apply(); });
    if (state.id) {
      sendMessage(S.languageName, "/set_language" + JSON.stringify({ language: lang }), null);
    }
  }

  // Forget the old conversation (if `reset`), create a new one and let it greet.
  function startConversation(reset, notice) {
    state.epoch += 1;
    var epoch = state.epoch;
    if (state.controller) { state.controller.abort(); state.controller = null; }
    if (reset || notice) {
      giveBackQueued(); // typed for the conversation that is ending: the user decides
      forgetId();
      state.id = null;
      state.historyStatus = "none";
      ui.log.textContent = "";
      state.activeChoices = null;
      state.hasContent = false;
    }
    if (notice) { renderAlert(notice, false); }
    state.opening = true;
    setBusy(true);
    showTyping(true);
    return createConversation(epoch).then(function (created) {
      if (epoch !== state.epoch) { return; }
      if (!created) { opened(false); return; }
      if (created.messages.length) {
        // The server greeted already.
        opened(true, created.messages);
        return;
      }
      return greet(epoch);
    });
  }

  // Sends the hidden "hello" that makes the assistant introduce itself.
  function greet(epoch) {
    return postMessage(epoch, { text: GREETING }).then(function (result) {
      if (epoch !== state.epoch) { return; }
      if (result.status === 200) { opened(true, result.data && result.data.messages); }
      else { opened(false); showFailure(result); }
    });
  }

  // The end of opening a conversation: its greeting shown, then what was typed meanwhile.
  function opened(ok, greeting) {
    state.opening = false;
    setBusy(false);
    showTyping(false);
    if (!ok) { giveBackQueued(); return; }
    renderReply(greeting);
    sendQueued();
  }

  function postMessage(epoch, body) {
    return request("POST", "/" + encodeURIComponent(state.id) + "/messages", body);
  }

  function submitInput() {
    var text = ui.input.value.trim();
    if (!text) { ui.input.focus(); return; }
    if (state.busy) {
      // Sent (or pasted) before the conversation is ready: it goes out once it is.
      if (state.opening && state.queued === null) {
        state.queued = text;
        ui.input.value = "";
        setBusy(true);  // one message waits at a time
      }
      return;
    }
    ui.input.value = "";
    sendMessage(text, null, null);
    ui.input.focus();
  }

  // Sends what the user typed (or the title/payload of a clicked button).
  function sendMessage(text, payload, group) {
    if (state.busy) { return; }
    state.epoch += 1;
    var epoch = state.epoch;
    var previousChoices = state.activeChoices;
    disableChoices(previousChoices);
    var row = renderUserText(text);
    scrollToNewest(null);
    setBusy(true);
    showTyping(true);

    var ready = state.id ? Promise.resolve(true) : createConversation(epoch).then(Boolean);
    ready.then(function (ok) {
      if (epoch !== state.epoch) { return null; }
      if (!ok) { return { failedBeforeSend: true }; }
      var body = { text: text };
      if (payload !== null) { body.payload = payload; }
      return postMessage(epoch, body);
    }).then(function (result) {
      if (!result || epoch !== state.epoch) { return; }
      setBusy(false);
      showTyping(false);
      if (result.failedBeforeSend) { undo(); return; }
      if (result.status === 200) {
        renderReply(result.data && result.data.messages);
        return;
      }
      if (result.status === 404) {
        // The conversation is gone (deleted after the retention period).
        startConversation(true, S.expired);
        if (!group && !ui.input.value) { ui.input.value = text; }
        return;
      }
      undo();
      showFailure(result);
    });

    // The message did not arrive: take it back so it can be sent again.
    function undo() {
      if (row && row.parentNode) { row.parentNode.removeChild(row); }
      if (group) { enableChoices(group); }
      else {
        enableChoices(previousChoices);
        if (!ui.input.value) { ui.input.value = text; }
      }
    }
  }

  // ------------------------------------------------------------ open/close ----

  function isOpen() { return !!ui.panel && !ui.panel.hidden; }

  function open() {
    if (!ui.panel) { return; }
    if (!isOpen()) {
      ui.panel.hidden = false;
      ui.root.classList.add("signpost-open");
      ui.launcher.setAttribute("aria-expanded", "true");
      scrollToNewest(null);
    }
    ui.input.focus();
    bootstrap();
  }

  function close(returnFocus) {
    if (!isOpen()) { return; }
    var hadFocus = ui.panel.contains(document.activeElement);
    askToDelete(false);
    ui.panel.hidden = true;
    ui.root.classList.remove("signpost-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    if (returnFocus === true || hadFocus) { ui.launcher.focus(); }
  }

  function init() {
    build();
    if (state.id) { loadHistory(state.id).then(afterHistory); }
    var wantOpen = false;
    try { wantOpen = new URLSearchParams(window.location.search).get("signpost") === "open"; }
    catch (e) { wantOpen = false; }
    if (wantOpen) { open(); }
  }

  window.SignpostWidget = Object.freeze({
    open: function () { open(); },
    close: function () { close(false); }
  });

  if (document.readyState === "loading" || !document.body) {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
