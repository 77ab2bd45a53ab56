/* The only way user text reaches HTML in LandWatch's scripts (issue #26).
 *
 * A case's title or location, a party's, village's or user's name, a finding's text: any of
 * them may hold markup, and Leaflet (tooltips, popups, icons, attribution) and ECharts
 * (tooltips) insert strings as HTML. Our scripts therefore hand those libraries elements built
 * here, whose text is text nodes, or strings escaped here; they never write innerHTML,
 * outerHTML, insertAdjacentHTML or document.write themselves. tests/landwatch/test_csp.py
 * fails on any other HTML sink in static/ (outside static/vendor).
 *
 * Loaded by templates/base.html before every page's own scripts; exposes window.LW.
 * Styles are classes (static/css/landwatch.css) or CSSOM properties, never style
 * attributes: the CSP allows no inline style.
 */
(function () {
  "use strict";
  var LW = window.LW = window.LW || {};

  // For the few sinks that take only an HTML string (Leaflet's attribution).
  LW.escapeHtml = function (text) {
    return (text == null ? "" : String(text))
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  };

  // An element with properties (only className, href, title) and children: a string or
  // number becomes a text node, an element is appended as it is. A link goes only to this
  // site or to http(s): a "javascript:" URL is dropped.
  var PROPS = { className: true, href: true, title: true };
  LW.el = function (tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (!PROPS[key]) { throw new Error("LW.el: no property " + key); }
      if (value == null) { return; }
      if (key === "href" && !/^(\/(?!\/)|https?:)/i.test(String(value))) { return; }
      node[key] = value;
    });
    (children || []).forEach(function (child) {
      if (child == null || child === "") { return; }
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  };

  function readable(value) {
    if (Array.isArray(value)) { value = value[value.length - 1]; }  // [time, n] on a time axis
    if (value && typeof value === "object" && "value" in value) { value = value.value; }
    return typeof value === "number" ? value.toLocaleString() : (value == null ? "-" : String(value));
  }

  // ECharts' tooltip formatter (axis or item trigger): what ECharts' own tooltip shows (the
  // axis value or item name, a colour dot, the series name and the value) as elements, since
  // ECharts' own markup carries style attributes and, in some versions, unescaped names.
  LW.chartTooltip = function (params) {
    var axis = Array.isArray(params);
    var items = axis ? params : [params];
    var first = items[0] || {};
    var rows = [];
    var head = axis ? (first.axisValueLabel != null ? first.axisValueLabel : first.name) : "";
    if (head !== "" && head != null) { rows.push(LW.el("div", { className: "lw-tip-head" }, [head])); }
    items.forEach(function (item) {
      var dot = LW.el("span", { className: "lw-tip-dot" });
      if (typeof item.color === "string") { dot.style.backgroundColor = item.color; }
      // A series without a name gets a generated one containing "\0": not shown.
      var name = axis ? item.seriesName : (item.name || item.seriesName);
      if (typeof name === "string" && name.indexOf("\u0000") !== -1) { name = ""; }
      rows.push(LW.el("div", { className: "lw-tip-row" }, [
        dot, LW.el("span", { className: "lw-tip-name" }, [name]), LW.el("span", { className: "lw-tip-value" }, [readable(item.value)])
      ]));
    });
    return LW.el("div", { className: "lw-tip" }, rows);
  };
})();
