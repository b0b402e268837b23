using Microsoft.OData;

namespace HarvestOData.Server.OData.Model;

/// <summary>
/// ODataLib 8 still hands Edm.Date and Edm.TimeOfDay values over as its own <c>Date</c>/<c>TimeOfDay</c> types, marked
/// obsolete in favour of <see cref="DateOnly"/>/<see cref="TimeOnly"/> (ODataLib 9). This is the one place that reads
/// them, so the rest of the server works with the BCL types only.
/// </summary>
public static class EdmValues
{
#pragma warning disable CS0618 // The obsolete ODataLib types are what ODataLib 8 produces; converted here, once.
    /// <summary>The value with ODataLib's date and time-of-day types replaced by <see cref="DateOnly"/>/<see cref="TimeOnly"/>.</summary>
    public static object? Normalize(object? value) => value switch
    {
        Microsoft.OData.Edm.Date d => new DateOnly(d.Year, d.Month, d.Day),
        Microsoft.OData.Edm.TimeOfDay t => new TimeOnly(t.Hours, t.Minutes, t.Seconds, (int)t.Milliseconds),
        _ => value,
    };
#pragma warning restore CS0618

    /// <summary>The value of a property read from a body; a property without one (an annotation-only entry) is null.</summary>
    public static object? ValueOf(ODataPropertyInfo property) => property is ODataProperty p ? Normalize(p.Value) : null;
}
