using System;

namespace Netmap.Filters.Rules;

/// <summary>A rule text that cannot be understood, with where it went wrong.</summary>
/// <remarks>Rules are never half-applied: anything not understood is an error rather than silently ignored.</remarks>
public sealed class RuleSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong, without the position (it is added).</param>
    /// <param name="line">1-based line in the source text.</param>
    /// <param name="column">1-based column of the offending token.</param>
    /// <param name="token">The offending token, or empty at end of input.</param>
    public RuleSyntaxException(string problem, int line, int column, string token)
        : base(Describe(problem, line, column, token))
    {
        Problem = problem;
        Line = line;
        Column = column;
        Token = token;
    }

    /// <summary>Creates the exception without a position.</summary>
    public RuleSyntaxException()
        : this("invalid rule", 0, 0, string.Empty)
    {
    }

    /// <summary>Creates the exception without a position.</summary>
    /// <param name="message">The message.</param>
    public RuleSyntaxException(string message)
        : this(message, 0, 0, string.Empty)
    {
    }

    /// <summary>Creates the exception without a position.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RuleSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
        Token = string.Empty;
    }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>1-based line (0 when unknown).</summary>
    public int Line { get; }

    /// <summary>1-based column (0 when unknown).</summary>
    public int Column { get; }

    /// <summary>The offending token (empty at end of input).</summary>
    public string Token { get; }

    private static string Describe(string problem, int line, int column, string token)
    {
        string where = line > 0 ? $"line {line}, column {column}: " : string.Empty;
        string what = token.Length > 0 ? $" (at '{token}')" : line > 0 ? " (at end of line)" : string.Empty;
        return where + problem + what;
    }
}
