// Reading M section documents through @microsoft/powerquery-parser: parse, then look things up in the AST.
"use strict";

const PQP = require("@microsoft/powerquery-parser");

/** Parses a section document; throws with line:column when the text is not valid M. */
async function parseSection(text) {
    const result = await PQP.TaskUtils.tryLexParse({ ...PQP.DefaultSettings, parseBehavior: "ParseSection" }, text);
    if (PQP.TaskUtils.isError(result)) {
        const at = result.error.innerError?.foundToken?.token?.positionStart;
        const where = at ? ` at line ${at.lineNumber + 1}, column ${at.lineCodeUnit + 1}` : "";
        throw new Error(`M does not parse${where}: ${result.error.message}`);
    }
    return { ast: result.ast, text };
}

/** Every AST node below (and including) `node`, depth first in source order. */
function* walk(node) {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
        for (const item of node) yield* walk(item);
        return;
    }
    if (typeof node.kind === "string") yield node;
    for (const [key, value] of Object.entries(node)) {
        if (key !== "tokenRange" && value !== null && typeof value === "object") yield* walk(value);
    }
}

/** The items of an ArrayWrapper of Csv nodes (argument lists, list and record contents). */
function csvItems(wrapper) {
    return (wrapper?.elements ?? []).map((csv) => csv.node);
}

/** A text literal's value, or undefined when the node is not a text literal. */
function text(node) {
    if (node?.kind !== "LiteralExpression" || node.literalKind !== "Text") return undefined;
    return node.literal.slice(1, -1).replace(/""/g, '"');
}

/** A logical literal's value, or undefined. */
function logical(node) {
    if (node?.kind !== "LiteralExpression" || node.literalKind !== "Logical") return undefined;
    return node.literal === "true";
}

/** A plain identifier reference's name, or undefined. */
function identifier(node) {
    return node?.kind === "IdentifierExpression" ? node.identifier.literal : undefined;
}

/** A field name as M means it: `#"Edm.Date"` is the field Edm.Date. */
function fieldName(literal) {
    return literal.startsWith('#"') ? literal.slice(2, -1).replace(/""/g, '"') : literal;
}

/** Fields of a record expression or literal, as a Map from field name to value node. */
function recordFields(node) {
    if (node?.kind !== "RecordExpression" && node?.kind !== "RecordLiteral") return undefined;
    return new Map(csvItems(node.content).map((pair) => [fieldName(pair.key.literal), pair.value]));
}

/** Items of a list expression or literal. */
function listItems(node) {
    if (node?.kind !== "ListExpression" && node?.kind !== "ListLiteral") return undefined;
    return csvItems(node.content);
}

/** `Name(args…)` as {name, args, node}, or undefined when the node is not a direct call of a named function. */
function call(node) {
    if (node?.kind !== "RecursivePrimaryExpression") return undefined;
    const name = identifier(node.head);
    const first = node.recursiveExpressions.elements[0];
    if (name === undefined || first?.kind !== "InvokeExpression") return undefined;
    return { name, args: csvItems(first.content), node };
}

/** All direct calls of named functions below `node`. */
function calls(node) {
    return [...walk(node)].map(call).filter((c) => c !== undefined);
}

/** The section's members: Map name → {shared, attributes (Map name → JS value), value (node)}. */
function members(ast) {
    const result = new Map();
    for (const member of ast.sectionMembers.elements) {
        const attributes = new Map();
        for (const [key, value] of recordFields(member.literalAttributes) ?? []) {
            attributes.set(key, text(value) ?? logical(value) ?? value.literal);
        }
        result.set(member.namePairedExpression.key.literal, {
            shared: member.sharedConstant !== undefined,
            attributes,
            value: member.namePairedExpression.value,
        });
    }
    return result;
}

/** The section document's own attributes (before `section Name;`), as a Map of JS values. */
function sectionAttributes(ast) {
    const fields = recordFields(ast.literalAttributes) ?? new Map();
    return new Map([...fields].map(([key, value]) => [key, text(value) ?? logical(value) ?? value.literal]));
}

/** Parameter counts of a function expression or function type: {required, total}. */
function arity(node) {
    const parameters =
        node?.kind === "FunctionExpression" ? node.parameters : node?.kind === "FunctionType" ? node.parameters : undefined;
    if (parameters === undefined) return undefined;
    const list = csvItems(parameters.content);
    return { required: list.filter((p) => p.optionalConstant === undefined).length, total: list.length };
}

/** The source text a node spans. */
function source(doc, node) {
    return doc.text.slice(node.tokenRange.positionStart.codeUnit, node.tokenRange.positionEnd.codeUnit);
}

/** 1-based line of a node, for messages. */
function line(node) {
    return node.tokenRange.positionStart.lineNumber + 1;
}

module.exports = {
    parseSection,
    walk,
    text,
    logical,
    identifier,
    recordFields,
    listItems,
    call,
    calls,
    members,
    sectionAttributes,
    arity,
    source,
    line,
};
