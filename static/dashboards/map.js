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
    if (LW.mapOverlays) { LW.mapOverlays(map, data.overlays, settings); }
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

/* The map's overlays (village boundaries, 永久基本农田 and the other zones, 卫片 patches), switched
 * in Leaflet's layer control and each fetched the first time it is switched on. Names are user
 * text: escaped before Leaflet writes them into the control. Colours come as CSS classes and
 * Leaflet's own SVG styles, never a style attribute (the CSP allows none). */
(function () {
  "use strict";
  if (typeof L === "undefined" || typeof LW === "undefined") { return; }
  LW.mapOverlays = function (map, overlays, settings) {
    if (!overlays || !overlays.length) { return; }
    var control = {};
    overlays.forEach(function (o) {
      var group = L.geoJSON(null, {
        style: function (feature) {
          if (o.kind === "patches") {
            var p = feature.properties;
            var key = p.status === "closed" ? "closed" : (p.status === "pending" ? "pending" :
              (p.status === "judged" ? "judged" : p.judgement));
            var c = settings.patchColours[key] || o.colour;
            return { color: c, weight: 2, fillColor: c, fillOpacity: 0.35 };
          }
          if (o.kind === "village_boundary") { return { color: o.colour, weight: 1.5, fill: false, dashArray: "4 3" }; }
          if (o.kind === "coverage") {
            var cc = settings.coverageColours[feature.properties.state] || o.colour;
            return { color: cc, weight: 1, fillColor: cc, fillOpacity: 0.3 };
          }
          return { color: o.colour, weight: 1, fillColor: o.colour, fillOpacity: 0.25 };
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties || {};
          if (o.kind === "patches") {
            var url = o.patchUrl.replace("{id}", p.id);
            layer.bindPopup(LW.el("div", null, [LW.el("strong", null, [LW.el("a", { href: url }, [p.number])]),
              LW.el("br"), LW.el("small", null, [p.village])]));
          } else if (p.label) {
            layer.bindTooltip(LW.el("span", null, [p.label]), { sticky: true });
          }
        }
      });
      var loaded = false;
      group.on("add", function () {
        if (loaded) { return; }
        loaded = true;
        fetch(o.url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
          .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
          .then(function (data) {
            group.addData(data);
            if (o.on && o.kind !== "village_boundary" && group.getBounds().isValid()) {
              map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 17 });
            }
            var box = map.getContainer();
            box.dataset.overlaysLoaded = String((+box.dataset.overlaysLoaded || 0) + 1);
          })
          .catch(function () { loaded = false; });
      });
      var label = '<span class="map-swatch map-swatch-' + o.kind + '"></span>' + LW.escapeHtml(o.name);
      control[label] = group;
      if (o.on) { group.addTo(map); }
    });
    L.control.layers(null, control, { collapsed: window.matchMedia("(max-width: 575.98px)").matches }).addTo(map);
  };
})();
