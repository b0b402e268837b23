using System.Text;
using HarvestOData.Server.OData.Writes;
using HarvestOData.Server.OData.Writes.Bodies;

namespace HarvestOData.Server.Writes.Tests.Units;

public sealed class DeltaSyntaxTests
{
    private static string Normalize(string json) => Encoding.UTF8.GetString(DeltaSyntax.Normalize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Short_4_01_control_names_get_the_odata_prefix()
    {
        string normalized = Normalize("""{"Items@delta":[{"@removed":{"reason":"deleted"},"@id":"Items(7)"}],"Project@bind":"Projects(1)"}""");
        Assert.Equal("""{"Items@odata.delta":[{"@odata.removed":{"reason":"deleted"},"@odata.id":"Items(7)"}],"Project@odata.bind":"Projects(1)"}""", normalized);
    }

    [Fact]
    public void A_body_without_short_forms_is_left_alone()
    {
        const string body = """{"Notes":"a @ sign","Hours":1.50}""";
        Assert.Equal(body, Normalize(body));
    }

    [Fact]
    public void A_removed_entry_without_an_id_is_refused()
    {
        var refused = Assert.Throws<WriteException>(() => Normalize("""{"Items@delta":[{"@removed":{},"Id":7}]}"""));
        Assert.Equal(400, refused.Status);
        Assert.Contains("@id", refused.Message);
    }
}
