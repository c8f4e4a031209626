// Checks readiness's HTML outputs in a real browser (Debian's chromium, driven by puppeteer-core)
// for what WCAG 2.2 AA asks of a document, as the NHS service manual applies it.
//
//   node check.mjs [--chromium PATH] FILE.html ...
//
// Prints one JSON object: for each file, the axe-core violations of impact serious or critical
// tagged wcag2a, wcag2aa, wcag21a, wcag21aa or wcag22aa (at 1280 and at 320 CSS px), and the
// problems axe-core does not look for: sideways scrolling and words broken in table cells at
// 320 px, heading outline, table
// captions and header scopes, link text and targets, landmarks, the skip link, and anything
// the page tried to fetch. Exit status 0 whatever it finds; the Python test reads the JSON.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SERIOUS = new Set(["serious", "critical"]);
const VAGUE_LINK_TEXT = ["here", "click here", "more", "read more", "link", "this", "see"];

function parseArgs(argv) {
  const files = [];
  let chromium = process.env.CHROMIUM || "/usr/bin/chromium";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--chromium") chromium = argv[++i];
    else files.push(argv[i]);
  }
  return { chromium, files };
}

// What axe-core leaves to people: run inside the page.
function documentChecks(vagueLinkText) {
  const problems = [];
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  const h1s = headings.filter((h) => h.tagName === "H1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements; a document has exactly one`);
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1)
      problems.push(`heading level skipped: h${previous} then h${level} "${h.textContent.trim().slice(0, 60)}"`);
    previous = level;
  }
  if (!document.title.trim()) problems.push("no <title>");
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  if (document.querySelectorAll("main").length !== 1) problems.push("not exactly one <main> landmark");
  const firstLink = document.querySelector("a[href]");
  if (!firstLink || !firstLink.classList.contains("skip-link")) problems.push("the first link is not a skip link");
  for (const table of document.querySelectorAll("table")) {
    const name = (table.caption && table.caption.textContent.trim()) || table.className || "a table";
    if (!table.caption || !table.caption.textContent.trim()) problems.push(`table without a caption (${name})`);
    if (!table.querySelector("th")) problems.push(`table without header cells (${name})`);
    for (const th of table.querySelectorAll("th")) {
      if (!["col", "row", "colgroup", "rowgroup"].includes(th.getAttribute("scope")))
        problems.push(`header cell without scope in "${name}": "${th.textContent.trim().slice(0, 40)}"`);
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    const text = a.textContent.replace(/\s+/g, " ").trim();
    const href = a.getAttribute("href");
    if (!text) problems.push(`link with no text (${href})`);
    else if (vagueLinkText.includes(text.toLowerCase())) problems.push(`link text says nothing of where it goes: "${text}"`);
    if (href.startsWith("#") && href.length > 1 && !document.getElementById(decodeURIComponent(href.slice(1))))
      problems.push(`link to a missing target: ${href}`);
  }
  for (const el of document.querySelectorAll("[style]")) {
    if (/(^|;)\s*height\s*:/.test(el.getAttribute("style"))) problems.push(`fixed height in a style attribute on <${el.tagName.toLowerCase()}>`);
  }
  return problems;
}

// Ordinary words a narrow screen broke across lines, in table cells: a column squeezed to a
// few letters ("VERIFI / ED"). Long strings (a URL, 16 letters or more) may break.
function brokenWords() {
  const found = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\p{L}{4,15}/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) {
          const table = cell.closest("table");
          const name = (table && table.caption && table.caption.textContent.trim().slice(0, 50)) || "a table";
          found.push(`a word broken across lines at 320 px: "${word[0]}" in "${name}"`);
          if (found.length >= 5) return found;
        }
      }
    }
  }
  return found;
}

// Buttons the page's script adds that would print as grey browser buttons.
function buttonsInPrint() {
  const found = [];
  for (const button of document.querySelectorAll("button")) {
    const style = getComputedStyle(button);
    const filled = style.backgroundColor !== "rgba(0, 0, 0, 0)";
    if (style.display !== "none" && (filled || style.borderStyle !== "none"))
      found.push(`a button prints as a button: "${button.textContent.trim().slice(0, 40)}"`);
    if (found.length >= 3) break;
  }
  return found;
}

async function check(browser, file) {
  const page = await browser.newPage();
  const fetched = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url === pathToFileURL(file).href) request.continue();
    else {
      fetched.push(url);
      request.abort();
    }
  });
  const result = { violations: [], problems: [] };
  for (const width of [1280, 320]) {
    await page.setViewport({ width, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    if (width === 1280) result.problems.push(...(await page.evaluate(documentChecks, VAGUE_LINK_TEXT)));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 0) result.problems.push(`the page scrolls sideways by ${wide} px at ${width} px wide`);
    if (width === 320) result.problems.push(...(await page.evaluate(brokenWords)));
    await page.evaluate(AXE_SOURCE);
    const axe = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      TAGS,
    );
    for (const v of axe.violations) {
      if (!SERIOUS.has(v.impact)) continue;
      result.violations.push({
        width,
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
        count: v.nodes.length,
      });
    }
  }
  await page.emulateMediaType("print");
  result.problems.push(...(await page.evaluate(buttonsInPrint)));
  await page.emulateMediaType(null);
  for (const url of fetched) result.problems.push(`the page tried to fetch ${url}`);
  await page.close();
  return result;
}

const { chromium, files } = parseArgs(process.argv.slice(2));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const report = {};
try {
  for (const file of files) report[file] = await check(browser, file);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
