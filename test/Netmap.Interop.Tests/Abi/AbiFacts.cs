using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Netmap.Interop.Tests.Abi;

/// <summary>The facts of Data/abi.txt: one "NAME VALUE" per line, printed by a compiler from netmap's headers.</summary>
public sealed class AbiFacts
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private AbiFacts(string path)
    {
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                throw new FormatException($"abi.txt line without a value: '{line}'");
            }

            _values.Add(line[..space], line[(space + 1)..].Trim());
        }
    }

    public static AbiFacts Instance { get; } = new(Path.Combine(AppContext.BaseDirectory, "Data", "abi.txt"));

    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.ContainsKey(name);

    public long Number(string name)
    {
        if (!_values.TryGetValue(name, out string? text))
        {
            throw new KeyNotFoundException($"abi.txt has no line for '{name}'");
        }

        return text.StartsWith("0x", StringComparison.Ordinal)
            ? long.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    public string Text(string name) => _values[name].Trim('"');
}
