// Builds everything the site serves into build/static/ (Django's STATICFILES_DIRS) from
// node_modules and frontend/. No bundler and no network: file copies plus one generated CSS.
//
// Idempotent: a file is written only when its bytes change (so mtimes, and any stamp-file rule
// in a Makefile, stay stable), and files in build/static/ that the build no longer produces are
// removed. It fails if any CSS it writes could make the browser fetch from another host.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "build", "static");

const DS_CSS = join(modules, "@digdir", "designsystemet-css");
const INTER = join(modules, "@fontsource", "inter");
// Designsystemet's components are drawn for Inter 400/500/600; Norwegian needs only latin
// (æ ø å) but latin-ext covers Sámi letters in names (e.g. Ŧ, Ŋ, Č).
const INTER_WEIGHTS = ["400", "500", "600"];
const INTER_SUBSETS = ["latin", "latin-ext"];

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

// --- Inter, self-hosted: woff2 only (every browser we support reads it) ----------------------
function unicodeRange(weight, subset) {
  // Take the unicode-range from Fontsource's own per-weight CSS so it matches the font files.
  const css = read(join(INTER, `${weight}.css`)).toString("utf8");
  const block = css.split(`/* inter-${subset}-${weight}-normal */`)[1];
  const match = block && /unicode-range:\s*([^;]+);/.exec(block);
  if (!match) {
    throw new Error(`No unicode-range for inter-${subset}-${weight} in @fontsource/inter.`);
  }
  return match[1].trim();
}

const faces = [
  "/* Inter (SIL Open Font License 1.1, see fonts/inter/LICENSE), from @fontsource/inter. */",
];
for (const weight of INTER_WEIGHTS) {
  for (const subset of INTER_SUBSETS) {
    const file = `inter-${subset}-${weight}-normal.woff2`;
    add(`fonts/inter/${file}`, read(join(INTER, "files", file)));
    faces.push(
      [
        "@font-face {",
        "  font-family: 'Inter';",
        "  font-style: normal;",
        "  font-display: swap;",
        `  font-weight: ${weight};`,
        `  src: url(inter/${file}) format('woff2');`,
        `  unicode-range: ${unicodeRange(weight, subset)};`,
        "}",
      ].join("\n"),
    );
  }
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
