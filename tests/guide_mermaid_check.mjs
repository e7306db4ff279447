// Parses every ```mermaid block in the given Markdown files with the bundled mermaid.min.js, in Node without
// a browser. Only syntax is checked: the DOM is stubbed just enough for Mermaid to load, and <br/> in labels
// is replaced by a space because sanitising HTML labels needs a real DOM. Exit code 1 if a diagram fails.
// Usage: node tests/guide_mermaid_check.mjs <mermaid.min.js> <page.md>...
import fs from "fs";

class StubNode {
  cloneNode() { return this; }
}
globalThis.window = globalThis;
globalThis.addEventListener = () => {};
globalThis.navigator = { userAgent: "node" };
for (const name of ["Element", "Node", "DocumentFragment", "HTMLTemplateElement", "NamedNodeMap", "HTMLFormElement"]) {
  globalThis[name] = StubNode;
}
globalThis.NodeFilter = { SHOW_ELEMENT: 1 };
globalThis.DOMParser = class { parseFromString(s) { return { body: { innerHTML: s }, documentElement: {} }; } };
globalThis.document = {
  nodeType: 9,
  currentScript: null,
  createElement: () => ({ style: {}, setAttribute() {}, appendChild() {}, getContext() { return null; } }),
  querySelector: () => null,
  querySelectorAll: () => [],
  addEventListener() {},
  body: { appendChild() {} },
  documentElement: { style: {} },
  implementation: { createHTMLDocument: () => ({ body: {}, documentElement: {}, getElementsByTagName() { return []; } }) },
};

const [script, ...pages] = process.argv.slice(2);
// The bundle starts with "use strict", which would keep its top-level var out of the global scope under eval.
(0, eval)(fs.readFileSync(script, "utf8").replace('"use strict";', ""));
let failures = 0;
for (const page of pages) {
  const blocks = [...fs.readFileSync(page, "utf8").matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  for (const block of blocks) {
    try {
      await globalThis.mermaid.parse(block.replaceAll("<br/>", " "));
      console.log(`ok ${page}: ${block.split("\n")[0]}`);
    } catch (error) {
      failures += 1;
      console.log(`FAIL ${page}: ${block.split("\n")[0]}: ${String(error.message || error).slice(0, 500)}`);
    }
  }
}
process.exit(failures ? 1 : 0);
