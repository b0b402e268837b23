using System.Text;

namespace HarvestOData.Harvest.Catalog;

/// <summary>Harvest's snake_case names to the PascalCase names OData serves.</summary>
public static class Naming
{
    public static string Pascal(string snake)
    {
        var builder = new StringBuilder(snake.Length);
        bool upper = true;
        foreach (char c in snake)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return builder.ToString();
    }
}
