using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Estimate events: send (draft → sent), accept, decline, re-open (back to sent).</summary>
internal sealed class EstimateMessageRules() : MessageRules("estimates", "estimate_id")
{
    protected override void Transition(SandboxStore store, Table table, int row, string? eventType, DateTimeOffset now)
    {
        string state = table.Column<StringColumn>("state")[row] ?? "draft";
        switch (eventType)
        {
            case null or "send":
                if (state == "draft")
                    Set(table, row, now, ("state", "sent"));
                if (table.Column<TimestampColumn>("sent_at").IsNull(row))
                    Set(table, row, now, ("sent_at", now));
                break;
            case "accept":
                Set(table, row, now, ("state", "accepted"), ("accepted_at", now), ("declined_at", null));
                break;
            case "decline":
                Set(table, row, now, ("state", "declined"), ("declined_at", now), ("accepted_at", null));
                break;
            case "re-open":
                Set(table, row, now, ("state", "sent"), ("accepted_at", null), ("declined_at", null));
                break;
        }
    }
}
