// Validating M with @microsoft/powerquery-language-services against an explicit standard-library list.
// Unknown and duplicate identifiers are errors (connector/README.md, "Checks"). The LS invoke-expression check is
// off: in 0.10.6 it throws on `each` and reports false type mismatches; argument counts are checked by
// invocationProblems instead.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const PQP = require("@microsoft/powerquery-parser");
const PQLS = require("@microsoft/powerquery-language-services");
const M = require("./m-ast");

const LIBRARY_FILE = path.join(__dirname, "..", "m-library.json");

// vscode-languageserver CompletionItemKind values the LS uses to classify library symbols.
const FUNCTION_KIND = 3;
const CONSTANT_KIND = 21;
const TYPE_KIND = 25;

function loadLibraryList() {
    return JSON.parse(fs.readFileSync(LIBRARY_FILE, "utf8"));
}

function functionSymbol(name, [required, total]) {
    const functionParameters = Array.from({ length: total }, (_, i) => ({
        name: `p${i}`,
        type: "any",
        isRequired: i < required,
        isNullable: true,
        caption: null,
        description: null,
        sampleValues: null,
        allowedValues: null,
        defaultValue: null,
        fields: null,
        enumNames: null,
        enumCaptions: null,
    }));
    return {
        name,
        documentation: null,
        functionParameters,
        completionItemKind: FUNCTION_KIND,
        isDataSource: false,
        type: "any",
    };
}

function valueSymbol(name, kind, type) {
    return { name, documentation: null, functionParameters: null, completionItemKind: kind, isDataSource: false, type };
}

/**
 * Library symbols: the listed standard-library names plus `extraFunctions` (name → [required, total]), e.g. the
 * connector's shared functions when validating the .query.pq that calls them.
 */
function librarySymbols(extraFunctions = {}) {
    const list = loadLibraryList();
    const functions = { ...list.functions, ...extraFunctions };
    return [
        ...Object.entries(functions).map(([name, counts]) => functionSymbol(name, counts)),
        ...list.types.map((name) => valueSymbol(name, TYPE_KIND, "type")),
        ...list.constants.map((name) => valueSymbol(name, CONSTANT_KIND, "any")),
    ];
}

/** Language-service diagnostics of an M section document: [{code, line, message}]. */
async function validate(text, extraFunctions = {}) {
    const created = PQLS.LibrarySymbolUtils.createLibrary(librarySymbols(extraFunctions), () => new Map(), undefined);
    if (created.kind !== "Ok") {
        const failed = created.error.failedLibrarySymbolConversions.map((f) => f.librarySymbol.name);
        throw new Error(`m-library.json: the language services rejected ${failed.join(", ")}`);
    }
    const inspectionSettings = {
        ...PQP.DefaultSettings,
        parseBehavior: "ParseSection",
        library: created.value,
        eachScopeById: undefined,
        typeStrategy: "Extended",
        isWorkspaceCacheAllowed: false,
    };
    const analysisSettings = {
        inspectionSettings,
        isWorkspaceCacheAllowed: false,
        initialCorrelationId: undefined,
        traceManager: PQP.DefaultSettings.traceManager,
    };
    const validationSettings = {
        ...inspectionSettings,
        checkUnknownIdentifiers: true,
        checkForDuplicateIdentifiers: true,
        checkInvokeExpressions: false,
        checkDiagnosticsOnParseError: true,
        cancellationToken: undefined,
        source: "connector-check",
    };
    const result = await PQLS.validate(PQLS.textDocument("file:///document.pq", 1, text), analysisSettings, validationSettings);
    if (result.kind !== "Ok") throw new Error(`language services failed: ${result.error?.message ?? result.error}`);
    const diagnostics = result.value?.diagnostics ?? [];
    return diagnostics.map((d) => ({ code: d.code, line: d.range.start.line + 1, message: d.message }));
}

/** Parameter counts of the section's own functions (including shared ones wrapped in Value.ReplaceType). */
function sectionArities(members) {
    const arities = new Map();
    for (const [name, member] of members) {
        let value = member.value;
        const replaced = M.call(value);
        if (replaced?.name === "Value.ReplaceType") value = members.get(M.identifier(replaced.args[0]))?.value;
        const counts = M.arity(value);
        if (counts) arities.set(name, [counts.required, counts.total]);
    }
    return arities;
}

/**
 * Calls whose argument count does not fit the callee: library functions from m-library.json, the section's own
 * functions, and `known` extra functions. Returns messages; calls of anything else (locals, parameters) are skipped.
 */
function invocationProblems(doc, members, known = {}) {
    const counts = new Map([
        ...Object.entries(loadLibraryList().functions),
        ...Object.entries(known),
        ...sectionArities(members),
    ]);
    const problems = [];
    for (const c of M.calls(doc.ast)) {
        const expected = counts.get(c.name);
        if (!expected) continue;
        const [required, total] = expected;
        if (c.args.length < required || c.args.length > total) {
            const wanted = required === total ? `${required}` : `${required} to ${total}`;
            problems.push(`line ${M.line(c.node)}: ${c.name} takes ${wanted} arguments, given ${c.args.length}`);
        }
    }
    return problems;
}

module.exports = { loadLibraryList, validate, invocationProblems, sectionArities };
