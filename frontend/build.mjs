// Builds everything the site serves into build/static/ (Django's STATICFILES_DIRS) from
// node_modules and frontend/. No bundler and no network: file copies, one generated CSS and the
// font subset (harfbuzz's hb-subset, through the subset-font package).
//
// Idempotent: a file is written only when its bytes change (so mtimes, and any stamp-file rule
// in a Makefile, stay stable), and files in build/static/ that the build no longer produces are
// removed. It fails if any CSS it writes could make the browser fetch from another host.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import subsetFont from "subset-font";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "build", "static");

const DS_CSS = join(modules, "@digdir", "designsystemet-css");
const INTER = join(modules, "@fontsource-variable", "inter");
// Inter as one variable font for the weights Designsystemet draws with (400, 500, 600), cut
// down to what a page needs, so the answering page stays under its weight budget on a phone
// (docs/performance.md, "Page weight"). Norwegian needs only latin (æ ø å); latin-ext covers
// Sámi letters in names (e.g. Ŧ, Ŋ, Č) and is fetched only by a page that shows one.
const INTER_WEIGHTS = { min: 400, max: 600 };
const INTER_SUBSETS = ["latin", "latin-ext"];
// Layout features kept: kerning, tabular figures (our tables ask for them) and, for latin-ext,
// what places combining accents. Inter's other features (contextual alternates such as an arrow
// for "->" or a raised colon between figures, stylistic sets, case forms, fractions) make up
// about 40% of the latin file; of them only the contextual alternates are on by default, and
// our texts read the same without them.
const INTER_FEATURES = {
  latin: ["kern", "tnum"],
  "latin-ext": ["kern", "tnum", "ccmp", "mark", "mkmk"],
};

/** @type {Map<string, Buffer>} relative output path -> bytes */
const outputs = new Map();

function add(path, content) {
  outputs.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"));
}

function read(path) {
  if (!existsSync(path)) {
    throw new Error(`${relative(root, path)} is missing: run \`npm ci\` first.`);
  }
  return readFileSync(path);
}

// --- Designsystemet: component CSS and the default theme, both from the same release ---------
add("designsystemet/designsystemet.css", read(join(DS_CSS, "dist", "src", "index.css")));
add("designsystemet/theme.css", read(join(DS_CSS, "dist", "theme", "designsystemet.css")));
add("designsystemet/LICENSE", read(join(DS_CSS, "LICENSE")));

// --- Inter, self-hosted: a subset of the variable font, woff2 only ---------------------------
function unicodeRange(subset) {
  // Take the unicode-range from Fontsource's own CSS so it matches the font files.
  const css = read(join(INTER, "wght.css")).toString("utf8");
  const block = css.split(`/* inter-${subset}-wght-normal */`)[1];
  const match = block && /unicode-range:\s*([^;]+);/.exec(block);
  if (!match) {
    throw new Error(`No unicode-range for inter-${subset}-wght-normal in @fontsource-variable/inter.`);
  }
  return match[1].trim();
}

/** Every character of a CSS unicode-range ("U+0000-00FF,U+0131,…"). */
function characters(range) {
  let text = "";
  for (const part of range.split(",")) {
    const [first, last] = part.trim().replace(/^U\+/i, "").split("-").map((hex) => parseInt(hex, 16));
    for (let code = first; code <= (last ?? first); code += 1) {
      text += String.fromCodePoint(code);
    }
  }
  return text;
}

const faces = [
  "/* Inter (SIL Open Font License 1.1, see fonts/inter/LICENSE), from @fontsource-variable/inter,",
  `   subset by frontend/build.mjs: weights ${INTER_WEIGHTS.min}-${INTER_WEIGHTS.max}. */`,
];
for (const subset of INTER_SUBSETS) {
  const range = unicodeRange(subset);
  const file = `inter-${subset}-wght-normal.woff2`;
  const font = await subsetFont(read(join(INTER, "files", file)), characters(range), {
    targetFormat: "woff2",
    keepFeatures: INTER_FEATURES[subset],
    variationAxes: { wght: INTER_WEIGHTS },
  });
  add(`fonts/inter/${file}`, font);
  faces.push(
    [
      "@font-face {",
      "  font-family: 'Inter';",
      "  font-style: normal;",
      "  font-display: swap;",
      `  font-weight: ${INTER_WEIGHTS.min} ${INTER_WEIGHTS.max};`,
      `  src: url(inter/${file}) format('woff2');`,
      `  unicode-range: ${range};`,
      "}",
    ].join("\n"),
  );
}
add("fonts/inter.css", faces.join("\n") + "\n");
add("fonts/inter/LICENSE", read(join(INTER, "LICENSE")));

// --- Our own files ----------------------------------------------------------------------------
add("samson/samson.css", read(join(root, "frontend", "samson.css")));
add("samson/samson.js", read(join(root, "frontend", "samson.js")));
add("samson/workshop.js", read(join(root, "frontend", "workshop.js")));

// --- No request may leave the site -------------------------------------------------------------
function checkSelfHosted(path, css) {
  const problems = [];
  // Every url(...) and @import must be a data: URI or a path on this site.
  const refs = [
    ...css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/gs),
    ...css.matchAll(/@import\s+(['"])(.*?)\1/gs),
  ].map((m) => m[2]);
  for (const ref of refs) {
    if (!ref.startsWith("data:") && (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("//"))) {
      problems.push(`${path}: external reference ${ref}`);
    }
  }
  // And no http(s) URL anywhere else, comments included (XML namespaces inside data: URIs are
  // identifiers, not requests, so data: URIs are taken out first).
  const withoutData = css.replace(/url\(\s*(['"]?)data:.*?\1\s*\)/gs, "url()");
  for (const m of withoutData.matchAll(/https?:\/\/[^\s'")]+/gi)) {
    problems.push(`${path}: URL ${m[0]}`);
  }
  return problems;
}

const problems = [];
for (const [path, bytes] of outputs) {
  if (path.endsWith(".css")) {
    problems.push(...checkSelfHosted(path, bytes.toString("utf8")));
  }
}
if (problems.length > 0) {
  console.error("Built CSS would make requests to other hosts:\n  " + problems.join("\n  "));
  process.exit(1);
}

// --- Write what changed, remove what is no longer built ---------------------------------------
function digest(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

let written = 0;
for (const [path, bytes] of outputs) {
  const target = join(out, path);
  if (existsSync(target) && digest(readFileSync(target)) === digest(bytes)) {
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  written += 1;
}

// Dotfiles are left alone: a Makefile may keep its stamp (build/static/.built) here, and
// Django's staticfiles ignores them.
function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith("."))
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

let removed = 0;
for (const file of walk(out)) {
  const rel = relative(out, file).split("\\").join("/");
  if (!outputs.has(rel)) {
    rmSync(file);
    removed += 1;
  }
}

console.log(
  `build/static: ${outputs.size} files, ${written} written, ${removed} removed, ` +
    `${outputs.size - written} unchanged.`,
);
