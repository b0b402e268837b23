namespace HarvestOData.Bench.OData;

/// <summary>
/// Prints figures and bars, and remembers failures for the exit code. A ratio is taken within one round (the contenders
/// ran back to back under the same load), so a bar is judged on the median of those in-round ratios, never on ratios of
/// bests taken minutes apart.
/// </summary>
internal sealed class BenchResults(TextWriter log)
{
    private readonly Dictionary<string, List<double>> _ratios = [];

    public bool Failed { get; private set; }

    public void Line(string name, string text) => log.WriteLine($"  {name,-44} {text}");

    /// <summary>Records one in-round ratio under <paramref name="name"/>.</summary>
    public void Ratio(string name, double value)
    {
        if (!_ratios.TryGetValue(name, out var values))
            _ratios[name] = values = [];
        values.Add(value);
    }

    /// <summary>Prints min/median/max of the ratios recorded under <paramref name="name"/> and judges the median.</summary>
    public void RatioBar(string name, string bar, Func<double, bool> ok)
    {
        var (min, median, max) = Spread(name);
        bool pass = ok(median);
        Failed |= !pass;
        log.WriteLine($"  {name,-44} min {min,6:F2}  median {median,6:F2}  max {max,6:F2}   bar {bar,-7} {(pass ? "PASS" : "FAIL")}");
    }

    /// <summary>Prints min/median/max of the ratios recorded under <paramref name="name"/>, with no bar: context for one.</summary>
    public void RatioNote(string name, string note)
    {
        var (min, median, max) = Spread(name);
        log.WriteLine($"  {name,-44} min {min,6:F2}  median {median,6:F2}  max {max,6:F2}   ({note})");
    }

    private (double Min, double Median, double Max) Spread(string name)
    {
        var values = _ratios[name].Order().ToArray();
        double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
        return (values[0], median, values[^1]);
    }

    public void Bar(string name, double value, string bar, Func<double, bool> ok)
    {
        bool pass = ok(value);
        Failed |= !pass;
        log.WriteLine($"  {name,-44} {value,10:F2}   bar {bar,-7} {(pass ? "PASS" : "FAIL")}");
    }
}
