/* LandWatch field forms (patrol log, finding, inspection): nothing typed or photographed is lost.
 *
 * - Photos are uploaded one by one as soon as they are chosen (downscaled first on a slow
 *   phone connection) and kept server-side under the form's draft key; if the upload fails the
 *   file stays in the input and goes with the form.
 * - The typed fields (and the draft key) are saved in localStorage on every change; a fresh
 *   page restores them, so a submission lost to the network can be sent again. The page
 *   shown after a successful save clears the draft ([data-draft-clear]).
 * - Positions are taken only when the user presses a button (browser geolocation, with consent).
 * No inline script: the page passes its texts and URLs in data- attributes.
 */
(function () {
  "use strict";

  function storage() {
    try { var k = "__lw"; localStorage.setItem(k, k); localStorage.removeItem(k); return localStorage; }
    catch (e) { return null; }
  }
  var store = storage();

  // A page after a successful save clears the draft it came from.
  document.querySelectorAll("[data-draft-clear]").forEach(function (el) {
    if (store) { store.removeItem("lw-draft:" + el.getAttribute("data-draft-clear")); }
  });

  var form = document.querySelector("form.lw-field-form");
  if (!form) { return; }
  // Filed without a signal, the form goes to the phone's queue (static/landwatch/offline.js).
  var queued = form.getAttribute("data-queue") === "1" && !!window.LWQueue;
  var key = "lw-draft:" + form.getAttribute("data-draft-store");
  var msg = function (name) { return form.getAttribute("data-msg-" + name) || ""; };
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var draftKeyInput = form.querySelector("input[name=draft_key]");

  // ---- Draft of the typed fields -------------------------------------------------------
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }
  function collect() {
    var data = { values: {}, checked: [], thumbs: thumbsNow(), savedAt: new Date().toISOString() };
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) { data.checked.push(el.name + "=" + el.value); } }
      else { data.values[el.name] = el.value; }
    });
    return data;
  }
  function save() { if (store) { try { store.setItem(key, JSON.stringify(collect())); } catch (e) { /* quota: ignore */ } } }
  function restore(data) {
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") { el.checked = data.checked.indexOf(el.name + "=" + el.value) !== -1; }
      else if (Object.prototype.hasOwnProperty.call(data.values, el.name)) { el.value = data.values[el.name]; }
    });
    (data.thumbs || []).forEach(function (t) { addThumb(t.for, t.url, t.name); });
  }

  // ---- Photos -------------------------------------------------------------------------
  function thumbsNow() {
    var list = [];
    form.querySelectorAll(".lw-photo-input").forEach(function (box) {
      box.querySelectorAll(".lw-staged a[data-js]").forEach(function (a) {
        list.push({ "for": box.getAttribute("data-staged-for"), url: a.getAttribute("href"), name: a.getAttribute("title") || "" });
      });
    });
    return list;
  }
  function addThumb(stagedFor, url, name) {
    var box = form.querySelector('.lw-photo-input[data-staged-for="' + stagedFor + '"] .lw-staged');
    if (!box || box.querySelector('a[href="' + url + '"]')) { return; }
    var a = document.createElement("a");
    a.href = url; a.target = "_blank"; a.rel = "noopener"; a.className = "lw-thumb"; a.setAttribute("data-js", "1"); a.title = name || "";
    var img = document.createElement("img"); img.src = url; img.alt = name || "";
    a.appendChild(img); box.appendChild(a);
  }
  // Made small on the phone before it is sent (static/landwatch/offline.js).
  var downscale = window.LWQueue ? window.LWQueue.downscale : function (file) { return Promise.resolve(file); };
  function upload(file, stagedFor) {
    return downscale(file).then(function (small) {
      var body = new FormData();
      body.append("photo", small);
      body.append("draft_key", draftKeyInput ? draftKeyInput.value : "");
      body.append("staged_for", stagedFor);
      return fetch(form.getAttribute("data-stage-url"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "", "X-Requested-With": "fetch" }
      }).then(function (r) { return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error || r.status); } return j; }); });
    });
  }
  form.querySelectorAll(".lw-photo-input").forEach(function (box) {
    var input = box.querySelector("input[type=file]");
    var status = box.querySelector(".lw-photo-status");
    var stagedFor = box.getAttribute("data-staged-for");
    if (!input || !window.fetch || !window.FormData || !draftKeyInput) { return; }
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) { return; }
      if (navigator.onLine === false && queued) { status.textContent = msg("kept-photo"); return; }
      status.textContent = msg("uploading");
      var failed = [];
      files.reduce(function (chain, file) {
        return chain.then(function () {
          return upload(file, stagedFor).then(function (j) { addThumb(stagedFor, j.url, j.name); }).catch(function (err) {
            failed.push(file); status.textContent = file.name + ": " + (err && err.message ? err.message : "");
          });
        });
      }, Promise.resolve()).then(function () {
        if (failed.length) {
          // Keep only the failed files in the input: they go with the form itself.
          try { var dt = new DataTransfer(); failed.forEach(function (f) { dt.items.add(f); }); input.files = dt.files; } catch (e) { /* old browser: keep all */ }
          status.textContent = msg("upload-failed");
        } else {
          input.value = "";
          status.textContent = msg("uploaded");
        }
        save();
      });
    });
  });

  // ---- Positions (only on request) -----------------------------------------------------
  function locate(done, statusEl) {
    if (!navigator.geolocation) { statusEl.textContent = msg("no-location"); return; }
    statusEl.textContent = msg("locating");
    navigator.geolocation.getCurrentPosition(function (pos) {
      done({ lat: +pos.coords.latitude.toFixed(6), lng: +pos.coords.longitude.toFixed(6), acc: Math.round(pos.coords.accuracy), t: new Date(pos.timestamp).toISOString() });
      save();
    }, function () { statusEl.textContent = msg("no-location"); }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
  }
  var gpsInput = form.querySelector("input[name=gps_points]");
  var gpsButton = form.querySelector("[data-gps-add]");
  var gpsStatus = form.querySelector("[data-gps-status]");
  function gpsPoints() { try { return JSON.parse(gpsInput.value || "[]") || []; } catch (e) { return []; } }
  function showGps() { if (gpsStatus && gpsInput) { var n = gpsPoints().length; gpsStatus.textContent = n ? msg("located") + " " + n : ""; } }
  if (gpsButton && gpsInput) {
    gpsButton.addEventListener("click", function () {
      locate(function (p) { var pts = gpsPoints(); pts.push(p); gpsInput.value = JSON.stringify(pts); showGps(); }, gpsStatus);
    });
  }
  var findingButton = form.querySelector("[data-gps-finding]");
  var findingStatus = form.querySelector("[data-gps-finding-status]");
  if (findingButton) {
    findingButton.addEventListener("click", function () {
      locate(function (p) {
        var lat = form.querySelector("input[name$=latitude]"), lng = form.querySelector("input[name$=longitude]");
        if (lat && lng) { lat.value = p.lat; lng.value = p.lng; }
        findingStatus.textContent = p.lat + ", " + p.lng + " (±" + p.acc + " m)";
      }, findingStatus);
    });
  }

  // ---- The finding section follows the result ------------------------------------------
  var suspected = form.getAttribute("data-suspected");
  var section = form.querySelector("[data-finding-section]");
  function toggleFinding() {
    if (!section || !suspected) { return; }
    var chosen = form.querySelector("input[name=result]:checked");
    section.classList.toggle("d-none", !(chosen && chosen.value === suspected));
  }
  form.querySelectorAll("input[name=result]").forEach(function (el) { el.addEventListener("change", toggleFinding); });

  // ---- Start: restore a draft on a fresh page, keep saving -------------------------------
  var bound = form.getAttribute("data-bound") === "1";
  var saved = null;
  if (store && !bound) { try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; } }
  if (saved) {
    restore(saved);
    var note = document.querySelector("[data-draft-restored]");
    if (note) {
      note.classList.remove("d-none");
      var discard = note.querySelector("[data-draft-discard]");
      if (discard) { discard.addEventListener("click", function () { store.removeItem(key); window.location.reload(); }); }
    }
  }
  showGps();
  toggleFinding();
  save();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  // A kept page's key that went to the queue already is replaced (LWQueue.fresh).
  if (queued && window.LWQueue.fresh(draftKeyInput)) { save(); }

  function queue(box) {
    var when = form.querySelector("input[name=patrolled_on]");
    var label = form.getAttribute("data-queue-label") + (when && when.value ? " · " + when.value : "");
    return window.LWQueue.files(form).then(function (files) { return window.LWQueue.add(form, files, label); }).then(function () {
      if (store) { store.removeItem(key); }
      form.reset();
      form.querySelectorAll(".lw-staged a[data-js]").forEach(function (a) { a.remove(); });
      form.querySelectorAll(".lw-photo-status").forEach(function (el) { el.textContent = ""; });
      if (gpsInput) { gpsInput.value = "[]"; }
      if (draftKeyInput) { draftKeyInput.value = window.LWQueue.newKey(); }
      showGps(); toggleFinding();
      if (store) { store.removeItem(key); }  // nothing typed yet: no draft to restore
      var restored = document.querySelector("[data-draft-restored]");
      if (restored) { restored.classList.add("d-none"); }
      box.className = "alert alert-info"; box.textContent = msg("queued");
    }, function () {
      box.className = "alert alert-warning"; box.textContent = msg("queue-failed");
    });
  }

  form.addEventListener("submit", function (event) {
    save();
    if (navigator.onLine === false) {
      event.preventDefault();
      var box = form.querySelector("[data-offline-msg]");
      if (queued && box) { queue(box); return; }
      if (box) { box.textContent = msg("offline"); box.classList.remove("d-none"); }
    }
  });
})();
