/* The case map: cases coloured by status, open patrol findings, village names.
 * Tiles only when the server names a tile URL (LANDWATCH_MAP_TILE_URL); otherwise the
 * markers are drawn on a blank background. Coordinates are WGS-84. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  function popup(label, sub, url) {
    var title = escapeHtml(label);
    if (url) { title = '<a href="' + escapeHtml(url) + '">' + title + "</a>"; }
    return "<strong>" + title + "</strong><br><small>" + escapeHtml(sub) + "</small>";
  }
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var source = document.getElementById(el.dataset.map);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(el, { preferCanvas: true, attributionControl: !!data.tileUrl });
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var colours = {};
    data.statuses.forEach(function (s) { colours[s.value] = s.colour; });
    var points = [];
    data.villages.forEach(function (v) {
      L.tooltip({ permanent: true, direction: "center", className: "dash-village-label", interactive: false })
        .setLatLng([v.lat, v.lng]).setContent(escapeHtml(v.name)).addTo(map);
      points.push([v.lat, v.lng]);
    });
    data.cases.forEach(function (c) {
      var url = data.caseUrl ? data.caseUrl.replace("{id}", c.id) : null;
      L.circleMarker([c.lat, c.lng], {
        radius: 7, color: "#333", weight: 1, fillColor: colours[c.status] || "#999", fillOpacity: 0.9
      }).bindPopup(popup(c.label, c.sub, url)).addTo(map);
      points.push([c.lat, c.lng]);
    });
    data.findings.forEach(function (f) {
      var url = data.findingUrl ? data.findingUrl.replace("{id}", f.id) : null;
      L.circleMarker([f.lat, f.lng], {
        radius: f.urgent ? 8 : 6, color: "#7a5a00", weight: 2, fillColor: "#ffc107", fillOpacity: 0.9, dashArray: "2 2"
      }).bindPopup(popup(f.label, data.findingLabel + " · " + f.sub, url)).addTo(map);
      points.push([f.lat, f.lng]);
    });
    if (points.length) {
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView([30.0, 120.0], 10);
    }
  });
})();
