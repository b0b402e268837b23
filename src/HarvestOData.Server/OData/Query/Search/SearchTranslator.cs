using HarvestOData.Server.OData.Model;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query.Search;

/// <summary>
/// <c>$search</c> as SQL: a term matches a row when any of the set's text columns contains it, ignoring ASCII case
/// (SQLite's <c>LIKE</c>; on PostgreSQL <c>LIKE</c> over the text with ASCII letters lowered, not <c>ILIKE</c>, which
/// would fold every letter by the database's locale and match rows SQLite does not); terms combine with AND, OR and NOT. A set without text columns matches nothing.
/// </summary>
public static class SearchTranslator
{
    public static string Translate(SearchClause clause, EntitySetMap set, string alias, SqlContext sql) =>
        Node(clause.Expression, set, alias, sql);

    private static string Node(SingleValueNode node, EntitySetMap set, string alias, SqlContext sql)
    {
        sql.CountNode();
        return node switch
        {
            SearchTermNode term => Term(term.Text, set, alias, sql),
            BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } b => $"({Node(b.Left, set, alias, sql)} AND {Node(b.Right, set, alias, sql)})",
            BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } b => $"({Node(b.Left, set, alias, sql)} OR {Node(b.Right, set, alias, sql)})",
            UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } u => $"(NOT {Node(u.Operand, set, alias, sql)})",
            _ => throw new NotSupportedQueryException("$search supports terms, phrases, AND, OR and NOT."),
        };
    }

    private static string Term(string text, EntitySetMap set, string alias, SqlContext sql)
    {
        if (set.SearchColumns.Count == 0)
            return sql.Dialect.False;
        string pattern = sql.Add(sql.Dialect.IgnoreCasePattern("%" + Escape(text) + "%"));
        var matches = set.SearchColumns.Select(c => sql.Dialect.ContainsIgnoringCase($"{alias}.{SqlContext.Quote(c.Column)}", pattern));
        return "(" + string.Join(" OR ", matches) + ")";
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
