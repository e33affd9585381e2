// @actions/workflow-parser imports its schema as `import x from "./file.json"`
// with no import attribute, as bundlers accept; Node asks for
// `with { type: "json" }`. This hook supplies that attribute for .json files.
import { register } from "node:module";

register("data:text/javascript," + encodeURIComponent(`
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}`));
