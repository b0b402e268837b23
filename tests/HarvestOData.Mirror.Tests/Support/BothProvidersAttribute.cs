using System.Reflection;
using HarvestOData.Mirror.Store;
using Xunit.Sdk;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>
/// Runs a theory once per <c>Mirror:Provider</c> (its one argument is the provider name): the store and sync are one
/// implementation, so the same test states the same behaviour on SQLite and on PostgreSQL.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothProvidersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        [[MirrorDialect.SqliteProvider], [MirrorDialect.PostgresProvider]];
}
