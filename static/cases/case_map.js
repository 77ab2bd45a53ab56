/* The case detail page's map: one pin at the case's coordinates (WGS-84).
 * Everything comes from the data- attributes of [data-case-map] (the CSP allows no inline
 * script). Tiles only when the server names a tile URL (LANDWATCH_MAP_TILE_URL, the same
 * setting as the dashboards' map); without it the pin stands on a plain background and
 * the coordinates written beside the map say where it is. */
(function () {
  "use strict";
  if (typeof L === "undefined" || typeof LW === "undefined") { return; }
  document.querySelectorAll("[data-case-map]").forEach(function (el) {
    var lat = parseFloat(el.dataset.lat);
    var lng = parseFloat(el.dataset.lng);
    if (isNaN(lat) || isNaN(lng)) { return; }
    var tileUrl = el.dataset.tileUrl || "";
    var map = L.map(el, { attributionControl: !!tileUrl, scrollWheelZoom: false });
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: LW.escapeHtml(el.dataset.attribution), maxZoom: 18 }).addTo(map);
    }
    // A drawn pin (no image): it shows the same with or without the vendored marker images.
    var pin = L.divIcon({
      className: "case-map-pin",
      html: LW.el("span", { className: "case-map-pin-head" }),
      iconSize: [26, 30],
      iconAnchor: [13, 29],
      tooltipAnchor: [0, -28]
    });
    var marker = L.marker([lat, lng], { icon: pin, keyboard: false, title: el.dataset.label || "" }).addTo(map);
    if (el.dataset.label) {
      // The case's location, often typed by a coordinator: Leaflet would insert a string as HTML.
      marker.bindTooltip(LW.el("span", null, [el.dataset.label]), { direction: "top" });
    }
    map.setView([lat, lng], 16);
    // A case made from 卫片 patches: its outline, framed.
    var source = el.dataset.outline && document.getElementById(el.dataset.outline);
    if (source) {
      var outline = L.geoJSON({ type: "Feature", geometry: JSON.parse(source.textContent) }, {
        style: { color: "#b02a37", weight: 2, fillColor: "#dc3545", fillOpacity: 0.2 }, interactive: false
      }).addTo(map);
      map.fitBounds(outline.getBounds(), { padding: [20, 20], maxZoom: 18 });
    }
  });
})();
