/* A patch's page: its polygon on the map, the user's position on it (with consent, from the
 * browser), and that position with the phone's heading sent with each field photo. The photo's
 * own EXIF position wins on the server when it has one. Coordinates are WGS-84. */
(function () {
  "use strict";
  var el = document.getElementById("patch-map");
  if (!el || typeof L === "undefined") { return; }
  var shapes = JSON.parse(document.getElementById(el.dataset.shape).textContent);
  var map = L.map(el, { attributionControl: !!el.dataset.tileUrl });
  if (el.dataset.tileUrl) { L.tileLayer(el.dataset.tileUrl, { maxZoom: 19 }).addTo(map); }
  if (shapes.village) {
    L.geoJSON({ type: "Feature", geometry: shapes.village }, {
      style: { color: "#495057", weight: 1.5, dashArray: "4 3", fill: false }, interactive: false
    }).addTo(map);
  }
  // The batch's other patches in the village, faint and linked: a kept page leads to the next one
  // without a signal. Their numbers come from the county's file: text only (LW.el).
  (shapes.others || []).forEach(function (other) {
    L.geoJSON({ type: "Feature", geometry: other.geometry }, {
      style: { color: "#6c757d", weight: 1.5, fillColor: "#6c757d", fillOpacity: 0.1 }
    }).bindTooltip(LW.el("span", {}, [other.number + " · " + other.status]))
      .on("click", function () { window.location.href = other.url; }).addTo(map);
  });
  var outline = L.geoJSON({ type: "Feature", geometry: shapes.patch }, {
    style: { color: "#b02a37", weight: 3, fillColor: "#dc3545", fillOpacity: 0.2 }
  }).addTo(map);
  map.fitBounds(outline.getBounds(), { padding: [30, 30], maxZoom: 18 });

  var status = document.querySelector("[data-position-status]");
  var form = document.querySelector("[data-photo-form]");
  var me = null;
  function setField(name, value) {
    if (!form) { return; }
    var input = form.querySelector("input[name=" + name + "]");
    if (input) { input.value = value === null ? "" : value; }
  }
  // Distance in metres from a point to the outline's nearest vertex or inside (0): an estimate
  // for the field worker; the server measures the photo's distance itself.
  function inside(latlng) {
    var hit = false;
    outline.eachLayer(function (layer) {
      var rings = layer.getLatLngs();
      (Array.isArray(rings[0][0]) ? rings : [rings]).forEach(function (poly) {
        var ring = poly[0], c = false;
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var a = ring[i], b = ring[j];
          if (((a.lat > latlng.lat) !== (b.lat > latlng.lat)) &&
              (latlng.lng < (b.lng - a.lng) * (latlng.lat - a.lat) / (b.lat - a.lat) + a.lng)) { c = !c; }
        }
        if (c) { hit = true; }
      });
    });
    return hit;
  }
  function distance(latlng) {
    if (inside(latlng)) { return 0; }
    var best = Infinity;
    outline.eachLayer(function (layer) {
      var rings = layer.getLatLngs();
      (Array.isArray(rings[0][0]) ? rings : [rings]).forEach(function (poly) {
        poly[0].forEach(function (p) { best = Math.min(best, map.distance(latlng, p)); });
      });
    });
    return best;
  }
  if (navigator.geolocation) {
    navigator.geolocation.watchPosition(function (pos) {
      var latlng = L.latLng(pos.coords.latitude, pos.coords.longitude);
      if (!me) {
        me = L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 2, fillColor: "#0d6efd", fillOpacity: 1 })
          .addTo(map);
        // Near enough to walk: the first fix shows the way from here to the patch.
        if (distance(latlng) < 3000) {
          map.fitBounds(outline.getBounds().extend(latlng), { padding: [30, 30], maxZoom: 18 });
        }
      } else { me.setLatLng(latlng); }
      setField("latitude", pos.coords.latitude.toFixed(7));
      setField("longitude", pos.coords.longitude.toFixed(7));
      if (typeof pos.coords.heading === "number" && !isNaN(pos.coords.heading)) {
        setField("heading", pos.coords.heading.toFixed(1));
      }
      if (status) {
        var d = distance(latlng);
        status.textContent = d === 0 ? status.dataset.msgInside :
          status.dataset.msgOutside.replace("%(m)s", String(Math.round(d)));
      }
    }, function () { /* refused or unavailable: the status keeps saying so */ },
    { enableHighAccuracy: true, maximumAge: 10000 });
  }
  // The compass, where the phone has one and lets the page read it.
  window.addEventListener("deviceorientationabsolute", function (e) {
    if (typeof e.alpha === "number") { setField("heading", ((360 - e.alpha) % 360).toFixed(1)); }
  });
})();
