// The navigation tree: the analyst's folders, written into the .mez from the entity catalog, and named by the connector.
// Which sets exist is the catalog's business; that the navigation lists every served set is checked on the server's
// side (HarvestOData.Server.Tests, MetadataTests), against the $metadata it serves.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { loadConnector } = require("../lib/connector");
const { navigation, folderNames } = require("../lib/navigation");
const M = require("../lib/m-ast");

test("the navigation groups the entity sets into Time, Projects, People, Invoicing and Estimates", () => {
    assert.deepEqual(navigation().folders, [
        { key: "Time", entitySets: ["TimeEntries", "Expenses", "ExpenseCategories"] },
        {
            key: "Projects",
            entitySets: ["Projects", "Clients", "Contacts", "Tasks", "TaskAssignments", "UserAssignments"],
        },
        { key: "People", entitySets: ["Users", "Roles", "BillableRates", "CostRates", "Company"] },
        {
            key: "Invoicing",
            entitySets: ["Invoices", "InvoiceLineItems", "InvoicePayments", "InvoiceMessages", "InvoiceItemCategories"],
        },
        { key: "Estimates", entitySets: ["Estimates", "EstimateLineItems", "EstimateMessages", "EstimateItemCategories"] },
    ]);
});

test("the navigation lists every entity set exactly once", () => {
    const listed = navigation().folders.flatMap((folder) => folder.entitySets);
    assert.deepEqual(listed.filter((name, i) => listed.indexOf(name) !== i), [], "listed twice");
    assert.equal(listed.length, 23);
});

test("the singletons are listed in a folder", () => {
    const { folders, singletons } = navigation();
    assert.deepEqual(singletons, ["Company"]);
    const listed = folders.flatMap((folder) => folder.entitySets);
    for (const name of singletons) assert.ok(listed.includes(name), `${name} is in no folder`);
});

test("the connector gives every folder of the catalog and the Reports folder a display name, and names no other", async () => {
    assert.deepEqual(
        folderNames(await loadConnector()),
        [...navigation().folders.map((folder) => folder.key), "Reports"],
        "add the folder to FolderNames in HarvestOData.pq (and its string to resources.resx)"
    );
});

test("HarvestOData.pq names no entity set: the navigation comes from navigation.json", async () => {
    const connector = await loadConnector();
    const literals = [...M.walk(connector.ast)].map(M.text).filter((value) => value !== undefined);
    const sets = navigation().folders.flatMap((folder) => folder.entitySets);
    assert.deepEqual(literals.filter((value) => sets.includes(value)), []);
});
