namespace HarvestOData.Server.OData.Query.Apply;

/// <summary>
/// One transformation of an <c>$apply</c> sequence as written (<c>top(5)</c>). ODataLib binds the ones it knows
/// (<see cref="IsNative"/>); <c>orderby</c>, <c>top</c>, <c>skip</c>, <c>identity</c> and <c>concat</c> of the Data
/// Aggregation Extension are read here.
/// </summary>
public sealed record ApplyStep(string Name, string Argument, string Text)
{
    /// <summary>ODataLib's value for a sequence with no transformation it knows: keeps the shape, filters nothing.</summary>
    public const string Placeholder = "filter(true)";

    public bool IsNative => Name is "aggregate" or "groupby" or "filter" or "compute" or "expand";

    /// <summary>The transformations of an unescaped <c>$apply</c> value, split at top-level slashes.</summary>
    public static List<ApplyStep> Parse(string text)
    {
        var steps = new List<ApplyStep>();
        foreach (string part in Split(text, '/'))
        {
            string trimmed = part.Trim();
            int open = trimmed.IndexOf('(', StringComparison.Ordinal);
            if (open <= 0 || !trimmed.EndsWith(')'))
                throw new BadQueryException($"'{trimmed}' is not a transformation; write name(arguments), e.g. top(5).");
            steps.Add(new ApplyStep(trimmed[..open].Trim().ToLowerInvariant(), trimmed[(open + 1)..^1], trimmed));
        }
        return steps;
    }

    /// <summary>Splits at <paramref name="separator"/> outside parentheses and string literals.</summary>
    public static List<string> Split(string text, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\'')
                quoted = !quoted;
            else if (quoted)
                continue;
            else if (c == '(')
                depth++;
            else if (c == ')' && --depth < 0)
                throw new BadQueryException("$apply has a ')' without its '('.");
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        if (depth != 0 || quoted)
            throw new BadQueryException("$apply has an unclosed '(' or quote.");
        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>
    /// The <c>$apply</c> value to hand ODataLib: the raw value when it knows every step, else only the steps it knows
    /// (the others never change property names, so <c>$filter</c>/<c>$orderby</c> bind the same), or <see cref="Placeholder"/>.
    /// </summary>
    public static string NativeOnly(string raw)
    {
        if (!HasOwnSteps(raw, out var steps))
            return raw;
        var native = steps.Where(s => s.IsNative).Select(s => s.Text).ToList();
        return Uri.EscapeDataString(native.Count == 0 ? Placeholder : string.Join("/", native));
    }

    /// <summary>Whether the raw <c>$apply</c> value has steps ODataLib does not bind (false when it does not even split: ODataLib reports that).</summary>
    public static bool HasOwnSteps(string? raw, out List<ApplyStep> steps)
    {
        steps = [];
        if (raw is null)
            return false;
        try
        {
            steps = Parse(Uri.UnescapeDataString(raw));
        }
        catch (BadQueryException)
        {
            return false;
        }
        return steps.Any(s => !s.IsNative);
    }
}
