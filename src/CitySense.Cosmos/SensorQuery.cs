using System.Text;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Builds a parameterised query over sensors: a base SELECT and AND-ed conditions.</summary>
internal sealed class SensorQuery(string select)
{
    private readonly List<(string Name, object Value)> parameters = [];

    public StringBuilder Sql { get; } = new StringBuilder(select).Append(" WHERE true");

    public SensorQuery With(string name, object value)
    {
        parameters.Add((name, value));
        return this;
    }

    /// <summary>Adds <paramref name="condition"/> with its parameter, unless the value is null.</summary>
    public void Where(string condition, string name, object? value)
    {
        if (value is not null)
        {
            Sql.Append(" AND ").Append(condition);
            parameters.Add((name, value));
        }
    }

    public QueryDefinition ToDefinition()
    {
        var definition = new QueryDefinition(Sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return definition;
    }
}
