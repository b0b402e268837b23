// The navigation tree as the connector declares it: the Folders #table and the Singletons list.
"use strict";

const M = require("./m-ast");

/** [{key, entitySets}] in navigator order, read from the `Folders = #table(columns, rows)` member. */
function navigationFolders(connector) {
    const folders = connector.members.get("Folders");
    const table = M.call(folders?.value);
    if (table?.name !== "#table" || table.args.length !== 2) {
        throw new Error("HarvestOData.pq: expected `Folders = #table({columns}, {rows})`");
    }
    const columns = M.listItems(table.args[0]).map(M.text);
    const keyAt = columns.indexOf("Key");
    const setsAt = columns.indexOf("EntitySets");
    if (keyAt < 0 || setsAt < 0) throw new Error("HarvestOData.pq: Folders needs the columns Key and EntitySets");
    return M.listItems(table.args[1]).map((row) => {
        const cells = M.listItems(row);
        const entitySets = M.listItems(cells[setsAt]).map(M.text);
        if (M.text(cells[keyAt]) === undefined || entitySets.includes(undefined)) {
            throw new Error(`HarvestOData.pq line ${M.line(row)}: folder keys and entity set names must be text literals`);
        }
        return { key: M.text(cells[keyAt]), entitySets };
    });
}

/** Every entity set (and singleton) the navigation table references, in navigator order. */
function entitySets(connector) {
    return navigationFolders(connector).flatMap((folder) => folder.entitySets);
}

/** The names in `Singletons = {…}`. */
function singletons(connector) {
    return (M.listItems(connector.members.get("Singletons")?.value) ?? []).map(M.text);
}

module.exports = { navigationFolders, entitySets, singletons };
