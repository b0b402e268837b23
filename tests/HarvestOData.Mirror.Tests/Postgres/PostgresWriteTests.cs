using System.Data.Common;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>Write transactions on PostgreSQL: the server keeps writers apart by row, so one process does not queue them.</summary>
public sealed class PostgresWriteTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_page_write_commits_while_another_pass_of_the_same_process_still_has_its_transaction_open()
    {
        using var store = await TestStore.CreateAsync(provider: MirrorDialect.PostgresProvider);
        var firstOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstMayCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = store.Database.WriteAsync(async (connection, transaction) =>
        {
            await QueueAsync(connection, transaction, "task_assignments", 1);
            firstOpen.SetResult();
            await firstMayCommit.Task;
        });
        await firstOpen.Task.WaitAsync(Patience);

        // Queued behind the first (as on SQLite, or as one process's writes were on PostgreSQL), this never finished
        // before the first committed: every pass waited on every other's page write.
        var second = store.Database.WriteAsync((connection, transaction) => QueueAsync(connection, transaction, "user_assignments", 2));
        await second.WaitAsync(Patience);
        Assert.False(first.IsCompleted);
        Assert.Equal([[2L]], await store.QueryAsync($"SELECT parent_id FROM {SyncTables.ParentQueue}"));

        firstMayCommit.SetResult();
        await first.WaitAsync(Patience);
        Assert.Equal([[1L], [2L]], await store.QueryAsync($"SELECT parent_id FROM {SyncTables.ParentQueue} ORDER BY parent_id"));
    }

    private static async Task QueueAsync(DbConnection connection, DbTransaction transaction, string resource, long parentId)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {SyncTables.ParentQueue} (resource, parent_id) VALUES (@resource, @parent)";
        command.AddParameter("@resource", resource);
        command.AddParameter("@parent", parentId);
        await command.ExecuteNonQueryAsync();
    }
}
