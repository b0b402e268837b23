// The Reports folder: the report functions navigation.json lists, and the function call URL HarvestOData.pq builds,
// read from its AST. Nothing evaluates M on Linux (connector/README.md), so the URL is not computed by running the
// connector: urlTemplate reads ReportUrl and the URL literals of EdmTypes, failing on any shape it does not know,
// and renderUrl fills that template with arguments. A change to how the connector writes the URL either changes the
// rendered URL (and the contract tests fail) or changes the shape (and reading it fails).
"use strict";

const M = require("./m-ast");

/** Whitespace-collapsed source of a node. */
function code(doc, node) {
    return M.source(doc, node).replace(/\s+/g, " ").trim();
}

/** The operands of a chain of `&`. */
function concatenation(node) {
    if (node?.kind === "ArithmeticExpression" && node.operatorConstant.constantKind === "&") {
        return [...concatenation(node.left), ...concatenation(node.right)];
    }
    return [node];
}

/** A let expression's variables (Map name → value node) and its `in` expression. */
function letParts(node) {
    if (node?.kind !== "LetExpression") throw new Error(`expected a let expression, found ${node?.kind}`);
    const variables = new Map(node.variableList.elements.map((csv) => [csv.node.key.literal, csv.node.value]));
    return { variables, result: node.expression };
}

/** Parameter names of a function expression. */
function parameterNames(fn) {
    return fn.parameters.content.elements.map((csv) => csv.node.name.literal);
}

/** How EdmTypes writes a date and a logical in a URL: {dateFormat, culture, trueText, falseText}. */
function urlLiterals(doc, members) {
    const edmTypes = members.get("EdmTypes")?.value;
    const field = M.call(edmTypes?.expression);
    if (field?.name !== "Record.Field") throw new Error("EdmTypes is Record.Field([...types...], name)");
    const types = M.recordFields(field.args[0]);
    const literal = (edmType) => {
        const fn = M.recordFields(types.get(edmType))?.get("UrlLiteral");
        if (fn?.kind !== "FunctionExpression") throw new Error(`EdmTypes: ${edmType} has no UrlLiteral function`);
        return { fn, value: parameterNames(fn)[0] };
    };

    const date = literal("Edm.Date");
    const toText = M.call(date.fn.expression);
    if (toText?.name !== "Date.ToText") throw new Error("the Edm.Date URL literal is Date.ToText(...)");
    if (code(doc, toText.args[0]) !== `Date.From(${date.value})`) throw new Error("Date.ToText formats Date.From(value)");
    const options = M.recordFields(toText.args[1]);
    const dateFormat = M.text(options?.get("Format"));
    const culture = M.text(options?.get("Culture"));
    if (dateFormat === undefined || culture === undefined) throw new Error("Date.ToText takes [Format = ..., Culture = ...]");

    const logical = literal("Edm.Boolean");
    const choice = logical.fn.expression;
    if (choice?.kind !== "IfExpression" || M.identifier(choice.condition) !== logical.value) {
        throw new Error("the Edm.Boolean URL literal is `if value then ... else ...`");
    }
    return { dateFormat, culture, trueText: M.text(choice.trueExpression), falseText: M.text(choice.falseExpression) };
}

/** Writes a date with a .NET custom format made of yyyy, MM, dd and '-' only (throws on anything else). */
function formatDate(date, format) {
    const tokens = { yyyy: String(date.year).padStart(4, "0"), MM: String(date.month).padStart(2, "0"), dd: String(date.day).padStart(2, "0") };
    return format.replace(/yyyy|MM|dd|./g, (token) => {
        if (token in tokens) return tokens[token];
        if (token === "-") return token;
        throw new Error(`the date format ${format} has a part this check does not know: ${token}`);
    });
}

/**
 * The URL template of ReportUrl: the operands of `root & "odata/" & report[name] & "(" & Text.Combine(...) & ")"`,
 * each assignment's operands, and the filter that drops empty arguments.
 */
function urlTemplate(doc, members) {
    const fn = members.get("ReportUrl")?.value;
    if (fn?.kind !== "FunctionExpression") throw new Error("ReportUrl is a function");
    const [rootName, reportName, argumentsName] = parameterNames(fn);
    const { variables, result } = letParts(fn.expression);

    const given = variables.get("given");
    const expectedGiven = `List.Select(List.Zip({${reportName}[parameters], ${argumentsName}}), (pair) => pair{1} <> null)`;
    if (!given || code(doc, given) !== expectedGiven) {
        throw new Error(`ReportUrl pairs parameters with arguments and keeps the non-null ones: ${expectedGiven}`);
    }

    const assignments = M.call(variables.get("assignments"));
    const each = assignments?.args[1];
    if (assignments?.name !== "List.Transform" || M.identifier(assignments.args[0]) !== "given" || each?.kind !== "FunctionExpression") {
        throw new Error("assignments = List.Transform(given, (pair) => ...)");
    }
    const pair = parameterNames(each)[0];
    const assignment = concatenation(each.expression).map((operand) => {
        const text = M.text(operand);
        if (text !== undefined) return { text };
        const source = code(doc, operand);
        if (source === `${pair}{0}[name]`) return { parameterName: true };
        if (source === `EdmTypes(${pair}{0}[type])[UrlLiteral](${pair}{1})`) return { argumentLiteral: true };
        throw new Error(`ReportUrl: an assignment operand this check does not know: ${source}`);
    });

    const url = concatenation(result).map((operand) => {
        const text = M.text(operand);
        if (text !== undefined) return { text };
        if (M.identifier(operand) === rootName) return { root: true };
        const source = code(doc, operand);
        if (source === `${reportName}[name]`) return { reportName: true };
        const combine = M.call(operand);
        if (combine?.name === "Text.Combine" && M.identifier(combine.args[0]) === "assignments" && M.text(combine.args[1]) !== undefined) {
            return { assignments: M.text(combine.args[1]) };
        }
        throw new Error(`ReportUrl: a URL operand this check does not know: ${source}`);
    });
    return { url, assignment, literals: urlLiterals(doc, members) };
}

/**
 * The URL the template gives for a report of navigation.json and arguments as Function.From passes them (a list, shorter
 * when trailing optional arguments are left out; null for an empty one). Dates are {year, month, day}.
 */
function renderUrl(template, root, report, args) {
    const { literals } = template;
    const literal = (type, value) => {
        if (type === "Edm.Date") return formatDate(value, literals.dateFormat);
        if (type === "Edm.Boolean") return value ? literals.trueText : literals.falseText;
        throw new Error(`no URL literal for ${type}`);
    };
    const given = report.parameters.map((parameter, i) => [parameter, args[i] ?? null]).filter(([, value]) => value !== null);
    const assignments = given.map(([parameter, value]) =>
        template.assignment
            .map((part) => (part.text ?? (part.parameterName ? parameter.name : literal(parameter.type, value))))
            .join("")
    );
    return template.url
        .map((part) => (part.text ?? (part.root ? root : part.reportName ? report.name : assignments.join(part.assignments))))
        .join("");
}

module.exports = { code, urlTemplate, renderUrl, formatDate, letParts };
