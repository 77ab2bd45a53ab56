/* Draws the dashboard's charts. Each chart's ECharts option is built on the server and
 * embedded with Django's json_script; a click on a bar or slice opens the list it counts
 * (the data item's "url"). No inline script nor style: the page's CSP allows scripts and
 * styles from 'self' only, so each box's height comes in data-height and is set here. */
(function () {
  "use strict";
  if (typeof echarts === "undefined" || typeof LW === "undefined") { return; }
  // Village, township and user names stand in the tooltips: every tooltip, the chart's and
  // any series', is drawn by LW.chartTooltip (elements and text nodes), never as HTML.
  // Confined to the chart: an item tooltip outside it gets an arrow of inline-styled markup.
  function safeTooltips(option) {
    option.tooltip = Object.assign({}, option.tooltip, {
      formatter: LW.chartTooltip, className: "lw-chart-tooltip", confine: true
    });
    (option.series || []).forEach(function (series) {
      if (series.tooltip) { series.tooltip.formatter = LW.chartTooltip; }
    });
    return option;
  }
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source) { return; }
    var option = safeTooltips(JSON.parse(source.textContent));
    el.style.height = (parseInt(el.dataset.height, 10) || 300) + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
})();
