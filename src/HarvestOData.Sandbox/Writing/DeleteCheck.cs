using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>A row about to be deleted, with the rest of the delete plan, for rules that refuse some deletes.</summary>
internal sealed record DeleteCheck(SandboxStore Store, Table Table, int Row, Caller Caller, Func<string, int, bool> IsPlanned)
{
    /// <summary>Whether a live row of <paramref name="resource"/> matching every condition survives the delete.</summary>
    public bool Survivor(string resource, params (string Column, long Value)[] conditions)
    {
        var table = Store[resource];
        var columns = conditions.Select(c => (Column: table.Column<LongColumn>(c.Column), c.Value)).ToArray();
        foreach (int row in table.LiveRows())
        {
            if (!IsPlanned(resource, row) && columns.All(c => c.Column.Nullable(row) == c.Value))
                return true;
        }
        return false;
    }
}
