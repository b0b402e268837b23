using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Messages of invoices and estimates: with an <c>event_type</c> they only change the document's state (no email);
/// without one they are emails and need recipients, and emailing a draft marks it sent. The sender is the caller.
/// A state change bumps the document's updated_at. The accepted event types are the document's catalog actions.
/// </summary>
internal abstract class MessageRules(string documents, string parentColumn) : ResourceRules
{
    private readonly string[] _events = EntityCatalog.Get(documents).EventTypes.ToArray();

    public override void BeforeSave(WriteContext c)
    {
        string? eventType = c.Text("event_type");
        if (eventType is not null && !_events.Contains(eventType))
            throw SandboxProblem.Invalid($"Event type must be one of {string.Join(", ", _events)}");
        if (eventType is null && !HasRecipients(c.Text("recipients")))
            throw SandboxProblem.Invalid("Recipients can't be blank");
        if (c.Text("recipients") is { } recipients && !IsArray(recipients))
            throw SandboxProblem.Invalid("Recipients must be an array of {name, email}");
        c.Default("recipients", "[]");
        var users = c.Store["users"];
        int sender = users.Find(c.Caller.UserId);
        string name = sender >= 0 ? $"{users.Column<StringColumn>("first_name")[sender]} {users.Column<StringColumn>("last_name")[sender]}" : c.Caller.Name;
        string email = sender >= 0 ? users.Column<StringColumn>("email")[sender]! : c.Caller.Email;
        c["sent_by"] = c["sent_from"] = name;
        c["sent_by_email"] = c["sent_from_email"] = email;
        foreach (var flag in c.Table.Resource.Fields.Where(f => f.Type == FieldType.Boolean))
            c.Default(flag.Column, false);
    }

    public override void AfterSave(WriteContext c)
    {
        var table = c.Store[documents];
        int row = table.Find(c.Id(parentColumn)!.Value);
        if (row >= 0)
            Transition(c.Store, table, row, c.Text("event_type"), c.Now);
    }

    /// <summary>The document's new state for the event (null = an email).</summary>
    protected abstract void Transition(SandboxStore store, Table table, int row, string? eventType, DateTimeOffset now);

    protected static void Set(Table table, int row, DateTimeOffset now, params (string Column, object? Value)[] changes)
    {
        foreach (var (column, value) in changes)
            RowValues.Change(table, row, column, value, now);
    }

    private static bool HasRecipients(string? json) => json is not null && ArrayLength(json) > 0;

    private static bool IsArray(string json) => ArrayLength(json) >= 0;

    /// <summary>The length of a JSON array, or -1 when the text is not one.</summary>
    private static int ArrayLength(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : -1;
        }
        catch (JsonException)
        {
            return -1;
        }
    }
}
