// The rules a Power Query custom connector must follow (the Power Query SDK's certification rules: versioned section,
// one shared data source function with DataSource.Kind and Publish, documented parameters, icons, TestConnection),
// checked on the parsed AST.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const M = require("../lib/m-ast");
const { loadConnector, loadResources, CONNECTOR_DIR, NAME, ICON_SIZES } = require("../lib/connector");
const { readPng } = require("../lib/png");

const DATA_SOURCE_FUNCTION = `${NAME}.Contents`;

/** The one shared member marked as a data source, and the kind and Publish records it names. */
async function dataSource() {
    const connector = await loadConnector();
    const [name, member] = [...connector.members].find(([, m]) => m.attributes.has("DataSource.Kind")) ?? [];
    assert.ok(member, "a member carries [DataSource.Kind = ...]");
    const kind = connector.members.get(member.attributes.get("DataSource.Kind"));
    const publish = connector.members.get(member.attributes.get("Publish"));
    return { connector, name, member, kind: M.recordFields(kind?.value), publish: M.recordFields(publish?.value) };
}

test("the section carries a semver Version attribute", async () => {
    const { ast } = await loadConnector();
    assert.match(M.sectionAttributes(ast).get("Version") ?? "", /^\d+\.\d+\.\d+$/);
});

test("the only shared member is the data source function HarvestOData.Contents", async () => {
    const { connector, name, member } = await dataSource();
    const shared = [...connector.members].filter(([, m]) => m.shared).map(([n]) => n);
    assert.deepEqual(shared, [DATA_SOURCE_FUNCTION], "helpers such as Table.ToNavigationTable stay private");
    assert.equal(name, DATA_SOURCE_FUNCTION);
    assert.equal(member.attributes.get("DataSource.Kind"), NAME);
    assert.equal(member.attributes.get("Publish"), `${NAME}.Publish`);
});

test("the data source function takes one required url of type Uri.Type and is documented", async () => {
    const { connector, member } = await dataSource();
    const replaced = M.call(member.value);
    assert.equal(replaced?.name, "Value.ReplaceType", "shared function = Value.ReplaceType(implementation, type)");
    const implementation = connector.members.get(M.identifier(replaced.args[0]));
    assert.deepEqual(M.arity(implementation?.value), { required: 1, total: 1 }, "the implementation takes the URL only");

    const typeMember = connector.members.get(M.identifier(replaced.args[1]));
    const functionType = [...M.walk(typeMember?.value)].find((node) => node.kind === "FunctionType");
    assert.ok(functionType, "the replacement type is a function type");
    const [parameter, ...others] = functionType.parameters.content.elements.map((csv) => csv.node);
    assert.equal(others.length, 0);
    assert.equal(parameter.name.literal, "url");
    assert.equal(parameter.optionalConstant, undefined);
    const parameterType = M.source(connector, parameter.parameterType);
    assert.match(parameterType, /^as\s+\(\s*Uri\.Type\s+meta\s+\[/, "url as (Uri.Type meta [...])");
    for (const field of ["Documentation.FieldCaption", "Documentation.FieldDescription", "Documentation.SampleValues"]) {
        assert.ok(parameterType.includes(field), `the url parameter has ${field}`);
    }
    const functionDocs = M.recordFields(typeMember.value.right);
    for (const field of ["Documentation.Name", "Documentation.LongDescription", "Documentation.Examples"]) {
        assert.ok(functionDocs?.has(field), `the function type has ${field}`);
    }
});

test("the data source kind offers Key authentication with a KeyLabel", async () => {
    const { kind } = await dataSource();
    assert.ok(kind, "the data source kind is a record member named like the kind");
    const authentication = M.recordFields(kind.get("Authentication"));
    assert.deepEqual([...(authentication?.keys() ?? [])], ["Key"], "the token is the only credential kind");
    const key = M.recordFields(authentication.get("Key"));
    assert.ok(key?.has("KeyLabel"));
});

test("TestConnection names the shared data source function and passes the data source path", async () => {
    const { connector, kind } = await dataSource();
    const testConnection = kind?.get("TestConnection");
    assert.equal(testConnection?.kind, "FunctionExpression");
    const [path] = testConnection.parameters.content.elements.map((csv) => csv.node.name.literal);
    const [first, second, ...rest] = M.listItems(testConnection.expression) ?? [];
    assert.equal(M.text(first), DATA_SOURCE_FUNCTION);
    assert.ok(connector.members.get(M.text(first))?.shared, "TestConnection must name a shared function");
    assert.equal(M.identifier(second), path, "the single required argument is the data source path (the URL)");
    assert.equal(rest.length, 0);
});

test("the Publish record has Beta, Category, ButtonText, LearnMoreUrl and both images", async () => {
    const { publish } = await dataSource();
    assert.ok(publish, "the member named by Publish is a record");
    assert.equal(M.logical(publish.get("Beta")), true);
    assert.equal(M.text(publish.get("Category")), "Online Services");
    assert.equal(M.listItems(publish.get("ButtonText"))?.length, 2, "ButtonText = {title, help}");
    assert.match(M.text(publish.get("LearnMoreUrl")) ?? "", /^https:\/\//);
    assert.ok(M.identifier(publish.get("SourceImage")));
    assert.ok(M.identifier(publish.get("SourceTypeImage")));
});

test("the icon records list the SDK's sizes and every icon file is a valid PNG of its stated size", async () => {
    const { connector, publish } = await dataSource();
    for (const field of ["SourceImage", "SourceTypeImage"]) {
        const icons = M.recordFields(connector.members.get(M.identifier(publish.get(field)))?.value);
        const files = (slot) => M.listItems(icons?.get(slot)).map((item) => M.text(M.call(item)?.args[0]));
        assert.deepEqual(files("Icon16"), [16, 20, 24, 32].map((size) => `${NAME}${size}.png`), `${field}.Icon16`);
        assert.deepEqual(files("Icon32"), [32, 40, 48, 64].map((size) => `${NAME}${size}.png`), `${field}.Icon32`);
    }
    const referenced = M.calls(connector.ast).filter((c) => c.name === "Extension.Contents").map((c) => M.text(c.args[0]));
    // Besides the icons, the connector reads only navigation.json (written into the .mez by the build).
    assert.deepEqual([...new Set(referenced)].sort(), [...ICON_SIZES.map((size) => `${NAME}${size}.png`), "navigation.json"].sort());
    for (const file of new Set(referenced.filter((name) => name.endsWith(".png")))) {
        const size = Number(/(\d+)\.png$/.exec(file)[1]);
        const png = readPng(fs.readFileSync(path.join(CONNECTOR_DIR, file)));
        assert.deepEqual([png.width, png.height], [size, size], file);
    }
});

test("every Extension.LoadString key is in resources.resx, and every string there is used and non-empty", async () => {
    const { ast } = await loadConnector();
    const strings = loadResources();
    const keys = M.calls(ast).filter((c) => c.name === "Extension.LoadString").map((c) => M.text(c.args[0]));
    assert.ok(!keys.includes(undefined), "LoadString keys are text literals, so they can be checked");
    assert.deepEqual(keys.filter((key) => !strings.has(key)), [], "keys missing from resources.resx");
    assert.deepEqual([...strings.keys()].filter((key) => !keys.includes(key)), [], "unused strings in resources.resx");
    assert.deepEqual([...strings].filter(([, value]) => value.trim() === "").map(([key]) => key), []);
});

test("every OData.Feed call uses Implementation 2.0 and never puts a credential in the URL", async () => {
    const { ast } = await loadConnector();
    const feeds = M.calls(ast).filter((c) => c.name === "OData.Feed");
    assert.ok(feeds.length > 0);
    for (const feed of feeds) {
        const options = M.recordFields(feed.args[2]);
        assert.equal(M.text(options?.get("Implementation")), "2.0", `OData.Feed at line ${M.line(feed.node)}`);
        assert.ok(!options.has("ApiKeyName") && !options.has("Query"), "the token travels in the Authorization header only");
    }
});

test("navigation Data columns are computed lazily with Table.AddColumn", async () => {
    const { ast } = await loadConnector();
    const all = M.calls(ast);
    const dataColumns = all.filter((c) => c.name === "Table.AddColumn" && M.text(c.args[1]) === "Data");
    assert.equal(dataColumns.length, 3, "one for the folders, one for the entity sets of a folder, one for the reports");
    for (const c of dataColumns) assert.equal(c.args[2].kind, "EachExpression", `line ${M.line(c.node)}`);
    const navigationTables = all.filter((c) => c.name === "Table.ToNavigationTable");
    assert.equal(navigationTables.length, 3);
    assert.deepEqual(all.filter((c) => c.name === "Table.TransformRows"), [], "TransformRows evaluates every row eagerly");
});
