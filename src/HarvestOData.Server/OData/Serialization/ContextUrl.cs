using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// Absolute <c>@odata.context</c> URLs as OData 4.0 spells them: <c>$metadata#TimeEntries(Id,Hours)</c>,
/// <c>#Projects(Name,Client)</c> for an expansion without nested <c>$select</c> (never <c>Client()</c>, which Power
/// Query rejects: odata.net#2081), <c>#TimeEntries/$entity</c>, <c>#Company</c>.
/// </summary>
public static class ContextUrl
{
    public static string Metadata(string serviceRoot) => serviceRoot + "$metadata";

    public static string Collection(string serviceRoot, string setName, SelectExpandClause? clause) =>
        $"{serviceRoot}$metadata#{setName}{Parenthesised(SelectList(clause))}";

    public static string Entity(string serviceRoot, string setName, SelectExpandClause? clause, bool singleton) =>
        Collection(serviceRoot, setName, clause) + (singleton ? "" : "/$entity");

    /// <summary>
    /// <c>#TimeEntries(5)/Hours</c> for a property of an entity addressed by key; <c>#Edm.String</c> (the property's type)
    /// for any other owner. The OASIS ABNF's <c>contextFragment</c> allows a property path only after
    /// <c>entitySet keyPredicate</c>; after a singleton (<c>#Company/Name</c>, which ODataLib itself writes) or a
    /// navigation (<c>#TimeEntries(5)/Project/Name</c>) only navigations may follow, so those owners get the
    /// <c>qualifiedTypeName</c> form, which every reader resolves.
    /// </summary>
    public static string Property(string serviceRoot, string ownerPath, string property, string typeName) =>
        IsKeyedEntity(ownerPath) ? $"{serviceRoot}$metadata#{ownerPath}/{property}" : $"{serviceRoot}$metadata#{typeName}";

    /// <summary><c>Set(key)</c> and nothing more.</summary>
    private static bool IsKeyedEntity(string ownerPath)
    {
        int open = ownerPath.IndexOf('(', StringComparison.Ordinal);
        return open > 0 && ownerPath.EndsWith(')') && ownerPath.IndexOf('/', StringComparison.Ordinal) < 0;
    }

    /// <summary>The select-list of a <c>$select</c>/<c>$expand</c> clause, or null when it selects everything plainly.</summary>
    public static string? SelectList(SelectExpandClause? clause)
    {
        if (clause is null)
            return null;
        var items = new List<string>();
        // Selected properties first, then expansions, as ODataLib orders them (its parser lists expansions first).
        foreach (var item in clause.SelectedItems.OrderBy(i => i is ExpandedNavigationSelectItem ? 1 : 0))
        {
            switch (item)
            {
                case PathSelectItem path when !clause.AllSelected:
                    items.Add(string.Join("/", path.SelectedPath.Select(s => s.Identifier)));
                    break;
                case WildcardSelectItem when !clause.AllSelected:
                    items.Add("*");
                    break;
                case ExpandedNavigationSelectItem expanded:
                    string name = string.Join("/", expanded.PathToNavigationProperty.Select(s => s.Identifier));
                    string? nested = SelectList(expanded.SelectAndExpand);
                    items.Add(nested is null ? name : $"{name}({nested})");
                    break;
            }
        }
        return items.Count == 0 ? null : string.Join(",", items.Distinct(StringComparer.Ordinal));
    }

    public static string Parenthesised(string? list) => list is null ? "" : "(" + list + ")";
}
