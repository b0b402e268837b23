using System.Globalization;
using System.Text.RegularExpressions;
using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>The key in an entity reference (<c>Projects(5)</c>, <c>…/odata/Projects(Id=5)</c>) of an expected set.</summary>
public static partial class EntityReference
{
    public static long KeyOf(Uri reference, EntitySetMap expected, string property)
    {
        string text = Uri.UnescapeDataString(reference.IsAbsoluteUri ? reference.AbsolutePath : reference.OriginalString);
        var match = Pattern().Match(text);
        if (!match.Success || !match.Groups[1].Value.Equals(expected.Name, StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(match.Groups[2].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long key))
        {
            throw WriteException.BadBody($"'{property}' must reference an entity of {expected.Name}, e.g. \"{expected.Name}(42)\"; got \"{reference.OriginalString}\".", property);
        }
        return key;
    }

    [GeneratedRegex(@"(?:^|/)([A-Za-z]+)\((?:Id=)?(-?\d+)\)$")]
    private static partial Regex Pattern();
}
