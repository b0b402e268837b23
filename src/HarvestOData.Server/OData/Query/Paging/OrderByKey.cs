using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query.Paging;

/// <summary>
/// One ORDER BY key of a feed: its SQL, its direction and its type, which PostgreSQL needs to compare a skip token's
/// value (read back from a row as ISO text, 1/0 or a double) with the key again (<see cref="Keyset"/>). A key that is
/// never null (<paramref name="NotNull"/>: the entity key every feed ends its order with) needs no NULLS FIRST, which on
/// PostgreSQL would keep its primary-key index from giving the order and sort the whole result for every page.
/// </summary>
public sealed record OrderByKey(string Sql, bool Descending, EdmPrimitiveTypeKind Kind, bool NotNull = false)
{
    public static EdmPrimitiveTypeKind KindOf(IEdmTypeReference? type) =>
        type is not null && type.IsPrimitive() ? type.AsPrimitive().PrimitiveKind() : EdmPrimitiveTypeKind.None;
}
