// The page's only script, inline: hover tooltips (any [data-tip], nested ones joined outer
// to inner), pair highlighting in the PCA plot, and a crosshair that reads line charts.
// It fetches nothing and writes tooltip text with textContent only.

export const CLIENT_SCRIPT = `
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var tip = document.createElement("div");
  tip.className = "tip";
  tip.setAttribute("role", "tooltip");
  document.body.appendChild(tip);

  function place(e) {
    var pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
    var x = e.clientX + pad, y = e.clientY + pad;
    if (x + w > window.innerWidth - 4) x = e.clientX - w - pad;
    if (y + h > window.innerHeight - 4) y = e.clientY - h - pad;
    tip.style.left = Math.max(4, x) + "px";
    tip.style.top = Math.max(4, y) + "px";
  }
  function show(text, e) { tip.textContent = text; tip.style.display = "block"; place(e); }
  function hide() { tip.style.display = "none"; }
  function tipText(el) {
    var parts = [];
    for (var n = el; n && n.getAttribute; n = n.parentNode) {
      var t = n.getAttribute("data-tip");
      if (t) parts.unshift(t);
    }
    return parts.join("\\n");
  }
  function num(v) {
    var a = Math.abs(v);
    if (v === 0) return "0";
    if (a < 1e-3 || a >= 1e6) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }

  document.addEventListener("mousemove", function (e) {
    var t = e.target;
    if (!t || !t.closest || t.closest("svg.line-chart")) return;
    var text = t.closest("[data-tip]") ? tipText(t) : "";
    if (text) show(text, e); else hide();
  });
  document.addEventListener("scroll", hide, true);

  Array.prototype.forEach.call(document.querySelectorAll("svg.pca"), function (svg) {
    function clear() {
      svg.classList.remove("focus");
      Array.prototype.forEach.call(svg.querySelectorAll(".hl"), function (el) { el.classList.remove("hl"); });
    }
    svg.addEventListener("mouseover", function (e) {
      var t = e.target;
      if (!t.classList || !t.classList.contains("pt")) return;
      clear();
      svg.classList.add("focus");
      var p = t.getAttribute("data-pair");
      Array.prototype.forEach.call(svg.querySelectorAll('[data-pair="' + p + '"]'), function (el) { el.classList.add("hl"); });
    });
    svg.addEventListener("mouseout", function (e) {
      if (e.target.classList && e.target.classList.contains("pt")) clear();
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".chart"), function (box) {
    var svg = box.querySelector("svg.line-chart"), data = box.querySelector("script.chart-data");
    if (!svg || !data) return;
    var d;
    try { d = JSON.parse(data.textContent); } catch (err) { return; }
    var cursor = svg.querySelector(".cursor");
    var dots = d.s.map(function (s) {
      var c = document.createElementNS(NS, "circle");
      c.setAttribute("r", "3.5");
      c.setAttribute("fill", s.c);
      c.setAttribute("stroke", "#fff");
      c.setAttribute("stroke-width", "1.5");
      c.setAttribute("visibility", "hidden");
      c.style.pointerEvents = "none";
      svg.appendChild(c);
      return c;
    });
    function sx(v) { return d.px[0] + (v - d.dx[0]) / ((d.dx[1] - d.dx[0]) || 1) * (d.px[1] - d.px[0]); }
    function sy(v) { return d.py[0] + (v - d.dy[0]) / ((d.dy[1] - d.dy[0]) || 1) * (d.py[1] - d.py[0]); }
    function nearest(p, x) {
      var lo = 0, hi = p.length / 2 - 1;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (p[2 * mid] < x) lo = mid + 1; else hi = mid; }
      if (lo > 0 && Math.abs(p[2 * lo - 2] - x) <= Math.abs(p[2 * lo] - x)) lo--;
      return lo;
    }
    function off() {
      cursor.setAttribute("visibility", "hidden");
      dots.forEach(function (c) { c.setAttribute("visibility", "hidden"); });
      hide();
    }
    svg.addEventListener("mousemove", function (e) {
      var m = svg.getScreenCTM();
      if (!m) return;
      var pt = svg.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      var q = pt.matrixTransform(m.inverse());
      if (q.x < d.px[0] || q.x > d.px[1] || q.y < d.py[1] || q.y > d.py[0]) { off(); return; }
      var xv = d.dx[0] + (q.x - d.px[0]) / (d.px[1] - d.px[0]) * (d.dx[1] - d.dx[0]);
      var lines = [], at = null;
      d.s.forEach(function (s, i) {
        var j = nearest(s.p, xv), x = s.p[2 * j], y = s.p[2 * j + 1];
        if (at === null) at = x;
        dots[i].setAttribute("cx", sx(x));
        dots[i].setAttribute("cy", sy(y));
        dots[i].setAttribute("visibility", "visible");
        lines.push(s.n + ": " + num(y));
      });
      if (at === null) return;
      cursor.setAttribute("x1", sx(at));
      cursor.setAttribute("x2", sx(at));
      cursor.setAttribute("visibility", "visible");
      show(d.xl + " " + Math.round(at).toLocaleString("en-US") + "\\n" + lines.join("\\n"), e);
    });
    svg.addEventListener("mouseleave", off);
  });
})();
`;
