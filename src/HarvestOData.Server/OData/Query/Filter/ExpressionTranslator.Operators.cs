using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query.Filter;

public sealed partial class ExpressionTranslator
{
    private string Binary(BinaryOperatorNode node)
    {
        var kind = node.OperatorKind;
        switch (kind)
        {
            case BinaryOperatorKind.And:
                return $"({Translate(node.Left)} AND {Translate(node.Right)})";
            case BinaryOperatorKind.Or:
                return $"({Translate(node.Left)} OR {Translate(node.Right)})";
            case BinaryOperatorKind.Has:
                throw new NotSupportedQueryException("'has' needs enum types; the service has none.");
        }

        if (IsComparison(kind) && Timestamp(node.Left, node.Right, kind) is { } leftColumn)
            return leftColumn;
        if (IsComparison(kind) && Timestamp(node.Right, node.Left, Flip(kind)) is { } rightColumn)
            return rightColumn;

        if (kind is BinaryOperatorKind.Equal or BinaryOperatorKind.NotEqual)
        {
            // Null-safe: OData's 'Name eq null' is true for nulls and 'Name ne 5' is true for nulls.
            string not = kind == BinaryOperatorKind.NotEqual ? " NOT" : "";
            if (IsNull(node.Right))
                return $"({Translate(node.Left)} IS{not} NULL)";
            if (IsNull(node.Left))
                return $"({Translate(node.Right)} IS{not} NULL)";
            return $"({Sql.Dialect.NullSafeEquals(Translate(node.Left), Translate(node.Right), kind == BinaryOperatorKind.NotEqual)})";
        }

        string? comparison = kind switch
        {
            BinaryOperatorKind.GreaterThan => ">",
            BinaryOperatorKind.GreaterThanOrEqual => ">=",
            BinaryOperatorKind.LessThan => "<",
            BinaryOperatorKind.LessThanOrEqual => "<=",
            _ => null,
        };
        if (comparison is not null)
        {
            var text = KindOf(node.Left) ?? KindOf(node.Right) ?? EdmPrimitiveTypeKind.None;
            return $"({Translate(node.Left)} {comparison} {Sql.Dialect.Collated(Translate(node.Right), text)})";
        }
        string op = kind switch
        {
            BinaryOperatorKind.Add => "+",
            BinaryOperatorKind.Subtract => "-",
            BinaryOperatorKind.Multiply => "*",
            BinaryOperatorKind.Divide => "/",
            BinaryOperatorKind.Modulo => "%",
            _ => throw new NotSupportedQueryException($"The operator {kind} is not supported."),
        };
        bool integral = KindOf(node) is EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte;
        return Sql.Dialect.Arithmetic(op, Translate(node.Left), Translate(node.Right), integral);
    }

    private static EdmPrimitiveTypeKind? KindOf(SingleValueNode node) => node.TypeReference?.AsPrimitive()?.PrimitiveKind();

    /// <summary>
    /// Stored timestamps have whole seconds; a literal with a fraction is compared through its whole-second bounds,
    /// since text comparison of <c>…00Z</c> with <c>…00.5Z</c> would order them wrongly.
    /// </summary>
    private string? Timestamp(SingleValueNode column, SingleValueNode other, BinaryOperatorKind kind)
    {
        if (Unwrap(other) is not ConstantNode { Value: DateTimeOffset value } || Unwrap(column) is ConstantNode)
            return null;
        var (floor, ceiling) = SqlLiteral.Bounds(value);
        if (floor == ceiling || kind is BinaryOperatorKind.Equal or BinaryOperatorKind.NotEqual)
            return null;
        string left = Translate(column);
        return kind switch
        {
            BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.GreaterThan => $"({left} >= {Sql.Add(Sql.Dialect.Literal(ceiling))})",
            _ => $"({left} <= {Sql.Add(Sql.Dialect.Literal(floor))})",
        };
    }

    private static SingleValueNode Unwrap(SingleValueNode node) => node is ConvertNode c ? Unwrap(c.Source) : node;

    private static bool IsNull(SingleValueNode node) => Unwrap(node) is ConstantNode { Value: null };

    private static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
        or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.Equal or BinaryOperatorKind.NotEqual;

    private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        _ => kind,
    };
}
