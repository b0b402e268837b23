using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query.Filter;

public sealed partial class ExpressionTranslator
{
    private static readonly HashSet<string> DateParts = new(StringComparer.Ordinal) { "year", "month", "day", "hour", "minute", "second" };

    private string Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.ToList();
        string name = node.Name.ToLowerInvariant();
        string Arg(int i) => i < args.Count ? Translate(args[i]) : throw new BadQueryException($"{node.Name} needs {i + 1} arguments.");

        var d = Sql.Dialect;
        EdmPrimitiveTypeKind? Kind(int i) => (args[i] as SingleValueNode)?.TypeReference?.AsPrimitive()?.PrimitiveKind();
        if (DateParts.Contains(name))
            return d.DatePart(name, Arg(0), Kind(0));

        switch (name)
        {
            case "contains":
                return $"({d.Position(Arg(0), Arg(1))} > 0)";
            case "startswith":
            {
                string s = Arg(0), prefix = Arg(1);
                return $"(substr({s}, 1, length({prefix})) = {prefix})";
            }
            case "endswith":
            {
                string s = Arg(0), suffix = Arg(1);
                return $"({s} IS NOT NULL AND (length({suffix}) = 0 OR {d.Right(s, $"length({suffix})")} = {suffix}))";
            }
            case "length":
                return $"length({Arg(0)})";
            case "indexof":
                return $"({d.Position(Arg(0), Arg(1))} - 1)";
            case "substring":
            {
                string s = Arg(0), start = $"({Arg(1)}) + 1";
                if (args.Count == 2)
                    return d.Substring(s, start, null);
                // No substring has a negative length: null, where SQLite counted it backwards and PostgreSQL failed the query.
                string length = Arg(2);
                return $"(CASE WHEN {length} < 0 THEN NULL ELSE {d.Substring(s, start, length)} END)";
            }
            case "tolower":
                return d.Lower(Arg(0));
            case "toupper":
                return d.Upper(Arg(0));
            case "trim":
                return $"trim({Arg(0)})";
            case "concat":
                return $"({Arg(0)} || {Arg(1)})";
            case "date":
                return d.DateOf(Arg(0), Kind(0));
            case "time":
                return d.TimeOf(Arg(0));
            case "fractionalseconds":
            case "totaloffsetminutes":
                return d.ZeroUnlessNull(Arg(0));
            case "now":
                return Sql.Add(d.Literal(Sql.Time.GetUtcNow()));
            // The earliest and latest instants in the stored whole-second form (a fraction would sort after "…59Z").
            case "mindatetime":
                return Sql.Add(d.Literal(DateTimeOffset.MinValue));
            case "maxdatetime":
                return Sql.Add(d.Literal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
            case "round":
                return $"round({Arg(0)})";
            case "floor":
                return d.Floor(Arg(0));
            case "ceiling":
                return d.Ceiling(Arg(0));
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
                return resource is ResourceRangeVariableReferenceNode ? Sql.Dialect.True : $"({Column(resource, "id")} IS NOT NULL)";
            return Sql.Model.Edm.FindType(typeName) is not null || PrimitiveKind(typeName) is not null
                ? Sql.Dialect.False
                : throw new BadQueryException($"Unknown type '{typeName}' in isof.");
        }
        var target = PrimitiveKind(typeName);
        if (target is null)
            return Sql.Model.Edm.FindType(typeName) is not null ? Sql.Dialect.False : throw new BadQueryException($"Unknown type '{typeName}' in isof.");
        if (subject is ConstantNode { Value: null })
            return Sql.Dialect.False;
        var declared = (subject as SingleValueNode)?.TypeReference?.AsPrimitive()?.PrimitiveKind();
        if (declared is null)
            throw new NotSupportedQueryException("isof is supported on primitive values and on the entity itself.");
        return declared == target || IntegerRank(declared.Value) is { } from && IntegerRank(target.Value) is { } to && from <= to
            ? $"({Translate(subject)} IS NOT NULL)"
            : Sql.Dialect.False;
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
        var d = Sql.Dialect;
        switch (target)
        {
            case EdmPrimitiveTypeKind.String:
                return d.CastToText(value, source);
            case EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte:
                return d.CastToInteger(value, source);
            case EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single:
                return d.CastToDecimal(value, source);
            case EdmPrimitiveTypeKind.Boolean:
                return d.CastToBoolean(value, source);
            case EdmPrimitiveTypeKind.Date:
                return d.CastToDate(value, source);
            case EdmPrimitiveTypeKind.DateTimeOffset:
                return source switch
                {
                    EdmPrimitiveTypeKind.DateTimeOffset => value,
                    EdmPrimitiveTypeKind.Date => d.DateAsTimestamp(value),
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
