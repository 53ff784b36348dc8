// Keeps the part of Aksel's CSS that Brobygger's pages can use, with PurgeCSS (pinned in
// package.json). Called by scripts/vendor_static.py, never by hand:
//
//   node scripts/aksel_subset.cjs NODE_MODULES < request.json > result.json
//
// request.json: {"css": the whole Aksel bundle, "uses": CSS whose var(--...) references
// must keep their custom properties, "content": [{"raw", "extension"}] (every source that
// can put a class, element or attribute into a page), "safelist": [class names], "blocklist":
// [class names]}. result.json: {"css": the subset, "rejected": [removed selectors]}.
"use strict";

const path = require("node:path");

const { PurgeCSS } = require(path.join(process.argv[2], "purgecss"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", async () => {
  const request = JSON.parse(input);
  const results = await new PurgeCSS().purge({
    // "uses" first: its var() references count as uses of Aksel's custom properties (and
    // of everything those properties refer to) when the bundle is purged after it.
    css: [{ raw: request.uses }, { raw: request.css }],
    content: request.content,
    // /^:/: PurgeCSS counts a selector made of pseudo-classes alone as unused when it sits
    // inside :where() or :is(), and then drops the whole rule: Aksel's
    // ".aksel-checkbox__input:where(:not(:checked)) + .aksel-checkbox__icon" (which hides
    // the tick of an unticked box) would go. Pseudo-classes never decide on their own.
    safelist: { standard: [...request.safelist, /^:/] },
    blocklist: request.blocklist,
    variables: true,
    keyframes: true,
    fontFace: true,
    rejected: true,
  });
  const bundle = results[results.length - 1];
  process.stdout.write(JSON.stringify({ css: bundle.css, rejected: bundle.rejected || [] }));
});
