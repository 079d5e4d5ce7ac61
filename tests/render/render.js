// Renders every ```mermaid block of the report on this page the way GitHub does (one
// diagram per block, mermaid 11, default theme) and leaves the outcome in
// window.renderResults for the test: per block, the error (if any), the SVG's texts and
// the pairs of text labels whose boxes overlap.
"use strict";

function textBoxes(svg) {
  const out = [];
  for (const el of svg.querySelectorAll("text")) {
    const parts = [...el.querySelectorAll("tspan")].filter((t) => !t.querySelector("tspan"));
    const raw = parts.length ? parts.map((t) => t.textContent).join(" ") : el.textContent;
    const text = (raw || "").replace(/\s+/g, " ").trim();
    if (!text) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    out.push({ text, left: r.left, right: r.right, top: r.top, bottom: r.bottom });
  }
  return out;
}

function overlaps(boxes) {
  // Two labels overlap when their boxes share more than a sliver (1.5 px either way).
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1.5 && h > 1.5) pairs.push([a.text, b.text]);
    }
  }
  return pairs;
}

function axisLabels(svg) {
  // An xychart draws each axis's tick labels in <g class="left-axis|bottom-axis|top-axis">
  // <g class="label"><text>: the labels by axis, as drawn.
  const axes = {};
  for (const name of ["left-axis", "bottom-axis", "top-axis"]) {
    const texts = svg.querySelectorAll(`g.${name} > g.label text`);
    if (texts.length) axes[name] = [...texts].map((t) => (t.textContent || "").trim());
  }
  return axes;
}

async function renderBlock(pre, index) {
  const source = pre.textContent;
  const result = {
    index, source, error: null, texts: [], overlaps: [], axes: {}, width: 0, height: 0,
  };
  try {
    await mermaid.parse(source);
    const { svg } = await mermaid.render("diagram" + index, source);
    const holder = document.createElement("div");
    holder.className = "mermaid-diagram";
    holder.innerHTML = svg;
    pre.replaceWith(holder);
    const el = holder.querySelector("svg");
    const box = el.getBoundingClientRect();
    result.width = box.width;
    result.height = box.height;
    const boxes = textBoxes(el);
    result.texts = boxes.map((b) => b.text);
    result.overlaps = overlaps(boxes);
    result.axes = axisLabels(el);
    if (/syntax error/i.test(el.textContent || "")) result.error = "syntax error drawn";
  } catch (err) {
    result.error = String((err && err.message) || err);
    pre.classList.add("mermaid-error");
  }
  return result;
}

async function renderAll() {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
  // cmark-gfm writes a ```mermaid fence as <pre lang="mermaid"><code>…</code></pre>.
  const blocks = [...document.querySelectorAll('pre[lang="mermaid"]')];
  const results = [];
  for (let i = 0; i < blocks.length; i++) results.push(await renderBlock(blocks[i], i));
  return results;
}

renderAll().then(
  (blocks) => { window.renderResults = { blocks, details: document.querySelectorAll("details > summary").length }; },
  (err) => { window.renderResults = { blocks: [], fatal: String(err) }; },
);
