namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// An extra verb on one record. Either a call of its own (<c>PATCH time_entries/{id}/stop</c>), or a state change that
/// Harvest takes as a message with an <c>event_type</c> posted to the record's messages
/// (<c>POST invoices/{id}/messages</c> with <c>{"event_type": "close"}</c>): then <see cref="EventType"/> is set.
/// OData serves each as a bound action named <c>Naming.Pascal(Name)</c> (<c>mark_as_draft</c> → <c>MarkAsDraft</c>).
/// </summary>
public sealed record HarvestAction(string Name, string Method, string PathTemplate, string? EventType = null)
{
    /// <summary>True for a state change posted as a message rather than a call of its own.</summary>
    public bool IsMessageEvent => EventType is not null;
}
