using System.Collections.Generic;

namespace Netmap.Filters.Rules;

/// <summary>Walks the words of one tc command and turns problems into positioned errors.</summary>
internal sealed class TcCursor
{
    private readonly IReadOnlyList<ShellWord> _words;

    public TcCursor(IReadOnlyList<ShellWord> words) => _words = words;

    public int Index { get; private set; }

    public bool AtEnd => Index >= _words.Count;

    public ShellWord Current => _words[Index];

    public ShellWord Last => _words[^1];

    public string? Peek => AtEnd ? null : _words[Index].Text;

    public int Line => _words.Count > 0 ? _words[0].Line : 0;

    public ShellWord Next(string what)
    {
        if (AtEnd)
        {
            ShellWord last = _words[^1];
            throw new RuleSyntaxException($"missing {what}", last.Line, last.Column + last.Text.Length, string.Empty);
        }

        return _words[Index++];
    }

    public RuleSyntaxException Error(string problem, ShellWord at) => new(problem, at.Line, at.Column, at.Text);

    /// <summary>iproute2's matches(): the word is a non-empty prefix of the keyword.</summary>
    public static bool Matches(string word, string keyword) => word.Length > 0 && keyword.StartsWith(word, System.StringComparison.Ordinal);
}
