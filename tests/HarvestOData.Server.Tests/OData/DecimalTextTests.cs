using System.Globalization;
using System.Text;
using HarvestOData.Server.OData.Serialization;

namespace HarvestOData.Server.Tests.OData;

/// <summary>Edm.Decimal values read from REAL columns print exactly as System.Decimal prints them, fast path or not.</summary>
public sealed class DecimalTextTests
{
    public static TheoryData<double> Values() =>
    [
        0, -0.0, 1, -1, 96.5, 0.1, 0.2, 0.3, 2.73, 0.78, 12.25, 0.0001, -0.0001, -2.75, 110.12, 49.0, 1234.5678,
        99999999999.9999, 100000000000.5, 123456789012345, 0.12345, 1.0 / 3, 2.0 / 3, 1e-10, 7.8e28, -7.8e28, 1e20,
        0.1 + 0.2, 5e-5, 4.99999e-5, 9007199254740993,
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Prints_what_System_Decimal_prints(double value) =>
        Assert.Equal(((decimal)value).ToString(CultureInfo.InvariantCulture), Text(value));

    [Fact]
    public void Every_hour_and_rate_with_up_to_four_decimals_prints_as_written()
    {
        var random = new Random(13);
        for (int i = 0; i < 100_000; i++)
        {
            decimal written = Math.Round((decimal)(random.NextDouble() * 20_000 - 10_000), random.Next(0, 5));
            double stored = (double)written;
            Assert.Equal(((decimal)stored).ToString(CultureInfo.InvariantCulture), Text(stored));
            Assert.Equal(written, decimal.Parse(Text(stored), CultureInfo.InvariantCulture));
        }
    }

    private static string Text(double value)
    {
        Span<byte> buffer = stackalloc byte[DecimalText.MaxLength];
        return Encoding.UTF8.GetString(buffer[..DecimalText.Format(value, buffer)]);
    }
}
