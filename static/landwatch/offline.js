/* LandWatch offline field work (issue 24): the phone keeps the field pages and a queue.
 *
 * - Registers the service worker (/sw.js) and asks it to keep the field page that is open.
 * - LWQueue.add(form, files) keeps a record filed without a signal in IndexedDB: its fields, its
 *   photos (already made small by the form's script) with the time each was taken, who filed
 *   it, and when. The form's key (draft_key) is the record's id: the server saves a record once
 *   however often it arrives (patrols.services.create_patrol_log).
 * - The queue is sent when the network is back ("online"), when any page opens, and when the
 *   service worker's background sync wakes the page; each record under the user who filed it
 *   (another user's records wait for them), with the CSRF token of the session open now.
 * - The panel ([data-queue-panel]) shows what waits, what was sent (with its link) and what was
 *   refused and why; sent and refused records are dismissed by the user. It warns when the
 *   phone's storage is nearly full.
 * - A plain form marked data-queue="1" (a patch's photo, its judgement) is queued here when it is
 *   submitted without a signal; the field forms (form.lw-field-form) queue through their own
 *   script (static/patrols/patrol_form.js), with the same helpers (LWQueue.files, newKey, fresh).
 * - A [data-keep] button asks the service worker to keep a list of pages (a batch's patches to
 *   verify) and says how many it kept.
 * No inline script; user text reaches the page only as text (textContent).
 */
(function () {
  "use strict";

  var DB = "landwatch", STORE = "queue";
  var body = document.body;
  var user = body ? body.getAttribute("data-user") || "" : "";
  var texts = {};
  var panel = document.querySelector("[data-queue-panel]");
  if (panel) {
    Array.prototype.forEach.call(panel.attributes, function (a) {
      if (a.name.indexOf("data-msg-") === 0) { texts[a.name.slice(9)] = a.value; }
    });
  }
  function t(name, values) {
    var text = texts[name] || name;
    Object.keys(values || {}).forEach(function (k) { text = text.split("%(" + k + ")s").join(values[k]); });
    return text;
  }

  // ---- The service worker -----------------------------------------------------------------
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (document.querySelector("form.lw-field-form, form[data-queue='1']") && registration.active) {
        // A page the worker served is kept already (its fetch keeps it, and the files it loads);
        // one opened before the worker took control is fetched again for the phone to keep.
        if (!navigator.serviceWorker.controller) {
          var urls = [location.href];
          document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
            urls.push(el.href || el.src);
          });
          registration.active.postMessage({ type: "keep", urls: urls });
        }
        document.documentElement.setAttribute("data-offline-ready", "1");
      }
    }).catch(function () { /* no worker: the pages still work online */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "send-queue") { send(); }
    });
    // Logging out forgets the kept pages (they show this user's forms); the queue stays for its user.
    document.querySelectorAll("form[action$='/accounts/logout/']").forEach(function (logout) {
      logout.addEventListener("submit", function () {
        if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage({ type: "forget" }); }
      });
    });
  }

  // ---- IndexedDB ---------------------------------------------------------------------------
  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error || new Error("quota")); };
      });
    });
  }
  function all() { return tx("readonly", function (store) { return store.getAll(); }); }
  function put(record) { return tx("readwrite", function (store) { store.put(record); }); }
  function remove(id) { return tx("readwrite", function (store) { store.delete(id); }); }

  // ---- Keys already used ---------------------------------------------------------------------
  // Every form key that went to the queue, kept after its record is sent and dismissed: a page the
  // phone kept still carries its key, and a second log filed from it must not reuse it.
  var USED = "lw-queue-used";
  function usedKeys() { try { return JSON.parse(localStorage.getItem(USED) || "[]"); } catch (e) { return []; } }
  function used(key) { return !!key && usedKeys().indexOf(key) !== -1; }
  function markUsed(key) {
    try { localStorage.setItem(USED, JSON.stringify(usedKeys().concat([key]).slice(-500))); } catch (e) { /* full */ }
  }

  // A form's key made on the phone, as the server makes them (landwatch.queue.new_key).
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  // A page the phone kept carries the key it was opened with: once that key went to the queue,
  // the next record filed from the kept page gets a key of its own (the server saves a key once).
  function fresh(input) {
    if (input && used(input.value)) { input.value = newKey(); return true; }
    return false;
  }

  // ---- Photos ------------------------------------------------------------------------------
  function downscale(file) {
    // Phone photos are 3–8 MB; 1600 px JPEG keeps the evidence readable and uploads on 2G.
    return new Promise(function (resolve) {
      if (!window.createImageBitmap || !/^image\/(jpeg|png)$/.test(file.type) || file.size < 600 * 1024) { resolve(file); return; }
      createImageBitmap(file).then(function (bmp) {
        var scale = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bmp.width * scale); canvas.height = Math.round(bmp.height * scale);
        canvas.getContext("2d").drawImage(bmp, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) { resolve(blob && blob.size < file.size ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file); }, "image/jpeg", 0.82);
      }).catch(function () { resolve(file); });
    });
  }
  // The form's chosen files as the queue keeps them: [{field, blob, name, taken}], made small, in
  // the order chosen, each with the time the phone says it was taken. A copy of the bytes, not the
  // file's handle: the phone's gallery may move or change the file before the queue sends it.
  function files(form) {
    var jobs = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) {
        var taken = new Date(file.lastModified || Date.now()).toISOString();
        jobs.push(downscale(file).then(function (small) { return small.arrayBuffer().then(function (bytes) {
          return { field: input.name, blob: new Blob([bytes], { type: small.type || file.type }),
                   name: small.name || file.name, taken: taken };
        }); }));
      });
    });
    return Promise.all(jobs);
  }

  // ---- Adding a record ---------------------------------------------------------------------
  // ``files``: [{field, blob, name, taken}] (photos made small already); the form's other fields
  // are read from it as the browser would send them.
  function add(form, files, label) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { fields.push([name, value]); }
    });
    var key = (form.querySelector("input[name=draft_key]") || {}).value || "";
    var record = {
      id: key || String(Date.now()), user: user, url: form.getAttribute("action") || location.pathname + location.search,
      fields: fields, files: files, label: label || document.title, filedAt: new Date().toISOString(),
      status: "waiting", reasons: [], sentUrl: ""
    };
    return put(record).then(function () {
      markUsed(record.id);
      if ("serviceWorker" in navigator && "SyncManager" in window) {
        navigator.serviceWorker.ready.then(function (r) { return r.sync.register("landwatch-queue"); }).catch(function () {});
      }
      return record;
    }).then(function (r) { draw(); return r; });
  }

  // ---- Sending -----------------------------------------------------------------------------
  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }
  // Who the server says is logged in now ("" when the session lapsed); the answer also sets this
  // session's CSRF cookie. null when there is no network.
  function sessionUser() {
    return fetch("/session/", { credentials: "same-origin", redirect: "manual" }).then(function (response) {
      if (response.type === "opaqueredirect" || !response.ok) { return ""; }
      return response.json().then(function (answer) { return answer.user || ""; });
    }, function () { return null; });
  }
  var sending = false;
  function send() {
    if (sending || navigator.onLine === false) { return Promise.resolve(); }
    sending = true;
    return all().then(function (records) {
      // In the order they were filed (the store keeps them by key): a finding after its log.
      var open = records.filter(function (r) { return r.status === "waiting" || r.status === "login"; })
        .sort(function (a, b) { return a.filedAt < b.filedAt ? -1 : a.filedAt > b.filedAt ? 1 : 0; });
      if (!open.length) { return null; }
      return sessionUser().then(function (current) {
        if (current === null) { return null; }
        if (current !== user) { user = current; }  // a kept page may show whoever opened it
        return open.reduce(function (chain, record) {
          return chain.then(function () {
            if (!current && record.status === "waiting") { record.status = "login"; return put(record); }
            if (record.user !== current) { return null; }  // another user's: waits for them
            return sendOne(record);
          });
        }, Promise.resolve());
      });
    }).catch(function () {}).then(function () { sending = false; draw(); });
  }
  function sendOne(record) {
    var data = new FormData();
    record.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    data.append("filed_at", record.filedAt);  // when the act was done, apart from when it arrives
    var taken = {};
    (record.files || []).forEach(function (f) {
      data.append(f.field, f.blob, f.name);
      (taken[f.field] = taken[f.field] || []).push(f.taken || "");
    });
    Object.keys(taken).forEach(function (field) { data.append(field + "_taken", JSON.stringify(taken[field])); });
    return fetch(record.url, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": cookie("csrftoken"), "X-LandWatch-Queue": "1", "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 302) {
        record.status = "login";  // the session lapsed: kept, sent once this user logs in again
        return put(record);
      }
      if (response.status === 403 || response.status === 404) {  // no longer theirs to file
        record.status = "refused"; record.reasons = [t("forbidden")];
        return put(record);
      }
      return response.json().then(function (answer) {
        if (answer.status === "sent" || answer.status === "duplicate") {
          record.status = "sent"; record.sentUrl = answer.url || ""; record.files = []; record.fields = [];
        } else if (answer.status === "refused") {
          record.status = "refused"; record.reasons = answer.reasons || [];
        }
        return put(record);
      }, function () { /* not an answer of ours (a proxy's page): stays waiting */ });
    }, function () { /* no network after all: stays waiting */ });
  }

  // ---- The panel ----------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function shown(iso) {
    var d = new Date(iso);
    if (isNaN(d)) { return ""; }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function draw() {
    if (!panel) { return Promise.resolve(); }
    return all().then(function (records) {
      panel.textContent = "";
      if (!records.length) { panel.classList.add("d-none"); return; }
      panel.classList.remove("d-none");
      panel.appendChild(el("h2", "h6", t("title")));
      var list = el("ul", "list-group mb-2");
      records.sort(function (a, b) { return a.filedAt < b.filedAt ? -1 : 1; }).forEach(function (r) {
        var item = el("li", "list-group-item");
        item.setAttribute("data-queue-item", r.status);
        var others = user && r.user !== user;
        // Another user's record on a shared phone: who filed it and when, not what (its village, its case).
        if (others) {
          var theirs = r.status === "sent" ? t("sent") : r.status === "refused" ? t("refused") : t("other-user", { user: r.user });
          item.appendChild(el("div", "small", t("filed", { when: shown(r.filedAt) }) + " · " + theirs));
          list.appendChild(item);
          return;
        }
        item.appendChild(el("div", "fw-semibold", r.label));
        var state = r.status === "sent" ? t("sent") : r.status === "refused" ? t("refused")
          : r.status === "login" ? t("login") : t("waiting");
        var line = el("div", "small", t("filed", { when: shown(r.filedAt) }) + " · " + state);
        item.appendChild(line);
        (r.reasons || []).forEach(function (reason) { item.appendChild(el("div", "small text-danger", reason)); });
        if (r.status === "sent" && r.sentUrl) {
          var link = el("a", "btn btn-link px-0 me-2", t("open")); link.href = r.sentUrl; item.appendChild(link);
        }
        if (r.status === "sent" || r.status === "refused") {
          var dismiss = el("button", "btn btn-outline-secondary mt-1", t("dismiss"));
          dismiss.type = "button";
          dismiss.addEventListener("click", function () { remove(r.id).then(draw); });
          item.appendChild(dismiss);
        }
        list.appendChild(item);
      });
      panel.appendChild(list);
      if (navigator.storage && navigator.storage.estimate) {
        navigator.storage.estimate().then(function (e) {
          if (e.quota && e.usage / e.quota > 0.8) { panel.appendChild(el("div", "alert alert-warning small", t("quota"))); }
        });
      }
    }).catch(function () {});
  }

  // ---- Plain forms queued without a signal (a patch's photo and judgement) --------------------
  document.querySelectorAll("form[data-queue='1']:not(.lw-field-form)").forEach(function (form) {
    var keyInput = form.querySelector("input[name=draft_key]");
    fresh(keyInput);
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false || !keyInput) { return; }
      event.preventDefault();
      var box = form.querySelector("[data-offline-msg]");
      var say = function (kind, name) {
        if (box) { box.className = "alert alert-" + kind; box.textContent = form.getAttribute("data-msg-" + name) || ""; }
      };
      files(form).then(function (chosen) { return add(form, chosen, form.getAttribute("data-queue-label")); }).then(function () {
        form.querySelectorAll("input[type=file], textarea, input[type=text]").forEach(function (el) { el.value = ""; });
        form.querySelectorAll("input[type=radio]").forEach(function (el) { el.checked = false; });
        keyInput.value = newKey();
        say("info", "queued");
      }, function () { say("warning", "queue-failed"); });
    });
  });

  // ---- Pages kept on request (a batch's patches to verify) -----------------------------------
  document.querySelectorAll("[data-keep]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-keep"));
    var section = button.closest("[data-keep-section]");
    var status = section ? section.querySelector("[data-keep-status]") : null;
    if (!source || !("serviceWorker" in navigator) || !window.isSecureContext || !window.MessageChannel) { return; }
    if (section) { section.classList.remove("d-none"); }  // only where the phone can keep pages
    var urls = JSON.parse(source.textContent);
    var say = function (name, values) {
      var text = button.getAttribute("data-msg-" + name) || "";
      Object.keys(values || {}).forEach(function (k) { text = text.split("%(" + k + ")s").join(values[k]); });
      if (status) { status.textContent = text; }
    };
    button.addEventListener("click", function () {
      button.disabled = true;
      say("keeping");
      navigator.serviceWorker.ready.then(function (registration) {
        return new Promise(function (resolve) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) { resolve((event.data || {}).kept || 0); };
          registration.active.postMessage({ type: "keep", urls: urls }, [channel.port2]);
        });
      }).then(function (kept) {
        say(kept ? "kept" : "failed", { kept: kept, count: urls.length });
      }, function () { say("failed"); }).then(function () { button.disabled = false; });
    });
  });

  window.LWQueue = { add: add, send: send, draw: draw, used: used, fresh: fresh, newKey: newKey, files: files,
                     downscale: downscale };
  window.addEventListener("online", send);
  draw().then(send);
})();
