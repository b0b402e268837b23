using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Writes;
using HarvestOData.Server.OData.Writes.Idempotency;

namespace HarvestOData.Server.Writes.Tests.Units;

/// <summary>On a PostgreSQL mirror the remembered answers live in the mirror's database: every node replays them.</summary>
public sealed class PostgresIdempotencyTests
{
    [Fact]
    public async Task An_answer_saved_by_one_node_is_replayed_by_another_until_it_expires()
    {
        var mirror = new MirrorOptions { Provider = MirrorDialect.PostgresProvider, ConnectionString = PostgresCluster.Shared.CreateDatabase("idempotency") };
        var database = new MirrorDatabase(Microsoft.Extensions.Options.Options.Create(mirror));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = Microsoft.Extensions.Options.Options.Create(new WriteOptions { IdempotencyHours = 24 });
        using var first = new IdempotencyStore(options, mirror, database, time);
        using var second = new IdempotencyStore(options, mirror, database, time);

        var answer = new WriteResponse(201) { Body = "{\"Id\":5}"u8.ToArray() };
        answer.Headers["Location"] = "/odata/TimeEntries(5)";
        await first.SaveAsync("key-hash", "fingerprint", answer, CancellationToken.None);

        var replayed = await second.FindAsync("key-hash", CancellationToken.None);
        Assert.NotNull(replayed);
        Assert.Equal(("fingerprint", 201, "/odata/TimeEntries(5)"), (replayed.Fingerprint, replayed.Status, replayed.Headers["Location"]));
        Assert.Equal(answer.Body, replayed.Body);

        time.Advance(TimeSpan.FromHours(25));
        Assert.Null(await second.FindAsync("key-hash", CancellationToken.None));
    }
}
