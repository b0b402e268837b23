namespace HarvestOData.Sandbox.Writing;

/// <summary>Column names as Harvest's validation messages word them (<c>project_id</c> → "Project").</summary>
internal static class Labels
{
    public static string Of(string column)
    {
        string name = column.EndsWith("_id", StringComparison.Ordinal) ? column[..^3] : column;
        name = name.Replace('_', ' ');
        return name.Length == 0 ? column : char.ToUpperInvariant(name[0]) + name[1..];
    }
}
