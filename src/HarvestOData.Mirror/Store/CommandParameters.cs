using System.Data.Common;

namespace HarvestOData.Mirror.Store;

/// <summary>Parameters through ADO.NET's common API, so the mirror's statements run on every provider.</summary>
public static class CommandParameters
{
    /// <summary>Adds <paramref name="name"/> (spelled <c>@name</c> in the SQL) with <paramref name="value"/> (null is SQL NULL).</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
