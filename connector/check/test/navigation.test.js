// The navigation tree: the analyst's folders, and exactly the entity sets of the entity catalog.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { loadConnector, REPO_ROOT } = require("../lib/connector");
const { navigationFolders, entitySets, singletons } = require("../lib/navigation");

const CATALOG = path.join(REPO_ROOT, "src", "HarvestOData.Harvest", "Catalog", "EntityCatalog.cs");

/**
 * Entity sets as the server names them: ResourceDefinition.EntitySet is the entity type for a singleton and the
 * PascalCase of the resource name otherwise (ResourceDefinition.cs, Naming.Pascal).
 */
function catalogEntitySets() {
    const source = fs.readFileSync(CATALOG, "utf8");
    const resources = [...source.matchAll(/new ResourceBuilder\("(\w+)", "(\w+)", ResourceKind\.(\w+)\)/g)];
    assert.ok(resources.length > 0, `no resources found in ${CATALOG}`);
    const pascal = (snake) => snake.split("_").map((part) => part[0].toUpperCase() + part.slice(1)).join("");
    return resources.map(([, name, entityType, kind]) => ({
        entitySet: kind === "Singleton" ? entityType : pascal(name),
        singleton: kind === "Singleton",
    }));
}

test("the navigation groups the entity sets into Time, Projects, People, Invoicing and Estimates", async () => {
    const folders = navigationFolders(await loadConnector());
    assert.deepEqual(folders, [
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

test("the navigation lists every entity set of the entity catalog exactly once", async () => {
    const listed = entitySets(await loadConnector());
    assert.deepEqual(listed.filter((name, i) => listed.indexOf(name) !== i), [], "listed twice");
    assert.deepEqual(
        [...listed].sort(),
        catalogEntitySets().map((r) => r.entitySet).sort(),
        "the navigation and EntityCatalog.cs disagree: add or remove the set in HarvestOData.pq's Folders"
    );
});

test("the connector's singletons are the catalog's singletons", async () => {
    const expected = catalogEntitySets().filter((r) => r.singleton).map((r) => r.entitySet);
    assert.deepEqual(singletons(await loadConnector()), expected);
});

test("list-entity-sets.js prints the navigation's entity sets one per line", async () => {
    const output = execFileSync(process.execPath, [path.join(__dirname, "..", "list-entity-sets.js")], { encoding: "utf8" });
    assert.equal(output, entitySets(await loadConnector()).map((name) => `${name}\n`).join(""));
    assert.equal(output.trim().split("\n").length, 23);
});
