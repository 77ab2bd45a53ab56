/* Drawing a case's outline: each tap on the map adds a corner; the polygon is written as GeoJSON
 * into the form's hidden "drawn" field (WGS-84, lng/lat). Undo removes the last corner, start
 * again removes them all. The village boundaries are the map's landmark where no tiles are served.
 * No library: Leaflet's click events and a polygon layer. */
(function () {
  "use strict";
  var el = document.getElementById("outline-map");
  if (!el || typeof L === "undefined") { return; }
  var form = document.querySelector("[data-outline-form]");
  var field = form.querySelector("input[name=drawn]");
  var status = document.querySelector("[data-outline-status]");
  var map = L.map(el, { attributionControl: !!el.dataset.tileUrl, doubleClickZoom: false });
  if (el.dataset.tileUrl) { L.tileLayer(el.dataset.tileUrl, { maxZoom: 19 }).addTo(map); }
  var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
  map.setView(isNaN(lat) ? [30.2, 120.1] : [lat, lng], isNaN(lat) ? 12 : 17);
  if (el.dataset.boundaries) {
    fetch(el.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data) {
          L.geoJSON(data, { style: { color: "#495057", weight: 1.5, dashArray: "4 3", fill: false }, interactive: false })
            .addTo(map);
        }
      }).catch(function () { /* the drawing works without its landmark */ });
  }
  var current = el.dataset.current && document.getElementById(el.dataset.current);
  if (current) {
    var existing = L.geoJSON({ type: "Feature", geometry: JSON.parse(current.textContent) }, {
      style: { color: "#6c757d", weight: 2, dashArray: "6 4", fillOpacity: 0.1 }, interactive: false
    }).addTo(map);
    map.fitBounds(existing.getBounds(), { padding: [30, 30], maxZoom: 18 });
  }
  var corners = [];
  var shape = L.polygon([], { color: "#b02a37", weight: 3, fillColor: "#dc3545", fillOpacity: 0.25 }).addTo(map);
  var dots = L.layerGroup().addTo(map);
  function redraw() {
    shape.setLatLngs(corners);
    dots.clearLayers();
    corners.forEach(function (c) {
      L.circleMarker(c, { radius: 6, color: "#fff", weight: 2, fillColor: "#b02a37", fillOpacity: 1 }).addTo(dots);
    });
    if (corners.length >= 3) {
      var ring = corners.map(function (c) { return [Number(c.lng.toFixed(7)), Number(c.lat.toFixed(7))]; });
      ring.push(ring[0]);
      field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    } else {
      field.value = "";
    }
    status.textContent = corners.length ? status.dataset.msgPoints.replace("%(n)s", String(corners.length))
      : status.dataset.msgNone;
    el.dataset.corners = String(corners.length);
  }
  map.on("click", function (e) { corners.push(e.latlng); redraw(); });
  form.querySelector("[data-outline-undo]").addEventListener("click", function () { corners.pop(); redraw(); });
  form.querySelector("[data-outline-clear]").addEventListener("click", function () { corners = []; redraw(); });
})();
