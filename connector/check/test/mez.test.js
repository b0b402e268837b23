// The .mez: built by the connector's own MSBuild project (dotnet msbuild, twice, into temporary folders, so the
// test never reads a stale build), a flat zip of exactly the shipped files and the navigation written from the entity
// catalog, identical bytes on every build.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { buildMez } = require("../lib/mez");
const { readZip } = require("../lib/zip");
const { crc32 } = require("../../tools/make-icons");
const { CONNECTOR_DIR, NAME, ICON_SIZES } = require("../lib/connector");
const { generatedNavigationText } = require("../lib/navigation");

const NAVIGATION = "navigation.json";
const SHIPPED = [`${NAME}.pq`, "resources.resx", NAVIGATION, ...ICON_SIZES.map((size) => `${NAME}${size}.png`)].sort();

let workDir;
let first;
let second;

before(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "harvestodata-mez-"));
    first = fs.readFileSync(buildMez(path.join(workDir, "first")));
    second = fs.readFileSync(buildMez(path.join(workDir, "second")));
});

after(() => fs.rmSync(workDir, { recursive: true, force: true }));

test("the .mez is a flat zip of exactly HarvestOData.pq, resources.resx, navigation.json and the seven icons", () => {
    const names = readZip(first).map((entry) => entry.name);
    assert.deepEqual(names, SHIPPED, "sorted entry names, no folders, no .query.pq or build files");
});

test("every .mez entry holds the source file's bytes, and navigation.json what the generator writes", () => {
    for (const entry of readZip(first)) {
        const data = entry.data();
        const expected =
            entry.name === NAVIGATION
                ? Buffer.from(generatedNavigationText(), "utf8")
                : fs.readFileSync(path.join(CONNECTOR_DIR, entry.name));
        assert.ok(data.equals(expected), entry.name);
        assert.equal(entry.crc, crc32(data), `${entry.name} CRC`);
    }
});

test("two builds of the .mez produce identical bytes", () => {
    assert.ok(first.length > 0);
    assert.ok(first.equals(second), "the archive must not depend on build time or file system order");
});
