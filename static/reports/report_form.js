/* The public report form: "use my location" fills the pin's hidden fields; with a tile server
 * configured (data-tile-url), a tap on the map moves the pin. No user text is written as HTML:
 * the coordinates are numbers set as text content. */
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) { return; }
  var lat = form.querySelector("input[name=latitude]");
  var lng = form.querySelector("input[name=longitude]");
  var shown = form.querySelector("[data-pin-shown]");
  var button = form.querySelector("[data-locate]");
  var mapEl = form.querySelector("[data-report-map]");
  var map = null, marker = null;

  function setPin(la, ln) {
    lat.value = la.toFixed(6);
    lng.value = ln.toFixed(6);
    shown.textContent = lat.value + ", " + lng.value;
    if (map) {
      if (marker) { marker.setLatLng([la, ln]); } else { marker = L.marker([la, ln], { keyboard: false }).addTo(map); }
      map.setView([la, ln], Math.max(map.getZoom() || 0, 15));
    }
  }

  if (mapEl && typeof L !== "undefined" && mapEl.dataset.tileUrl) {
    mapEl.hidden = false;
    map = L.map(mapEl, { scrollWheelZoom: false });
    L.tileLayer(mapEl.dataset.tileUrl, { attribution: LW.escapeHtml(mapEl.dataset.attribution), maxZoom: 18 }).addTo(map);
    map.setView([parseFloat(mapEl.dataset.lat) || 35, parseFloat(mapEl.dataset.lng) || 105], mapEl.dataset.lat ? 12 : 4);
    map.on("click", function (e) { setPin(e.latlng.lat, e.latlng.lng); });
  }
  if (lat.value && lng.value) { setPin(parseFloat(lat.value), parseFloat(lng.value)); }
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      shown.textContent = button.dataset.waiting;
      navigator.geolocation.getCurrentPosition(function (pos) {
        setPin(pos.coords.latitude, pos.coords.longitude);
      }, function () {
        shown.textContent = button.dataset.failed;
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
})();
