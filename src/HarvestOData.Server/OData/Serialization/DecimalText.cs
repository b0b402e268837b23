using System.Buffers.Text;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// The JSON text of a REAL column served as Edm.Decimal: exactly what <c>(decimal)value</c> prints (15 significant
/// digits, no exponent, no trailing zeros: 96.5, 0.1, 2), without the decimal conversion on the common path. Hours,
/// rates and amounts have at most four decimals; such a value is the double nearest to <c>m / 10⁴</c> for an integer
/// <c>m</c>, and that quotient is what 15 significant digits round it to, so it is printed from <c>m</c> directly.
/// A full read writes five of these per time entry, and the decimal conversion was the costliest step per value.
/// </summary>
public static class DecimalText
{
    /// <summary>Room for any value <see cref="TryFormat"/> writes (a 29-digit decimal, its sign and its point).</summary>
    public const int MaxLength = 40;

    private const double Scale = 10_000;

    /// <summary>Writes the text into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes).</summary>
    public static int Format(double value, Span<byte> destination)
    {
        double scaled = Math.Round(value * Scale);
        // Below 1e11, m has at most 15 digits: the 15-digit rounding cannot land anywhere but on m / 10⁴.
        if (Math.Abs(value) < 1e11 && scaled / Scale == value)
            return FormatScaled((long)scaled, destination);
        Utf8Formatter.TryFormat((decimal)value, destination, out int written);
        return written;
    }

    private static int FormatScaled(long scaled, Span<byte> destination)
    {
        int at = 0;
        if (scaled < 0)
            destination[at++] = (byte)'-';
        ulong magnitude = (ulong)Math.Abs(scaled);
        Utf8Formatter.TryFormat(magnitude / (ulong)Scale, destination[at..], out int written);
        at += written;
        uint fraction = (uint)(magnitude % (ulong)Scale);
        if (fraction == 0)
            return at;
        int digits = 4;
        for (; fraction % 10 == 0; fraction /= 10)
            digits--;
        destination[at++] = (byte)'.';
        for (int i = digits - 1; i >= 0; i--, fraction /= 10)
            destination[at + i] = (byte)('0' + fraction % 10);
        return at + digits;
    }
}
