using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Writes.Mirror;
using HarvestOData.Server.Writes.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// Write-back and a sync page that write the same rows at once, on PostgreSQL, where writers of one process run side by
/// side: each takes its rows in id order, so one waits for the other instead of the two deadlocking.
/// </summary>
public sealed class WriteBackRaceTests(PostgresWriteFixture fixture) : IClassFixture<PostgresWriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_write_back_of_two_rows_waits_for_a_sync_page_holding_them_and_both_commit()
    {
        var services = fixture.Factory.Services;
        var database = services.GetRequiredService<MirrorDatabase>();
        var writeBack = services.GetRequiredService<MirrorWriteBack>();
        var entries = fixture.Sandbox.Data.Rows("time_entries");
        HarvestRecord low = entries[0], high = entries[1];
        var upsert = PageUpsert.For(low.Resource);
        var pageHoldsLow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A sync page that has written the lower row and goes on to the higher one once write-back is waiting on a lock.
        var page = database.WriteAsync(async (connection, transaction) =>
        {
            await upsert.UpsertAsync(connection, transaction, [WithNotes(low, "sync")]);
            pageHoldsLow.SetResult();
            await WaitForABlockedWriterAsync(database);
            await upsert.UpsertAsync(connection, transaction, [WithNotes(high, "sync")]);
        });
        await pageHoldsLow.Task.WaitAsync(Patience);

        // Starting a timer writes the new entry and then the one it stopped: higher id first. Taken in that order, the
        // write-back held the higher row while waiting for the lower, and the page waited for the higher: a deadlock,
        // which PostgreSQL broke by failing one of them (the mirror missed the write until the next sync).
        bool applied = await writeBack.ApplyAsync([new MirrorEdit.Upsert(WithNotes(high, "write-back")), new MirrorEdit.Upsert(WithNotes(low, "write-back"))],
            "race test", CancellationToken.None).WaitAsync(Patience);
        await page.WaitAsync(Patience);

        Assert.True(applied);
        Assert.Equal("write-back", await NotesAsync(database, low.Id));
        Assert.Equal("write-back", await NotesAsync(database, high.Id));
    }

    private static HarvestRecord WithNotes(HarvestRecord row, string notes)
    {
        var copy = new HarvestRecord(row.Resource);
        foreach (var (column, value) in row.Values)
            copy[column] = value;
        copy["notes"] = notes;
        return copy;
    }

    private static async Task WaitForABlockedWriterAsync(MirrorDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < Patience; await Task.Delay(20))
        {
            if ((long)(await command.ExecuteScalarAsync())! > 0)
                return;
        }
        throw new TimeoutException("Write-back never waited on the page's row.");
    }

    private static async Task<string?> NotesAsync(MirrorDatabase database, long id)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT notes FROM time_entries WHERE id = {id}";
        return (string?)await command.ExecuteScalarAsync();
    }
}
