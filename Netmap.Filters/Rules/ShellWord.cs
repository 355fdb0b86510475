namespace Netmap.Filters.Rules;

/// <summary>A word of a tc command after shell expansion, with where it came from in the source text.</summary>
/// <param name="Text">The word.</param>
/// <param name="Line">1-based source line of the word (or of the <c>$variable</c> it was expanded from).</param>
/// <param name="Column">1-based source column.</param>
internal readonly record struct ShellWord(string Text, int Line, int Column);
