using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// A per-resource lease in <c>sync_state</c> (<c>lease_owner</c>, <c>lease_until</c>): two runners (two processes, a
/// scheduler recovery, a CLI run next to a server, two nodes on one PostgreSQL database) never pass the same resource at
/// once, whatever the job engine does. Taken by one atomic <c>UPDATE … WHERE free or expired</c>, renewed in every page
/// transaction; a runner that lost it rolls its page back. A holder that is provably dead is not waited for: a process
/// of this host that no longer runs, or (PostgreSQL) an owner whose liveness session the database has closed.
/// </summary>
public sealed class SyncLease(MirrorDatabase database, TimeProvider time, IOptions<SyncOptions> options) : IAsyncDisposable
{
    private static readonly string Owner = SyncStateColumns.LeaseOwner.Sql;
    private static readonly string Until = SyncStateColumns.LeaseUntil.Sql;

    private static readonly string ThisProcess = $"{Environment.MachineName}/{Environment.ProcessId}/{StartTicks(Process.GetCurrentProcess())}";

    /// <summary>
    /// The liveness sessions of the owners this instance is acquiring or holds leases for (PostgreSQL only), and the lock
    /// that guards this map and every entry's counts.
    /// </summary>
    private readonly Dictionary<string, Liveness> _alive = new(StringComparer.Ordinal);

    /// <summary>A fresh owner name: host, process (id and start time) and a random part (two runners in one process differ too).</summary>
    public static string NewOwner() => $"{ThisProcess}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Takes the lease when it is free, expired, already ours, or held by a runner that is dead: a process of this host
    /// that no longer runs (killed mid-pass: its restart should not wait for the lease to expire), or on PostgreSQL an
    /// owner whose session ended (another node killed or cut off).
    /// </summary>
    /// <remarks>
    /// On PostgreSQL the owner's liveness session is opened before its name is written: another runner that finds the
    /// name in <c>sync_state</c> must never find it without a session, or it would take the lease of a runner that has
    /// just won it as one whose process died.
    /// </remarks>
    public async Task<bool> TryAcquireAsync(string resource, string owner, CancellationToken cancellationToken)
    {
        var session = Enter(owner);
        bool acquired = false;
        try
        {
            if (session is not null)
                await session.WaitAsync(cancellationToken);
            acquired = await database.WriteAsync(async (connection, transaction) =>
            {
                var now = time.GetUtcNow();
                await SyncStateStore.UpdateAsync(connection, transaction, resource, cancellationToken);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"UPDATE {SyncTables.State} SET {Owner} = @owner, {Until} = @until WHERE resource = @resource"
                    + $" AND ({Owner} IS NULL OR {Owner} = @owner OR {Owner} = @dead OR {Until} IS NULL OR {Until} <= @now);";
                command.AddParameter("@owner", owner);
                command.AddParameter("@until", database.Dialect.ToStorage(FieldType.Timestamp, now + options.Value.LeaseDuration));
                command.AddParameter("@now", database.Dialect.ToStorage(FieldType.Timestamp, now));
                command.AddParameter("@resource", resource);
                command.AddParameter("@dead", DBNull.Value);
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
                    return true;
                var holder = (await SyncStateStore.ReadAsync(connection, transaction, resource, cancellationToken)).LeaseOwner;
                if (holder is null || !(IsDeadLocalProcess(holder) || await IsGoneAsync(connection, transaction, holder, cancellationToken)))
                    return false;
                command.Parameters["@dead"].Value = holder;
                return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            }, cancellationToken);
            return acquired;
        }
        finally
        {
            if (session is not null)
                await ExitAsync(owner, acquired);
        }
    }

    /// <summary>Whether the database knows <paramref name="holder"/>'s liveness session has ended.</summary>
    private async Task<bool> IsGoneAsync(DbConnection connection, DbTransaction transaction, string holder, CancellationToken cancellationToken)
    {
        if (database.Dialect.OwnerGoneSql is not { } sql)
            return false;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@owner", holder);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// Counts one more acquisition by <paramref name="owner"/> and returns its liveness session, opening it for the first
    /// (one session per owner, however many of its acquisitions run at once: a second session would wait on the first's
    /// lock); null where the database has no liveness sessions.
    /// </summary>
    private Task<DbConnection>? Enter(string owner)
    {
        if (database.Dialect.HoldOwnerSql is null)
            return null;
        lock (_alive)
        {
            if (!_alive.TryGetValue(owner, out var liveness))
                _alive[owner] = liveness = new Liveness(Task.Run(() => HoldAsync(owner)));   // opened outside this lock
            liveness.Acquiring++;
            return liveness.Session;
        }
    }

    /// <summary>
    /// Ends one acquisition by <paramref name="owner"/>. The session stays while the owner holds a lease (until
    /// <see cref="ReleaseAsync"/>) or another of its acquisitions runs, and is closed otherwise.
    /// </summary>
    private Task ExitAsync(string owner, bool acquired) => SettleAsync(owner, liveness =>
    {
        liveness.Acquiring--;
        liveness.Holds |= acquired;
    });

    /// <summary>Opens a session marked as <paramref name="owner"/>'s live holder. Not cancelled: acquisitions that share it wait with their own tokens.</summary>
    private async Task<DbConnection> HoldAsync(string owner)
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = database.Dialect.HoldOwnerSql!;
            command.AddParameter("@owner", owner);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends <paramref name="owner"/>'s liveness session, once no acquisition of it runs any more.</summary>
    private Task LetGoAsync(string owner) => SettleAsync(owner, liveness => liveness.Holds = false);

    /// <summary>Applies <paramref name="change"/> to <paramref name="owner"/>'s session and closes it when nothing keeps it open any more.</summary>
    private async Task SettleAsync(string owner, Action<Liveness> change)
    {
        Task<DbConnection> session;
        lock (_alive)
        {
            if (!_alive.TryGetValue(owner, out var liveness))
                return;
            change(liveness);
            if (liveness.Acquiring > 0 || liveness.Holds)
                return;
            _alive.Remove(owner);
            session = liveness.Session;
        }
        await CloseAsync(owner, session);
    }

    private async Task CloseAsync(string owner, Task<DbConnection> session)
    {
        DbConnection connection;
        try
        {
            connection = await session;
        }
        catch (Exception) when (session.IsFaulted)
        {
            return; // never opened: nothing to end (the acquisitions that waited on it saw the error)
        }
        await using (connection)
        {
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = database.Dialect.ReleaseOwnerSql!;
                command.AddParameter("@owner", owner);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (DbException)
            {
                // The session is gone already, and its lock with it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<string> owners;
        lock (_alive)
            owners = [.. _alive.Keys];
        foreach (string owner in owners)
            await LetGoAsync(owner);
    }

    /// <summary>Whether <paramref name="owner"/> names a process of this host that has exited (its id is gone or now belongs to a later process).</summary>
    internal static bool IsDeadLocalProcess(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int pid))
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            string started = StartTicks(process);
            // An unreadable start time proves nothing: treat the holder as alive.
            return started != "0" && parts[2] != "0" && started != parts[2];
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    private static string StartTicks(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return "0";
        }
    }

    /// <summary>Extends the lease inside a page transaction; throws <see cref="SyncLeaseLostException"/> when another runner holds it.</summary>
    public async Task RenewAsync(DbConnection connection, DbTransaction transaction, string resource, string owner, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {SyncTables.State} SET {Until} = @until WHERE resource = @resource AND {Owner} = @owner;";
        command.AddParameter("@until", database.Dialect.ToStorage(FieldType.Timestamp, time.GetUtcNow() + options.Value.LeaseDuration));
        command.AddParameter("@resource", resource);
        command.AddParameter("@owner", owner);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new SyncLeaseLostException(resource);
    }

    public async Task ReleaseAsync(string resource, string owner)
    {
        try
        {
            await database.WriteAsync(async (connection, transaction) =>
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"UPDATE {SyncTables.State} SET {Owner} = NULL, {Until} = NULL WHERE resource = @resource AND {Owner} = @owner;";
                command.AddParameter("@resource", resource);
                command.AddParameter("@owner", owner);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }, CancellationToken.None);
        }
        finally
        {
            // Owners are one per pass (NewOwner), so the pass's end is its owner's end, whichever resources it held.
            await LetGoAsync(owner);
        }
    }

    /// <summary>An owner's liveness session, and what keeps it open; guarded by the lock on <see cref="_alive"/>.</summary>
    private sealed class Liveness(Task<DbConnection> session)
    {
        public Task<DbConnection> Session { get; } = session;

        /// <summary>The owner's acquisitions under way.</summary>
        public int Acquiring { get; set; }

        /// <summary>Whether the owner won a lease it has not released.</summary>
        public bool Holds { get; set; }
    }
}

/// <summary>The lease expired and another runner took the resource; this runner's page was rolled back.</summary>
public sealed class SyncLeaseLostException(string resource)
    : Exception($"The sync lease on '{resource}' was taken over by another runner.");
