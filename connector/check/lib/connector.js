// Where the connector's files are, and reading them once per test process.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { parseSection, members } = require("./m-ast");

const NAME = "HarvestOData";
const CONNECTOR_DIR = path.resolve(__dirname, "..", "..", NAME);
const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const CONNECTOR_PQ = path.join(CONNECTOR_DIR, `${NAME}.pq`);
const QUERY_PQ = path.join(CONNECTOR_DIR, `${NAME}.query.pq`);
const RESOURCES = path.join(CONNECTOR_DIR, "resources.resx");
const PROJECT = path.join(CONNECTOR_DIR, `${NAME}.proj`);
const ICON_SIZES = [16, 20, 24, 32, 40, 48, 64];

let connector;

/** The parsed connector: {text, ast, members}. */
async function loadConnector() {
    if (!connector) {
        const doc = await parseSection(fs.readFileSync(CONNECTOR_PQ, "utf8"));
        connector = { ...doc, members: members(doc.ast) };
    }
    return connector;
}

/** Strings of resources.resx as a Map name → value (the resx is plain XML: data/value pairs). */
function loadResources() {
    const xml = fs.readFileSync(RESOURCES, "utf8");
    const strings = new Map();
    for (const match of xml.matchAll(/<data\s+name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) {
        strings.set(match[1], match[2]);
    }
    return strings;
}

module.exports = {
    NAME,
    CONNECTOR_DIR,
    REPO_ROOT,
    CONNECTOR_PQ,
    QUERY_PQ,
    RESOURCES,
    PROJECT,
    ICON_SIZES,
    loadConnector,
    loadResources,
};
