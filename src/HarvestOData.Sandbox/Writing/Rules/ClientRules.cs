namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Clients: Harvest issues the statement key; a client goes with its contacts (projects, invoices and estimates refuse the delete).</summary>
internal sealed class ClientRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (c.IsCreate)
        {
            c["statement_key"] = Keys.Hex(c.Table.NextId, "statement", 32);
            c.Default("currency", "USD");
        }
        if (c.Text("name") is { Length: 0 })
            throw Protocol.SandboxProblem.Invalid("Name can't be blank");
    }

    public override IEnumerable<(string Resource, string Column)> AlsoDeletes => [("contacts", "client_id")];
}
