using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// A per-resource lease in <c>sync_state</c> (<c>lease_owner</c>, <c>lease_until</c>): two runners (two processes, a
/// scheduler recovery, a CLI run next to a server) never pass the same resource at once, whatever the job engine does.
/// Renewed in every page transaction; a runner that lost it rolls its page back.
/// </summary>
public sealed class SyncLease(MirrorDatabase database, TimeProvider time, IOptions<SyncOptions> options)
{
    private static readonly string Owner = SyncStateColumns.LeaseOwner.Sql;
    private static readonly string Until = SyncStateColumns.LeaseUntil.Sql;

    private static readonly string ThisProcess = $"{Environment.MachineName}/{Environment.ProcessId}/{StartTicks(Process.GetCurrentProcess())}";

    /// <summary>A fresh owner name: host, process (id and start time) and a random part (two runners in one process differ too).</summary>
    public static string NewOwner() => $"{ThisProcess}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Takes the lease when it is free, expired, already ours, or held by a process of this host that no longer runs
    /// (killed mid-pass: its restart should not wait for the lease to expire).
    /// </summary>
    public Task<bool> TryAcquireAsync(string resource, string owner, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
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
            if (holder is null || !IsDeadLocalProcess(holder))
                return false;
            command.Parameters["@dead"].Value = holder;
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

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

    public Task ReleaseAsync(string resource, string owner) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {SyncTables.State} SET {Owner} = NULL, {Until} = NULL WHERE resource = @resource AND {Owner} = @owner;";
            command.AddParameter("@resource", resource);
            command.AddParameter("@owner", owner);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, CancellationToken.None);
}

/// <summary>The lease expired and another runner took the resource; this runner's page was rolled back.</summary>
public sealed class SyncLeaseLostException(string resource)
    : Exception($"The sync lease on '{resource}' was taken over by another runner.");
