using System.Security.Cryptography;
using HarvestOData.Harvest.Catalog;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>A checksum of every catalog table of a mirror file, to prove a refused write changed nothing.</summary>
public static class MirrorFile
{
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
}
