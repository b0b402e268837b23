#!/usr/bin/env node
// Prints the entity sets (and singletons) the connector's navigation table references, one per line, in
// navigator order, by parsing HarvestOData.pq. The server's tests compare this list with the served $metadata.
// Needs `npm ci` in connector/check once (run.sh does it).
"use strict";

const { loadConnector } = require("./lib/connector");
const { entitySets } = require("./lib/navigation");

loadConnector()
    .then((connector) => process.stdout.write(entitySets(connector).map((name) => `${name}\n`).join("")))
    .catch((error) => {
        process.stderr.write(`list-entity-sets: ${error.message}\n`);
        process.exit(1);
    });
