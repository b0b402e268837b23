// The M files are valid section documents and the formatter accepts them.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const PQF = require("@microsoft/powerquery-formatter");
const M = require("../lib/m-ast");
const { CONNECTOR_PQ, QUERY_PQ, NAME } = require("../lib/connector");

test("HarvestOData.pq parses as a section document with no errors", async () => {
    const { ast } = await M.parseSection(fs.readFileSync(CONNECTOR_PQ, "utf8"));
    assert.equal(ast.kind, "Section");
    assert.equal(ast.name?.literal, NAME, "the section is named after the connector");
});

test("HarvestOData.query.pq parses as a section document with no errors", async () => {
    const { ast } = await M.parseSection(fs.readFileSync(QUERY_PQ, "utf8"));
    assert.equal(ast.kind, "Section");
});

test("a syntax error is reported with its position (the parse check can fail)", async () => {
    const broken = fs.readFileSync(CONNECTOR_PQ, "utf8").replace("section HarvestOData;", "section HarvestOData");
    await assert.rejects(M.parseSection(broken), /does not parse at line \d+, column \d+: Expected to find a semicolon/);
});

test("the formatter formats HarvestOData.pq without error", async () => {
    const result = await PQF.tryFormat(
        { ...PQF.DefaultSettings, parseBehavior: "ParseSection" },
        fs.readFileSync(CONNECTOR_PQ, "utf8")
    );
    assert.equal(result.kind, "Ok", result.error?.message);
});
