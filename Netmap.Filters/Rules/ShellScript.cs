using System;
using System.Collections.Generic;

namespace Netmap.Filters.Rules;

/// <summary>
/// Runs the appendix's script shape without a shell: variable assignments (<c>name=value</c>, quoted or not),
/// <c>for name in words; do … done</c> (nestable), and commands, each expanded as sh would. Only <c>tc</c>
/// commands are collected; any other command is an error, so nothing in a rule file is silently skipped. The one
/// leniency, a loop left open at end of input, is reported as a warning.
/// </summary>
internal static class ShellScript
{
    public static List<IReadOnlyList<ShellWord>> Expand(string text, List<string> warnings)
    {
        List<ShellLexer.Item> items = ShellLexer.Lex(text);
        var commands = new List<IReadOnlyList<ShellWord>>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        int end = Run(items, 0, items.Count, variables, commands, insideLoop: false, warnings);
        if (end < items.Count)
        {
            ShellLexer.Item stray = items[end];
            throw new RuleSyntaxException("'done' without 'for'", stray.Line, stray.Column, stray.Raw);
        }

        return commands;
    }

    // Runs statements from 'start' until 'limit' or an unmatched 'done'; returns the index of that 'done' (or limit).
    private static int Run(
        List<ShellLexer.Item> items, int start, int limit, Dictionary<string, string> variables,
        List<IReadOnlyList<ShellWord>> commands, bool insideLoop, List<string> warnings)
    {
        int i = start;
        while (i < limit)
        {
            if (items[i].IsSeparator)
            {
                i++;
                continue;
            }

            ShellLexer.Item first = items[i];
            if (first.Raw == "done")
            {
                if (!insideLoop)
                {
                    throw new RuleSyntaxException("'done' without 'for'", first.Line, first.Column, first.Raw);
                }

                return i;
            }

            if (first.Raw == "for")
            {
                i = RunFor(items, i, limit, variables, commands, warnings);
                continue;
            }

            int statementEnd = i;
            while (statementEnd < limit && !items[statementEnd].IsSeparator)
            {
                statementEnd++;
            }

            int equals = first.Raw.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && ShellExpander.IsName(first.Raw[..equals]))
            {
                if (statementEnd - i > 1)
                {
                    ShellLexer.Item extra = items[i + 1];
                    throw new RuleSyntaxException(
                        "only plain assignments are supported (no command after name=value)", extra.Line, extra.Column, extra.Raw);
                }

                var valueWords = new List<ShellWord>();
                var valueItem = new ShellLexer.Item(first.Raw[(equals + 1)..], first.Line, first.Column + equals + 1, false);
                // Assignment values are not field-split in sh: join what the expander split.
                ShellExpander.Expand(valueItem, variables, valueWords);
                variables[first.Raw[..equals]] = string.Join(' ', valueWords.ConvertAll(w => w.Text));
                i = statementEnd;
                continue;
            }

            var words = new List<ShellWord>();
            for (int k = i; k < statementEnd; k++)
            {
                ShellExpander.Expand(items[k], variables, words);
            }

            if (words.Count > 0)
            {
                if (words[0].Text != "tc")
                {
                    throw new RuleSyntaxException("only 'tc' commands, assignments and for loops are supported", words[0].Line, words[0].Column, words[0].Text);
                }

                commands.Add(words);
            }

            i = statementEnd;
        }

        return i;
    }

    private static int RunFor(
        List<ShellLexer.Item> items, int i, int limit, Dictionary<string, string> variables,
        List<IReadOnlyList<ShellWord>> commands, List<string> warnings)
    {
        ShellLexer.Item forItem = items[i];
        if (i + 2 >= limit || items[i + 1].IsSeparator || !ShellExpander.IsName(items[i + 1].Raw) || items[i + 2].Raw != "in")
        {
            ShellLexer.Item at = i + 1 < limit ? items[i + 1] : forItem;
            throw new RuleSyntaxException("expected 'for NAME in WORDS; do'", at.Line, at.Column, at.Raw);
        }

        string name = items[i + 1].Raw;
        int k = i + 3;
        var values = new List<ShellWord>();
        while (k < limit && !items[k].IsSeparator)
        {
            ShellExpander.Expand(items[k], variables, values);
            k++;
        }

        while (k < limit && items[k].IsSeparator)
        {
            k++;
        }

        if (k >= limit || items[k].Raw != "do")
        {
            ShellLexer.Item at = k < limit ? items[k] : forItem;
            throw new RuleSyntaxException("expected 'do' after the for list", at.Line, at.Column, k < limit ? at.Raw : string.Empty);
        }

        int bodyStart = k + 1;
        // Find the matching 'done' once, with a throwaway run, so an empty list still checks the body's shape.
        int bodyEnd = FindDone(items, bodyStart, limit, forItem, warnings);
        foreach (ShellWord value in values)
        {
            variables[name] = value.Text;
            Run(items, bodyStart, bodyEnd, variables, commands, insideLoop: true, warnings);
        }

        return Math.Min(bodyEnd + 1, limit);
    }

    private static int FindDone(List<ShellLexer.Item> items, int start, int limit, ShellLexer.Item forItem, List<string> warnings)
    {
        int depth = 0;
        bool atCommandStart = true;
        for (int k = start; k < limit; k++)
        {
            ShellLexer.Item item = items[k];
            if (item.IsSeparator)
            {
                atCommandStart = true;
                continue;
            }

            if (atCommandStart && item.Raw == "for")
            {
                depth++;
            }
            else if (atCommandStart && item.Raw == "done")
            {
                if (depth == 0)
                {
                    return k;
                }

                depth--;
            }

            atCommandStart = item.Raw == "do";
        }

        if (limit == items.Count && depth == 0)
        {
            // The seed's appendix ends inside its loop (the article drops the 'done'); sh would reject it, but
            // the intent is plain, so the loop is closed at end of input and the caller is told.
            warnings.Add($"line {forItem.Line}, column {forItem.Column}: 'for' without 'done'; the loop was closed at end of input (sh would reject this script)");
            return limit;
        }

        throw new RuleSyntaxException("'for' without 'done'", forItem.Line, forItem.Column, forItem.Raw);
    }
}
