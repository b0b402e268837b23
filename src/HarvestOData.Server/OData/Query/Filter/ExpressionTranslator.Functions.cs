using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query.Filter;

public sealed partial class ExpressionTranslator
{
    // Positions inside the stored text forms yyyy-MM-dd and yyyy-MM-ddTHH:mm:ssZ.
    private static readonly Dictionary<string, (int Start, int Length)> DateParts = new(StringComparer.Ordinal)
    {
        ["year"] = (1, 4), ["month"] = (6, 2), ["day"] = (9, 2), ["hour"] = (12, 2), ["minute"] = (15, 2), ["second"] = (18, 2),
    };

    private string Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.ToList();
        string name = node.Name.ToLowerInvariant();
        string Arg(int i) => i < args.Count ? Translate(args[i]) : throw new BadQueryException($"{node.Name} needs {i + 1} arguments.");

        if (DateParts.TryGetValue(name, out var part))
            return $"CAST(substr({Arg(0)}, {part.Start}, {part.Length}) AS INTEGER)";

        switch (name)
        {
            case "contains":
                return $"(instr({Arg(0)}, {Arg(1)}) > 0)";
            case "startswith":
            {
                string s = Arg(0), prefix = Arg(1);
                return $"(substr({s}, 1, length({prefix})) = {prefix})";
            }
            case "endswith":
            {
                string s = Arg(0), suffix = Arg(1);
                return $"({s} IS NOT NULL AND (length({suffix}) = 0 OR substr({s}, -length({suffix})) = {suffix}))";
            }
            case "length":
                return $"length({Arg(0)})";
            case "indexof":
                return $"(instr({Arg(0)}, {Arg(1)}) - 1)";
            case "substring":
                return args.Count == 2 ? $"substr({Arg(0)}, ({Arg(1)}) + 1)" : $"substr({Arg(0)}, ({Arg(1)}) + 1, {Arg(2)})";
            case "tolower":
                return $"lower({Arg(0)})";
            case "toupper":
                return $"upper({Arg(0)})";
            case "trim":
                return $"trim({Arg(0)})";
            case "concat":
                return $"({Arg(0)} || {Arg(1)})";
            case "date":
                return $"substr({Arg(0)}, 1, 10)";
            case "time":
                return $"substr({Arg(0)}, 12, 8)";
            case "fractionalseconds":
                return $"(0 * length({Arg(0)}))";
            case "totaloffsetminutes":
                return $"(0 * length({Arg(0)}))";
            case "now":
                return Sql.Add(SqlLiteral.Timestamp(Sql.Time.GetUtcNow()));
            // The earliest and latest instants in the stored whole-second form (a fraction would sort after "…59Z").
            case "mindatetime":
                return Sql.Add(SqlLiteral.Timestamp(DateTimeOffset.MinValue));
            case "maxdatetime":
                return Sql.Add(SqlLiteral.Timestamp(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
            case "round":
                return $"round({Arg(0)})";
            case "floor":
            {
                string x = Arg(0);
                return $"(CAST({x} AS INTEGER) - ({x} < CAST({x} AS INTEGER)))";
            }
            case "ceiling":
            {
                string x = Arg(0);
                return $"(CAST({x} AS INTEGER) + ({x} > CAST({x} AS INTEGER)))";
            }
            case "cast":
                return Cast(args);
            case "isof":
                return IsOf(args);
            default:
                throw new NotSupportedQueryException($"The function '{node.Name}' is not supported.");
        }
    }

    /// <summary>
    /// <c>isof</c> against the static type: a value is of its declared primitive type (or of a wider integer type) when it
    /// is not null; an entity is of its set's own type (the model has no inheritance).
    /// </summary>
    private string IsOf(List<QueryNode> args)
    {
        var (subject, typeName) = TypeArguments(args, "isof");
        if (subject is SingleResourceNode resource)
        {
            var set = SetOf(resource);
            if (typeName == set.Type.FullName())
                return resource is ResourceRangeVariableReferenceNode ? "1" : $"({Column(resource, "id")} IS NOT NULL)";
            return Sql.Model.Edm.FindType(typeName) is not null || PrimitiveKind(typeName) is not null
                ? "0"
                : throw new BadQueryException($"Unknown type '{typeName}' in isof.");
        }
        var target = PrimitiveKind(typeName);
        if (target is null)
            return Sql.Model.Edm.FindType(typeName) is not null ? "0" : throw new BadQueryException($"Unknown type '{typeName}' in isof.");
        if (subject is ConstantNode { Value: null })
            return "0";
        var declared = (subject as SingleValueNode)?.TypeReference?.AsPrimitive()?.PrimitiveKind();
        if (declared is null)
            throw new NotSupportedQueryException("isof is supported on primitive values and on the entity itself.");
        return declared == target || IntegerRank(declared.Value) is { } from && IntegerRank(target.Value) is { } to && from <= to
            ? $"({Translate(subject)} IS NOT NULL)"
            : "0";
    }

    /// <summary>
    /// <c>cast</c> to a primitive type over the mirror's storage (integers, REAL decimals, ISO text for dates): a decimal
    /// with no fraction prints as digits, a Date widens to midnight UTC, a timestamp narrows to its UTC date.
    /// </summary>
    private string Cast(List<QueryNode> args)
    {
        var (subject, typeName) = TypeArguments(args, "cast");
        if (subject is SingleResourceNode resource)
        {
            return typeName == SetOf(resource).Type.FullName()
                ? throw new NotSupportedQueryException("cast of an entity to its own type changes nothing; leave it out.")
                : throw new BadQueryException($"An entity of {SetOf(resource).Name} cannot be cast to '{typeName}'.");
        }
        var target = PrimitiveKind(typeName)
            ?? (Sql.Model.Edm.FindType(typeName) is not null
                ? throw new BadQueryException($"A primitive value cannot be cast to '{typeName}'.")
                : throw new BadQueryException($"Unknown type '{typeName}' in cast."));
        if (subject is ConstantNode { Value: null })
            return "NULL";
        var source = (subject as SingleValueNode)?.TypeReference?.AsPrimitive()?.PrimitiveKind();
        string value = Translate(subject);
        switch (target)
        {
            case EdmPrimitiveTypeKind.String:
                return source switch
                {
                    EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single =>
                        $"(CASE WHEN {value} = CAST({value} AS INTEGER) THEN CAST(CAST({value} AS INTEGER) AS TEXT) ELSE CAST({value} AS TEXT) END)",
                    EdmPrimitiveTypeKind.Boolean => $"(CASE WHEN {value} IS NULL THEN NULL WHEN {value} THEN 'true' ELSE 'false' END)",
                    _ => $"CAST({value} AS TEXT)",
                };
            case EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte:
                return $"CAST({value} AS INTEGER)";
            case EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single:
                return $"CAST({value} AS REAL)";
            case EdmPrimitiveTypeKind.Boolean:
                return source == EdmPrimitiveTypeKind.String ? $"(CASE lower({value}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)" : $"({value} <> 0)";
            case EdmPrimitiveTypeKind.Date:
                return source is EdmPrimitiveTypeKind.Date ? value : $"substr({value}, 1, 10)";
            case EdmPrimitiveTypeKind.DateTimeOffset:
                return source switch
                {
                    EdmPrimitiveTypeKind.DateTimeOffset => value,
                    EdmPrimitiveTypeKind.Date => $"({value} || 'T00:00:00Z')",
                    _ when subject is ConstantNode => value,
                    _ => throw new NotSupportedQueryException("cast to Edm.DateTimeOffset is supported from dates and timestamps."),
                };
            default:
                // No mirror value is a Guid, Duration, binary or spatial value: such a cast fails, and a failed cast is null.
                return "NULL";
        }
    }

    /// <summary>The value and type name of <c>isof</c>/<c>cast</c>; ODataLib passes <c>$it</c> first in the one-argument form.</summary>
    private (QueryNode Subject, string TypeName) TypeArguments(List<QueryNode> args, string function) => args switch
    {
        [var subject, ConstantNode { Value: string typeName }] => (subject, typeName),
        [var subject, SingleResourceCastNode entityType] => (subject, entityType.TypeReference.FullName()),
        [ConstantNode { Value: string typeName }] when _ranges.TryGetValue("$it", out var it) =>
            (new ResourceRangeVariableReferenceNode("$it", new ResourceRangeVariable("$it", new EdmEntityTypeReference(it.Set.Type, false), (IEdmNavigationSource?)null)), typeName),
        _ => throw new BadQueryException($"{function} takes a value and a type name, e.g. {function}(Hours,Edm.Decimal) (got {string.Join(", ", args.Select(Describe))})."),
    };

    private static EdmPrimitiveTypeKind? PrimitiveKind(string typeName) =>
        EdmCoreModel.Instance.FindDeclaredType(typeName) is IEdmPrimitiveType primitive ? primitive.PrimitiveKind : null;

    private static int? IntegerRank(EdmPrimitiveTypeKind kind) => kind switch
    {
        EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte => 0,
        EdmPrimitiveTypeKind.Int16 => 1,
        EdmPrimitiveTypeKind.Int32 => 2,
        EdmPrimitiveTypeKind.Int64 => 3,
        _ => null,
    };
}
