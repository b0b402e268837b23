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
            default:
                throw new NotSupportedQueryException($"The function '{node.Name}' is not supported.");
        }
    }

    private string Cast(List<QueryNode> args)
    {
        if (args.Count != 2 || args[1] is not ConstantNode { Value: string typeName })
            throw new NotSupportedQueryException("cast is supported as cast(value, Edm.Type).");
        string value = Translate(args[0]);
        return typeName switch
        {
            "Edm.String" => $"CAST({value} AS TEXT)",
            "Edm.Int64" or "Edm.Int32" or "Edm.Int16" or "Edm.Byte" => $"CAST({value} AS INTEGER)",
            "Edm.Decimal" or "Edm.Double" or "Edm.Single" => $"CAST({value} AS REAL)",
            "Edm.Date" or "Edm.DateTimeOffset" when args[0] is ConstantNode => value,
            _ => throw new NotSupportedQueryException($"cast to {typeName} is not supported."),
        };
    }
}
