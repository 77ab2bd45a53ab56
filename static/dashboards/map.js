/* The case map: cases coloured by status, open patrol findings, village names.
 * Tiles only when the server names a tile URL (LANDWATCH_MAP_TILE_URL); otherwise the
 * markers are drawn on a blank background. Coordinates are WGS-84. */
(function () {
  "use strict";
  if (typeof L === "undefined" || typeof LW === "undefined") { return; }
  // A marker's popup: its label (a link to the case or finding), then a smaller line. Case
  // titles, findings' locations and village names are user text: elements, not HTML strings.
  function popup(label, sub, url) {
    var title = url ? LW.el("a", { href: url }, [label]) : label;
    return [LW.el("strong", null, [title]), LW.el("br"), LW.el("small", null, [sub])];
  }
  function draw(el, settings, data) {
    var map = L.map(el, { preferCanvas: true, attributionControl: !!settings.tileUrl });
    if (settings.tileUrl) {
      L.tileLayer(settings.tileUrl, { attribution: LW.escapeHtml(settings.attribution), maxZoom: 18 }).addTo(map);
    }
    var colours = {};
    settings.statuses.forEach(function (s) { colours[s.value] = s.colour; });
    var points = [];
    data.villages.forEach(function (v) {
      L.tooltip({ permanent: true, direction: "center", className: "dash-village-label", interactive: false })
        .setLatLng([v.lat, v.lng]).setContent(LW.el("span", null, [v.name])).addTo(map);
      points.push([v.lat, v.lng]);
    });
    data.cases.forEach(function (c) {
      var url = settings.caseUrl ? settings.caseUrl.replace("{id}", c.id) : null;
      L.circleMarker([c.lat, c.lng], {
        radius: 7, color: "#333", weight: 1, fillColor: colours[c.status] || "#999", fillOpacity: 0.9
      }).bindPopup(LW.el("div", null, popup(c.label, c.sub, url))).addTo(map);
      points.push([c.lat, c.lng]);
    });
    data.findings.forEach(function (f) {
      var url = settings.findingUrl ? settings.findingUrl.replace("{id}", f.id) : null;
      L.circleMarker([f.lat, f.lng], {
        radius: f.urgent ? 8 : 6, color: "#7a5a00", weight: 2, fillColor: "#ffc107", fillOpacity: 0.9, dashArray: "2 2"
      }).bindPopup(LW.el("div", null, popup(f.label, settings.findingLabel + " · " + f.sub, url))).addTo(map);
      points.push([f.lat, f.lng]);
    });
    if (points.length) {
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView([30.0, 120.0], 10);
    }
    el.dataset.mapReady = String(data.cases.length);
  }
  // The legend's dots take their status colours here: the CSP allows no style attribute.
  document.querySelectorAll(".dash-dot[data-colour]").forEach(function (dot) {
    dot.style.backgroundColor = dot.dataset.colour;
  });
  // The markers arrive as JSON (the map's own URL, with the page's filter), so the page and
  // its figures show before up to 5,000 markers are fetched and drawn.
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var source = document.getElementById(el.dataset.map);
    if (!source) { return; }
    var settings = JSON.parse(source.textContent);
    var summary = document.querySelector('[data-map-summary="' + el.id + '"]');
    fetch(el.dataset.mapUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        draw(el, settings, data);
        if (summary) { summary.textContent = data.summary; }
      })
      .catch(function () {
        if (summary) { summary.textContent = settings.failed; summary.classList.add("text-danger"); }
      });
  });
})();
