// The Reports folder: Harvest's ten reports as functions with typed, documented parameters, listed from navigation.json
// (written by connector/navigation from its one description of the reports), and the function call URL each builds,
// which must be exactly the server's: /odata/TimeReportClients(From=2026-01-01,To=2026-03-31), an empty optional
// parameter left out. The URL is read from HarvestOData.pq's AST and filled in (lib/reports.js); the connector itself
// runs on Windows only, where HarvestOData.query.pq checks the reports against a running server.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const M = require("../lib/m-ast");
const { loadConnector, loadResources, REPO_ROOT } = require("../lib/connector");
const { navigation } = require("../lib/navigation");
const { code, urlTemplate, renderUrl, formatDate, letParts } = require("../lib/reports");

const ROOT = "http://localhost:5080/";
const WINDOW = [
    ["From", "Edm.Date", false],
    ["To", "Edm.Date", false],
];
const TIME_WINDOW = [...WINDOW, ["IncludeFixedFee", "Edm.Boolean", true]];

// The contract: function name, its row record in src/HarvestOData.Harvest/Reports/ReportRows.cs, its parameters.
const CONTRACT = [
    ["TimeReportClients", "TimeClientsRow", TIME_WINDOW],
    ["TimeReportProjects", "TimeProjectsRow", TIME_WINDOW],
    ["TimeReportTasks", "TimeTasksRow", TIME_WINDOW],
    ["TimeReportTeam", "TimeTeamRow", TIME_WINDOW],
    ["ExpenseReportClients", "ExpenseClientsRow", WINDOW],
    ["ExpenseReportProjects", "ExpenseProjectsRow", WINDOW],
    ["ExpenseReportCategories", "ExpenseCategoriesRow", WINDOW],
    ["ExpenseReportTeam", "ExpenseTeamRow", WINDOW],
    ["UninvoicedReport", "UninvoicedRow", WINDOW],
    ["ProjectBudgetReport", "ProjectBudgetRow", [["IsActive", "Edm.Boolean", true]]],
];

const reports = () => navigation().reports;
const report = (name) => reports().find((r) => r.name === name);
const date = (text) => {
    const [year, month, day] = text.split("-").map(Number);
    return { year, month, day };
};

/** Harvest's JSON field names and C# types of each row record, read from ReportRows.cs: Map record → [{json, type}]. */
function rowRecords() {
    const source = fs.readFileSync(path.join(REPO_ROOT, "src", "HarvestOData.Harvest", "Reports", "ReportRows.cs"), "utf8");
    const records = new Map();
    for (const match of source.matchAll(/public sealed record (\w+)\(([\s\S]*?)\);/g)) {
        const fields = [...match[2].matchAll(/JsonPropertyName\("(\w+)"\)\]\s+([\w?]+)\s+\w+/g)].map((f) => ({ json: f[1], type: f[2] }));
        records.set(match[1], fields);
    }
    return records;
}

const pascal = (json) => json.split("_").map((word) => word[0].toUpperCase() + word.slice(1)).join("");
const EDM = { long: "Edm.Int64", int: "Edm.Int64", decimal: "Edm.Decimal", bool: "Edm.Boolean", string: "Edm.String" };

test("the Reports folder lists the ten reports in order, each with its parameters, their EDM types and which are optional", () => {
    assert.deepEqual(
        reports().map((r) => [r.name, r.parameters.map((p) => [p.name, p.type, p.optional])]),
        CONTRACT.map(([name, , parameters]) => [name, parameters])
    );
});

test("each report's columns are its row's Harvest fields in PascalCase, in order, typed and nullable as the row record", () => {
    const records = rowRecords();
    for (const [name, record] of CONTRACT) {
        const fields = records.get(record);
        assert.ok(fields?.length > 0, `${record} in ReportRows.cs`);
        assert.deepEqual(
            report(name).columns,
            fields.map((f) => ({ name: pascal(f.json), type: EDM[f.type.replace("?", "")], nullable: f.type.endsWith("?") })),
            name
        );
    }
    assert.deepEqual(
        report("TimeReportClients").columns.map((c) => c.name),
        ["ClientId", "ClientName", "TotalHours", "BillableHours", "Currency", "BillableAmount"]
    );
});

test("every report and parameter is documented: description, caption, sample values of its type; logicals offer true and false", () => {
    for (const r of reports()) {
        assert.match(r.description, /\S/, r.name);
        for (const p of r.parameters) {
            const where = `${r.name}.${p.name}`;
            assert.match(p.caption, /\S/, where);
            assert.match(p.description, /\S/, where);
            assert.ok(p.sampleValues.length > 0, where);
            if (p.type === "Edm.Date") {
                for (const sample of p.sampleValues) {
                    assert.match(sample, /^\d{4}-\d{2}-\d{2}$/, where);
                    assert.equal(new Date(`${sample}T00:00:00Z`).toISOString().slice(0, 10), sample, where);
                }
                assert.equal(p.allowedValues, undefined, where);
            } else {
                assert.equal(p.type, "Edm.Boolean", where);
                assert.deepEqual(p.allowedValues, [true, false], where);
                for (const sample of p.sampleValues) assert.equal(typeof sample, "boolean", where);
            }
        }
    }
});

test("HarvestOData.pq names no report: the folder's items come from navigation.json", async () => {
    const connector = await loadConnector();
    const literals = [...M.walk(connector.ast)].map(M.text).filter((value) => value !== undefined);
    const names = reports().map((r) => r.name);
    assert.deepEqual(literals.filter((value) => names.includes(value)), []);
    assert.ok(literals.includes("navigation.json"));
});

test("the Reports folder comes last, named by resources.resx, and lists function items built by ReportFunction", async () => {
    const { members, ...doc } = await loadConnector();
    const folders = M.call(members.get("Folders").value);
    assert.equal(folders?.name, "Table.FromRecords");
    const appended = folders.args[0];
    assert.equal(appended.kind, "ArithmeticExpression", "the catalog's folders & {Reports}");
    const [reportsFolder, ...others] = M.listItems(appended.right);
    assert.equal(others.length, 0);
    const fields = M.recordFields(reportsFolder);
    assert.equal(M.text(fields.get("Key")), "Reports");
    assert.equal(code(doc, fields.get("Name")), "FolderNames[Reports]");
    assert.equal(M.identifier(fields.get("Contents")), "ReportsFolder");
    assert.equal(loadResources().get("FolderReports"), "Reports");

    const { variables } = letParts(members.get("ReportsFolder").value.expression);
    assert.ok(code(doc, variables.get("reports")).endsWith("List.Transform(Navigation[reports], each {_[name], _[name], _}) )"));
    const column = (name) => M.call(variables.get(name));
    assert.equal(code(doc, column("withData").args[2]), "each ReportFunction(root, [Report])");
    assert.equal(code(doc, column("withKind").args[2]), 'each "Function"');
    assert.equal(code(doc, column("withIsLeaf").args[2]), "each true");
});

test("a report function has the report's type and returns the feed of its URL, through the connector's one OData.Feed", async () => {
    const { members, ast, ...doc } = await loadConnector();
    const fn = members.get("ReportFunction").value;
    const from = M.call(fn.expression);
    assert.equal(from?.name, "Function.From");
    assert.equal(code(doc, from.args[0]), "ReportType(report)");
    assert.equal(from.args[1].kind, "FunctionExpression");
    assert.equal(code(doc, from.args[1].expression), "Feed(ReportUrl(root, report, arguments))");

    const feeds = M.calls(ast).filter((c) => c.name === "OData.Feed");
    assert.equal(feeds.length, 1, "entity sets and reports share Feed");
    const feedCallers = [...members].filter(([, m]) => M.calls(m.value).some((c) => c.name === "Feed")).map(([name]) => name);
    assert.deepEqual(feedCallers.sort(), ["EntitySet", "ReportFunction"]);
});

test("the function type lists the parameters in order with their types and documentation; the required ones come first", async () => {
    const { members, ...doc } = await loadConnector();
    const { variables, result } = letParts(members.get("ReportType").value.expression);
    const signature = M.recordFields(variables.get("signature"));
    assert.equal(code(doc, signature.get("ReturnType")), "ReportTableType(report[columns])");
    assert.equal(
        code(doc, signature.get("Parameters")),
        "Record.FromList(List.Transform(parameters, ParameterType), List.Transform(parameters, each [name]))"
    );
    assert.equal(code(doc, variables.get("required")), "List.Count(List.Select(parameters, each not [optional]))");
    assert.equal(result.kind, "MetadataExpression");
    assert.equal(code(doc, result.left), "Type.ForFunction(signature, required)");
    assert.deepEqual([...M.recordFields(result.right).keys()], ["Documentation.Name", "Documentation.LongDescription"]);
    // Type.ForFunction makes the parameters after the first `required` optional, so navigation.json must list them last.
    for (const r of reports()) {
        const optional = r.parameters.map((p) => p.optional);
        assert.deepEqual(optional, [...optional].sort(), `${r.name}: optional parameters last`);
    }

    const parameter = letParts(members.get("ParameterType").value.expression);
    const documentation = M.recordFields(parameter.variables.get("documentation"));
    assert.deepEqual([...documentation.keys()], ["Documentation.FieldCaption", "Documentation.FieldDescription", "Documentation.SampleValues"]);
    assert.equal(code(doc, parameter.result.left), "EdmType(parameter[type], parameter[optional])", "an optional parameter is nullable");
    assert.match(code(doc, parameter.result.right), /documentation & \[Documentation\.AllowedValues = allowedValues\]/);
});

test("every EDM type of navigation.json has an M type, and every parameter type a URL literal", async () => {
    const { members } = await loadConnector();
    const types = M.recordFields(M.call(members.get("EdmTypes").value.expression).args[0]);
    const used = new Set(reports().flatMap((r) => r.columns.map((c) => c.type)));
    for (const type of used) assert.ok(M.recordFields(types.get(type))?.has("Type"), type);
    for (const type of new Set(reports().flatMap((r) => r.parameters.map((p) => p.type)))) {
        assert.ok(M.recordFields(types.get(type))?.has("UrlLiteral"), type);
        assert.ok(M.recordFields(types.get(type))?.has("FromJson"), type);
    }
});

test("dates are written yyyy-MM-dd with a fixed Gregorian culture, logicals as true and false", async () => {
    const { members, ...doc } = await loadConnector();
    const { literals } = urlTemplate(doc, members);
    assert.deepEqual(literals, { dateFormat: "yyyy-MM-dd", culture: "en-US", trueText: "true", falseText: "false" });
    assert.equal(formatDate(date("2026-01-05"), literals.dateFormat), "2026-01-05");
});

test("the URL of each report for sample arguments is exactly the server's function call", async () => {
    const { members, ...doc } = await loadConnector();
    const template = urlTemplate(doc, members);
    const url = (name, ...args) => renderUrl(template, ROOT, report(name), args);
    const q1 = [date("2026-01-01"), date("2026-03-31")];

    assert.equal(url("TimeReportClients", ...q1), `${ROOT}odata/TimeReportClients(From=2026-01-01,To=2026-03-31)`);
    assert.equal(url("TimeReportClients", ...q1, null), `${ROOT}odata/TimeReportClients(From=2026-01-01,To=2026-03-31)`, "empty = omitted");
    assert.equal(
        url("TimeReportClients", ...q1, false),
        `${ROOT}odata/TimeReportClients(From=2026-01-01,To=2026-03-31,IncludeFixedFee=false)`
    );
    assert.equal(
        url("TimeReportProjects", date("2025-12-01"), date("2026-11-30"), true),
        `${ROOT}odata/TimeReportProjects(From=2025-12-01,To=2026-11-30,IncludeFixedFee=true)`
    );
    for (const name of ["TimeReportTasks", "TimeReportTeam", "ExpenseReportClients", "ExpenseReportProjects", "ExpenseReportCategories", "ExpenseReportTeam", "UninvoicedReport"]) {
        assert.equal(url(name, ...q1), `${ROOT}odata/${name}(From=2026-01-01,To=2026-03-31)`);
    }
    assert.equal(url("ProjectBudgetReport"), `${ROOT}odata/ProjectBudgetReport()`, "IsActive omitted: every project");
    assert.equal(url("ProjectBudgetReport", null), `${ROOT}odata/ProjectBudgetReport()`);
    assert.equal(url("ProjectBudgetReport", true), `${ROOT}odata/ProjectBudgetReport(IsActive=true)`);
    assert.equal(url("ProjectBudgetReport", false), `${ROOT}odata/ProjectBudgetReport(IsActive=false)`);
});

test("a URL template the check does not know is refused, and a wrong separator changes the URL (the URL checks can fail)", async () => {
    const connector = await loadConnector();
    const reparse = async (text) => {
        const doc = await M.parseSection(text);
        return { doc, members: M.members(doc.ast) };
    };
    const dropsNothing = await reparse(connector.text.replace("(pair) => pair{1} <> null", "(pair) => true"));
    assert.throws(() => urlTemplate(dropsNothing.doc, dropsNothing.members), /keeps the non-null ones/);
    const otherFormat = await reparse(
        connector.text.replace('Date.ToText(Date.From(value), [Format = "yyyy-MM-dd"', 'Date.ToText(Date.From(value), [Format = "yyyyMMdd"')
    );
    const semicolon = await reparse(connector.text.replace('Text.Combine(assignments, ",")', 'Text.Combine(assignments, ";")'));
    const q1 = [date("2026-01-01"), date("2026-03-31")];
    assert.equal(
        renderUrl(urlTemplate(semicolon.doc, semicolon.members), ROOT, report("UninvoicedReport"), q1),
        `${ROOT}odata/UninvoicedReport(From=2026-01-01;To=2026-03-31)`
    );
    assert.equal(
        renderUrl(urlTemplate(otherFormat.doc, otherFormat.members), ROOT, report("UninvoicedReport"), q1),
        `${ROOT}odata/UninvoicedReport(From=20260101,To=20260331)`
    );
});
