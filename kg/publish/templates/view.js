(function () {
  "use strict";
  // Every string from the graph reaches the page through textContent or createTextNode only.
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var types = {};
  data.types.forEach(function (t) { types[t.type] = t; });
  var hidden = {};
  var typeOn = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function symbol(type) {
    var sym = el("span", "sym", types[type].symbol);
    sym.style.color = types[type].color;
    return sym;
  }

  function field(card, name, value) {
    card.appendChild(el("div", "field-name", name));
    card.appendChild(el("div", "value", value));
  }

  function list(card, name, items, limit) {
    if (!items || !items.length) return;
    card.appendChild(el("div", "field-name", name + " (" + items.length + ")"));
    var ul = el("ul");
    items.slice(0, limit).forEach(function (text) { ul.appendChild(el("li", null, text)); });
    if (items.length > limit) {
      ul.appendChild(el("li", "more", "\u2026 and " + (items.length - limit) + " more: click to read all"));
    }
    card.appendChild(ul);
  }

  function sentences(indices) {
    return (indices || []).map(function (i) { return data.sentences[i]; });
  }

  function nodeCard(n, limit) {
    var card = el("div", "card");
    var title = el("div", "card-title");
    title.appendChild(symbol(n.group));
    title.appendChild(document.createTextNode(n.name));
    card.appendChild(title);
    card.appendChild(el("div", "card-kind", types[n.group].single + (n.kind ? " \u00b7 " + n.kind : "")));
    if (n.aliases) field(card, "Also known as", n.aliases.join("; "));
    (n.ids || []).forEach(function (pair) { field(card, pair[0], pair[1]); });
    if (n.text) field(card, "Statement", n.text);
    if (n.roles) {
      field(card, "Takes part in", n.roles.join("; "));
    } else if (n.progs) {
      field(card, "Programmes", n.progs.map(function (i) { return data.programmes[i]; }).join("; "));
    }
    list(card, "Evidence", sentences(n.ev), limit);
    if (limit === Infinity) field(card, "IRI", n.iri);
    return card;
  }

  function edgeCard(e, limit) {
    var card = el("div", "card");
    var a = data.nodes[e.from];
    var b = data.nodes[e.to];
    var title = el("div", "card-title");
    title.appendChild(symbol(a.group));
    title.appendChild(document.createTextNode(a.name + " \u2014 " + e.rel + " \u2014 "));
    title.appendChild(symbol(b.group));
    title.appendChild(document.createTextNode(b.name));
    card.appendChild(title);
    if (e.shared) list(card, "Shared", e.shared, limit);
    list(card, "Evidence", sentences(e.ev), limit);
    return card;
  }

  var container = document.getElementById("network");
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, group: n.group, size: n.size };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, width: Math.min(e.weight, 12) };
  }));
  var groups = {};
  data.types.forEach(function (t) {
    groups[t.type] = { shape: t.shape, color: { background: t.color, border: "#ffffff",
      highlight: { background: t.color, border: "#1f2933" }, hover: { background: t.color, border: "#1f2933" } } };
  });
  var big = data.nodes.length > 500;
  var options = {
    groups: groups,
    nodes: {
      borderWidth: 1,
      font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
      // Large views hide labels until they are big enough to read.
      scaling: { label: { drawThreshold: big ? 9 : 5 } }
    },
    edges: { smooth: false, color: { color: "#9aa5b1", highlight: "#1f2933", hover: "#52606d" }, selectionWidth: 2 },
    interaction: { hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 150 },
    physics: data.layout ? false : { enabled: true },
    layout: data.layout ? { improvedLayout: false } : {}
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var view = { network: network, nodes: nodes, edges: edges, data: data, hidden: hidden, drawnAt: null };
  window.kgView = view;
  network.once("afterDrawing", function () {
    view.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });

  var tip = document.getElementById("tip");
  var details = document.getElementById("details");

  function showTip(card, pointer) {
    tip.replaceChildren(card);
    tip.hidden = false;
    var left = container.offsetLeft + pointer.x + 14;
    var top = container.offsetTop + pointer.y + 14;
    var maxLeft = container.offsetLeft + container.clientWidth - tip.offsetWidth - 4;
    var maxTop = container.offsetTop + container.clientHeight - tip.offsetHeight - 4;
    tip.style.left = Math.max(container.offsetLeft, Math.min(left, maxLeft)) + "px";
    tip.style.top = Math.max(container.offsetTop, Math.min(top, maxTop)) + "px";
  }

  function hideTip() { tip.hidden = true; tip.replaceChildren(); }

  // What the details card describes ({node: id} or {edge: id}), so a filter that hides it
  // can clear it.
  var shownIn = null;
  var hint = "Click a node or a link to read about it; hover for a summary.";

  function showDetails(card, about) {
    details.replaceChildren(card);
    shownIn = about || null;
  }

  function clearDetails() {
    network.unselectAll();
    showDetails(el("p", "hint", hint));
  }
  view.clearDetails = clearDetails;

  network.on("hoverNode", function (p) { showTip(nodeCard(data.nodes[p.node], 3), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeCard(data.edges[p.edge], 3), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) showDetails(nodeCard(data.nodes[p.nodes[0]], Infinity), { node: p.nodes[0] });
    else if (p.edges.length) showDetails(edgeCard(data.edges[p.edges[0]], Infinity), { edge: p.edges[0] });
    else showDetails(el("p", "hint", hint));
  });

  // Search: names, aliases and identifiers of the nodes not hidden by a filter.
  var haystack = data.nodes.map(function (n) {
    var words = [n.name].concat(n.aliases || [], (n.ids || []).map(function (p) { return p[1]; }));
    return fold(words.join("\n"));
  });
  // Search ignores case, accents and Unicode form: "ciudad juarez" finds "Ciudad Juárez".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var search = document.getElementById("search");
  var results = document.getElementById("results");

  function matches() {
    var query = fold(search.value.trim());
    var found = [];
    if (!query) return found;
    for (var i = 0; i < data.nodes.length && found.length < 20; i++) {
      if (!hidden[i] && haystack[i].indexOf(query) >= 0) found.push(i);
    }
    return found;
  }

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    showDetails(nodeCard(data.nodes[id], Infinity), { node: id });
  }
  view.focusNode = focusNode;

  function renderResults() {
    results.replaceChildren();
    var found = matches();
    found.forEach(function (id) {
      var item = el("li");
      var button = el("button");
      button.type = "button";
      button.appendChild(symbol(data.nodes[id].group));
      button.appendChild(document.createTextNode(data.nodes[id].name));
      button.addEventListener("click", function () { focusNode(id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    if (search.value.trim() && !found.length) results.appendChild(el("li", "none", "No node matches"));
  }

  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var found = matches();
    if (found.length) focusNode(found[0]);
  });

  // Filters: by type (the legend) and by programme.
  var shown = document.getElementById("shown");
  var programme = document.getElementById("programme");

  function applyFilters() {
    var chosen = programme.value === "" ? -1 : Number(programme.value);
    var nodeChanges = [];
    var visible = 0;
    data.nodes.forEach(function (n) {
      var hide = !typeOn[n.group] || (chosen >= 0 && (n.progs || []).indexOf(chosen) < 0);
      if (hide !== Boolean(hidden[n.id])) nodeChanges.push({ id: n.id, hidden: hide });
      hidden[n.id] = hide;
      if (!hide) visible++;
    });
    var edgeChanges = data.edges.map(function (e) {
      return { id: e.id, hidden: hidden[e.from] || hidden[e.to] };
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    shown.textContent = visible === data.nodes.length ? "" : "\u00b7 showing " + visible + " of " + data.nodes.length + " nodes";
    // A card about a node or link the filters now hide no longer applies.
    if (shownIn && (shownIn.node !== undefined ? hidden[shownIn.node] : edgeChanges[shownIn.edge].hidden)) {
      clearDetails();
    }
    renderResults();
    refit();
  }

  // Fit the drawing to the nodes still shown, so a filter never leaves them off screen or tiny.
  function refit() {
    var ids = data.nodes.filter(function (n) { return !hidden[n.id]; }).map(function (n) { return n.id; });
    if (ids.length) network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.5 });
  }
  view.applyFilters = applyFilters;

  var legend = document.getElementById("legend");
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.group] = (counts[n.group] || 0) + 1; });
  data.types.forEach(function (t) {
    typeOn[t.type] = true;
    if (!counts[t.type]) return;
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.addEventListener("change", function () { typeOn[t.type] = box.checked; applyFilters(); });
    label.appendChild(box);
    label.appendChild(symbol(t.type));
    label.appendChild(document.createTextNode(t.plural + " (" + counts[t.type] + ")"));
    legend.appendChild(label);
  });

  if (data.programmes.length) {
    document.getElementById("programme-filter").hidden = false;
    data.programmes.forEach(function (name, i) {
      var option = el("option", null, name);
      option.value = String(i);
      programme.appendChild(option);
    });
    programme.addEventListener("change", applyFilters);
  }
})();
