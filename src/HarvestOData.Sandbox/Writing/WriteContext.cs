using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// One create or update in progress: the row's values as they will be saved (every column), the values before an
/// update, what the caller sent, and the clock. Rules derive and validate on <see cref="Values"/>.
/// </summary>
internal sealed class WriteContext
{
    public required SandboxStore Store { get; init; }

    public required Table Table { get; init; }

    public required CallerScope Scope { get; init; }

    public required WriteInput Input { get; init; }

    public required Dictionary<string, object?> Values { get; init; }

    /// <summary>Null on create.</summary>
    public IReadOnlyDictionary<string, object?>? Before { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>The saved row; set once the row is written (for after-save rules).</summary>
    public int Row { get; set; } = -1;

    public Caller Caller => Scope.Caller;

    public bool IsCreate => Before is null;

    public bool Sent(string column) => Input.Values.ContainsKey(column);

    public bool Changed(string column) => IsCreate ? Values[column] is not null : !Equals(Before![column], Values[column]);

    public object? this[string column]
    {
        get => Values[column];
        set => Values[column] = value;
    }

    public long? Id(string column) => Values[column] as long?;

    public decimal? Decimal(string column) => Values[column] as decimal?;

    public bool Flag(string column) => Values[column] as bool? == true;

    public string? Text(string column) => Values[column] as string;

    public DateOnly? Date(string column) => Values[column] as DateOnly?;

    /// <summary>Sets a value only when the caller did not send one and nothing is there yet.</summary>
    public void Default(string column, object? value)
    {
        if (!Sent(column) && Values[column] is null)
            Values[column] = value;
    }
}
