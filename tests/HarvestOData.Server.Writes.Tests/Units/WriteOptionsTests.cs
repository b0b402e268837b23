using HarvestOData.Server.OData.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Writes.Tests.Units;

public sealed class WriteOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new WriteOptions().Validate());
    }

    [Theory]
    [InlineData(nameof(WriteOptions.ThrottleWaitSeconds), -1)]
    [InlineData(nameof(WriteOptions.MaxBatchRequests), 0)]
    [InlineData(nameof(WriteOptions.BatchConcurrency), 65)]
    [InlineData(nameof(WriteOptions.IdempotencyHours), 0)]
    [InlineData(nameof(WriteOptions.MaxBodyBytes), 10)]
    public void A_bad_setting_is_reported_with_its_configuration_key(string key, double value)
    {
        var options = new WriteOptions();
        var property = typeof(WriteOptions).GetProperty(key)!;
        property.SetValue(options, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(options.Validate(), problem => problem.StartsWith($"OData:Writes:{key} ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_setting_fails_options_validation_naming_its_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OData:Writes:BatchConcurrency"] = "0" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddODataWrites();
        using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WriteOptions>>().Value);
        Assert.Contains("OData:Writes:BatchConcurrency", failure.Message);
    }
}
