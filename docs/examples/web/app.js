// A registration desk on CardBridge's JSON face: the readers, "present your card or code", the holder's masked
// identity, the PIN on the reader's PIN pad, and the reader events as they happen.
//
// What this page must never do: hold an API key (anyone who can open the page can read it; never an admin key), ask
// for more than it shows (its origin's scopes are identity.basic and pin), or put the service's answers into the DOM as
// HTML (textContent only). It sends no credential: the service knows it by its origin, listed in Web:Origins.
"use strict";

const params = new URLSearchParams(location.search);
// The web listener; a deployment serves this page with its own address and never needs the parameter.
const service = (params.get("service") || "http://127.0.0.1:50052").replace(/\/$/, "");
const reader = params.get("reader") || "";
const purpose = "outpatient registration";

const $ = (id) => document.getElementById(id);
let shown = null; // the session (or code credential) on screen

class CardBridgeError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    // Switch on the ErrorInfo reason (errors.proto), never on the message.
    const info = (body.details || []).find((d) => (d["@type"] || "").endsWith("google.rpc.ErrorInfo")) || {};
    this.reason = info.reason || `HTTP_${status}`;
    this.metadata = info.metadata || {};
  }
}

async function call(method, path, body) {
  const response = await fetch(service + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new CardBridgeError(response.status, json);
  return json;
}

function setStatus(text, refused) {
  $("status").textContent = text;
  $("status").classList.toggle("refused", !!refused);
}

// fetch() rejects with a TypeError when the browser withholds the answer: the service did not allow this page's
// origin (CORS), or it is not running.
function failure(error) {
  if (error instanceof TypeError) {
    setStatus(`Refused: CardBridge at ${service} did not allow this page (its origin ${location.origin} is not in Web:Origins), or it is not running.`, true);
  } else {
    setStatus(`CardBridge answered ${error.reason}: ${error.message}`, true);
  }
}

async function showReaders() {
  const { readers = [], scanners = [] } = await call("GET", "/v1/readers");
  const list = $("readers");
  list.replaceChildren(
    ...readers.map((r) => item(`${r.name}: ${r.cardPresent ? "card" : "empty"}`)),
    ...scanners.map((s) => item(`${s.name} (QR): ${s.connected ? "connected" : "not connected"}`)));
}

function item(text, className) {
  const li = document.createElement("li");
  li.textContent = text;
  if (className) li.className = className;
  return li;
}

function showIdentity(credential) {
  const card = credential.card;
  const code = credential.code;
  const holder = (card || code).holder || {};
  shown = card ? card.sessionId : code.credentialId;
  $("holder-name").textContent = holder.nameMasked || "(not available)";
  $("card-number").textContent = card ? card.card.cardNumberMasked : code.cardNumberMasked || code.kind;
  $("holder-id").textContent = holder.holderId || "";
  $("presented-at").textContent = card ? card.reader : code.scanner;
  $("holder").hidden = false;
  $("prompt").textContent = card ? "Card read." : "Code verified.";
  $("verify-pin").disabled = !card;
  $("pin-result").textContent = "";
}

function clearIdentity(why) {
  shown = null;
  $("holder").hidden = true;
  $("verify-pin").disabled = true;
  $("prompt").textContent = why;
  $("pin-result").textContent = "";
}

// "Present your card or code", again and again: each answer is shown until its card leaves (see watchEvents).
async function awaitCredentials() {
  for (;;) {
    if (shown) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      showIdentity(await call("POST", "/v1/credentials:await", { reader, purpose, timeout: "60s" }));
    } catch (error) {
      if (error.reason === "NOTHING_PRESENTED") continue;
      failure(error);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

// The event stream: newline-delimited JSON, one ReaderEvent a line, for as long as the page is open.
async function watchEvents() {
  const response = await fetch(`${service}/v1/events${reader ? `?reader=${encodeURIComponent(reader)}` : ""}`);
  if (!response.ok) throw new CardBridgeError(response.status, await response.json());
  const lines = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await lines.read();
    if (done) break;
    buffered += value;
    let end;
    while ((end = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (line) onEvent(JSON.parse(line));
    }
  }
  setStatus("The event stream ended: is CardBridge still running?", true);
}

function onEvent(event) {
  const events = $("events");
  const at = new Date(event.time).toLocaleTimeString();
  if (event.cardRemoved) {
    events.prepend(item(`${at} card removed from ${event.cardRemoved.reader}`, "removed"));
    if (shown && event.cardRemoved.sessionId === shown) clearIdentity("Card removed. Present the next card or code.");
  } else if (event.sessionReady) {
    events.prepend(item(`${at} card ready in ${event.sessionReady.reader}`));
  } else if (event.cardInserted) {
    events.prepend(item(`${at} card inserted in ${event.cardInserted.reader}`));
  } else if (event.qrScanned) {
    events.prepend(item(`${at} code scanned at ${event.qrScanned.scanner}${event.qrScanned.refused !== "ERROR_REASON_UNSPECIFIED" ? ` (refused: ${event.qrScanned.refused})` : ""}`));
  } else {
    return; // attached/detached readers and the rest only change the reader list
  }
  showReaders().catch(failure);
}

$("verify-pin").addEventListener("click", async () => {
  $("pin-result").textContent = "Enter the PIN on the reader's PIN pad…";
  try {
    await call("POST", "/v1/pin:verify", { target: { sessionId: shown }, usePinPad: true, purpose });
    $("pin-result").textContent = "PIN verified.";
  } catch (error) {
    const tries = error.metadata.tries_left ? ` (${error.metadata.tries_left} tries left)` : "";
    $("pin-result").textContent = `PIN not verified: ${error.reason}${tries}`;
  }
});

(async () => {
  try {
    await showReaders();
    setStatus(`Connected to CardBridge at ${service}`);
  } catch (error) {
    failure(error);
    return;
  }
  watchEvents().catch(failure);
  awaitCredentials();
})();
