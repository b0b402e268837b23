using System.Runtime.InteropServices;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// SQLite's column accessors called straight on the statement pointer. A feed reads two columns calls per value
/// (type, then value), 70 million calls for a million time entries; through SQLitePCLRaw each one takes and
/// releases the statement's SafeHandle and makes a full GC transition, which cost a quarter of the server's time
/// streaming the full table. These accessors only read the current row from memory, never block and never call back,
/// which is exactly what <see cref="SuppressGCTransitionAttribute"/> requires.
/// </summary>
/// <remarks>The same native library SQLitePCLRaw loaded (<c>e_sqlite3</c> from the bundle), so the pointer is valid in both.</remarks>
internal static partial class SqliteColumns
{
    private const string Library = "e_sqlite3";

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    [SuppressGCTransition]
    public static partial int Type(nint statement, int ordinal);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    public static partial long Int64(nint statement, int ordinal);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_double")]
    [SuppressGCTransition]
    public static partial double Double(nint statement, int ordinal);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_text")]
    [SuppressGCTransition]
    private static partial nint Text(nint statement, int ordinal);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    private static partial int Bytes(nint statement, int ordinal);

    /// <summary>The column's UTF-8 text; valid until the statement steps, resets or is finalized.</summary>
    public static unsafe ReadOnlySpan<byte> Utf8(nint statement, int ordinal)
    {
        // sqlite3_column_text before sqlite3_column_bytes, as SQLite's documentation asks: the length is then the text's.
        nint text = Text(statement, ordinal);
        return text == 0 ? [] : new ReadOnlySpan<byte>((void*)text, Bytes(statement, ordinal));
    }
}
