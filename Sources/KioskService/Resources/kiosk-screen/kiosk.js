// Reference kiosk screen for kioskd. What a kiosk UI developer copies from:
//  * the API token comes from the URL fragment (#token=…), which browsers never send to a server;
//  * every API call carries `Authorization: Bearer <token>` and `Content-Type: application/json`;
//  * the event stream is `/v1/events?ticket=…`: EventSource cannot set headers, and a token in a
//    URL would end up in logs, so the screen asks for a single-use ticket first
//    (`POST /v1/events/tickets`) and asks for a new one each time it reconnects;
//  * the screen follows the daemon's events (identified, confirmation-required, confirmed,
//    confirmation-failed, sale-closed, printed, print-failed) rather than guessing states.
"use strict";

const LABELS = {
  en: { title: "Loyalty", offline: "offline", online: "live", step: "Your order", total: "Total",
        welcome: "Tap your badge or scan your loyalty card", hello: "Welcome back", anonymous: "No loyalty card: you can still order",
        start: "Start order", checkout: "Checkout", pay: "Pay", cancel: "Cancel",
        confirm: "Tap your badge again to confirm", confirmed: "Thank you, identity confirmed", mismatch: "That is not the same card: try again",
        timeout: "Not confirmed in time: the order continues without loyalty", paid: "Paid — thank you!", earned: "Earned",
        hardware: "Simulated hardware", badge: "Badge UID", tap: "Tap badge", remove: "Remove badge", barcode: "Barcode", scan: "Scan",
        printer: "Printer", events: "Events", cancelled: "Order cancelled",
        products: [["COFFEE", "Coffee", "HOT", 250, 6], ["SOFT", "Soft drink", "SOFT", 350, 6], ["CROISSANT", "Croissant", "BAKERY", 180, 6]] },
  fr: { title: "Fidélité", offline: "hors ligne", online: "en direct", step: "Votre commande", total: "Total",
        welcome: "Présentez votre badge ou scannez votre carte de fidélité", hello: "Bon retour", anonymous: "Sans carte de fidélité : vous pouvez commander",
        start: "Commencer", checkout: "Valider", pay: "Payer", cancel: "Annuler",
        confirm: "Présentez à nouveau votre badge pour confirmer", confirmed: "Merci, identité confirmée", mismatch: "Ce n'est pas la même carte : réessayez",
        timeout: "Pas de confirmation à temps : la commande continue sans fidélité", paid: "Payé — merci !", earned: "Gagné",
        hardware: "Matériel simulé", badge: "UID du badge", tap: "Poser le badge", remove: "Retirer le badge", barcode: "Code-barres", scan: "Scanner",
        printer: "Imprimante", events: "Événements", cancelled: "Commande annulée",
        products: [["COFFEE", "Café", "HOT", 250, 6], ["SOFT", "Boisson fraîche", "SOFT", 350, 6], ["CROISSANT", "Croissant", "BAKERY", 180, 6]] },
  nl: { title: "Klantenkaart", offline: "offline", online: "live", step: "Uw bestelling", total: "Totaal",
        welcome: "Houd uw badge tegen de lezer of scan uw klantenkaart", hello: "Welkom terug", anonymous: "Zonder klantenkaart: u kunt gewoon bestellen",
        start: "Bestelling starten", checkout: "Afrekenen", pay: "Betalen", cancel: "Annuleren",
        confirm: "Houd uw badge opnieuw tegen de lezer om te bevestigen", confirmed: "Bedankt, identiteit bevestigd", mismatch: "Dat is niet dezelfde kaart: probeer opnieuw",
        timeout: "Niet op tijd bevestigd: de bestelling gaat verder zonder klantenkaart", paid: "Betaald — bedankt!", earned: "Verdiend",
        hardware: "Gesimuleerde hardware", badge: "Badge-UID", tap: "Badge tonen", remove: "Badge wegnemen", barcode: "Streepjescode", scan: "Scannen",
        printer: "Printer", events: "Gebeurtenissen", cancelled: "Bestelling geannuleerd",
        products: [["COFFEE", "Koffie", "HOT", 250, 6], ["SOFT", "Frisdrank", "SOFT", 350, 6], ["CROISSANT", "Croissant", "BAKERY", 180, 6]] },
};

const token = new URLSearchParams(location.hash.slice(1)).get("token") || localStorage.getItem("kioskd-token") || "";
if (token) localStorage.setItem("kioskd-token", token);

const state = { lang: localStorage.getItem("kioskd-lang") || "en", orderId: null, lines: [], phase: "welcome", customer: null };
const $ = (id) => document.getElementById(id);
const t = (key) => LABELS[state.lang][key] || LABELS.en[key] || key;

function euros(cents) {
  const text = (cents / 100).toFixed(2);
  return (state.lang === "en" ? text : text.replace(".", ",")) + " €";
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { "Authorization": "Bearer " + token, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = text; }
  if (!response.ok) {
    const message = data && data.error ? `${data.error.code}: ${data.error.message}` : `HTTP ${response.status}`;
    logEvent("error", message);
    throw new Error(message);
  }
  return data;
}

function basket() {
  return {
    lines: state.lines.map(([sku, name, family, price, vat]) => ({
      sku, name, family, quantity: 1, unitPriceCents: price, vatRate: vat,
    })),
  };
}

function totalCents() { return state.lines.reduce((sum, line) => sum + line[3], 0); }

function setPrompt(key, style) {
  const prompt = $("prompt");
  prompt.textContent = t(key);
  prompt.dataset.key = key;
  prompt.className = "prompt" + (style ? " " + style : "");
}

function render() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-lang]").forEach((b) => b.classList.toggle("active", b.dataset.lang === state.lang));
  const prompt = $("prompt");
  if (prompt.dataset.key) prompt.textContent = t(prompt.dataset.key);
  $("products").replaceChildren(...t("products").map((product, index) => {
    const button = document.createElement("button");
    button.textContent = `${product[1]} ${euros(product[3])}`;
    button.dataset.sku = product[0];
    button.disabled = !state.orderId || state.phase !== "ordering";
    button.onclick = () => { state.lines.push(LABELS[state.lang].products[index]); render(); };
    return button;
  }));
  $("basket").replaceChildren(...state.lines.map((line) => {
    const li = document.createElement("li");
    li.textContent = `${line[1]} — ${euros(line[3])}`;
    return li;
  }));
  $("total").textContent = euros(totalCents());
  $("start").disabled = !!state.orderId;
  $("checkout").disabled = !(state.orderId && state.phase === "ordering" && state.lines.length);
  $("pay").disabled = !(state.orderId && (state.phase === "confirmed" || state.phase === "anonymous"));
  $("cancel").disabled = !state.orderId;
}

function logEvent(type, data) {
  const li = document.createElement("li");
  li.innerHTML = `<b></b> <span></span>`;
  li.firstChild.textContent = type;
  li.lastChild.textContent = typeof data === "string" ? data : JSON.stringify(data);
  li.dataset.type = type;
  $("events").prepend(li);
}

async function refreshPrinter() {
  try {
    const response = await fetch("/v1/simulate/printer", { headers: { "Authorization": "Bearer " + token } });
    if (response.ok) $("printer").textContent = await response.text();
  } catch (_) { /* the printer preview is best effort */ }
}

function adoptOrder(data) {
  if (data && data.orderId && !state.orderId) {
    state.orderId = data.orderId;
    state.phase = "ordering";
    state.lines = [];
    $("result").hidden = true;
  }
}

const handlers = {
  identified(data) {
    adoptOrder(data);
    state.customer = data.customer || data.credential || null;
    setPrompt("hello");
    $("who").textContent = data.customer && data.customer.name ? data.customer.name : (data.credential ? data.credential.kind + " " + data.credential.value : "");
  },
  "confirmation-required"() { state.phase = "awaitingConfirmation"; setPrompt("confirm", "confirm"); },
  confirmed() { state.phase = "confirmed"; setPrompt("confirmed"); },
  "confirmation-failed"(data) {
    if (data.reason === "timeout" || data.identityDropped) { state.phase = "anonymous"; setPrompt("timeout", "error"); }
    else setPrompt("mismatch", "error");
  },
  "sale-closed"(data) { showResult(data); },
  printed() { refreshPrinter(); },
  "print-failed"() { refreshPrinter(); },
};

function showResult(sale) {
  state.phase = "closed";
  setPrompt("paid");
  const loyalty = sale && (sale.loyalty || sale.result || sale);
  const footer = loyalty && (loyalty.footer || loyalty.footerLines);
  $("result").textContent = Array.isArray(footer) ? footer.join("\n") : JSON.stringify(loyalty, null, 1);
  $("result").hidden = false;
  state.orderId = null;
  state.customer = null;
  render();
  refreshPrinter();
}

let lastEventId = null;

async function connectEvents() {
  // A fresh single-use ticket for every connection; resume after the last event seen.
  let source;
  try {
    const { ticket } = await api("POST", "/v1/events/tickets", {});
    const resume = lastEventId ? "&lastEventId=" + encodeURIComponent(lastEventId) : "";
    source = new EventSource("/v1/events?ticket=" + encodeURIComponent(ticket) + resume);
  } catch (_) {
    setTimeout(connectEvents, 2000);
    return;
  }
  source.onopen = () => { $("link").className = "link up"; $("link").dataset.i18n = "online"; $("link").textContent = t("online"); };
  source.onerror = () => {
    $("link").className = "link down"; $("link").dataset.i18n = "offline"; $("link").textContent = t("offline");
    source.close();   // the ticket is spent: reconnect with a new one
    setTimeout(connectEvents, 2000);
  };
  const types = ["device", "scan", "badge", "identified", "confirmation-required", "confirmed", "confirmation-failed", "sale-closed", "printed", "print-failed", "order-cancelled", "resync"];
  for (const type of types) {
    source.addEventListener(type, (event) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      let data = {};
      try { data = JSON.parse(event.data); } catch (_) { data = event.data; }
      logEvent(type, data);
      if (handlers[type]) handlers[type](data);
      render();
    });
  }
}

$("start").onclick = async () => {
  let data;
  try { data = await api("POST", "/v1/orders", {}); }
  catch (_) { data = await api("GET", "/v1/orders/current"); }   // an order is already active
  adoptOrder(data);
  setPrompt("welcome");
  render();
};
$("checkout").onclick = async () => {
  const data = await api("POST", `/v1/orders/${state.orderId}/checkout`, { basket: basket() });
  const phase = data && data.state;
  // The events of the second scan may arrive before this answer: never step back from them.
  if (state.phase === "confirmed" || state.phase === "anonymous") { render(); return; }
  if (phase === "awaitingConfirmation") { state.phase = "awaitingConfirmation"; setPrompt("confirm", "confirm"); }
  else if (phase === "confirmed") { state.phase = "confirmed"; setPrompt("confirmed"); }
  else { state.phase = "anonymous"; setPrompt("anonymous"); }
  render();
};
$("pay").onclick = async () => {
  const sale = await api("POST", `/v1/orders/${state.orderId}/close`, {
    basket: basket(), payments: [{ method: "card", amountCents: totalCents() }],
  });
  showResult(sale);
};
$("cancel").onclick = async () => {
  await api("POST", `/v1/orders/${state.orderId}/cancel`, {});
  state.orderId = null; state.lines = []; state.phase = "welcome"; state.customer = null;
  setPrompt("cancelled");
  $("who").textContent = "";
  render();
};
$("tap").onclick = () => api("POST", "/v1/simulate/badge", { uid: $("uid").value.trim(), present: true });
$("remove").onclick = () => api("POST", "/v1/simulate/badge", { uid: $("uid").value.trim(), present: false });
$("scan").onclick = () => api("POST", "/v1/simulate/scan", { code: $("code").value.trim() });
document.querySelectorAll("[data-lang]").forEach((b) => {
  b.onclick = () => { state.lang = b.dataset.lang; localStorage.setItem("kioskd-lang", state.lang); render(); };
});

// Demo autopilot (`#token=…&demo=1`): walks the happy path by clicking the screen's own
// buttons — tap badge, add two products, checkout, lift and tap the badge again, pay — and
// sets `document.title` to `kiosk-demo: done` (or `kiosk-demo: failed …`). The end-to-end
// test runs it in headless Chromium; a developer can watch it in a browser.
const seen = new Set();
const waitFor = (type, ms = 15000) => new Promise((resolve, reject) => {
  const started = Date.now();
  (function poll() {
    if (seen.has(type)) return resolve();
    if (Date.now() - started > ms) return reject(new Error("no " + type + " event"));
    setTimeout(poll, 25);
  })();
});
const waitUntil = (check, what, ms = 15000) => new Promise((resolve, reject) => {
  const started = Date.now();
  (function poll() {
    if (check()) return resolve();
    if (Date.now() - started > ms) return reject(new Error("timed out waiting for " + what));
    setTimeout(poll, 25);
  })();
});

async function autopilot() {
  document.title = "kiosk-demo: running";
  try {
    await waitUntil(() => $("link").classList.contains("up"), "the event stream");
    $("tap").click();
    await waitFor("identified");
    await waitUntil(() => state.orderId && !$("products").firstChild.disabled, "the order");
    $("products").children[0].click();
    $("products").children[1].click();
    $("remove").click();
    $("checkout").click();
    await waitFor("confirmation-required");
    $("tap").click();
    await waitFor("confirmed");
    await waitUntil(() => !$("pay").disabled, "the pay button");
    $("pay").click();
    await waitUntil(() => state.phase === "closed", "the closed sale");
    await refreshPrinter();
    document.title = "kiosk-demo: done";
  } catch (error) {
    document.title = "kiosk-demo: failed " + error.message;
  }
}

for (const type of Object.keys(handlers)) {
  const handler = handlers[type];
  handlers[type] = (data) => { seen.add(type); handler(data); };
}

setPrompt("welcome");
render();
connectEvents();
refreshPrinter();
if (new URLSearchParams(location.hash.slice(1)).get("demo") === "1") autopilot();
