using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace CardBridge.Cli.Output;

/// <summary>
/// The rows of a two-column field/value table, collected so that a value the service did not send (an unset optional,
/// an empty string, an unspecified enum, a missing timestamp) gives no row: a table never fills a gap.
/// </summary>
internal sealed class FieldTable
{
    private readonly List<(string Field, string Value)> _rows = [];

    public IReadOnlyList<(string Field, string Value)> Rows => _rows;

    public void Add(string field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _rows.Add((field, value));
        }
    }

    public Table ToTable()
    {
        var table = new Table().AddColumn("field").AddColumn("value");
        foreach (var (field, value) in _rows)
        {
            table.AddRow(new Text(field), new Text(value));
        }
        return table;
    }

    // Zero is "unspecified" in every CardBridge enum: not a value the service asserted.
    public static string? Named<T>(T value) where T : struct, System.Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0 ? null : value.ToString();

    public static string? Date(Timestamp? timestamp) =>
        timestamp?.ToDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Instant(Timestamp? timestamp) =>
        timestamp?.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
