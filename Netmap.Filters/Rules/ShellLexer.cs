using System.Collections.Generic;
using System.Text;

namespace Netmap.Filters.Rules;

/// <summary>
/// Splits shell text into raw words and separators the way sh does for the appendix's script shape: blanks
/// separate words, newline and <c>;</c> end commands, backslash-newline joins lines, <c>#</c> at the start of a
/// word comments to end of line, quotes keep blanks inside a word. Words stay raw (quotes kept) because
/// expansion must wait until variables are assigned.
/// </summary>
internal static class ShellLexer
{
    /// <summary>A raw word, or a command separator when <see cref="IsSeparator"/>.</summary>
    internal readonly record struct Item(string Raw, int Line, int Column, bool IsSeparator);

    public static List<Item> Lex(string text)
    {
        var items = new List<Item>();
        int i = 0;
        int line = 1;
        int lineStart = 0;
        var word = new StringBuilder();
        int wordLine = 0;
        int wordColumn = 0;

        void Flush()
        {
            if (word.Length > 0)
            {
                items.Add(new Item(word.ToString(), wordLine, wordColumn, false));
                word.Clear();
            }
        }

        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')))
            {
                i += text[i + 1] == '\r' ? 3 : 2;
                line++;
                lineStart = i;
                continue;
            }

            if (c == '\n')
            {
                Flush();
                items.Add(new Item("\n", line, i - lineStart + 1, true));
                i++;
                line++;
                lineStart = i;
                continue;
            }

            if (c is ' ' or '\t' or '\r')
            {
                Flush();
                i++;
                continue;
            }

            if (c == ';')
            {
                Flush();
                items.Add(new Item(";", line, i - lineStart + 1, true));
                i++;
                continue;
            }

            if (c == '#' && word.Length == 0)
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (word.Length == 0)
            {
                wordLine = line;
                wordColumn = i - lineStart + 1;
            }

            if (c is '\'' or '"')
            {
                int startLine = line;
                int startColumn = i - lineStart + 1;
                word.Append(c);
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new RuleSyntaxException("unterminated quote", startLine, startColumn, c.ToString());
                    }

                    char q = text[i];
                    if (q == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }

                    if (c == '"' && q == '\\' && i + 1 < text.Length)
                    {
                        word.Append(q).Append(text[i + 1]);
                        i += 2;
                        continue;
                    }

                    word.Append(q);
                    i++;
                    if (q == c)
                    {
                        break;
                    }
                }

                continue;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(c).Append(text[i + 1]);
                i += 2;
                continue;
            }

            word.Append(c);
            i++;
        }

        Flush();
        return items;
    }
}
