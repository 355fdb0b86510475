using System;
using System.Collections.Generic;
using System.Text;

namespace Netmap.Filters.Rules;

/// <summary>
/// Expands a raw word as sh would: quotes removed, <c>$name</c>/<c>${name}</c> substituted, unquoted
/// substitutions split on blanks. Unset variables are an error (as under <c>set -u</c>) rather than silently
/// empty, and command substitution is refused: a rule file must not run programs.
/// </summary>
internal static class ShellExpander
{
    public static void Expand(ShellLexer.Item item, IReadOnlyDictionary<string, string> variables, List<ShellWord> output)
    {
        string raw = item.Raw;
        var field = new StringBuilder();
        bool fieldStarted = false;
        int i = 0;

        void EndField()
        {
            if (fieldStarted)
            {
                output.Add(new ShellWord(field.ToString(), item.Line, item.Column));
                field.Clear();
                fieldStarted = false;
            }
        }

        while (i < raw.Length)
        {
            char c = raw[i];
            if (c == '\'')
            {
                int end = raw.IndexOf('\'', i + 1);
                field.Append(raw, i + 1, end - i - 1);
                fieldStarted = true;
                i = end + 1;
            }
            else if (c == '"')
            {
                fieldStarted = true;
                i++;
                while (raw[i] != '"')
                {
                    if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '$' or '"' or '\\' or '`')
                    {
                        field.Append(raw[i + 1]);
                        i += 2;
                    }
                    else if (raw[i] == '$')
                    {
                        field.Append(Variable(raw, ref i, item, variables));
                    }
                    else
                    {
                        Refuse(raw[i], item);
                        field.Append(raw[i++]);
                    }
                }

                i++;
            }
            else if (c == '\\')
            {
                // A trailing backslash has nothing to escape and stays literal.
                field.Append(i + 1 < raw.Length ? raw[i + 1] : c);
                fieldStarted = true;
                i += 2;
            }
            else if (c == '$')
            {
                string value = Variable(raw, ref i, item, variables);
                foreach (char v in value)
                {
                    if (v is ' ' or '\t' or '\n')
                    {
                        EndField();
                    }
                    else
                    {
                        field.Append(v);
                        fieldStarted = true;
                    }
                }
            }
            else
            {
                Refuse(c, item);
                field.Append(c);
                fieldStarted = true;
                i++;
            }
        }

        EndField();
    }

    private static void Refuse(char c, ShellLexer.Item item)
    {
        if (c == '`')
        {
            throw new RuleSyntaxException("command substitution is not supported", item.Line, item.Column, item.Raw);
        }
    }

    private static string Variable(string raw, ref int i, ShellLexer.Item item, IReadOnlyDictionary<string, string> variables)
    {
        int start = i + 1;
        string name;
        if (start < raw.Length && raw[start] == '{')
        {
            int close = raw.IndexOf('}', start);
            if (close < 0)
            {
                throw new RuleSyntaxException("missing '}' in ${...}", item.Line, item.Column, item.Raw);
            }

            name = raw[(start + 1)..close];
            i = close + 1;
            if (!IsName(name))
            {
                throw new RuleSyntaxException("only ${name} expansions are supported", item.Line, item.Column, item.Raw);
            }
        }
        else
        {
            int end = start;
            while (end < raw.Length && (char.IsAsciiLetterOrDigit(raw[end]) || raw[end] == '_'))
            {
                end++;
            }

            name = raw[start..end];
            if (name.Length == 0)
            {
                if (start < raw.Length && raw[start] == '(')
                {
                    throw new RuleSyntaxException("command substitution is not supported", item.Line, item.Column, item.Raw);
                }

                // A lone '$' is literal in sh.
                i = start;
                return "$";
            }

            i = end;
            if (!IsName(name))
            {
                throw new RuleSyntaxException("positional parameters are not supported", item.Line, item.Column, item.Raw);
            }
        }

        return variables.TryGetValue(name, out string? value)
            ? value
            : throw new RuleSyntaxException($"variable '{name}' is not set", item.Line, item.Column, item.Raw);
    }

    internal static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.AsSpan().IndexOfAnyExcept(NameChars) < 0;

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
}
