using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reading;

/// <summary>
/// Cuts a filtered, ordered list into Harvest's pages. Page-number mode is offset based (rows created or deleted
/// mid-walk shift later pages, as in Harvest). Cursor mode is keyset on id, so a walk never repeats a row; its
/// <c>page</c>/<c>next_page</c>/<c>previous_page</c> are null except on the first and last page (docs/harvest.md#paging).
/// Links keep the caller's other parameters; parameters are sorted by name as Harvest's links are.
/// </summary>
internal static class Pager
{
    public static ListPage Cut(Table table, IReadOnlyList<int> rows, ListParameters parameters, string listUri)
    {
        bool cursorMode = table.Resource.Paging == Paging.Cursor && (parameters.Cursor is not null || parameters.Page is null);
        int perPage = parameters.PerPage;
        int total = rows.Count;
        int totalPages = Math.Max(1, (total + perPage - 1) / perPage);
        string Link(params (string Key, string Value)[] paging) => Build(listUri, parameters.Filters, paging);
        string perPageText = perPage.ToString(CultureInfo.InvariantCulture);
        string PageLink(int page, string? reference) => reference is null
            ? Link(("page", Text(page)), ("per_page", perPageText))
            : Link(("page", Text(page)), ("per_page", perPageText), ("ref", reference));

        if (!cursorMode)
        {
            int page = parameters.Page ?? 1;
            long start = (long)(page - 1) * perPage;
            var slice = Slice(rows, (int)Math.Min(start, total), perPage);
            int? next = page < totalPages ? page + 1 : null;
            int? previous = page > 1 ? page - 1 : null;
            return new ListPage(slice, perPage, totalPages, total, next, previous, page,
                PageLink(1, null), next is { } n ? PageLink(n, null) : null, previous is { } p ? PageLink(p, null) : null, PageLink(totalPages, null));
        }

        int first = parameters.Cursor is { } cursor ? Position(table, rows, cursor, perPage) : 0;
        var pageRows = Slice(rows, first, perPage);
        bool isFirst = first == 0;
        bool isLast = first + perPage >= total;
        string CursorLink(Cursor c, string reference) =>
            Link(("cursor", c.Encode()), ("per_page", perPageText), ("ref", reference));
        string? nextLink = !isLast && pageRows.Length > 0 ? CursorLink(new Cursor(true, table.Ids[pageRows[^1]]), "next_cursor") : null;
        string? previousLink = !isFirst && pageRows.Length > 0 ? CursorLink(new Cursor(false, table.Ids[pageRows[0]]), "previous_cursor") : null;
        int? pageNumber = isFirst ? 1 : isLast ? totalPages : null;
        int? nextPage = isFirst && !isLast ? 2 : null;
        int? previousPage = isLast && !isFirst && totalPages > 1 ? totalPages - 1 : null;
        return new ListPage(pageRows, perPage, totalPages, total, nextPage, previousPage, pageNumber,
            PageLink(1, "first"), nextLink, previousLink, PageLink(totalPages, "last"));
    }

    /// <summary>Index of the first row of the page a cursor points at.</summary>
    private static int Position(Table table, IReadOnlyList<int> rows, Cursor cursor, int perPage)
    {
        var ids = table.Ids;
        if (RowOrder.IsIdDescending(table.Resource))
        {
            // First index whose id is below the cursor's (ids descend along the list).
            int low = 0, high = rows.Count;
            while (low < high)
            {
                int middle = (low + high) >> 1;
                if (ids[rows[middle]] >= cursor.Id)
                    low = middle + 1;
                else
                    high = middle;
            }
            if (cursor.After)
                return low;
            int end = low > 0 && ids[rows[low - 1]] == cursor.Id ? low - 1 : low;
            return Math.Max(0, end - perPage);
        }
        int at = -1;
        for (int i = 0; i < rows.Count && at < 0; i++)
        {
            if (ids[rows[i]] == cursor.Id)
                at = i;
        }
        if (at < 0)
            return cursor.After ? rows.Count : 0;
        return cursor.After ? at + 1 : Math.Max(0, at - perPage);
    }

    private static int[] Slice(IReadOnlyList<int> rows, int start, int count)
    {
        int length = Math.Max(0, Math.Min(count, rows.Count - start));
        var slice = new int[length];
        for (int i = 0; i < length; i++)
            slice[i] = rows[start + i];
        return slice;
    }

    private static string Build(string listUri, IReadOnlyDictionary<string, string> filters, (string Key, string Value)[] paging)
    {
        var parts = filters.Select(f => (f.Key, f.Value)).Concat(paging).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}");
        return listUri + "?" + string.Join('&', parts);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
