namespace HarvestOData.Harvest.Catalog;

/// <summary>How a Harvest field is typed, stored and served.</summary>
public enum FieldType
{
    /// <summary>A Harvest id: 64-bit integer (time entry ids are documented as bigint).</summary>
    Id,
    /// <summary>A whole number that is not an id (seconds of weekly capacity, file sizes).</summary>
    Integer,
    /// <summary>Hours, money, quantities and percentages: JSON numbers, stored as REAL, served as Edm.Decimal.</summary>
    Decimal,
    Boolean,
    String,
    /// <summary>A day without time, <c>"2017-03-02"</c>.</summary>
    Date,
    /// <summary>An instant in UTC with second precision, <c>"2017-06-27T15:50:15Z"</c>.</summary>
    Timestamp,
    /// <summary>A wall-clock string such as <c>"3:00pm"</c> or <c>"15:00"</c>; not a datetime (airbyte#15312).</summary>
    ClockTime,
    /// <summary>A JSON array of strings, stored as one text joined with <see cref="HarvestField.ListSeparator"/>.</summary>
    StringList,
    /// <summary>A JSON value kept verbatim as compact JSON text (message recipients).</summary>
    Json,
}
