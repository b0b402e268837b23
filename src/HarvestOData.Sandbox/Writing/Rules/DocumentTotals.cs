namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Harvest's document arithmetic, checked against the official examples: the discount is a percentage of the
/// subtotal; each tax is a percentage of its taxed items after the discount (300 − 10 % = 270; 5 % → 13.5).
/// </summary>
internal static class DocumentTotals
{
    public static (decimal Amount, decimal Discount, decimal Tax, decimal Tax2) Compute(
        IEnumerable<(decimal Amount, bool Taxed, bool Taxed2)> items, decimal? tax, decimal? tax2, decimal? discount)
    {
        decimal subtotal = 0, taxedBase = 0, taxed2Base = 0;
        foreach (var (amount, taxed, taxed2) in items)
        {
            subtotal += amount;
            taxedBase += taxed ? amount : 0;
            taxed2Base += taxed2 ? amount : 0;
        }
        decimal percent = discount ?? 0;
        decimal factor = 1 - (percent / 100);
        decimal discountAmount = Math.Round(subtotal * percent / 100, 2);
        decimal taxAmount = Math.Round(taxedBase * factor * (tax ?? 0) / 100, 2);
        decimal tax2Amount = Math.Round(taxed2Base * factor * (tax2 ?? 0) / 100, 2);
        return (subtotal - discountAmount + taxAmount + tax2Amount, discountAmount, taxAmount, tax2Amount);
    }
}
