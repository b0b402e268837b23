using System.Security.Cryptography;
using HarvestOData.Harvest.Catalog;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Server.Tests.Support;

/// <summary>Temporary mirror files and a checksum of every catalog table's content (to prove reads never write).</summary>
public static class MirrorFile
{
    public static string NewPath()
    {
        string folder = Path.Combine(Path.GetTempPath(), "harvestodata-server-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db");
    }

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: a temp file left behind is harmless.
            }
        }
    }

    public static async Task<string> ChecksumAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tables = EntityCatalog.All.Select(r => r.Name).Concat(EntityCatalog.All.SelectMany(r => r.Links).Select(l => l.Table));
        foreach (string table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) + "\u001f"));
                hash.AppendData("\n"u8);
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>A consistent copy of a mirror (a test that mutates rows works on its own copy).</summary>
    public static async Task<string> CopyAsync(string path)
    {
        string copy = NewPath();
        await using var source = new SqliteConnection($"Data Source={path};Pooling=False");
        await source.OpenAsync();
        await using var command = source.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", copy);
        await command.ExecuteNonQueryAsync();
        await using var target = new SqliteConnection($"Data Source={copy};Pooling=False");
        await target.OpenAsync();
        await using var wal = target.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL";
        await wal.ExecuteNonQueryAsync();
        return copy;
    }
}
