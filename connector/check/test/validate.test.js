// Language-service validation against an explicit standard-library list, and argument counts.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const M = require("../lib/m-ast");
const { loadConnector, QUERY_PQ } = require("../lib/connector");
const { validate, invocationProblems, loadLibraryList, sectionArities } = require("../lib/validation");

const format = (diagnostics) => diagnostics.map((d) => `line ${d.line}: ${d.code} ${d.message}`).join("\n");

async function queryDocument() {
    const doc = await M.parseSection(fs.readFileSync(QUERY_PQ, "utf8"));
    return { ...doc, members: M.members(doc.ast) };
}

/** The connector's shared functions, which the .query.pq calls. */
async function connectorExports() {
    const connector = await loadConnector();
    const arities = sectionArities(connector.members);
    const shared = [...connector.members].filter(([, m]) => m.shared).map(([name]) => [name, arities.get(name)]);
    return Object.fromEntries(shared);
}

test("HarvestOData.pq validates with no diagnostics (unknown and duplicate identifiers)", async () => {
    const connector = await loadConnector();
    const diagnostics = await validate(connector.text);
    assert.deepEqual(diagnostics, [], format(diagnostics));
});

test("HarvestOData.query.pq validates with no diagnostics, knowing the connector's shared functions", async () => {
    const query = await queryDocument();
    const diagnostics = await validate(query.text, await connectorExports());
    assert.deepEqual(diagnostics, [], format(diagnostics));
});

test("a name outside the library list is an unknown identifier (the check can fail)", async () => {
    const connector = await loadConnector();
    const diagnostics = await validate(connector.text.replace("Text.Trim(url)", "Text.Clean(url)"));
    assert.deepEqual(
        diagnostics.map((d) => [d.code, d.message.includes("Text.Clean")]),
        [["Error.UnknownIdentifier", true]]
    );
});

test("every call passes an argument count its function accepts", async () => {
    const connector = await loadConnector();
    assert.deepEqual(invocationProblems(connector, connector.members), []);
    const query = await queryDocument();
    assert.deepEqual(invocationProblems(query, query.members, await connectorExports()), []);
});

test("a call with too many arguments is reported (the count check can fail)", async () => {
    const connector = await loadConnector();
    const broken = await M.parseSection(connector.text.replace("ServiceProbe(root)", "ServiceProbe(root, 1)"));
    assert.deepEqual(invocationProblems(broken, M.members(broken.ast)), [
        `line ${connector.text.split("\n").findIndex((l) => l.includes("ServiceProbe(root)")) + 1}: ServiceProbe takes 1 arguments, given 2`,
    ]);
});

test("the library list names only what the M files use", async () => {
    const connector = await loadConnector();
    const query = await queryDocument();
    const used = new Set(
        [...M.walk(connector.ast), ...M.walk(query.ast)]
            .filter((node) => node.kind === "IdentifierExpression")
            .map((node) => node.identifier.literal)
    );
    const list = loadLibraryList();
    const listed = [...Object.keys(list.functions), ...list.types, ...list.constants];
    assert.deepEqual(listed.filter((name) => !used.has(name)), []);
});
